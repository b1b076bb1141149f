/**
 * The infer stage: CapturedRequest -> InferredOperation. A runner applies small steps in order;
 * each reads the evidence and the draft so far and fills in what it can prove.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { CapturedRequest } from '../capture/types.js';
import type { PyValue } from '../parse/types.js';
import { isDict, stringPairs } from '../parse/python-repr.js';
import type { Secret } from '../parse/redact.js';
import { alsoAccepts, findModel, membersSent, operationInput, operationOfRoute, outputHeaders, outputIsStream, responseSecrets } from './model.js';
import type { BotocoreModel, ModelHint, ModelOperation, WireRequest } from './model-types.js';
import {
  bodyEncodingOf,
  chooseProtocol,
  decodeBody,
  headerValue,
  isRestProtocol,
  operationShownBy,
  parametersShownBy,
  jsonSettingsShownBy,
  PROTOCOL_PREFERENCE,
  serializedHeaders,
  sqsQueueInPath,
  type WireEvidence,
} from './protocols.js';
import type { InferredOperation, InferredParameter, Protocol } from './types.js';

export interface InferOptions {
  /**
   * Botocore models the user named (data dirs or service-2.json[.gz] files): tried first, ahead
   * of the model file the log says botocore loaded.
   */
  modelDirs: string[];
  /** Where else to look after the log's own model file (python3's botocore...). */
  fallbackModelDirs?: string[];
  /** Read no model, not even the one the log names (`--no-models`): infer what the protocol proves. */
  noModels?: boolean;
}

export interface InferResult {
  operation?: InferredOperation;
  diagnostics: Diagnostic[];
  /**
   * Values the service model marks sensitive, which the operation holds as REDACTED: the call's
   * evidence still holds them (name-based redaction cannot tell them), and must lose them too.
   */
  secrets: Secret[];
}

/** Everything the capture shows, gathered once. */
interface Evidence {
  call: CapturedRequest;
  method: string | undefined;
  url: URL | undefined;
  headers: Array<[string, string]>;
  wire: WireEvidence;
  query: Array<[string, string]>;
  /** Form fields came from the URL (an API-reference example URL), not from a body. */
  formInQuery: boolean;
}

/** The draft an inference step refines. */
interface Draft {
  service?: string;
  /**
   * The service was read off the host (its endpoint prefix) or the model file the client loaded
   * (its directory), which no signature confirms: SigV2 (S3's HmacV1) signs without a scope.
   */
  serviceUnsigned?: boolean;
  region?: string;
  protocol?: Protocol;
  operation?: string;
  model?: BotocoreModel;
  body?: WireRequest['body'];
  parameters?: InferredParameter[];
  requestUri?: string;
  secrets?: Secret[];
}

type Step = (evidence: Evidence, draft: Draft, options: InferOptions, diagnostics: Diagnostic[]) => void;

function asBytes(value: PyValue | undefined): Uint8Array | null {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (value && typeof value === 'object' && !Array.isArray(value) && value.type === 'bytes') return value.value;
  return null;
}

