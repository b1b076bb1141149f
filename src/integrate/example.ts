/**
 * The method request a client would send to reproduce a captured call: each member's value, as
 * the log showed it, put where the mapping says the client sends it.
 */
import { createHash } from 'node:crypto';
import { joinHeaderList } from '../infer/model-members.js';
import { isJsonValue, isRestProtocol } from '../infer/protocols.js';
import { validUtf8Text } from '../utf8.js';
import { bodyType } from './templates.js';
import type { ClientRequest, MethodModel } from './types.js';

/** The base64 of the MD5 of a body (text as UTF-8): a Content-MD5 value (RFC 1864). */
export function md5Base64(body: Uint8Array | string): string {
  return createHash('md5').update(body).digest('base64');
}

/** What the user gives instead of the log's values (`--body`, `--param location.name=value`). */
export interface ExampleOverrides {
  body?: string;
  querystring?: Record<string, string>;
  /** Every value of a query parameter given more than once. */
  multiValueQuerystring?: Record<string, string[]>;
  header?: Record<string, string>;
  path?: Record<string, string>;
}

/**
 * A member's value as the client sends it: text as is, structures as JSON, blobs as their bytes.
 * The infer stage gives a blob as base64 text, except a REST payload (Lambda Invoke's Payload),
 * which is the body itself and which it gives as the body's own text (`raw`).
 */
function clientText(value: unknown, type: string, raw = false): string {
  if (typeof value === 'string') return type === 'blob' && !raw ? Buffer.from(value, 'base64').toString('utf8') : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value ?? null);
}

/**
 * Whether the integration takes a method request parameter as it is, by a parameter mapping (no
 * template): the client then sends the value as the service reads it, a blob as its base64.
 */
function passedAsIs(method: MethodModel, location: 'querystring' | 'header', wireName: string, name: string): boolean {
  const mapped = method.integration.requestParameters[`integration.request.${location}.${wireName}`];
  return mapped?.length === 1 && mapped[0] === `method.request.${location}.${name}`;
}

/**
 * The example method request for a method, from the values its call sent. `xmlBody` is the
 * captured body of a call whose XML body the method passes through (the client sends it whole).
 */
export function exampleRequest(method: MethodModel, overrides: ExampleOverrides = {}, xmlBody?: string): ClientRequest {
  const request: ClientRequest = { body: '', path: {}, querystring: {}, header: {} };
  const fields: Record<string, unknown> = {};
  const example = new Map(method.operation.parameters.map((p) => [p.name, p.example]));
  for (const m of method.members) {
    const whole = example.get(m.member);
    // A header map's entry: its own header; a structure whose one member the body is: that member.
    const key = m.entry ?? m.inner?.name;
    const value = key === undefined ? whole : (whole as Record<string, unknown> | undefined)?.[key];
    if (value === undefined || value === null) continue;
    const type = bodyType(m);
    switch (m.source.kind) {
      case 'constant':
        break;
      case 'body': {
        const raw = m.location === 'body' && isRestProtocol(method.operation.protocol);
        // Bytes that are not text go as the binary media type the method has a template for.
        const bytes = type === 'blob' && !raw && typeof value === 'string' && method.integration.contentHandling === 'CONVERT_TO_TEXT' ? Buffer.from(value, 'base64') : undefined;
        if (bytes && validUtf8Text(bytes) === undefined) {
          request.bodyBytes = bytes;
          request.header['Content-Type'] = 'application/octet-stream';
        } else request.body = clientText(value, type, raw);
        break;
      }
      case 'body-field':
        fields[m.source.field] = type === 'blob' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : value;
        break;
      case 'header': {
        const asIs = passedAsIs(method, 'header', m.wireName, m.source.name);
        // A JSON value the service reads from a header (the model's jsonvalue) travels as its JSON in base64.
        const jsonValue = isJsonValue(m.type, value) && asIs;
        request.header[m.source.name] =
          m.type === 'list' && Array.isArray(value) ? joinHeaderList(value)
          : jsonValue ? Buffer.from(JSON.stringify(value)).toString('base64')
          : clientText(value, m.type, asIs);
        break;
      }
      case 'querystring': {
        const { name } = m.source;
        if (m.type === 'list' && Array.isArray(value) && method.request.parameters.some((p) => p.location === 'querystring' && p.name === name && p.multiValue)) {
          const values = value.map((item) => clientText(item, 'string'));
          (request.multiValueQuerystring ??= {})[name] = values;
          if (values.length > 0) request.querystring[name] = values.at(-1)!;
        } else request.querystring[name] = clientText(value, m.type, passedAsIs(method, 'querystring', m.wireName, name));
        break;
      }
      case 'path':
        request.path[m.source.name] = clientText(value, m.type);
    }
  }
  // A payload's media type, which no member carries, is the client's own header, passed on.
  const contentType = method.operation.contentType;
  if (contentType && method.request.parameters.some((p) => p.bodyHeader === 'media-type') && !Object.keys(request.header).some((h) => h.toLowerCase() === 'content-type')) {
    request.header['Content-Type'] = contentType;
  }
  if (Object.keys(fields).length > 0) request.body = JSON.stringify(fields);
  // An XML body passed through is the client's XML, which only a captured call shows; without
  // it the body is unknown, not the members' JSON.
  if (passesXmlThrough(method)) request.body = xmlBody ?? '';
  if (overrides.body !== undefined) request.body = overrides.body;
  Object.assign(request.querystring, overrides.querystring);
  // Values given for a parameter replace all the log's values of it.
  for (const name of Object.keys(overrides.querystring ?? {})) delete request.multiValueQuerystring?.[name];
  if (overrides.multiValueQuerystring) Object.assign((request.multiValueQuerystring ??= {}), overrides.multiValueQuerystring);
  // The digest of the body the client sends, as a client computes it (a given one is kept, right or wrong).
  const digest = digestHeader(method);
  if (digest && (request.body !== '' || request.bodyBytes !== undefined || overrides.body !== undefined)) request.header[digest] = md5Base64(request.bodyBytes ?? request.body);
  Object.assign(request.header, overrides.header);
  Object.assign(request.path, overrides.path);
  return request;
}

/**
 * Whether the client sends a body the request does not hold because the log does not show it:
 * an XML body passed through that no captured call gave, or a payload botocore streamed (a file).
 */
export function bodyUnshown(method: MethodModel, request: ClientRequest): boolean {
  if (request.body !== '' || request.bodyBytes !== undefined) return false;
  if (passesXmlThrough(method)) return true;
  const examples = new Map(method.operation.parameters.map((p) => [p.name, p.example]));
  return method.members.some((m) => m.source.kind === 'body' && (examples.get(m.member) ?? null) === null);
}

/** The method request header that carries the digest of the body (Content-MD5), if the method has one. */
export function digestHeader(method: MethodModel): string | undefined {
  return method.request.parameters.find((p) => p.bodyHeader === 'digest')?.name;
}

/** Whether the method passes an XML body of members through (rest-xml, no template), not a blob payload. */
export function passesXmlThrough(method: MethodModel): boolean {
  return method.integration.protocol === 'rest-xml' && method.members.some((m) => m.location === 'body' && m.source.kind === 'body' && m.type !== 'blob');
}
