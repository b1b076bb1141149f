/**
 * Protocol rules, in one place: how each botocore protocol shows on the wire, and what a call
 * proves about its parameters when no service model is at hand. Each rule cites the
 * serializer in botocore/serialize.py it reverses.
 */
import { decode as decodeCbor } from 'cbor-x';
import type { BodyEncoding, InferredParameter, Protocol } from './types.js';
import type { WireRequest } from './model-types.js';
import { utf8Text, validUtf8Text } from '../utf8.js';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const CBOR_CONTENT_TYPE = 'application/cbor';

/** Protocols botocore can speak, in its own order of preference (PRIORITY_ORDERED_SUPPORTED_PROTOCOLS). */
export const PROTOCOL_PREFERENCE: Protocol[] = ['json', 'rest-json', 'rest-xml', 'smithy-rpc-v2-cbor', 'query', 'ec2'];

/**
 * JSONSerializer's settings as a JSON call shows them on the wire: the X-Amz-Target's prefix
 * (`DynamoDB_20120810.PutItem`) and the version in the content type (`x-amz-json-1.0`).
 */
export function jsonSettingsShownBy(target: string | null | undefined, contentType: string | null | undefined): { targetPrefix: string; jsonVersion: string } | null {
  if (!target) return null;
  return { targetPrefix: target.split('.')[0]!, jsonVersion: /x-amz-json-(\d\.\d)/.exec(contentType ?? '')?.[1] ?? '1.0' };
}

/** The protocols that send a form body (`Action=...&Name=value`), read by action. */
export function isFormProtocol(protocol: Protocol | string): protocol is 'query' | 'ec2' {
  return protocol === 'query' || protocol === 'ec2';
}

/** The protocols that address an operation by HTTP method and path, members in the URI, headers and body. */
export function isRestProtocol(protocol: Protocol | string): boolean {
  return protocol === 'rest-json' || protocol === 'rest-xml';
}

/**
 * Whether a rest protocol sends a body member as the raw body, not inside a JSON or XML document:
 * a blob, or a string that is the input's payload (serialize.py `_has_streaming_payload`, as S3's
 * PutBucketPolicy sends its policy's JSON text).
 */
export function isRawBody(member: { type: string; payload?: true | undefined }): boolean {
  return member.type === 'blob' || (member.type === 'string' && member.payload === true);
}

/**
 * Whether a string member's value is JSON data, the model's `jsonvalue` (IoT's MQTT5 user
 * properties, Lex's session attributes): in a header, botocore sends its JSON in base64.
 */
export function isJsonValue(type: string, value: unknown): boolean {
  return type === 'string' && typeof value === 'object' && value !== null;
}

/** JSONSerializer: `application/x-amz-json-{jsonVersion}`, jsonVersion defaulting to 1.0. */
export function jsonContentType(jsonVersion: string | undefined): string {
  return `application/x-amz-json-${jsonVersion ?? '1.0'}`;
}

/** JSONSerializer: `X-Amz-Target: {targetPrefix}.{operation}`. */
export function jsonTarget(targetPrefix: string, operation: string): string {
  return `${targetPrefix}.${operation}`;
}

/** RpcV2CBORSerializer: POST `/service/{serviceName}/operation/{operationName}`. */
const CBOR_PATH = /^\/service\/([^/]+)\/operation\/([^/?]+)/;

/** What the headers and body of a call show, independent of any model. */
export interface WireEvidence {
  contentType: string | null;
  target: string | null;
  /** `smithy-protocol` header: rpc-v2-cbor calls send it. */
  smithyProtocol: string | null;
  path: string;
  host: string | null;
  body: Uint8Array | null;
  /** Form fields a query-protocol call put in its body (botocore's params dict keeps them as a dict). */
  formFields: Array<[string, string]> | null;
  responseContentType: string | null;
}

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** A header's value; header names are case-insensitive. */
export function headerValue(headers: Array<[string, string]>, name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === lower)?.[1] ?? null;
}

/** The content coding botocore's trailing checksum frames a streamed body in. */
const AWS_CHUNKED = 'aws-chunked';

/**
 * Headers as botocore's serializer wrote them. Over HTTPS its trailing checksum
 * (httpchecksum.py `_apply_request_trailer_checksum`) sends a streamed body in aws-chunked
 * frames, adding that coding to the Content-Encoding the caller's ContentEncoding wrote (or making
 * the header of it alone): framing of the SDK's own, which a gateway that sends the body whole
 * must not claim.
 */
export function serializedHeaders(headers: Array<[string, string]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'content-encoding') out.push([name, value]);
    else {
      const codings = value.split(',').filter((coding) => coding.trim().toLowerCase() !== AWS_CHUNKED);
      if (codings.length > 0) out.push([name, codings.join(',')]);
    }
  }
  return out;
}

