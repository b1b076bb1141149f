/**
 * The integration model: one API Gateway method (method request, integration request,
 * responses, execution role) per inferred call. Every emitter renders this one model; none of
 * them decides anything about AWS semantics.
 */
import type { InferredOperation, Protocol, SoleMember } from '../infer/types.js';

/**
 * Text that may refer to deploy-time parameters. Literal parts are final text (already escaped
 * for where they stand, e.g. inside VTL); `{ param }` parts are replaced by a TemplateParameter's
 * value. Each emitter renders parameters its own way: OpenAPI substitutes the default,
 * CloudFormation uses Fn::Sub (`${Name}`, literal `${` escaped as `${!`), Terraform uses
 * `${var.name}` (literal `${` / `%{` escaped as `$${` / `%%{`).
 */
export type TemplatePart = string | { param: string };
export type Templated = TemplatePart[];

/** A value fixed at deploy time: the execution role, and every member mapped as a constant. */
export interface TemplateParameter {
  /** PascalCase, unique in the model (CloudFormation parameter / Terraform variable base name). */
  name: string;
  description: string;
  /** The value seen in the log (credentials never reach here), or a clearly named placeholder. */
  default: string;
  /**
   * The default only stands in for a value the user must give (the execution role without
   * --role-arn): formats that can create the resource default to '' and create it.
   */
  placeholder?: boolean;
}

/** Where a method-request parameter is read from the client. */
export type RequestLocation = 'querystring' | 'header' | 'path';

export interface MethodRequestParameter {
  location: RequestLocation;
  name: string;
  required: boolean;
  /** The operation member it feeds; for a header about the body (`bodyHeader`), the header's name. */
  member: string;
  /**
   * A header that describes the body the client sends rather than carrying a member, passed on
   * as it is: the media type of a payload passed through (`Content-Type`), or the digest of a
   * body passed through to a service that refuses one without it (`Content-MD5`).
   */
  bodyHeader?: 'media-type' | 'digest';
  /**
   * A list the client sends as a repeated query parameter (`?tagKeys=a&tagKeys=b`), as botocore
   * does: the integration maps all its values (`multivaluequerystring`), not just the last.
   */
  multiValue?: true;
}

/** How a member's value reaches the integration request. */
export type ValueSource =
  | { kind: 'constant'; value: unknown }
  | { kind: 'body' }
  | { kind: 'body-field'; field: string }
  | { kind: RequestLocation; name: string };

/** One member of the operation and where its value comes from (the reason is for the docs). */
export interface MemberMapping {
  member: string;
  /**
   * The key of one entry of a header map (S3's Metadata: a header `x-amz-meta-` + key per entry),
   * which maps as a header of its own; such a member has a mapping per key the log shows.
   */
  entry?: string;
  /**
   * An idempotency token the client may leave out: the template then sends API Gateway's request
   * id, a fresh UUID per request, as the SDK sends a fresh one per call.
   */
  orRequestId?: true;
  /** Where the member goes on the integration request (the inferred location). */
  location: InferredOperation['parameters'][number]['location'];
  wireName: string;
  type: string;
  required: boolean;
  source: ValueSource;
  /**
   * The payload is a structure of one member holding its data, bytes or text, and the client's
   * body is that member (Firehose's Record is `{"Data": the body's bytes}`), which the template wraps.
   */
  inner?: SoleMember;
  reason: string;
}

export interface IntegrationResponse {
  statusCode: string;
  /** Regex over the backend's HTTP status; absent for the default response. Always a string. */
  selectionPattern?: string;
  /** Content type -> VTL. */
  responseTemplates: Record<string, string>;
  responseParameters: Record<string, string>;
}

export interface MethodResponse {
  statusCode: string;
  /** `method.response.header.X` -> required. */
  responseParameters: Record<string, boolean>;
}

export type PassthroughBehavior = 'NEVER' | 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES';

export interface Integration {
  type: 'AWS';
  /** The protocol the integration speaks: the call's own, or the one used instead of CBOR. */
  protocol: Protocol;
  /** The verb API Gateway uses to call the service. */
  httpMethod: string;
  /** `arn:aws:apigateway:{region}:{service}:action/{Action}` or `...:path/{path}`. */
  uri: Templated;
  /** The execution role: always a parameter reference. */
  credentials: Templated;
  /** `integration.request.{header|querystring|path}.X` -> `'static'` or `method.request.*.X`. */
  requestParameters: Record<string, Templated>;
  /** Client content type -> VTL template. */
  requestTemplates: Record<string, Templated>;
  passthroughBehavior: PassthroughBehavior;
  /**
   * CONVERT_TO_TEXT: a body of a binary media type reaches the templates base64-encoded (text
   * bodies as they are), for a method whose client may send a blob member's bytes as they are.
   */
  contentHandling?: 'CONVERT_TO_TEXT';
  timeoutInMillis: number;
  responses: IntegrationResponse[];
}

export type RequestValidator = 'params' | 'body' | 'params-and-body';

/** What each request validator checks, as API Gateway defines them. */
export const VALIDATOR_CHECKS: Record<RequestValidator, { parameters: boolean; body: boolean }> = {
  params: { parameters: true, body: false },
  body: { parameters: false, body: true },
  'params-and-body': { parameters: true, body: true },
};

export interface MethodRequest {
  parameters: MethodRequestParameter[];
  /** Which request validator the method uses, if any. */
  validator: RequestValidator | null;
  /** Content types the method accepts from its client (the template keys). */
  contentTypes: string[];
}

/**
 * A request a client sends to the method: what API Gateway hands the integration's mapping. The
 * integrate stage builds one from the log's values (example.ts), the verify stage renders with it.
 */
export interface ClientRequest {
  /** The raw body text; `''` when there is none (API Gateway then gives the template `{}`). */
  body: string;
  /** The body's bytes, when they are not UTF-8 text (sent as a binary media type); `body` is then unused. */
  bodyBytes?: Uint8Array;
  /** Path parameters, by name as declared in the resource path. */
  path: Record<string, string>;
  /** Query string parameters (one value each; API Gateway keeps the last of repeated ones). */
  querystring: Record<string, string>;
  /** Every value of a repeated query parameter (`method.request.multivaluequerystring.NAME`); one that is not here has its `querystring` value alone. */
  multiValueQuerystring?: Record<string, string[]>;
  /** Headers. Looked up case-insensitively, as a `TreeMap` with `CASE_INSENSITIVE_ORDER` would. */
  header: Record<string, string>;
}

/** One decision and why it was taken, for the human-readable document. */
export interface Decision {
  subject: string;
  choice: string;
  reason: string;
}

export interface IamStatement {
  actions: string[];
  resources: Templated[];
}

export interface MethodModel {
  /** PascalCase, unique in the model (logical IDs, Terraform resource names). */
  id: string;
  operation: InferredOperation;
  /** The API Gateway resource path, e.g. `/sns/publish`, `/objects/{key+}`. */
  resourcePath: string;
  /** The method request's verb. */
  httpMethod: string;
  request: MethodRequest;
  members: MemberMapping[];
  integration: Integration;
  responses: MethodResponse[];
  policy: IamStatement[];
  decisions: Decision[];
  /** Problems a user should read before deploying (e.g. a payload in the URL). */
  warnings: string[];
}

export interface IntegrationModel {
  title: string;
  /** The stage name the emitters deploy to. */
  stage: string;
  parameters: TemplateParameter[];
  methods: MethodModel[];
  /** Set when a method passes binary payloads through (S3 objects, audio). */
  binaryMediaTypes: string[];
}