function gatherEvidence(call: CapturedRequest): Evidence {
  const params = call.params;
  const rawUrl = call.sent?.url ?? params?.url ?? (call.canonical ? `https://${headerValue(call.canonical.headers, 'host') ?? 'unknown'}${call.canonical.path}` : undefined);
  let url: URL | undefined;
  try {
    url = rawUrl ? new URL(rawUrl) : undefined;
  } catch {
    url = undefined;
  }
  // The sent request has the final headers (X-Amz-Target, Content-Type after signing); the params
  // dict and the canonical request fill in what a partial log lacks.
  const headers: Array<[string, string]> = [];
  for (const list of [call.sent?.headers, params?.headers, call.canonical?.headers]) {
    for (const [k, v] of serializedHeaders(list ?? [])) if (headerValue(headers, k) === null) headers.push([k, v]);
  }
  const urlQuery = url ? [...url.searchParams].map(([k, v]) => [k, v] as [string, string]) : [];
  // The params dict's query_string leaves out the query its url_path holds (S3's `?list-type=2`), which the URL shows.
  const literalQuery = (given: Array<[string, string]>): Array<[string, string]> => urlQuery.filter(([k]) => !given.some(([g]) => g === k));
  const query = params && params.query.length > 0 ? [...literalQuery(params.query), ...params.query] : urlQuery.length > 0 ? urlQuery : (call.canonical?.query ?? []);
  // A raw HTTP request shows a form body only as sent: `Action=Publish&...` (QuerySerializer's urlencoded dict).
  const sentForm = !params && call.sent?.body && /^application\/x-www-form-urlencoded\b/i.test(headerValue(headers, 'content-type') ?? '');
  let formFields = isDict(params?.body) ? stringPairs(params.body) : sentForm ? [...new URLSearchParams(call.sent!.body!)] : null;
  const bodyBytes = params ? asBytes(params.body) : call.sent?.body != null ? new TextEncoder().encode(call.sent.body) : null;
  // An API-reference URL carries the query protocol's fields in the URL itself.
  const formInQuery = !formFields && !bodyBytes?.length && query.some(([k]) => k === 'Action');
  if (formInQuery) formFields = query;
  const host = url?.host ?? headerValue(headers, 'host');
  return {
    call,
    method: call.sent?.method ?? params?.method ?? call.canonical?.method,
    url,
    headers,
    query: formInQuery ? [] : query,
    formInQuery,
    wire: {
      contentType: headerValue(headers, 'content-type'),
      target: headerValue(headers, 'x-amz-target'),
      smithyProtocol: headerValue(headers, 'smithy-protocol'),
      path: url?.pathname ?? params?.urlPath ?? call.canonical?.path ?? '/',
      host: host ?? null,
      body: bodyBytes,
      formFields,
      responseContentType: call.response?.headers ? headerValue(call.response.headers, 'content-type') : null,
    },
  };
}

/**
 * `{prefix}.{region}.amazonaws.com`, and the legacy `{region}.queue.amazonaws.com` of SQS. A host
 * without a region is a global endpoint (iam.amazonaws.com), which signs for us-east-1. `prefix`
 * is the label before the region; `labels` are all of them, which end with the service's endpoint
 * prefix: `data-ats.iot` (IoT's data plane, not its control plane `iot`), `my-bucket.s3`.
 */
function hostParts(host: string | null): { prefix?: string; labels?: string; region?: string; global?: boolean } {
  const name = (host ?? '').replace(/:\d+$/, '');
  const legacySqs = /^(?:([a-z]{2}(?:-[a-z]+)+-\d)\.)?queue\.amazonaws\.com$/.exec(name);
  if (legacySqs) return legacySqs[1] ? { prefix: 'sqs', labels: 'sqs', region: legacySqs[1] } : { prefix: 'sqs', labels: 'sqs', global: true };
  const match = /^((?:[^.]+\.)*?([a-z0-9-]+))\.(?:([a-z]{2}(?:-[a-z]+)+-\d)\.)?amazonaws\.com(?:\.cn)?$/.exec(name);
  if (!match) return {};
  const parts = { prefix: match[2]!, labels: match[1]! };
  return match[3] ? { ...parts, region: match[3] } : { ...parts, global: true };
}

/** The service of a botocore model file, its directory under data/ (`.../data/s3/2006-03-01/service-2.json`). */
function serviceOfModelFile(path: string | undefined): string | undefined {
  return path === undefined ? undefined : /([^/\\]+)[/\\]\d{4}-\d\d-\d\d[/\\]service-2\.json(?:\.gz)?$/.exec(path)?.[1];
}

/** Credential scope: the string to sign, else an Authorization header or X-Amz-Credential (scope survives redaction). */
const readScope: Step = (ev, draft) => {
  const scope = ev.call.scope;
  const credential = /Credential=[^/\s,]*\/\d{8}\/([^/\s,]+)\/([^/\s,]+)\/aws4_request/.exec(
    `${headerValue(ev.headers, 'authorization') ?? ''} Credential=${ev.url?.searchParams.get('X-Amz-Credential') ?? ''}`,
  );
  const host = hostParts(ev.wire.host);
  const params = ev.call.params;
  const signed = scope?.service ?? credential?.[2] ?? params?.signingName;
  draft.service = signed ?? host.prefix ?? serviceOfModelFile(ev.call.modelFiles.at(-1));
  draft.serviceUnsigned = signed === undefined && draft.service !== undefined;
  // A global endpoint signs for us-east-1 whatever region the client was configured with.
  draft.region = scope?.region ?? credential?.[1] ?? params?.signingRegion ?? host.region ?? (host.global ? 'us-east-1' : params?.clientRegion);
};

