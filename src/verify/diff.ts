/**
 * Compares a rebuilt integration request with the request the log captured, by meaning: form
 * fields as a multiset, JSON deep-equal, XML by element tree, CBOR by the value it encodes.
 */
import { isDeepStrictEqual } from 'node:util';
import { decode as decodeCbor } from 'cbor-x';
import { XMLParser } from 'fast-xml-parser';
import type { CapturedRequest } from '../capture/types.js';
import { fromCbor, headerValue, isFormProtocol, mediaType, serializedHeaders, sqsQueueInPath } from '../infer/protocols.js';
import type { InferredOperation } from '../infer/types.js';
import { validUtf8Text } from '../utf8.js';
import { apiGatewayService, computedReason, hostBucket, slashesAreLevels } from '../integrate/services.js';
import type { PyValue } from '../parse/types.js';
import { bytesToString, stringPairs } from '../parse/python-repr.js';
import type { IntegrationRequest } from './rebuild.js';

export interface Difference {
  field: 'method' | 'host' | 'uri' | 'content-type' | 'target' | 'headers' | 'body';
  captured: string;
  rebuilt: string;
}

export interface Comparison {
  differences: Difference[];
  /** What was not compared, and why (a body the log does not show, a protocol changed on purpose). */
  notes: string[];
}

type Body = { kind: 'form'; pairs: string[] } | { kind: 'value'; value: unknown } | { kind: 'text'; text: string } | { kind: 'unknown' };

function formPairs(pairs: Iterable<[string, string]>): string[] {
  return [...pairs].map(([k, v]) => `${k}=${v}`).sort();
}

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true });