/** The protocols the headers alone prove, most specific first. */
function protocolsShownBy(wire: WireEvidence): Protocol[] {
  const media = mediaType(wire.contentType);
  // QuerySerializer and EC2Serializer both send form bodies; only the service tells them apart.
  if (media === FORM_CONTENT_TYPE || wire.formFields) return ['query', 'ec2'];
  // JSONSerializer always sends application/x-amz-json-1.x; rest-json never does.
  if (media.startsWith('application/x-amz-json-')) return ['json'];
  if (media === CBOR_CONTENT_TYPE || wire.smithyProtocol === 'rpc-v2-cbor' || CBOR_PATH.test(wire.path)) return ['smithy-rpc-v2-cbor'];
  if (wire.target) return ['json'];
  return ['rest-json', 'rest-xml'];
}

/**
 * Chooses the protocol of a call: the one the wire shows, narrowed by the model's list when
 * there is a model, else by what the body and the response look like.
 */
export function chooseProtocol(wire: WireEvidence, modelProtocols: Protocol[] | undefined, service: string): Protocol {
  const shown = protocolsShownBy(wire);
  const fromModel = modelProtocols?.find((p) => shown.includes(p));
  if (fromModel) return fromModel;
  if (shown.length === 1) return shown[0]!;
  if (shown.includes('ec2')) return service === 'ec2' || wire.host?.startsWith('ec2.') ? 'ec2' : 'query';
  const body = firstByte(wire.body);
  if (body === '<') return 'rest-xml';
  // A JSON document goes with its media type (RestJSONSerializer sets application/json); JSON
  // text without one is a raw payload, which either protocol sends (S3's bucket policy).
  if ((body === '{' || body === '[') && mediaType(wire.contentType).endsWith('json')) return 'rest-json';
  const response = mediaType(wire.responseContentType);
  if (response.endsWith('xml')) return 'rest-xml';
  if (response.endsWith('json')) return 'rest-json';
  // The REST services that speak XML (S3, Route 53, CloudFront) are few; every other REST service speaks JSON.
  return REST_XML_SERVICES.has(service) ? 'rest-xml' : 'rest-json';
}

const REST_XML_SERVICES = new Set(['s3', 's3-outposts', 's3control', 'route53', 'cloudfront']);

function firstByte(body: Uint8Array | null): string | undefined {
  if (!body) return undefined;
  for (const byte of body) if (byte > 0x20) return String.fromCharCode(byte);
  return undefined;
}

/** The operation a call names on the wire, whatever the model says. */
export function operationShownBy(wire: WireEvidence, protocol: Protocol): string | undefined {
  if (isFormProtocol(protocol)) return wire.formFields?.find(([k]) => k === 'Action')?.[1];
  if (protocol === 'json') return wire.target?.split('.').pop();
  if (protocol === 'smithy-rpc-v2-cbor') return CBOR_PATH.exec(wire.path)?.[2];
  return undefined;
}

/**
 * The queue URL an SQS call names by its URL's path (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME/?Action=SendMessage`):
 * SQS's query API takes the queue there, as its API reference writes calls, where botocore sends
 * the QueueUrl member. Undefined for any other call.
 */
export function sqsQueueInPath(service: string, protocol: Protocol, url: URL): string | undefined {
  if (service !== 'sqs' || !isFormProtocol(protocol)) return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  return /^\/\d{12}\/[^/]+$/.test(path) ? `${url.origin}${path}` : undefined;
}

/** How the body is encoded, from the protocol and what was sent. */
export function bodyEncodingOf(protocol: Protocol, body: WireRequest['body']): BodyEncoding {
  switch (body.kind) {
    case 'form':
      return 'form';
    case 'json':
      return 'json';
    case 'xml':
      return 'xml';
    case 'cbor':
      return 'cbor';
    case 'binary':
      return 'binary';
    case 'none':
      return isFormProtocol(protocol) ? 'form' : 'none';
  }
}

/**
 * Decodes a body as its protocol serialized it. `payloadIsBlob` says the model puts a blob or
 * streaming member in the body (S3 PutObject, Lambda Invoke), which is sent as raw bytes.
 */
export function decodeBody(protocol: Protocol, wire: WireEvidence, payloadIsBlob: boolean): WireRequest['body'] {
  if (wire.formFields) return { kind: 'form', fields: wire.formFields };
  const bytes = wire.body;
  if (!bytes || bytes.length === 0) return { kind: 'none' };
  // A raw payload's text is its example; bytes that are not UTF-8 have none (decoded, they would not be these bytes).
  if (payloadIsBlob) return { kind: 'binary', length: bytes.length, text: validUtf8Text(bytes) };
  const text = utf8Text(bytes);
  switch (protocol) {
    case 'query':
    case 'ec2':
      return { kind: 'form', fields: [...new URLSearchParams(text)] };
    case 'smithy-rpc-v2-cbor':
      try {
        return { kind: 'cbor', value: decodeCbor(bytes) as unknown };
      } catch {
        return { kind: 'binary', length: bytes.length };
      }
    case 'rest-xml':
      return text.trimStart().startsWith('<') ? { kind: 'xml', text } : { kind: 'binary', length: bytes.length, text };
    case 'json':
    case 'rest-json':
      try {
        return { kind: 'json', value: JSON.parse(text) as unknown };
      } catch {
        return { kind: 'binary', length: bytes.length, text };
      }
  }
}

