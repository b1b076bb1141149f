/** Data produced by the capture stage: one API call with all the evidence the log holds for it. */
import type { Position } from '../diagnostics.js';
import type { CanonicalRequest, CredentialScope, HttpRequest, PyValue } from '../parse/types.js';

/** botocore's serialized request dict (`Making request ... with params:`), typed. */
export interface RequestParams {
  urlPath?: string;
  /** botocore gives a str (rest protocols' pre-encoded query) or a dict; both become pairs. */
  query: Array<[string, string]>;
  method?: string;
  headers: Array<[string, string]>;
  /** As botocore held it: a dict of form fields (query, ec2), bytes or str (others), or an object (a file). */
  body: PyValue | undefined;
  url?: string;
  clientRegion?: string;
  /** botocore's `context.signing` when present (newer versions): what it signed for. */
  signingRegion?: string;
  signingName?: string;
}

export interface CapturedResponse {
  status?: number;
  headers?: Array<[string, string]>;
  body?: string;
}

/** Where a call was read from: a full log, or one bare item pasted on its own. */
export type CaptureOrigin = 'log' | 'params-dict' | 'http-request' | 'example-url';

export interface CapturedRequest {
  /** 0-based position of the call among all calls of all sources. */
  index: number;
  source: string;
  /** Where the call's first record starts. */
  pos: Position;
  origin: CaptureOrigin;
  operation?: string;
  params?: RequestParams;
  /** The canonical request of the first attempt (retries differ only in their date). */
  canonical?: CanonicalRequest;
  scope?: CredentialScope;
  /** The request as sent on the wire (last attempt), or as a raw request / URL showed it. */
  sent?: HttpRequest;
  /** How many times the call went on the wire (1 when no attempt is visible). */
  attempts: number;
  response?: CapturedResponse;
  /** `aws` CLI arguments in force when the call was made. */
  cliArguments?: string[];
  /** Service model files the log loaded before the call, newest last. */
  modelFiles: string[];
}