const findServiceModel: Step = (ev, draft, options, diagnostics) => {
  if (!draft.service || options.noModels) return;
  const shown = protocolFromWire(ev);
  const service = {
    service: draft.service,
    modelFile: ev.call.modelFiles.at(-1),
    endpointPrefix: hostParts(ev.wire.host).labels,
    targetPrefix: ev.wire.target?.split('.')[0],
    apiVersion: ev.wire.formFields?.find(([k]) => k === 'Version')?.[1],
    cliService: ev.call.cliArguments?.[0],
    protocol: shown,
    source: ev.call.source,
  };
  const dirs = [...options.modelDirs, ...(options.fallbackModelDirs ?? [])];
  // A REST call names its operation by its route alone (a raw HTTP request shows nothing else).
  const routed = (): string | undefined =>
    isRestProtocol(shown) ? operationOfRoute(service, { method: ev.method ?? 'GET', path: ev.wire.path, host: ev.wire.host ?? undefined, query: ev.query, headers: ev.headers }, dirs) : undefined;
  const operation = ev.call.operation ?? operationShownBy(ev.wire, shown) ?? routed();
  if (!operation) return;
  draft.operation = operation;
  const hint: ModelHint = { ...service, operation };
  const named = options.modelDirs.length > 0 ? findModel({ ...hint, modelFile: undefined }, options.modelDirs) : undefined;
  const found = named?.model ? named : findModel(hint, dirs);
  // Where the models the user named give none, the search goes on elsewhere, and that they have
  // none for this service is no news; that one of them is broken is.
  diagnostics.push(...(named && !named.model ? named.diagnostics.filter((d) => d.code === 'MODEL_UNREADABLE') : []), ...found.diagnostics);
  draft.model = found.model;
  // The SigV4 signing name, which IAM's actions and policies go by, is the model's, not the host's
  // (bedrock-runtime's calls sign as bedrock, pinpoint's as mobiletargeting, an account's own
  // DynamoDB endpoint `ACCOUNT.ddb` as dynamodb); botocore's default for it is the endpoint prefix.
  if (draft.serviceUnsigned && found.model) draft.service = found.model.metadata.signingName ?? found.model.metadata.endpointPrefix;
};

function protocolFromWire(ev: Evidence): Protocol {
  return chooseProtocol(ev.wire, undefined, hostParts(ev.wire.host).prefix ?? '');
}

const detectProtocol: Step = (ev, draft) => {
  draft.protocol = chooseProtocol(ev.wire, draft.model ? alsoAccepts(draft.model) : undefined, draft.service ?? '');
};

const nameOperation: Step = (ev, draft) => {
  draft.operation = ev.call.operation ?? operationShownBy(ev.wire, draft.protocol!) ?? draft.operation;
};

/** The model's payload member, when it is a blob sent as raw bytes (S3 PutObject Body, Lambda Invoke Payload). */
function payloadIsBlob(model: BotocoreModel | undefined, operation: string | undefined): boolean {
  const input = operation ? model?.operations[operation]?.input : undefined;
  const shape = input ? model?.shapes[input.shape] : undefined;
  const payload = shape?.payload ? shape.members?.[shape.payload] : undefined;
  const payloadShape = payload ? model?.shapes[payload.shape] : undefined;
  return payloadShape?.type === 'blob' || (payloadShape?.type === 'string' && payload?.streaming === true) || payloadShape?.streaming === true;
}

