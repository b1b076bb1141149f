/**
 * The botocore service model (`data/<service>/<api-version>/service-2.json[.gz]`) as typed plain
 * data, and the request shape `membersSent` reads. Field names are botocore's own, so a model file
 * parses straight into these types; only the fields this project reads are listed.
 */

/** The wire protocols botocore serializes (`SERIALIZERS` in botocore/serialize.py). */
export type Protocol = 'query' | 'ec2' | 'json' | 'rest-json' | 'rest-xml' | 'smithy-rpc-v2-cbor';

/** Where a rest protocol puts a member (`KNOWN_LOCATIONS` in serialize.py, plus output-only `statusCode`). */
export type MemberLocation = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

/** `xmlNamespace` is either a bare URI or `{ prefix?, uri }`. */
export type XmlNamespace = string | { prefix?: string; uri: string };

/**
 * The traits botocore moves into `Shape.serialization` (`SERIALIZED_ATTRS` in botocore/model.py).
 * They may sit on the shape or on the reference to it; the reference wins.
 */
export interface SerializationTraits {
  locationName?: string;
  queryName?: string;
  flattened?: boolean;
  location?: MemberLocation;
  payload?: string;
  streaming?: boolean;
  timestampFormat?: 'iso8601' | 'rfc822' | 'unixTimestamp';
  xmlNamespace?: XmlNamespace;
  resultWrapper?: string;
  xmlAttribute?: boolean;
  eventstream?: boolean;
  event?: boolean;
  eventheader?: boolean;
  eventpayload?: boolean;
  jsonvalue?: boolean;
  hostLabel?: boolean;
}

/** A reference to a shape: a structure member, a list `member`, a map `key`/`value`, an operation `input`. */
export interface ShapeRef extends SerializationTraits {
  shape: string;
  idempotencyToken?: boolean;
  box?: boolean;
  contextParam?: { name: string };
  deprecated?: boolean;
  documentation?: string;
}

export interface ModelShape extends SerializationTraits {
  type: ShapeType;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  requiresLength?: boolean;
  /** A structure holding any JSON document (`is_document_type` in botocore/model.py). */
  document?: boolean;
  union?: boolean;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  sensitive?: boolean;
  box?: boolean;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  documentation?: string;
}

export interface ModelOperation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number; authPath?: string };
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  /** `hostPrefix` is a template such as `{AccountId}.`, filled from members marked `hostLabel`. */
  endpoint?: { hostPrefix: string };
  authtype?: string;
  auth?: string[];
  idempotent?: boolean;
  readonly?: boolean;
  deprecated?: boolean;
  endpointdiscovery?: { required?: boolean };
  httpChecksumRequired?: boolean;
  httpChecksum?: { requestAlgorithmMember?: string; requestChecksumRequired?: boolean };
  unsignedPayload?: boolean;
  requestcompression?: { encodings: string[] };
  staticContextParams?: Record<string, { value: string | boolean }>;
  documentation?: string;
}

export interface ModelMetadata {
  apiVersion: string;
  endpointPrefix: string;
  /** The legacy single protocol; botocore prefers `protocols` when present (`resolved_protocol`). */
  protocol: Protocol;
  protocols?: Protocol[];
  serviceId: string;
  serviceFullName?: string;
  serviceAbbreviation?: string;
  signatureVersion?: string;
  /** The SigV4 signing name when it differs from `endpointPrefix`. */
  signingName?: string;
  targetPrefix?: string;
  jsonVersion?: string;
  globalEndpoint?: string;
  /** Present (as `{}`) when a json service also accepts its former query protocol's error codes. */
  awsQueryCompatible?: Record<string, never>;
  xmlNamespace?: string;
  uid?: string;
  auth?: string[];
  checksumFormat?: string;
  protocolSettings?: { h2?: string };
}

/** One loaded service model. `file` is the model file; `serviceDir` is its `<service>` directory name. */
export interface BotocoreModel {
  file: string;
  serviceDir: string;
  metadata: ModelMetadata;
  operations: Record<string, ModelOperation>;
  shapes: Record<string, ModelShape>;
}