/** Headers every signed AWS request carries (SigV2 signs a Date); they are never operation parameters. */
const TRANSPORT_HEADERS = /^(?:host|date|content-type|content-length|content-md5|user-agent|accept|accept-encoding|authorization|expect|transfer-encoding|connection|x-amz-date|x-amz-content-sha256|x-amz-security-token|x-amz-target|x-amz-user-agent|x-amz-api-version|amz-sdk-[a-z-]+|x-amz-sdk-checksum-algorithm|x-amz-checksum-[a-z0-9]+|x-amz-trailer|x-amz-decoded-content-length|smithy-protocol)$/i;

/** Plain JSON-ish data from a decoded CBOR value: bytes, tagged dates, bigints and Maps become JSON's kinds. */
export function fromCbor(value: unknown): unknown {
  // CBORSerializer `_serialize_type_blob` writes raw bytes; the other protocols carry blobs as base64 text.
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  // CBORSerializer `_serialize_type_timestamp`: tag 1 with epoch seconds, as the json protocol's unixtimestamp.
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(fromCbor);
  const entries = value instanceof Map ? [...value.entries()] : typeof value === 'object' && value !== null ? Object.entries(value) : undefined;
  if (entries === undefined) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[String(k)] = fromCbor(v);
  return out;
}

function typeOf(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Uint8Array) return 'blob';
  // CBOR's own kinds: tag 1 dates and integers past 2^53.
  if (value instanceof Date) return 'timestamp';
  if (typeof value === 'bigint') return 'long';
  return value === null || value === undefined ? 'string' : 'structure';
}

/**
 * Parameters without a model: only what the wire shows. `required` is proven for URI labels
 * alone (rest protocols cannot send a call without them); everything else may have been optional.
 */
export function parametersShownBy(wire: WireRequest, formLocation: 'body' | 'querystring' = 'body'): InferredParameter[] {
  const params: InferredParameter[] = [];
  const add = (name: string, location: InferredParameter['location'], type: string, example: unknown): void => {
    if (!params.some((p) => p.name === name && p.location === location)) params.push({ name, location, required: false, type, wireName: name, example });
  };
  const restLike = isRestProtocol(wire.protocol);
  if (restLike) {
    // A key the query repeats is a list (`?tagKeys=a&tagKeys=b`), as botocore writes one.
    const values = new Map<string, string[]>();
    for (const [name, value] of wire.query) {
      const seen = values.get(name);
      if (seen === undefined) values.set(name, [value]);
      else seen.push(value);
    }
    for (const [name, all] of values) add(name, 'querystring', all.length > 1 ? 'list' : 'string', all.length > 1 ? all : all[0]);
    for (const [name, value] of wire.headers) if (!TRANSPORT_HEADERS.test(name)) add(name, 'header', 'string', value);
  }
  const body = wire.body;
  switch (body.kind) {
    case 'form':
      for (const [name, value] of foldForm(body.fields)) add(name, formLocation, formTypeOf(value), value);
      break;
    case 'json':
    case 'cbor':
      if (body.value && typeof body.value === 'object' && !Array.isArray(body.value)) {
        for (const [name, value] of Object.entries(body.value)) add(name, 'body', typeOf(value), body.kind === 'cbor' ? fromCbor(value) : value);
      }
      break;
    case 'xml': {
      const root = /<([A-Za-z_][\w.-]*)/.exec(body.text.replace(/<\?[^>]*\?>/, ''));
      if (root) add(root[1]!, 'body', 'structure', body.text);
      break;
    }
    case 'binary':
      add('Body', 'body', 'blob', body.text);
      break;
    case 'none':
      break;
  }
  return params;
}

/** QuerySerializer names list items `member.N` (or `N` when flattened, as EC2 always is) and map entries `entry.N`. */
function formTypeOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return 'string';
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'member') return 'list';
  if (keys.length === 1 && keys[0] === 'entry') return 'map';
  return keys.every((k) => /^\d+$/.test(k)) ? 'list' : 'structure';
}

/**
 * Folds flattened form fields back into top-level members, the reverse of QuerySerializer's
 * `Prefix.member.N`, `Prefix.entry.N.key` and EC2Serializer's `Prefix.N.Sub` naming.
 */
function foldForm(fields: Array<[string, string]>): Map<string, unknown> {
  const members = new Map<string, unknown>();
  for (const [key, value] of fields) {
    if (key === 'Action' || key === 'Version') continue;
    const [head, ...rest] = key.split('.');
    if (rest.length === 0) {
      members.set(head!, value);
      continue;
    }
    const root = (members.get(head!) as Record<string, unknown> | undefined) ?? {};
    let node: Record<string, unknown> = root;
    rest.forEach((segment, i) => {
      if (i === rest.length - 1) node[segment] = value;
      else node = (node[segment] ??= {}) as Record<string, unknown>;
    });
    members.set(head!, root);
  }
  return members;
}