const readBody: Step = (ev, draft, _options, diagnostics) => {
  // A streamed file body (`<_io.BufferedReader ...>`) is not in the log; it was binary all the same.
  const streamed = ev.call.params?.body !== undefined && typeof ev.call.params.body === 'object' && ev.call.params.body !== null && !Array.isArray(ev.call.params.body) && ev.call.params.body.type === 'object';
  // Without a model, a rest-json body sent without a Content-Type is a raw payload: botocore
  // gives every JSON document application/json, and a streaming payload none (serialize.py
  // `_serialize_content_type`).
  const unlabelled = !draft.model && draft.protocol === 'rest-json' && ev.wire.contentType === null && ev.headers.length > 0;
  const blob = payloadIsBlob(draft.model, draft.operation) || unlabelled;
  draft.body = streamed ? { kind: 'binary', length: Number(headerValue(ev.headers, 'content-length') ?? 1) } : decodeBody(draft.protocol!, ev.wire, blob);
  // The JSON protocols send their members as JSON: a body that is not has been changed since (a
  // paste through a word processor or chat turns quotes into curly ones), and its members are lost.
  const json = draft.protocol === 'json' || (draft.protocol === 'rest-json' && !blob);
  if (json && draft.body.kind === 'binary' && draft.body.text !== undefined) {
    let reason = 'it does not parse';
    try {
      JSON.parse(draft.body.text);
    } catch (error) {
      reason = (error as Error).message;
    }
    diagnostics.push(diagnostic('CALL_BODY_NOT_JSON', ev.call.source, ev.call.pos, { call: ev.call.index + 1, operation: ev.call.operation ?? draft.operation ?? 'unknown operation', protocol: draft.protocol!, reason }));
  }
};

function wireRequest(ev: Evidence, draft: Draft): WireRequest {
  return {
    protocol: draft.protocol!,
    method: ev.method ?? 'POST',
    path: ev.wire.path,
    host: ev.wire.host ?? undefined,
    query: ev.query,
    headers: ev.headers,
    body: draft.body!,
  };
}

const listParameters: Step = (ev, draft, _options, diagnostics) => {
  const wire = wireRequest(ev, draft);
  const formLocation = ev.formInQuery ? 'querystring' : 'body';
  if (draft.model && draft.operation && draft.model.operations[draft.operation]) {
    const sent = membersSent(draft.model, draft.operation, wire);
    if (sent.unknown.length > 0) {
      const many = sent.unknown.length > 1;
      diagnostics.push(
        diagnostic('CALL_FIELDS_UNKNOWN', ev.call.source, ev.call.pos, {
          call: ev.call.index + 1,
          operation: draft.operation,
          fields: sent.unknown.join(', '),
          match: many ? 'match' : 'matches',
          model: draft.model.file,
          them: many ? 'them' : 'it',
        }),
      );
    }
    draft.requestUri = sent.requestUri;
    draft.secrets = sent.secrets;
    draft.parameters = sent.members.map((m) => withFormFields(wire, {
      name: m.name,
      location: m.location === 'body' ? formLocation : m.location,
      required: m.required,
      type: m.type,
      wireName: m.wireName,
      example: m.value,
      ...(m.payload ? { payload: m.payload } : {}),
      ...(m.idempotencyToken ? { idempotencyToken: m.idempotencyToken } : {}),
      ...(m.form ? { formShape: m.form } : {}),
      ...(m.sole ? { soleMember: m.sole } : {}),
    }));
    const queue = queueInPath(ev, draft);
    if (queue !== undefined) draft.parameters.unshift({ name: 'QueueUrl', location: formLocation, required: true, type: 'string', wireName: 'QueueUrl', example: queue });
    return;
  }
  if (draft.operation) {
    diagnostics.push(diagnostic('REQUIRED_IS_GUESS', ev.call.source, ev.call.pos, { call: ev.call.index + 1, operation: draft.operation }));
  }
  draft.parameters = parametersShownBy(wire, formLocation).map((p) => withFormFields(wire, p));
};

/** The queue a call names by its URL's path (sqsQueueInPath), if the model's operation takes a QueueUrl and the call sent none. */
function queueInPath(ev: Evidence, draft: Draft): string | undefined {
  const queue = ev.url === undefined ? undefined : sqsQueueInPath(draft.service ?? '', draft.protocol!, ev.url);
  if (queue === undefined || draft.parameters?.some((p) => p.name === 'QueueUrl')) return undefined;
  return operationInput(draft.model!, draft.operation!)?.shape.members?.['QueueUrl'] === undefined ? undefined : queue;
}

