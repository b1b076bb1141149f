/**
 * Data produced by the infer stage. The first fields of InferredOperation are the public
 * `--format json` contract (shared/ARCHITECTURE.md): their meaning never changes.
 */
import type { FormShape, Protocol, SoleMember } from './model-types.js';

export type { FormShape, Protocol, SoleMember } from './model-types.js';

export type BodyEncoding = 'form' | 'json' | 'xml' | 'cbor' | 'binary' | 'none';
export type ParameterLocation = 'body' | 'querystring' | 'header' | 'path';

export interface InferredParameter {
  /** The top-level input member (the model's name; without a model, the wire's top-level name). */
  name: string;
  location: ParameterLocation;
  required: boolean;
  /** The model's shape type, or the type the wire value shows without a model. */
  type: string;
  /** The name on the wire, when it differs from `name` (header and query names, URI labels). */
  wireName: string;
  /** The value the call sent, rebuilt as plain data (credentials redacted). */
  example?: unknown;
  /**
   * Rest protocols: the member is the whole body, as the model's `payload` trait says (S3
   * PutObject's Body, Lex PostContent's inputStream: bytes; Pinpoint SendMessages'
   * MessageRequest: a structure sent as the body's own JSON). Absent otherwise.
   */
  payload?: true;
  /**
   * The model marks it an idempotency token (Athena's and Secrets Manager's ClientRequestToken,
   * EC2's ClientToken), which the SDK filled with a fresh UUID: a request made without the SDK must
   * carry its own, one per call. Absent otherwise.
   */
  idempotencyToken?: true;
  /** Form protocols: the member's fields exactly as serialized (`MessageAttributes.entry.1.Name`...). */
  formFields?: Array<[string, string]>;
  /**
   * Form protocols, a structure, list or map member: how the service reads it from form fields
   * (from the model), so a template can write it from a client's JSON. Absent without a model, or
   * for a shape no template can write (one that holds itself).
   */
  formShape?: FormShape;
  /**
   * A structure of one scalar member (Firehose PutRecord's Record and SES SendRawEmail's
   * RawMessage are their Data, a blob): that member, which a client body can be on its own.
   */
  soleMember?: SoleMember;
}

export interface InferredOperation {
  service: string;
  region: string;
  operation: string;
  protocol: Protocol;
  httpMethod: string;
  path: string;
  contentType: string | null;
  bodyEncoding: BodyEncoding;
  target: string | null;
  apiVersion: string | null;
  parameters: InferredParameter[];
  /** Where `required` came from: the service model, or only what the protocol proves. */
  requiredFrom: 'model' | 'protocol';
  /** The host the call went to. */
  host: string | null;
  /** The model's request URI template (`/2015-03-31/functions/{FunctionName}/invocations`), when known. */
  requestUri: string | null;
  /** Protocols the service's model says it accepts, preferred first; `[protocol]` without a model. */
  protocols: Protocol[];
  /** The service model file used, or null. */
  model: string | null;
  /** The model's endpoint prefix (the service name in API Gateway URIs), or the host's first label. */
  endpointPrefix: string | null;
  /** The model's JSON protocol settings, for services that accept JSON (null without a model). */
  json: { targetPrefix: string; jsonVersion: string } | null;
  /** How many times the call went on the wire (retries). */
  attempts: number;
  /** The HTTP status of the last response, when the log shows one. */
  responseStatus: number | null;
  /** Where the call starts in its input: `source:line:column` (1-based). */
  location: string;
  /** The captured request it was inferred from: its 0-based `index`. */
  call: number;
  /**
   * Headers no member carries that botocore's handlers add for the service and the service
   * reads (Glacier's `x-amz-glacier-version`), as the call sent them. Optional for operations a
   * library caller builds by hand (inference always sets it).
   */
  serviceHeaders?: Array<{ name: string; value: string }>;
  /**
   * The output members a rest service answers in named headers (`ETag`, `X-Amz-Function-Error`),
   * by member and header name; empty for other protocols and without a model. Optional for
   * operations a library caller builds by hand (inference always sets it).
   */
  responseHeaders?: Array<{ name: string; header: string }>;
  /**
   * The service refuses the call without a digest of its body (Content-MD5, or an
   * `x-amz-checksum-*` header): the model's `httpChecksumRequired` or
   * `httpChecksum.requestChecksumRequired` (S3's DeleteObjects, PutBucketTagging...). False
   * without a model. Optional for operations a library caller builds by hand (inference always
   * sets it).
   */
  checksumRequired?: boolean;
  /**
   * The service answers a stream of bytes, the output's payload (S3 GetObject's Body, Polly
   * SynthesizeSpeech's AudioStream), not a document. False without a model. Optional for
   * operations a library caller builds by hand (inference always sets it).
   */
  streamsResponse?: boolean;
  /**
   * The host prefix the model puts before the service's endpoint for this operation, filled from
   * its hostLabel members (`api-fulfill.`, `123456789012.` for S3 Control's `{AccountId}.`), as
   * the call's host shows it. Absent when the operation has none, or the call went elsewhere.
   */
  hostPrefix?: string;
}