/** What a log tells about the service a call went to; every field but `service` and `operation` is optional. */
export interface ModelHint {
  /** SigV4 signing name from the credential scope, e.g. `sns`, `states`, `monitoring`. */
  service: string;
  operation: string;
  /** The model file the log says botocore loaded; when absent here, its `<service>/<version>` tail is used. */
  modelFile?: string;
  /**
   * The host's labels before its region, e.g. `lambda` for `lambda.us-east-1.amazonaws.com`,
   * `data-ats.iot`, `my-bucket.s3`: they end with the service's endpoint prefix, label by label.
   */
  endpointPrefix?: string;
  /** `X-Amz-Target` before the dot, e.g. `DynamoDB_20120810`. */
  targetPrefix?: string;
  /** The query protocol's `Version` field. */
  apiVersion?: string;
  /** First CLI argument, e.g. `s3api`, `stepfunctions`. */
  cliService?: string;
  /** The protocol the call was sent with; breaks ties when several models have the operation (ses vs sesv2). */
  protocol?: Protocol;
  /** The log file, named in diagnostics; `<model>` when absent. */
  source?: string;
}

/** One captured request as the wire carried it. */
export interface WireRequest {
  protocol: Protocol;
  method: string;
  /** URL path as sent, percent-encoded. */
  path: string;
  /** The request host; lets S3 virtual-hosted buckets and `hostLabel` members be recovered. */
  host?: string;
  /** Decoded query pairs, in order. */
  query: Array<[string, string]>;
  /** Header names and values as sent. */
  headers: Array<[string, string]>;
  body:
    | { kind: 'form'; fields: Array<[string, string]> }
    | { kind: 'json'; value: unknown }
    | { kind: 'xml'; text: string }
    | { kind: 'cbor'; value: unknown }
    | { kind: 'binary'; length: number; text?: string }
    | { kind: 'none' };
}

/** Where a sent member travelled, in the vocabulary of the `--format json` contract. */
export type SentLocation = 'body' | 'querystring' | 'header' | 'path';

/** A top-level input member the captured call sent. */
export interface SentMember {
  /** The model's member name. */
  name: string;
  location: SentLocation;
  /** Its name on the wire: form prefix, JSON key, XML element, header name, query key or URI label. */
  wireName: string;
  /** Listed in the input shape's `required`. */
  required: boolean;
  type: ShapeType;
  /** The value rebuilt as plain JSON-ish data, typed by the model; blobs stay base64 text. */
  value: unknown;
  /** The member is the whole body, as the input's `payload` trait says (rest protocols). */
  payload?: true;
  /** The model marks it an idempotency token, which SDKs fill with a fresh UUID when the caller gives none. */
  idempotencyToken?: true;
  /** query and ec2: how the protocol writes a structure, list or map member as form fields. */
  form?: FormShape;
  /** A structure of one scalar member (Firehose's Record, SES's RawMessage: their Data): that member. */
  sole?: SoleMember;
}

export interface SoleMember {
  name: string;
  wireName: string;
  type: ScalarType;
}

export type ScalarType = Exclude<ShapeType, 'structure' | 'list' | 'map'>;

/**
 * How the query and ec2 protocols write a value as dotted form fields (QuerySerializer and
 * EC2Serializer in serialize.py), every name the model renames already resolved: what a mapping
 * template needs to write a structure, list or map from a client's JSON as botocore does.
 * - structure: each member under `prefix.field`.
 * - list: item N under `prefix.items.N` (`items` null: `prefix.N`, a flattened list and every EC2
 *   list), where a flattened list whose items the model names puts that name (`renamed`) in place
 *   of the prefix's last segment; an empty list is the one field `prefix=` when `sendsEmpty` (the
 *   query protocol).
 * - map: entry N as `prefix.entries.N.key` and `prefix.entries.N.value` (`entries` null: flattened).
 * - a scalar is one field of its text: a string as is, a number or boolean as written, a
 *   timestamp in ISO 8601, a blob in base64.
 */
export type FormShape =
  | { type: ScalarType }
  | { type: 'structure'; members: Array<{ name: string; field: string; shape: FormShape }> }
  | { type: 'list'; items: string | null; renamed: string | null; sendsEmpty: boolean; item: FormShape }
  | { type: 'map'; entries: string | null; key: string; value: string; item: FormShape };