/** Keeps a form member's own serialized fields, so it can be sent again exactly as it was. */
function withFormFields(wire: WireRequest, parameter: InferredParameter): InferredParameter {
  if (wire.body.kind !== 'form') return parameter;
  const prefix = `${parameter.wireName}.`;
  const fields = wire.body.fields.filter(([k]) => k.startsWith(prefix));
  // Object.assign, not a literal starting with a spread (see withBase in parse/records.ts).
  return fields.length > 0 ? Object.assign({}, parameter, { formFields: fields }) : parameter;
}

/**
 * Headers botocore's handlers (botocore/handlers.py) add before a call, which its service reads:
 * Glacier refuses a request without its API version (`add_glacier_version`); API Gateway's own
 * API answers HAL instead of JSON without `Accept` (`add_accept_header`); services that kept
 * their query-protocol error codes read `x-amzn-query-mode` (`_add_query_compatibility_header`).
 */
const SERVICE_HEADERS: Record<string, string[]> = {
  glacier: ['x-amz-glacier-version'],
  apigateway: ['accept'],
  '*': ['x-amzn-query-mode'],
};

function serviceHeadersOf(ev: Evidence, service: string): Array<{ name: string; value: string }> {
  const names = [...(SERVICE_HEADERS[service] ?? []), ...SERVICE_HEADERS['*']!];
  return ev.headers.filter(([name]) => names.includes(name.toLowerCase())).map(([name, value]) => ({ name, value }));
}

/** The steps, in the order each depends on the ones before. */
const STEPS: Step[] = [readScope, findServiceModel, detectProtocol, nameOperation, readBody, listParameters];

function apiVersionOf(ev: Evidence, draft: Draft): string | null {
  const version = ev.wire.formFields?.find(([k]) => k === 'Version')?.[1];
  if (version) return version;
  if (draft.model) return draft.model.metadata.apiVersion;
  // JSON target prefixes carry the version: DynamoDB_20120810 -> 2012-08-10.
  const stamp = /_(\d{4})(\d\d)(\d\d)$/.exec(ev.wire.target?.split('.')[0] ?? '');
  return stamp ? `${stamp[1]}-${stamp[2]}-${stamp[3]}` : null;
}

/** JSONSerializer's settings, when the service speaks JSON (its own protocol, or one of its `protocols`). */
function jsonSettings(model: BotocoreModel | undefined): InferredOperation['json'] {
  if (!model?.metadata.targetPrefix || !alsoAccepts(model).includes('json')) return null;
  return { targetPrefix: model.metadata.targetPrefix, jsonVersion: model.metadata.jsonVersion ?? '1.0' };
}

/**
 * Whether the service refuses the call without a digest of its body: the model says so of the
 * operation (botocore's `conditionally_calculate_checksum`), or S3 of an object put with Object
 * Lock settings (its PutObject reference: Content-MD5 or an x-amz-checksum header is required
 * then), which the model cannot say.
 */
function checksumRequired(op: ModelOperation | undefined, parameters: InferredParameter[]): boolean {
  if (op?.httpChecksumRequired === true || op?.httpChecksum?.requestChecksumRequired === true) return true;
  return op?.name === 'PutObject' && parameters.some((p) => p.name.startsWith('ObjectLock'));
}

/**
 * The host prefix the model puts before the service's endpoint for the operation (`api-fulfill.`,
 * or `{AccountId}.` filled from the call's hostLabel member: `123456789012.`), when the call went
 * to a host that starts with it; undefined otherwise (a local endpoint, a prefix not filled).
 */
function hostPrefixOf(op: ModelOperation | undefined, parameters: InferredParameter[], host: string | null): string | undefined {
  const template = op?.endpoint?.hostPrefix;
  if (!template || !host) return undefined;
  let unfilled = false;
  const prefix = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = parameters.find((p) => p.name === name)?.example;
    if (typeof value !== 'string') unfilled = true;
    return String(value);
  });
  return !unfilled && host.startsWith(prefix) ? prefix : undefined;
}

/** The field only where there is a prefix, so the output of the calls without one is as it was. */
const withHostPrefix = (hostPrefix: string | undefined): { hostPrefix?: string } => (hostPrefix === undefined ? {} : { hostPrefix });

