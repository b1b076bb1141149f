/**
 * Where each member's value comes from: a constant (the target resource, as the AWS article
 * fixes its topic ARN), the client's body (the payload), or a method-request parameter. The
 * user's flags override any default.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { InferredOperation, InferredParameter, Protocol } from '../infer/types.js';
import { isFormProtocol, isJsonValue, isRawBody } from '../infer/protocols.js';
import { holdsRedacted } from '../parse/redact.js';
import { computedReason, isHostLabel, isIdentifier, payloadMember } from './services.js';
import type { MemberMapping, ValueSource } from './types.js';

/** `--from body|query|path|header NAME`. */
export interface FromFlag {
  source: 'body' | 'query' | 'path' | 'header';
  member: string;
}

export interface MappingFlags {
  /** `--constant NAME`. */
  constants: string[];
  from: FromFlag[];
  /** The article's first style: every member a query-string parameter passed through in the URL. */
  queryStringPayload: boolean;
}

const SCALAR = new Set(['string', 'integer', 'long', 'float', 'double', 'boolean', 'timestamp', 'blob']);

function isScalar(p: InferredParameter): boolean {
  return SCALAR.has(p.type);
}

/**
 * What writes the integration request's body from the client's: a JSON template, a form template
 * (query and ec2), or nothing, in the query-string pass-through (`--query-string-payload`), the
 * form protocols' alternative, whose members travel in the integration URL.
 */
export type BodyTemplate = 'json' | 'form' | 'none';

export function bodyTemplateOf(protocol: Protocol, queryStringPayload: boolean): BodyTemplate {
  return !isFormProtocol(protocol) ? 'json' : queryStringPayload ? 'none' : 'form';
}

/**
 * Why no template can write the member from the client's body, or undefined when one can: a JSON
 * template writes any member; a form template a scalar, or a structure, list or map whose form
 * layout the model gives (formShapeOf).
 */
export function notFromBody(operation: InferredOperation, p: InferredParameter, body: BodyTemplate): string | undefined {
  if (body === 'none') return "the query-string pass-through (--query-string-payload) writes no template, so nothing reads the client's body";
  if (p.location === 'path') return 'a URI label is filled by a request parameter (--from path, query or header), not by a template';
  const payload = operation.parameters.find((q) => q.name === payloadMember(operation));
  if (payload !== undefined && payload.name !== p.name && isRawBody(payload)) return `the body is ${payload.name}, passed on as it is, so no other member can come from it`;
  if (body === 'json' || isScalar(p) || p.formShape !== undefined || soleOf(operation, p) !== undefined) return undefined;
  const why = operation.model === null ? 'no service model gives its form fields' : 'its model shape holds itself, or holds more fields than a template should write';
  return `a form template writes a ${p.type} from the client's JSON by its shape, and ${why}`;
}

/**
 * The payload's one member, when the payload is a structure of one piece of data, bytes or text
 * (Firehose's Record, SES's RawMessage: their Data): a client body can be that member on its own.
 * Other structures of one member (EC2's Monitoring, `{"Enabled": true}`) stay whole.
 */
function soleOf(operation: InferredOperation, p: InferredParameter): InferredParameter['soleMember'] {
  const sole = p.type === 'structure' && p.name === payloadMember(operation) ? p.soleMember : undefined;
  return sole?.type === 'blob' || sole?.type === 'string' ? sole : undefined;
}

/** What the client's body holds when it becomes the member and is not the member's plain value. */
function bodyNote(operation: InferredOperation, p: InferredParameter, body: BodyTemplate): string {
  const sole = soleOf(operation, p);
  if (sole) return `; the body is its one member, ${sole.name}${sole.type === 'blob' ? ', bytes the template base64-encodes, as the service reads them' : ''}`;
  return body === 'form' && !isScalar(p) ? `; ${COMPOUND_FROM_BODY}` : '';
}

/**
 * How a client can send a member the method fixes: the flag that takes it from where the service
 * reads it (a scalar of a body from a query parameter, as by default), or why no flag can.
 */
export function clientRemedy(operation: InferredOperation, p: InferredParameter, body: BodyTemplate): { flag: string } | { reason: string } {
  if (p.location !== 'body') return { flag: `--from ${p.location === 'querystring' ? 'query' : p.location} ${p.name}` };
  if (isScalar(p)) return { flag: `--from query ${p.name}` };
  const reason = notFromBody(operation, p, body);
  return reason === undefined ? { flag: `--from body ${p.name}` } : { reason };
}

