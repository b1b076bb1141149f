/**
 * Data produced by the parse stage: Python values read from botocore's reprs, and the log records
 * that matter for inference. Everything here is plain data (no CST, no classes).
 */
import type { Position } from '../diagnostics.js';

/**
 * How much of a record the head grammar needs to see: the payload itself is never lexed there.
 * Here, not beside the grammar, so the record splitter can use it without loading chevrotain.
 */
export const HEAD_WINDOW = 400;

/** `b'...'`: the bytes, exactly as Python held them. */
export interface PyBytes {
  type: 'bytes';
  value: Uint8Array;
}

/** An opaque repr such as `<botocore.config.Config object at 0x1118437d0>`; `text` is the whole repr. */
export interface PyObject {
  type: 'object';
  text: string;
}

/** A dict, in the order Python printed it (keys are almost always str, but need not be). */
export interface PyDict {
  type: 'dict';
  entries: Array<[PyValue, PyValue]>;
}

/** A value of Python's repr. str is `string`; list and tuple are arrays; `True/False/None` are JS literals. */
export type PyValue = string | number | boolean | null | PyBytes | PyObject | PyDict | PyValue[];

/** A SigV4 canonical request (botocore.auth logs it before signing). */
export interface CanonicalRequest {
  method: string;
  path: string;
  /** Decoded query pairs, in order. */
  query: Array<[string, string]>;
  /** Lower-case header names with their canonical values, in order. */
  headers: Array<[string, string]>;
  signedHeaders: string[];
  payloadHash: string;
}

/** The credential scope of a SigV4 string to sign: `date/region/service/aws4_request`. */
export interface CredentialScope {
  date: string;
  region: string;
  service: string;
}

/** An HTTP request as text shows it (raw HTTP/1.1, or botocore's AWSPreparedRequest repr). */
export interface HttpRequest {
  method: string;
  url: string;
  /** Header names as sent, in order. */
  headers: Array<[string, string]>;
  /** The body as text, or null when none was shown. */
  body: string | null;
}

interface RecordBase {
  source: string;
  /** Where the record starts in its source. */
  pos: Position;
  /** The logging thread (`aws s3 cp` interleaves calls from several), or the Lambda invocation's request id. */
  thread?: string;
}

/** `Making request for OperationModel(name=X) with params: {...}`: one API call starts. */
export interface MakeRequestRecord extends RecordBase {
  kind: 'make-request';
  operation: string;
  /** Absent when the dict could not be read: the call still groups its other records. */
  params?: PyDict;
}

/** A params dict on its own (pasted from a log or an article). */
export interface ParamsDictRecord extends RecordBase {
  kind: 'params-dict';
  params: PyDict;
}

export interface CanonicalRequestRecord extends RecordBase {
  kind: 'canonical-request';
  request: CanonicalRequest;
}

export interface StringToSignRecord extends RecordBase {
  kind: 'string-to-sign';
  amzDate: string;
  scope: CredentialScope;
}

/** `Sending http request: <AWSPreparedRequest ...>`: one attempt goes on the wire. */
export interface SendingRequestRecord extends RecordBase {
  kind: 'sending-request';
  request: HttpRequest;
}

/** A raw HTTP/1.1 request, or an API-reference example URL (method GET, no headers). */
export interface HttpRequestRecord extends RecordBase {
  kind: 'http-request';
  request: HttpRequest;
  /** Whether it came from a bare URL rather than a full request. */
  fromUrl: boolean;
}

export interface ResponseRecord extends RecordBase {
  kind: 'response';
  status?: number;
  headers?: Array<[string, string]>;
  body?: string;
}

export interface CliArgumentsRecord extends RecordBase {
  kind: 'cli-arguments';
  args: string[];
}

/** `Loading JSON file: .../data/sns/2010-03-31/service-2.json[.gz]`. */
export interface ModelFileRecord extends RecordBase {
  kind: 'model-file';
  path: string;
}

/** The retry handler decided the attempt just made was the call's last. */
export interface LastAttemptRecord extends RecordBase {
  kind: 'last-attempt';
}

export type LogRecord =
  | MakeRequestRecord
  | ParamsDictRecord
  | CanonicalRequestRecord
  | StringToSignRecord
  | SendingRequestRecord
  | HttpRequestRecord
  | ResponseRecord
  | CliArgumentsRecord
  | ModelFileRecord
  | LastAttemptRecord;