/** SHA-256 of no bytes: the payload hash SigV4 signs for a request without a body. */
const EMPTY_PAYLOAD_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Infers one call's request shape. */
export function inferOperation(call: CapturedRequest, options: InferOptions): InferResult {
  const diagnostics: Diagnostic[] = [];
  if (!call.params && !call.canonical && !call.sent) {
    // A `Making request` record whose dict could not be read, and nothing else of the call.
    diagnostics.push(diagnostic('CALL_WITHOUT_REQUEST', call.source, call.pos, { call: call.index + 1, operation: call.operation ?? 'unknown operation' }));
    return { diagnostics, secrets: [] };
  }
  const evidence = gatherEvidence(call);
  const draft: Draft = {};
  for (const step of STEPS) step(evidence, draft, options, diagnostics);
  const name = draft.operation ?? call.operation ?? 'unknown operation';
  const missing = !draft.service ? 'the service (no credential scope, signing name or AWS host)' : !draft.operation ? 'the operation name' : !draft.region ? 'the region' : undefined;
  if (missing) {
    diagnostics.push(diagnostic('CALL_UNREADABLE', call.source, call.pos, { call: call.index + 1, operation: name, reason: `cannot tell ${missing}` }));
    return { diagnostics, secrets: draft.secrets ?? [] };
  }
  const protocol = draft.protocol!;
  const protocols = draft.model ? alsoAccepts(draft.model) : [protocol];
  // botocore's `Sending http request` record does not show the body; without the params dict only the signature tells one was sent.
  const payloadHash = call.canonical?.payloadHash;
  if (draft.body?.kind === 'none' && !call.params && call.sent?.body == null && payloadHash && payloadHash !== EMPTY_PAYLOAD_HASH && payloadHash !== 'UNSIGNED-PAYLOAD') {
    diagnostics.push(diagnostic('CALL_BODY_UNSEEN', call.source, call.pos, { call: call.index + 1, operation: name }));
  }
  const response = call.response?.body;
  return {
    diagnostics,
    secrets: [...(draft.secrets ?? []), ...(draft.model && response ? responseSecrets(draft.model, draft.operation!, response) : [])],
    operation: {
      service: draft.service!,
      region: draft.region!,
      operation: draft.operation!,
      protocol,
      httpMethod: evidence.method ?? 'POST',
      path: evidence.wire.path,
      contentType: evidence.wire.contentType,
      bodyEncoding: bodyEncodingOf(protocol, draft.body!),
      target: evidence.wire.target,
      apiVersion: apiVersionOf(evidence, draft),
      parameters: draft.parameters ?? [],
      requiredFrom: draft.model ? 'model' : 'protocol',
      host: evidence.wire.host,
      requestUri: draft.requestUri ?? null,
      protocols: [...protocols].sort((a, b) => PROTOCOL_PREFERENCE.indexOf(a) - PROTOCOL_PREFERENCE.indexOf(b)),
      model: draft.model?.file ?? null,
      endpointPrefix: draft.model?.metadata.endpointPrefix ?? hostParts(evidence.wire.host).prefix ?? null,
      // The model's settings; the wire's when no model says (or it lacks a target prefix).
      json: jsonSettings(draft.model) ?? (draft.protocol === 'json' ? jsonSettingsShownBy(evidence.wire.target, evidence.wire.contentType) : null),
      attempts: call.attempts,
      responseStatus: call.response?.status ?? null,
      location: `${call.source}:${call.pos.line}:${call.pos.column}`,
      call: call.index,
      serviceHeaders: serviceHeadersOf(evidence, draft.service!),
      responseHeaders: draft.model?.operations[draft.operation!] && isRestProtocol(protocol) ? outputHeaders(draft.model, draft.operation!) : [],
      checksumRequired: checksumRequired(draft.model?.operations[draft.operation!], draft.parameters ?? []),
      streamsResponse: draft.model?.operations[draft.operation!] ? outputIsStream(draft.model, draft.operation!) : false,
      ...withHostPrefix(hostPrefixOf(draft.model?.operations[draft.operation!], draft.parameters ?? [], evidence.wire.host)),
    },
  };
}