/** Where a member the flags could not move comes from instead, in a diagnostic's words. */
function keptAs(source: ValueSource): string {
  switch (source.kind) {
    case 'constant':
      return 'the constant seen in the log';
    case 'body':
    case 'body-field':
      return "the client's body";
    default:
      return `the ${source.kind} parameter ${source.name}`;
  }
}

const COMPOUND_FROM_BODY = "the client sends it as JSON shaped as botocore's parameters are, each scalar in the text the service reads (a timestamp in ISO 8601, a blob in base64), and the template writes its form fields";

function constant(p: InferredParameter, reason: string): { source: ValueSource; reason: string } {
  return { source: { kind: 'constant', value: p.example ?? null }, reason };
}

const XML_BODY_REASON = 'the service reads it from an XML body, which no mapping template writes: the client sends that body, and it is passed through as it is';

/** Members whose source is chosen, plus the members left out and why. */
export interface MemberPlan {
  mappings: MemberMapping[];
  omitted: Array<{ member: string; reason: string }>;
  diagnostics: Diagnostic[];
}

/**
 * Chooses each member's source. `protocol` is the protocol the integration speaks, which
 * decides what a request template can build (bodyTemplateOf).
 * `laterMembers` are members that later calls of the operation sent and the first did not (a
 * page token): the client may send them, but none becomes a constant unless --constant says so,
 * since it would put one call's value into every request.
 */