function readText(text: string, media: string): Body {
  if (media === 'application/x-www-form-urlencoded') return { kind: 'form', pairs: formPairs(new URLSearchParams(text)) };
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'text', text: '' };
  if (media.includes('json') || /^[[{]/.test(trimmed)) {
    try {
      return { kind: 'value', value: JSON.parse(trimmed) as unknown };
    } catch {
      return { kind: 'text', text };
    }
  }
  if (media.includes('xml') || trimmed.startsWith('<')) {
    try {
      return { kind: 'value', value: xml.parse(trimmed) as unknown };
    } catch {
      return { kind: 'text', text };
    }
  }
  return { kind: 'text', text };
}

/** The body the capture shows: botocore's params dict holds it (form fields, bytes), a raw request its text. */
function capturedBody(call: CapturedRequest, op: InferredOperation): Body {
  const body: PyValue | undefined = call.params ? call.params.body : (call.sent?.body ?? undefined);
  if (body === undefined || body === null) return call.params ? { kind: 'text', text: '' } : { kind: 'unknown' };
  if (typeof body === 'string') return readText(body, mediaType(op.contentType));
  if (typeof body !== 'object' || Array.isArray(body)) return { kind: 'unknown' };
  switch (body.type) {
    case 'dict':
      return { kind: 'form', pairs: formPairs(stringPairs(body)) };
    case 'bytes':
      // As the JSON protocol the integration speaks writes it: dates epoch seconds, bytes base64.
      if (op.protocol === 'smithy-rpc-v2-cbor') return { kind: 'value', value: fromCbor(decodeCbor(body.value)) };
      // Bytes that are not text (an image, a model's binary input) reach no example the method is rendered with.
      if (validUtf8Text(body.value) === undefined) return { kind: 'unknown' };
      return readText(bytesToString(body), mediaType(op.contentType));
    case 'object':
      return { kind: 'unknown' };
  }
}

/**
 * A host as the comparison reads it: without a port, and without the region (a global endpoint
 * such as `s3.amazonaws.com` answers as its us-east-1 one, and the region is the URI's, compared
 * by the call's signing). Undefined for a host that is no AWS endpoint (moto, a local emulator),
 * which no integration URI can name.
 */
function comparableHost(host: string | null | undefined, region: string): string | undefined {
  const name = host?.toLowerCase().replace(/:\d+$/, '');
  if (!name || !/\.(?:amazonaws\.com(?:\.cn)?|api\.aws)$/.test(name)) return undefined;
  return name.replace(`.${region}.`, '.');
}

/**
 * What `host` is, when it is another endpoint of the service whose standard endpoint is
 * `standard` (both as comparableHost reads them): SQS's legacy `queue.amazonaws.com`, where
 * botocore sends a call whose queue URL names it; an account's own endpoint (DynamoDB's
 * `ACCOUNT.ddb`, Kinesis's `ACCOUNT.data-kinesis`, which botocore picks for a resource ARN or an
 * account-scoped credential); a FIPS or a dual-stack endpoint.
 */
function endpointAlias(host: string, standard: string): string | undefined {
  const service = standard.split('.')[0]!;
  if (service === 'sqs' && /^(?:[a-z]{2}(?:-[a-z]+)+-\d\.)?queue\.amazonaws\.com$/.test(host)) return "SQS's legacy endpoint, which the queue URL names";
  if (/^\d{12}\.[a-z0-9-]+\.amazonaws\.com$/.test(host)) return "the account's own endpoint";
  if (host === `${service}-fips.amazonaws.com`) return 'a FIPS endpoint';
  if (host === `${service}.api.aws`) return 'a dual-stack endpoint';
  return undefined;
}

/** The queue URL an SQS query call gave by its URL's path (sqsQueueInPath), which infer made its QueueUrl. */
function queueOfPath(op: InferredOperation, call: CapturedRequest): string | undefined {
  const sent = call.sent?.url ?? call.params?.url;
  const queue = op.parameters.find((p) => p.name === 'QueueUrl')?.example;
  if (sent === undefined || !URL.canParse(sent)) return undefined;
  return typeof queue === 'string' && sqsQueueInPath(op.service, op.protocol, new URL(sent)) === queue ? queue : undefined;
}

/** The bucket of an S3 call: the model's Bucket label, or without a model the host's (hostBucket). */
function bucketOf(op: InferredOperation): unknown {
  return op.parameters.find((p) => p.name === 'Bucket' && p.location === 'path')?.example ?? hostBucket(op);
}

/** The captured host, S3's virtual-hosted bucket left out: API Gateway's path-style URI puts it in the path. */
function capturedHost(op: InferredOperation): string | undefined {
  const host = comparableHost(op.host, op.region);
  const bucket = bucketOf(op);
  return typeof bucket === 'string' && host?.startsWith(`${bucket.toLowerCase()}.`) ? host.slice(bucket.length + 1) : host;
}

/** Paths as API Gateway's path-style URI writes them: S3's virtual-hosted bucket goes back into the path. */
function capturedPath(op: InferredOperation): string {
  const bucket = bucketOf(op);
  if (typeof bucket === 'string' && !op.path.startsWith(`/${bucket}`)) return `/${bucket}${op.path === '/' ? '' : op.path}`;
  return op.path;
}

function capturedQuery(call: CapturedRequest): string[] {
  const url = call.sent?.url ?? call.params?.url;
  if (url) {
    try {
      return formPairs(new URL(url).searchParams);
    } catch {
      // fall through to the params dict
    }
  }
  return formPairs(call.params?.query ?? []);
}

/**
 * The headers that carry members of the call, as `name: value` lines: a header member's own
 * header, every header under a header map's prefix, and the headers the SDK adds for the service. Content-Type is compared on its own, and what
 * the SDK computes from the body it sent is left out of the mapping on purpose.
 */
function memberHeaders(headers: Array<[string, string]>, op: InferredOperation): string[] {
  const members = op.parameters.filter((p) => p.location === 'header' && computedReason(p.name) === undefined);
  const service = new Set((op.serviceHeaders ?? []).map((h) => h.name.toLowerCase()));
  const carries = (name: string): boolean =>
    service.has(name) || (name !== 'content-type' && members.some((p) => (p.type === 'map' ? name.startsWith(p.wireName.toLowerCase()) : name === p.wireName.toLowerCase())));
  return headers.filter(([k]) => carries(k.toLowerCase())).map(([k, v]) => `${k.toLowerCase()}: ${v}`).sort();
}

/** Compares method, host (an AWS endpoint's), URI, Content-Type media type, X-Amz-Target, member headers and body. */
export function compareRequests(rebuilt: IntegrationRequest, call: CapturedRequest, op: InferredOperation, integrationProtocol: string): Comparison {
  const differences: Difference[] = [];
  const notes: string[] = [];
  const differ = (field: Difference['field'], captured: string, made: string): void => {
    if (captured !== made) differences.push({ field, captured, rebuilt: made });
  };
  const switched = integrationProtocol !== op.protocol;
  const host = capturedHost(op);
  if (op.hostPrefix !== undefined && !op.hostPrefix.endsWith('.')) {
    notes.push(`the call went to ${op.host}, with the model's host prefix ${op.hostPrefix}; the integration URI names the service, whose host API Gateway picks`);
  } else if (host !== undefined && apiGatewayService(op) === (op.endpointPrefix ?? op.service)) {
    // (A service API Gateway names otherwise, IoT data's iotdata, has a host the rebuilt URL cannot show.)
    const made = comparableHost(new URL(rebuilt.url).host, op.region) ?? new URL(rebuilt.url).host;
    const alias = host === made ? undefined : endpointAlias(host, made);
    if (alias !== undefined) notes.push(`the call went to ${op.host}, ${alias}; API Gateway reaches the service at its standard endpoint, ${new URL(rebuilt.url).host}`);
    else differ('host', host, made);
  }
  const form = isFormProtocol(op.protocol);
  if (form && op.httpMethod === 'GET' && rebuilt.method === 'POST') notes.push('the captured GET becomes a POST: query services read a form body from a POST');
  else differ('method', op.httpMethod, rebuilt.method);

  const url = new URL(rebuilt.url);
  // API Gateway adds Action= for action URIs; the service reads the action from the body or target too.
  const query = formPairs([...url.searchParams].filter(([k, v]) => !(k === 'Action' && v === op.operation)));
  const captured = capturedBody(call, op);
  const made = readText(rebuilt.body, mediaType(headerValue(rebuilt.headers, 'content-type')) || (captured.kind === 'form' ? 'application/x-www-form-urlencoded' : ''));
  // A query service reads its parameters from the URL and from a form body alike, so where each
  // travels (the body, or the URL with --query-string-payload) is no difference.
  const noBody = (made.kind === 'form' && made.pairs.length === 0) || (made.kind === 'text' && made.text === '');
  const inUrl = form && !switched && noBody && query.length > 0;
  // And the other way: a call read off an API-reference URL had them in its URL, the integration
  // sends them in a form body.
  const capturedInUrl = form && !switched && !inUrl && made.kind === 'form' && made.pairs.length > 0 && capturedQuery(call).length > 0 && (captured.kind === 'unknown' || (captured.kind === 'text' && captured.text === ''));
  const oneSet = inUrl || capturedInUrl;
  if (switched) notes.push(`the integration speaks ${integrationProtocol}, not the captured ${op.protocol}: URI, Content-Type and X-Amz-Target differ by design; the body is compared by meaning`);
  else {
    // A topic's levels reach IoT as path segments through API Gateway, as %2F from botocore: read alike.
    const levels = op.parameters.some((p) => p.location === 'path' && slashesAreLevels(op, p.name) && typeof p.example === 'string' && p.example.includes('/'));
    if (levels) notes.push(`${op.service} reads a topic's levels alike as path segments or as %2F`);
    const queue = queueOfPath(op, call);
    if (queue !== undefined) notes.push(`the captured URL's path names the queue, which the integration sends as QueueUrl, as botocore does`);
    const path = queue !== undefined ? '/' : levels ? capturedPath(op).replace(/%2F/gi, '/') : capturedPath(op);
    const capturedUri = `${path}${!oneSet && capturedQuery(call).length ? `?${capturedQuery(call).join('&')}` : ''}`;
    const rebuiltUri = `${url.pathname}${!oneSet && query.length ? `?${query.join('&')}` : ''}`;
    if (capturedUri !== rebuiltUri && op.path === '/' && url.pathname !== '/' && capturedQuery(call).join('&') === query.join('&')) {
      notes.push(`the URI path ${url.pathname} is the resource path API Gateway needs for ${op.service}; the SDK posted to / with the same body`);
    } else differ('uri', capturedUri, rebuiltUri);
    if (inUrl) notes.push('the parameters travel in the integration URL instead of a form body, which the service reads alike; they are compared as one set');
    else if (capturedInUrl) notes.push("the parameters travel in a form body instead of the captured URL's query string, which the service reads alike; they are compared as one set");
    else differ('content-type', mediaType(op.contentType), mediaType(headerValue(rebuilt.headers, 'content-type')));
    differ('target', op.target ?? '(none)', headerValue(rebuilt.headers, 'x-amz-target') ?? '(none)');
    differ('headers', memberHeaders(serializedHeaders(call.params?.headers ?? call.sent?.headers ?? []), op).join('\n'), memberHeaders(rebuilt.headers, op).join('\n'));
  }

  if (oneSet) {
    // API Gateway adds Action= for the action URI; the capture has it in its body or its URL.
    const parameters = (pairs: string[]): string[] => pairs.filter((pair) => pair !== `Action=${op.operation}`).sort();
    const queue = queueOfPath(op, call);
    const capturedParameters = parameters([...capturedQuery(call), ...(captured.kind === 'form' ? captured.pairs : []), ...(queue === undefined ? [] : formPairs([['QueueUrl', queue]]))]);
    let rebuiltParameters = parameters([...query, ...(made.kind === 'form' ? made.pairs : [])]);
    const version = rebuiltParameters.find((pair) => pair.startsWith('Version='));
    if (version && !capturedParameters.some((pair) => pair.startsWith('Version='))) {
      // An API reference's example URL may leave it to the AUTHPARAMS placeholder.
      rebuiltParameters = rebuiltParameters.filter((pair) => pair !== version);
      notes.push(`the capture gives no Version; the integration sends the model's, ${version.slice('Version='.length)}, which the service requires`);
    }
    compareForms(capturedParameters, rebuiltParameters, differences, notes);
  } else if (captured.kind === 'unknown') notes.push('the log does not show the body as text (a streamed file, bytes that are not UTF-8, or a log without the call\'s params dict), so it is not compared');
  else if (captured.kind === 'form' && made.kind === 'form') compareForms(captured.pairs, made.pairs, differences, notes);
  else if (!isDeepStrictEqual(normalise(captured), normalise(made))) differences.push({ field: 'body', captured: show(captured), rebuilt: show(made) });
  return { differences, notes };
}

const DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * Whether two values of a form field say the same. A decimal number is read by its value where
 * one side has an exponent: API Gateway writes a number of the client's JSON as Java writes a
 * double (`1.23456789E7`, `1.0E-4`), botocore as Python writes a float (`12345678.9`, `0.0001`),
 * the two differ only where Java's has one, and the service reads both as the same number. Text
 * without one (`1.10`, `1.1`) is compared as text.
 */
function sameValue(a: string, b: string): boolean {
  return a === b || (/[eE]/.test(a + b) && DECIMAL.test(a) && DECIMAL.test(b) && Number(a) === Number(b));
}

/** `name=value` as its name and value. */
function field(pair: string): [string, string] {
  const eq = pair.indexOf('=');
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}

/**
 * Form bodies compared as multisets of fields (sameValue): a difference lists the fields only one
 * side has, and numbers that agree by their value only are said in a note.
 */
function compareForms(captured: string[], rebuilt: string[], differences: Difference[], notes: string[]): void {
  let byValue = false;
  /** The pairs of `pairs` that `other` has no match left for. */
  const unmatched = (pairs: string[], other: string[]): string[] => {
    const left = new Map<string, string[]>();
    for (const [name, value] of other.map(field)) left.set(name, [...(left.get(name) ?? []), value]);
    return pairs.filter((pair) => {
      const [name, value] = field(pair);
      const values = left.get(name) ?? [];
      const i = values.findIndex((candidate) => sameValue(value, candidate));
      if (i === -1) return true;
      if (values[i] !== value) byValue = true;
      values.splice(i, 1);
      return false;
    });
  };
  const onlyCaptured = unmatched(captured, rebuilt);
  const onlyRebuilt = unmatched(rebuilt, captured);
  if (onlyCaptured.length > 0 || onlyRebuilt.length > 0) differences.push({ field: 'body', captured: onlyCaptured.join('\n'), rebuilt: onlyRebuilt.join('\n') });
  else if (byValue) notes.push("decimal numbers are compared by value: API Gateway writes a number of the client's JSON as Java does (1.23456789E7), botocore as Python does (12345678.9), and the service reads both alike");
}

/** Empty text and an empty JSON object both mean "no members". */
function normalise(body: Body): Body {
  if (body.kind === 'value' && body.value && typeof body.value === 'object' && !Array.isArray(body.value) && Object.keys(body.value).length === 0) return { kind: 'text', text: '' };
  return body;
}

function show(body: Body): string {
  switch (body.kind) {
    case 'form':
      return body.pairs.join('\n');
    case 'value':
      return JSON.stringify(body.value, null, 2);
    case 'text':
      return body.text;
    case 'unknown':
      return '(not in the log)';
  }
}