export function planMembers(operation: InferredOperation, protocol: Protocol, flags: MappingFlags, laterMembers: InferredParameter[] = []): MemberPlan {
  const diagnostics: Diagnostic[] = [];
  const omitted: MemberPlan['omitted'] = [];
  const body = bodyTemplateOf(protocol, flags.queryStringPayload);
  const payload = payloadMember(operation);
  const mappings: MemberMapping[] = [];
  const later = new Set(laterMembers.map((p) => p.name));
  const xml = protocol === 'rest-xml';

  for (const p of [...operation.parameters, ...laterMembers]) {
    const computed = computedReason(p.name);
    if (computed !== undefined && !flags.constants.includes(p.name) && !flags.from.some((f) => f.member === p.name)) {
      omitted.push({ member: p.name, reason: computed });
      continue;
    }
    if (xml && p.location === 'body' && !isRawBody(p)) {
      // No mapping template writes XML, so nothing but the client's own body can carry these.
      const moved = flags.from.find((f) => f.member === p.name && f.source !== 'body');
      const flag = flags.constants.includes(p.name) ? '--constant' : moved ? `--from ${moved.source}` : undefined;
      if (flag) diagnostics.push(diagnostic('MAPPING_XML_BODY', operation.location, undefined, { operation: operation.operation, flag, member: p.name }));
      mappings.push({ member: p.name, location: p.location, wireName: p.wireName, type: p.type, required: p.required && !later.has(p.name), source: { kind: 'body' }, reason: XML_BODY_REASON });
      continue;
    }
    let chosen = isHostLabel(operation, p.example)
      ? constant(p, `it is part of the host the service is reached at (the model's host prefix ${operation.hostPrefix}), which the integration URI fixes`)
      : defaultSource(operation, p, payload, body);
    const forced = flags.from.find((f) => f.member === p.name);
    if (flags.constants.includes(p.name) && holdsSecret(p.example)) {
      diagnostics.push(diagnostic('MAPPING_CONSTANT_SECRET', operation.location, undefined, { operation: operation.operation, member: p.name, kept: keptAs(chosen.source) }));
    } else if (flags.constants.includes(p.name) && p.location === 'body' && isRawBody(p) && typeof p.example !== 'string') {
      diagnostics.push(diagnostic('MAPPING_CONSTANT_UNSEEN', operation.location, undefined, { operation: operation.operation, member: p.name, type: p.type }));
    } else if (flags.constants.includes(p.name)) {
      chosen = constant(p, 'fixed by --constant');
      if (p.idempotencyToken) diagnostics.push(diagnostic('MAPPING_CONSTANT_TOKEN', operation.location, undefined, { operation: operation.operation, member: p.name }));
    }
    else if (forced) {
      const source: ValueSource =
        forced.source === 'body' ? { kind: 'body' }
        : { kind: forced.source === 'query' ? 'querystring' : forced.source, name: p.location === 'header' && forced.source === 'header' ? p.wireName : p.name };
      const fromParameter = source.kind !== 'body';
      // A list or map the service itself reads from the query string or headers already comes from there (a repeated parameter, a header per key).
      const already = fromParameter && !isScalar(p) && chosen.source.kind === source.kind;
      const refused = already ? undefined : fromParameter ? (isScalar(p) ? undefined : `a ${source.kind} parameter holds one text, not a ${p.type}`) : notFromBody(operation, p, body);
      if (refused !== undefined) {
        diagnostics.push(diagnostic('MAPPING_KEPT_CONSTANT', operation.location, undefined, { operation: operation.operation, member: p.name, type: p.type, source: fromParameter ? 'method-request parameter' : 'client body', reason: refused, kept: keptAs(chosen.source) }));
      } else if (!already) chosen = { source, reason: `moved by --from ${forced.source}${source.kind === 'body' ? bodyNote(operation, p, body) : ''}` };
    }
    if (later.has(p.name)) {
      if (chosen.source.kind === 'constant' && !flags.constants.includes(p.name)) {
        omitted.push({ member: p.name, reason: `only a later call sent it, and the client cannot (${chosen.reason}); as a constant it would put that call's value into every request (--constant ${p.name} does so)` });
        continue;
      }
      chosen = { source: chosen.source, reason: `only later calls sent it, so it is optional; ${chosen.reason}` };
    }
    const entries = mapEntries(p);
    if (entries && (chosen.source.kind === 'header' || chosen.source.kind === 'querystring' || chosen.source.kind === 'constant')) {
      const where = p.location === 'header' ? 'header' : 'query parameter';
      for (const { key, wireName, value } of entries) {
        const type = Array.isArray(value) ? 'list' : 'string';
        const entry =
          chosen.source.kind === 'constant'
            ? { source: { kind: 'constant' as const, value }, reason: `${chosen.reason}: the ${where} ${wireName}` }
            : {
                source: { kind: p.location === 'header' ? ('header' as const) : ('querystring' as const), name: wireName },
                reason: `an entry of ${p.name}, which the service reads from a ${where} of its own (${p.location === 'header' ? `${p.wireName} and the key` : 'the key'}), so the client sends ${wireName}; API Gateway passes on only the ${where}s a method declares, so a key the log does not show is not passed on`,
              };
        mappings.push({ member: p.name, entry: key, location: p.location, wireName, type, required: false, ...entry });
      }
      continue;
    }
    if (p.idempotencyToken && p.type === 'string' && p.location === 'body' && chosen.source.kind === 'querystring') {
      const reason = `${chosen.reason}; it is an idempotency token, which the SDK fills with a fresh UUID and a request made without it must carry: when the client sends none, the template sends API Gateway's request id, one per request`;
      mappings.push({ member: p.name, location: p.location, wireName: p.wireName, type: p.type, required: false, source: chosen.source, reason, orRequestId: true });
      continue;
    }
    const sole = chosen.source.kind === 'body' ? soleOf(operation, p) : undefined;
    mappings.push({ member: p.name, location: p.location, wireName: p.wireName, type: p.type, required: p.required && !later.has(p.name), ...chosen, ...(sole ? { inner: sole } : {}) });
  }

  // One body member is the whole client body; several are fields of a client JSON object (an
  // XML body's members are all the one body).
  const fromBody = mappings.filter((m) => m.source.kind === 'body' || m.source.kind === 'body-field');
  if (fromBody.length > 1 && !xml) {
    for (const m of fromBody) {
      m.source = { kind: 'body-field', field: m.member };
      m.reason += '; several members come from the body, so the client sends a JSON object with one field per member';
    }
  }
  return { mappings, omitted, diagnostics };
}

/**
 * The entries of a header map (a member botocore writes as one header per entry, its name the
 * member's prefix and the key), as the log's call sent them.
 */
/**
 * The entries of a map the service reads one header or query parameter per entry, as the log
 * shows them: S3's Metadata (`x-amz-meta-` and the key), or a querystring map, whose keys
 * botocore merges into the query string as they are (`_partition_parameters`).
 */
function mapEntries(p: InferredParameter): Array<{ key: string; wireName: string; value: string | string[] }> | undefined {
  if ((p.location !== 'header' && p.location !== 'querystring') || p.type !== 'map' || typeof p.example !== 'object' || p.example === null || Array.isArray(p.example)) return undefined;
  return Object.entries(p.example).map(([key, value]) => ({
    key,
    wireName: p.location === 'header' ? `${p.wireName}${key}` : key,
    value: Array.isArray(value) ? value.map(String) : String(value),
  }));
}

/** Whether the log's value of a member held a secret, which redaction replaced: no constant can stand for it. */
function holdsSecret(value: unknown): boolean {
  if (typeof value === 'string') return holdsRedacted(value);
  if (Array.isArray(value)) return value.some(holdsSecret);
  return typeof value === 'object' && value !== null && Object.values(value).some(holdsSecret);
}

function defaultSource(operation: InferredOperation, p: InferredParameter, payload: string | undefined, body: BodyTemplate): { source: ValueSource; reason: string } {
  const queryStringPayload = body === 'none';
  const notBuilt = notFromBody(operation, p, body);
  if (isIdentifier(p.name)) return constant(p, 'it names the target resource; the API proxies for that one resource, as the AWS article does with its topic ARN');
  if (queryStringPayload && isScalar(p) && holdsSecret(p.example)) {
    // The pass-through has no body to carry it: every member is in the URL, or none gets sent.
    return { source: { kind: 'querystring', name: p.name }, reason: "it holds a secret (the log's value is redacted), yet the query-string pass-through asked for puts every member in the URL, where access logs may record it: drop --query-string-payload to send it in a body" };
  }
  if (holdsSecret(p.example)) {
    // The service reads it from no other place (S3's SSE-C key, SageMaker's CustomAttributes).
    if (p.location === 'header') return { source: { kind: 'header', name: p.wireName }, reason: "it holds a secret (the log's value is redacted), which the service reads from a header: the client sends the same header, which no URL shows" };
    if (notBuilt !== undefined) return constant(p, `it holds a secret the log's value was redacted of, and ${notBuilt}: replace REDACTED in the template before deploying`);
    return { source: { kind: 'body' }, reason: `it holds a secret (the log's value is redacted): the client sends it in the body, which no URL or access log shows${bodyNote(operation, p, body)}` };
  }
  if (queryStringPayload && isScalar(p)) {
    return { source: { kind: 'querystring', name: p.name }, reason: `query-string pass-through requested: the client sends it in the URL${p.type === 'blob' ? ' base64-encoded, as the service reads a blob,' : ''} and API Gateway forwards it in the integration URL` };
  }
  if (p.name === payload) {
    if (notBuilt !== undefined) return constant(p, `${notBuilt}; it stays as seen in the log`);
    return { source: { kind: 'body' }, reason: `it carries what the client sends: the method request body becomes this member${bodyNote(operation, p, body)}` };
  }
  switch (p.location) {
    case 'path':
      return { source: { kind: 'path', name: p.name }, reason: 'it is part of the service URI, so the method resource takes it as a path parameter' };
    case 'header':
      return {
        source: { kind: 'header', name: p.wireName },
        reason: isJsonValue(p.type, p.example)
          ? "the service reads it from a header as its JSON in base64 (the model's jsonvalue), so the client sends the same header, so encoded"
          : 'the service reads it from a header, so the client sends the same header',
      };
    case 'querystring':
      return {
        source: { kind: 'querystring', name: p.wireName },
        reason: p.type === 'list'
          ? 'the service reads it from the query string, one repeated parameter per item, so the client sends the same, and all the values are passed on'
          : 'the service reads it from the query string, so the client sends the same query parameter',
      };
    case 'body':
      if (p.type === 'blob' && payload === undefined) {
        return { source: { kind: 'body' }, reason: "bytes do not belong in a URL (capped at 10,240 characters, and text only): the client's body becomes this member" };
      }
      return isScalar(p)
        ? { source: { kind: 'querystring', name: p.name }, reason: 'an optional detail of the call: the client passes it as a query parameter, and the template writes it into the body' }
        : notBuilt === undefined
          ? constant(p, `a ${p.type} does not fit in a query parameter; it stays as seen in the log (use --from body ${p.name} to take it from the client's JSON body)`)
          : constant(p, `a ${p.type} does not fit in a query parameter, and ${notBuilt}; it stays as seen in the log`);
  }
}
