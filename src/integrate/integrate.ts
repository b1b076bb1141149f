/**
 * The integrate stage: InferredOperation[] -> IntegrationModel. Decides, once for every output
 * format, how API Gateway must call each operation: URI, static headers, request template,
 * method request, responses and the execution role.
 */
import { isDeepStrictEqual } from 'node:util';
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { isFormProtocol, isRawBody, isRestProtocol, jsonContentType, jsonTarget, FORM_CONTENT_TYPE } from '../infer/protocols.js';
import type { InferredOperation, InferredParameter, Protocol } from '../infer/types.js';
import { md5Base64 } from './example.js';
import { kebabCase, pascalCase } from './names.js';
import { accountOf, apiGatewayService, apiGatewaySubdomain, hostBucket, iamActions, partitionOf, impliedPermissions, isHostLabel, queueOf, resourceArns, s3ObjectsRead, slashesAreLevels } from './services.js';
import { bodyTemplateOf, clientRemedy, planMembers, type MappingFlags } from './sources.js';
import { bodyType, formTemplate, isPlainText, jsonTemplate, pathEncode, payloadTemplate, rawPayloadTemplate } from './templates.js';
import type {
  Decision,
  IntegrationModel,
  IntegrationResponse,
  MemberMapping,
  MethodModel,
  MethodRequestParameter,
  Templated,
  TemplateParameter,
  TemplatePart,
} from './types.js';

export interface IntegrateOptions extends MappingFlags {
  title?: string;
  stage?: string;
  /** The resource path of the method (with several operations, of the first; the others get their own). */
  resourcePath?: string;
  /** The execution role; a placeholder parameter when absent. */
  roleArn?: string;
  timeoutInMillis?: number;
}

export interface IntegrateResult {
  model: IntegrationModel;
  diagnostics: Diagnostic[];
}

/** The longest API Gateway lets an edge-optimized API's integration wait (a Regional one may ask for more). */
export const MAX_TIMEOUT = 29000;
/** API Gateway's default integration timeout, the most it allows. */
export const DEFAULT_TIMEOUT = MAX_TIMEOUT;
const ROLE_PARAMETER = 'ExecutionRoleArn';
/** The binary media type of the API: bytes passed through, or handed to a template base64-encoded. */
const OCTET_STREAM = 'application/octet-stream';
/** The media type of an XML body the client sends whole. */
const XML = 'application/xml';
/** The header of a body's digest: the base64 of its MD5 (RFC 1864). */
const CONTENT_MD5 = 'Content-MD5';

/**
 * The protocol the integration speaks: the call's own, except CBOR, which a VTL template cannot
 * write; then a protocol the service also accepts, JSON first.
 */
function integrationProtocol(op: InferredOperation): { protocol?: Protocol; decision?: Decision; reason?: string } {
  if (op.protocol !== 'smithy-rpc-v2-cbor') return { protocol: op.protocol };
  if (op.json && op.protocols.includes('json')) {
    return { protocol: 'json', decision: { subject: 'protocol', choice: `json (${op.json.targetPrefix}), not smithy-rpc-v2-cbor`, reason: 'API Gateway mapping templates write text and cannot produce CBOR; the service model says it also accepts JSON' } };
  }
  if (op.protocols.includes('query')) {
    return { protocol: 'query', decision: { subject: 'protocol', choice: 'query, not smithy-rpc-v2-cbor', reason: 'API Gateway mapping templates cannot produce CBOR; the service model says it also accepts the query protocol' } };
  }
  return { reason: 'the call uses smithy-rpc-v2-cbor, which mapping templates cannot write, and no service model shows another protocol it accepts (pass --model-dir)' };
}

/**
 * Deploy-time parameters, unique by name across the model. The execution role's comes first, so
 * no constant takes its name, and is listed last, after the values the methods use in turn.
 */
class Parameters {
  private readonly added: TemplateParameter[] = [];

  constructor(private readonly role: TemplateParameter) {}

  get list(): TemplateParameter[] {
    return [...this.added, this.role];
  }

  add(name: string, description: string, value: string): string {
    let unique = name;
    for (let n = 2; this.list.some((p) => p.name === unique && p.default !== value); n++) unique = `${name}${n}`;
    if (!this.list.some((p) => p.name === unique)) this.added.push({ name: unique, description, default: value });
    return unique;
  }
}

/**
 * What the integration model reads of a log's calls, gathered one call at a time: the first call
 * of each operation, which decides its method (calls of one operation, such as pagination pages,
 * share it), the members only its later calls sent (a page token), and what the execution role
 * and the mapping flags' check read of every call. So memory holds one call per operation,
 * however many calls a log has.
 */
export class CallDigest {
  /**
   * Per operation, in log order: its first call; the members its later calls sent and the first
   * did not, as first sent; and per member whose value a later call sent otherwise or not at all,
   * the first such value (undefined for none) and that call's number.
   */
  private readonly operations = new Map<
    string,
    { first: InferredOperation; later: InferredParameter[]; varied: Map<string, { value: unknown; call: number }>; otherRegion?: { region: string; call: number } }
  >();
  /** The services some call of which can be an integration: the role needs no permission for the others. */
  readonly integrableServices = new Set<string>();
  /** The account of the first call that shows one. */
  account: string | undefined;
  /** The ARN partition of the first call's region. */
  partition: string | undefined;
  /** The members some call sent, in the order first seen. */
  readonly members = new Set<string>();

  static of(operations: Iterable<InferredOperation>): CallDigest {
    const digest = new CallDigest();
    for (const op of operations) digest.add(op);
    return digest;
  }

  /** Adds a call; returns whether it is the first of its operation (the one that decides its method). */
  add(op: InferredOperation): boolean {
    if (integrationProtocol(op).protocol !== undefined) this.integrableServices.add(op.service);
    this.account ??= accountOf(op);
    this.partition ??= partitionOf(op.region).partition;
    for (const p of op.parameters) this.members.add(p.name);
    const key = operationKey(op);
    const seen = this.operations.get(key);
    if (seen === undefined) {
      this.operations.set(key, { first: op, later: [], varied: new Map() });
      return true;
    }
    if (seen.otherRegion === undefined && op.region !== seen.first.region) seen.otherRegion = { region: op.region, call: op.call + 1 };
    for (const p of op.parameters) {
      const first = seen.first.parameters.find((q) => q.name === p.name);
      if (first === undefined && !seen.later.some((q) => q.name === p.name)) seen.later.push(p);
      if (first !== undefined && !seen.varied.has(p.name) && !isDeepStrictEqual(p.example, first.example)) {
        seen.varied.set(p.name, { value: p.example, call: op.call + 1 });
      }
    }
    // A member the first call sent and a later one did not varies too: the method sends it always.
    for (const p of seen.first.parameters) {
      if (p.example !== undefined && !seen.varied.has(p.name) && !op.parameters.some((q) => q.name === p.name)) seen.varied.set(p.name, { value: undefined, call: op.call + 1 });
    }
    return false;
  }

  /** The first call of each operation, in log order. */
  get firstCalls(): InferredOperation[] {
    return [...this.operations.values()].map((o) => o.first);
  }

  /** The members later calls of a first call's operation sent, and it did not. */
  laterMembers(first: InferredOperation): InferredParameter[] {
    return this.operations.get(operationKey(first))?.later ?? [];
  }

  /** The first region a later call of a first call's operation went to other than its own, and that call's number. */
  otherRegion(first: InferredOperation): { region: string; call: number } | undefined {
    return this.operations.get(operationKey(first))?.otherRegion;
  }

  /** Members a later call of a first call's operation sent another value of, or none: the first such value (undefined for none), and that call's number. */
  variedMembers(first: InferredOperation): Map<string, { value: unknown; call: number }> {
    return this.operations.get(operationKey(first))?.varied ?? new Map();
  }
}

/** A value in a message: JSON, cut short past 60 characters; `none` for a member not sent. */
function shown(value: unknown): string {
  if (value === undefined) return 'none';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Operations that only read, by the verbs AWS names them with (DynamoDB's Query and Scan among them). */
const READS = /^(?:Get|List|Describe|Query|Scan|BatchGet|Search|Lookup|Head|Select)(?:[A-Z0-9]|$)/;

function readsOnly(operation: string): boolean {
  return READS.test(operation);
}

function operationKey(op: InferredOperation): string {
  return `${op.service} ${op.operation}`;
}

/**
 * The execution role every method uses: one per API, as the IAM output writes it. Its default
 * name tells the service when there is one.
 */
function executionRole(calls: CallDigest, options: IntegrateOptions): string {
  if (options.roleArn) return options.roleArn;
  const services = calls.integrableServices;
  return `arn:${calls.partition ?? 'aws'}:iam::${calls.account ?? '123456789012'}:role/apigateway-${services.size === 1 ? `${[...services][0]}-` : ''}integration`;
}

function buildMethod(
  op: InferredOperation,
  laterMembers: InferredParameter[],
  built: readonly MethodModel[],
  options: IntegrateOptions,
  role: string,
  parameters: Parameters,
  diagnostics: Diagnostic[],
): MethodModel | undefined {
  const chosen = integrationProtocol(op);
  if (!chosen.protocol) {
    diagnostics.push(diagnostic('INTEGRATION_UNSUPPORTED', op.location, undefined, { operation: `${op.service} ${op.operation}`, reason: chosen.reason! }));
    return undefined;
  }
  const protocol = chosen.protocol;
  const decisions: Decision[] = chosen.decision ? [chosen.decision] : [];
  const warnings: string[] = [];
  const plan = planMembers(op, protocol, options, laterMembers);
  diagnostics.push(...plan.diagnostics);
  const form = isFormProtocol(protocol);
  const rest = isRestProtocol(protocol);
  const id = pascalCase(`${op.service} ${op.operation}`);

  // Constants in plain text become deploy-time parameters (CloudFormation Fn::Sub, Terraform
  // variables), made when a template, URI or policy first uses them so none goes unused.
  const constantValues = new Map<string, string>();
  for (const m of plan.mappings) {
    // A header map's entries are static headers, each its own value: none is the member's parameter.
    if (m.entry !== undefined) continue;
    if (m.source.kind === 'constant' && typeof m.source.value === 'string') constantValues.set(m.member, m.source.value);
    else if (m.source.kind === 'constant' && m.source.value !== null && typeof m.source.value === 'object') {
      const parameter = op.parameters.find((p) => p.name === m.member);
      const remedy = parameter && clientRemedy(op, parameter, bodyTemplateOf(protocol, options.queryStringPayload));
      const how = remedy === undefined ? '' : 'flag' in remedy ? ` (use ${remedy.flag} to take it from the client${remedy.flag.startsWith('--from body') ? "'s JSON body" : ''})` : ` (no template can take it from the client: ${remedy.reason})`;
      warnings.push(`${m.member} is fixed to the ${m.type} seen in the log; every request sends that same value${how}`);
    }
  }
  for (const [member, value] of constantValues) {
    if (/^https?:\/\/(?:localhost|127\.|\[::1\])/.test(value)) warnings.push(`${member} is ${value}, captured against a local endpoint: give the real value before deploying`);
  }
  // SQS is addressed by the queue's path, and the policy names the queue's ARN, both cut from the
  // queue URL as the log shows it: its parameter can change the host (a capture against a local
  // endpoint), not the queue, and says so where it is set.
  const sqsQueue = op.service === 'sqs' && protocol === 'json' ? queueOf(constantValues.get('QueueUrl') ?? '') : undefined;
  // A member the rest protocols send as the raw body: a blob, or a payload string (protocols.ts).
  const isRawPayload = (m: MemberMapping): boolean => isRawBody(op.parameters.find((p) => p.name === m.member) ?? m);
  const parameterOf = (member: string): string | undefined => {
    const value = constantValues.get(member);
    const mapping = plan.mappings.find((m) => m.member === member);
    if (value === undefined || !isPlainText(value) || mapping?.type !== 'string') return undefined;
    const keepQueue = sqsQueue && member === 'QueueUrl' ? ` (the URI path and the policy name queue ${sqsQueue.account}/${sqsQueue.name}: keep it)` : '';
    return parameters.add(pascalCase(member), `${op.service} ${op.operation}: ${member}${keepQueue}`, value);
  };
  const constantPart = (member: string): TemplatePart | undefined => {
    const value = constantValues.get(member);
    if (value === undefined) return undefined;
    const parameter = parameterOf(member);
    return parameter ? { param: parameter } : value;
  };

  /** A warning both beside the method in the artifacts and on stderr, in the same words. */
  const warnAndReport = (code: 'MAPPING_STATIC_QUOTE' | 'PAYLOAD_IN_URL', fields: Record<string, string>): void => {
    const reported = diagnostic(code, op.location, undefined, { operation: `${op.service} ${op.operation}`, ...fields });
    warnings.push(reported.message);
    diagnostics.push(reported);
  };
  const requestParameters: Record<string, Templated> = {};
  const staticValue = (value: string): Templated => [`'${value}'`];
  // A static value is whatever stands between two single quotes: API Gateway has no escape for a
  // quote inside one, so such a value cannot be sent from the mapping at all.
  const staticConstant = (m: MemberMapping, value: string, target: string, from: 'header' | 'query'): void => {
    const parameter = parameterOf(m.member);
    if (parameter) requestParameters[target] = ["'", { param: parameter }, "'"];
    else if (!value.includes("'")) requestParameters[target] = staticValue(value);
    else {
      warnAndReport('MAPPING_STATIC_QUOTE', { member: m.member, source: from });
    }
  };
  const methodParameters: MethodRequestParameter[] = [];
  const requestTemplates: Record<string, Templated> = {};
  let passthroughBehavior: MethodModel['integration']['passthroughBehavior'] = 'NEVER';
  let contentTypes = ['application/json'];
  let contentHandling: MethodModel['integration']['contentHandling'];
  /** The body every request sends, whatever the client's: a payload fixed by --constant. */
  let fixedBody: string | undefined;
  // A blob from the client's body: bytes that are not UTF-8 text would not survive API Gateway's
  // reading of a text body, so the client may send them as application/octet-stream, a binary
  // media type, which reaches its own template base64-encoded.
  const bytesTemplate = (members: MemberMapping[], template: (bodyIsBase64: boolean) => Templated): void => {
    const blob = members.find((m) => m.source.kind === 'body' && bodyType(m) === 'blob');
    if (!blob) return;
    requestTemplates[OCTET_STREAM] = template(true);
    contentHandling = 'CONVERT_TO_TEXT';
    decisions.push({
      subject: 'binary body',
      choice: `a template for ${OCTET_STREAM}, a binary media type; contentHandling CONVERT_TO_TEXT`,
      reason: `${blob.member}${blob.inner ? `'s ${blob.inner.name}` : ''} is bytes: API Gateway reads a text body as UTF-8, which changes bytes that are not; sent as ${OCTET_STREAM}, the client's bytes reach the template base64-encoded, as the service takes them (a text body keeps application/json)`,
    });
  };

  for (const m of plan.mappings) {
    const s = m.source;
    if (s.kind === 'querystring' || s.kind === 'header' || s.kind === 'path') {
      // A path label is never empty: API Gateway routes only requests that fill it.
      methodParameters.push({ location: s.kind, name: s.name, required: m.required || s.kind === 'path', member: m.member, ...(isMultiValue(m) ? { multiValue: true as const } : {}) });
    }
  }

  // URI: RPC protocols name the action; REST protocols name the path, labels filled from constants or the method's path.
  const service = apiGatewayService(op);
  // A label of the subdomain that a member's deploy-time parameter holds (S3 Control's account id) is that parameter.
  const subdomain = apiGatewaySubdomain(op)
    ?.split('.')
    .map((label) => {
      const member = plan.mappings.find((m) => m.source.kind === 'constant' && m.source.value === label && isHostLabel(op, label))?.member;
      return member !== undefined && parameterOf(member) ? `\u0000${member}\u0000` : label;
    })
    .join('.');
  const host = subdomain ? `${subdomain}.${service}` : service;
  if (service === 'iotdata' && !subdomain) {
    // As the aws-apigateway-iot Solutions Construct requires it: IoT answers at the account's own endpoint.
    warnings.push(
      `IoT's data plane answers at your account's endpoint, which the URI names as its subdomain ({prefix}-ats.iotdata); this call went to ${op.host ?? 'a host'}, which names none: capture it with --endpoint-url https://$(aws iot describe-endpoint --endpoint-type iot:Data-ATS --query endpointAddress --output text), or put the subdomain in the URI`,
    );
  }
  // Text with members' parameters between NULs, as the URI's parts.
  const templated = (text: string): Templated => text.split('\u0000').map((piece, i) => (i % 2 === 1 ? { param: parameterOf(piece)! } : piece)).filter((part) => part !== '');
  let uri: Templated;
  if (rest) {
    const bucket = hostBucket(op);
    const [template, staticQuery] = (op.requestUri ?? (bucket === undefined ? op.path : `/${bucket}${op.path === '/' ? '' : op.path}`)).split('?');
    const path = template!.replace(/\{([^}+]+)(\+?)\}/g, (_all, label: string, greedy: string) => {
      const mapping = plan.mappings.find((m) => m.location === 'path' && m.wireName === label);
      if (mapping?.source.kind === 'constant') {
        const value = String(mapping.source.value ?? '');
        const encoded = pathEncode(value, greedy === '+');
        // A value encoding leaves as it is can stay a parameter (API Gateway puts it in the path
        // unencoded); any other is fixed here, percent-encoded.
        if (value !== '' && encoded === value && parameterOf(mapping.member)) return `\u0000${mapping.member}\u0000`;
        return encoded;
      }
      // A label is filled by a parameter mapping from wherever the client sends it: the path, or (--from) the query string or a header.
      if (mapping && (mapping.source.kind === 'path' || mapping.source.kind === 'querystring' || mapping.source.kind === 'header')) {
        requestParameters[`integration.request.path.${label}`] = [`method.request.${mapping.source.kind}.${mapping.source.name}`];
      }
      return `{${label}}`;
    });
    const uriText = `arn:${partitionOf(op.region).partition}:apigateway:${op.region}:${host}:path/${path === '/' ? '/' : path.replace(/^\//, '')}`;
    uri = templated(uriText);
    for (const [k, v] of new URLSearchParams(staticQuery ?? '')) requestParameters[`integration.request.querystring.${k}`] = staticValue(v);
    decisions.push({ subject: 'URI', choice: 'path', reason: `${op.protocol} services are addressed by path (${op.requestUri ?? op.path})` });
  } else if (sqsQueue) {
    const queuePath = `${sqsQueue.account}/${sqsQueue.name}`;
    uri = templated(`arn:${partitionOf(op.region).partition}:apigateway:${op.region}:${host}:path/${queuePath}`);
    decisions.push({ subject: 'URI', choice: `path/${queuePath}`, reason: 'SQS takes the queue in its URL path; this form with the JSON protocol is the one API Gateway is known to accept for SQS' });
  } else {
    uri = templated(`arn:${partitionOf(op.region).partition}:apigateway:${op.region}:${host}:action/${op.operation}`);
    decisions.push({ subject: 'URI', choice: `action/${op.operation}`, reason: `${protocol} services are addressed by action; API Gateway adds Action=${op.operation} to the query string` });
  }

  // Static headers and the body.
  const passthroughMembers = plan.mappings.filter((m) => m.source.kind === 'querystring' && options.queryStringPayload && form);
  if (options.queryStringPayload && !form) diagnostics.push(diagnostic('QUERY_STRING_PAYLOAD_UNUSED', '<arguments>', undefined, { operation: `${op.service} ${op.operation}`, protocol }));
  const formFields = new Map(op.parameters.map((p) => [p.name, p.formFields]));
  if (form && options.queryStringPayload) {
    for (const m of plan.mappings) {
      if (m.source.kind === 'querystring') requestParameters[`integration.request.querystring.${m.wireName}`] = [`method.request.querystring.${m.source.name}`];
      else if (m.source.kind === 'constant' && constantValues.has(m.member)) staticConstant(m, constantValues.get(m.member)!, `integration.request.querystring.${m.wireName}`, 'query');
      else if (m.source.kind === 'constant') {
        // A constant list or map travels as the fields botocore serialized (Name.entry.1.key...),
        // a number or boolean as its one field.
        const fields = formFields.get(m.member) ?? [[m.wireName, String(m.source.value)]];
        if (fields.some(([, value]) => value.includes("'"))) warnAndReport('MAPPING_STATIC_QUOTE', { member: m.member, source: 'query' });
        else for (const [field, value] of fields) requestParameters[`integration.request.querystring.${field}`] = staticValue(value);
      }
    }
    if (op.apiVersion) requestParameters['integration.request.querystring.Version'] = staticValue(op.apiVersion);
    passthroughBehavior = 'WHEN_NO_MATCH';
    if (passthroughMembers.length > 0) warnAndReport('PAYLOAD_IN_URL', { members: passthroughMembers.map((m) => m.member).join(', '), travel: passthroughMembers.length === 1 ? 'travels' : 'travel' });
    decisions.push({ subject: 'body', choice: 'query-string pass-through (requested)', reason: 'the AWS article\'s first style; only for short values' });
  } else if (form) {
    requestParameters['integration.request.header.Content-Type'] = staticValue(FORM_CONTENT_TYPE);
    const formShapes = new Map(op.parameters.map((p) => [p.name, p.formShape]));
    const members = plan.mappings.map((mapping) => ({ mapping, formFields: formFields.get(mapping.member), formShape: formShapes.get(mapping.member) }));
    const template = (bodyIsBase64: boolean): Templated => formTemplate(op.operation, op.apiVersion, members, parameterOf, bodyIsBase64);
    requestTemplates['application/json'] = template(false);
    bytesTemplate(plan.mappings, template);
    decisions.push({ subject: 'body', choice: `form-urlencoded template, Content-Type '${FORM_CONTENT_TYPE}'`, reason: `the ${protocol} protocol reads its parameters from a form body; in the body, the message is not capped by the URL length` });
  } else if (protocol === 'json') {
    const contentType = op.json ? jsonContentType(op.json.jsonVersion) : op.contentType ?? jsonContentType(undefined);
    requestParameters['integration.request.header.Content-Type'] = staticValue(contentType);
    if (op.json) requestParameters['integration.request.header.X-Amz-Target'] = staticValue(jsonTarget(op.json.targetPrefix, op.operation));
    requestTemplates['application/json'] = jsonTemplate(plan.mappings, parameterOf);
    bytesTemplate(plan.mappings, (bodyIsBase64) => jsonTemplate(plan.mappings, parameterOf, bodyIsBase64));
    decisions.push({ subject: 'headers', choice: `Content-Type '${contentType}'${op.json ? `, X-Amz-Target '${jsonTarget(op.json.targetPrefix, op.operation)}'` : ''}`, reason: 'the JSON protocol routes by X-Amz-Target; without it the service cannot tell the operation (an action URI alone is not enough for most JSON services)' });
  } else {
    const payload = plan.mappings.find((m) => m.source.kind === 'body' && isRawPayload(m));
    const fixedPayload = plan.mappings.find((m) => m.location === 'body' && m.source.kind === 'constant' && isRawPayload(m));
    const bodyMembers = plan.mappings.filter((m) => m.location === 'body' && m !== payload);
    if (payload) {
      passthroughBehavior = 'WHEN_NO_MATCH';
      contentTypes = ['*/*'];
      decisions.push({ subject: 'body', choice: 'passed through unchanged', reason: `${payload.member} is a ${payload.type} payload: the client's ${payload.type === 'blob' ? 'bytes are' : 'text is'} the body` });
    } else if (fixedPayload?.source.kind === 'constant' && typeof fixedPayload.source.value === 'string') {
      // The body is the payload's own bytes, as botocore sends it, not a JSON document holding it.
      fixedBody = fixedPayload.source.value;
      if (op.contentType) requestParameters['integration.request.header.Content-Type'] = staticValue(op.contentType);
      requestTemplates['application/json'] = rawPayloadTemplate(fixedBody);
      decisions.push({ subject: 'body', choice: `${fixedPayload.member} as the log shows it`, reason: `${fixedPayload.member} is a ${fixedPayload.type} payload, sent as the raw body, and --constant fixes it: the template writes the log's ${fixedPayload.type === 'blob' ? 'bytes' : 'text'} whatever the client sends` });
    } else if (bodyMembers.length > 0 && protocol === 'rest-json') {
      requestParameters['integration.request.header.Content-Type'] = staticValue(op.contentType ?? 'application/json');
      const structurePayload = bodyMembers.find((m) => op.parameters.some((p) => p.name === m.member && p.payload));
      requestTemplates['application/json'] = structurePayload ? payloadTemplate(structurePayload, parameterOf) : jsonTemplate(bodyMembers, parameterOf);
      bytesTemplate(bodyMembers, (bodyIsBase64) => jsonTemplate(bodyMembers, parameterOf, bodyIsBase64));
    } else if (bodyMembers.length > 0) {
      passthroughBehavior = 'WHEN_NO_MATCH';
      contentTypes = [XML];
      warnings.push(`${bodyMembers.map((m) => m.member).join(', ')} ${bodyMembers.length === 1 ? 'travels' : 'travel'} in an XML body; the client's body is passed through as it is`);
    }
  }
  if (rest) {
    for (const m of plan.mappings) {
      if (m.location === 'path') continue;
      const target = m.location === 'header' ? `integration.request.header.${m.wireName}` : m.location === 'querystring' ? `integration.request.querystring.${m.wireName}` : undefined;
      if (!target) continue;
      if (m.source.kind === 'constant') staticConstant(m, m.source.value === null || m.source.value === undefined ? '' : String(m.source.value), target, m.location === 'header' ? 'header' : 'query');
      else if (isMultiValue(m)) {
        requestParameters[`integration.request.multivaluequerystring.${m.wireName}`] = [`method.request.multivaluequerystring.${m.source.name}`];
      } else if (m.source.kind === 'querystring' || m.source.kind === 'header' || m.source.kind === 'path') {
        requestParameters[target] = [`method.request.${m.source.kind}.${m.source.name}`];
      }
    }
    if (op.contentType && plan.mappings.some((m) => m.source.kind === 'body' && isRawPayload(m)) && !plan.mappings.some((m) => m.wireName.toLowerCase() === 'content-type')) {
      requestParameters['integration.request.header.Content-Type'] = ['method.request.header.Content-Type'];
      methodParameters.push({ location: 'header', name: 'Content-Type', required: false, member: 'Content-Type', bodyHeader: 'media-type' });
    }
  }

  // Headers the SDK adds for the service, which no member carries: a constant the service needs.
  const serviceHeaders = (op.serviceHeaders ?? []).filter((h) => !h.value.includes("'") && !Object.keys(requestParameters).some((t) => t.toLowerCase() === `integration.request.header.${h.name.toLowerCase()}`));
  for (const h of serviceHeaders) requestParameters[`integration.request.header.${h.name}`] = staticValue(h.value);
  if (serviceHeaders.length > 0) {
    const them = serviceHeaders.length === 1 ? 'it' : 'them';
    decisions.push({ subject: 'service headers', choice: serviceHeaders.map((h) => `${h.name} '${h.value}'`).join(', '), reason: `the SDK adds ${them} for ${op.service} and the service reads ${them}, but no member carries ${them}` });
  }

  // Query services answer JSON envelopes only when asked; ask, and unwrap the envelope for the client.
  const responses: IntegrationResponse[] = [];
  const errorTemplate: Record<string, string> = {};
  if (protocol === 'query') {
    requestParameters['integration.request.header.Accept'] = staticValue('application/json');
    responses.push({ statusCode: '200', responseTemplates: { 'application/json': `$input.json('$.${op.operation}Response.${op.operation}Result')` }, responseParameters: {} });
    errorTemplate['application/json'] = `$input.json('$.Error')`;
    decisions.push({ subject: 'responses', choice: "Accept 'application/json'; the 200 template unwraps the JSON envelope", reason: `query services answer XML unless asked for JSON, and then wrap the result as {"${op.operation}Response":{"${op.operation}Result":...}}` });
  } else {
    const passed = passedHeaders(op, protocol);
    responses.push({ statusCode: '200', responseTemplates: {}, responseParameters: passed });
    if (op.streamsResponse) {
      decisions.push({
        subject: 'responses',
        choice: "the service's bytes are passed through",
        reason: `${op.operation} answers a stream of bytes, not a document: API Gateway passes them on as they are only when the client's Accept type is one the API lists as binary, and else reads them as UTF-8 text, which changes bytes that are not`,
      });
    } else {
      decisions.push({ subject: 'responses', choice: "the service's response is passed through", reason: protocol === 'ec2' ? 'the ec2 protocol answers XML only' : `${protocol} services answer ${protocol === 'rest-xml' ? 'XML' : 'JSON'} the client can read as it is` });
    }
    if (Object.keys(passed).length > 0) {
      decisions.push({
        subject: 'response headers',
        choice: `passed on: ${Object.keys(passed).map((target) => target.slice(RESPONSE_HEADER.length)).join(', ')}`,
        reason: `${op.operation} answers ${(op.responseHeaders ?? []).map((h) => h.name).join(', ')} in headers, which API Gateway drops unless the method response declares them`,
      });
    }
  }
  if (op.service === 'lambda' && op.operation === 'Invoke') {
    // API Gateway reads a Lambda invocation's selection patterns against the function error's
    // errorMessage, not the HTTP status (which stays 200 for a function error).
    responses.push({ statusCode: '500', selectionPattern: '(.|\\n)+', responseTemplates: errorTemplate, responseParameters: {} });
    decisions.push({ subject: 'error responses', choice: 'a function error (any errorMessage) answers 500', reason: "for a Lambda invocation API Gateway matches selection patterns against the error's errorMessage, so status patterns (4\\d{2}) would never see a function error, which Lambda answers with HTTP 200" });
  } else {
    responses.push({ statusCode: '400', selectionPattern: '4\\d{2}', responseTemplates: errorTemplate, responseParameters: {} });
    responses.push({ statusCode: '500', selectionPattern: '5\\d{2}', responseTemplates: errorTemplate, responseParameters: {} });
  }

  // Query services take GET or POST alike; a form body needs POST (an API-reference URL shows GET).
  const integrationMethod = form && !options.queryStringPayload ? 'POST' : op.httpMethod;
  if (integrationMethod !== op.httpMethod) decisions.push({ subject: 'integration method', choice: 'POST', reason: `the call was a ${op.httpMethod}, but its parameters now travel in a form body, which ${op.service} reads from a POST` });
  const hasBody = plan.mappings.some((m) => m.source.kind === 'body' || m.source.kind === 'body-field');
  // An RPC call without a client body could be a GET, but a GET is meant to be safe: browsers,
  // proxies and crawlers send and repeat one on their own, so only a call that reads is one.
  const httpMethod = rest ? op.httpMethod : hasBody || !readsOnly(op.operation) ? 'POST' : 'GET';
  if (!rest && !hasBody && httpMethod === 'POST') {
    decisions.push({ subject: 'method', choice: 'POST, without a body', reason: `the client sends no body, but ${op.operation} changes state, and a GET is meant to be safe: browsers, proxies and crawlers may send or repeat one on their own` });
  }
  const path = resourcePathOf(op, built.length, options, methodParameters, plan.mappings, (p) => built.some((m) => m.httpMethod === httpMethod && m.resourcePath === p));
  if (path.unknownLabel !== undefined) {
    const labels = methodParameters.filter((p) => p.location === 'path').map((p) => p.name);
    diagnostics.push(diagnostic('MAPPING_PATH_LABEL', '<arguments>', undefined, { path: options.resourcePath!, label: path.unknownLabel, operation: `${op.service} ${op.operation}`, labels: labels.length > 0 ? labels.join(', ') : 'none', used: path.resourcePath }));
  }
  if (path.renamedFrom) decisions.push({ subject: 'resource path', choice: path.resourcePath, reason: `${httpMethod} ${path.renamedFrom} is another method's (--resource-path gave it that path)` });
  const slashed = path.slashed;
  if (slashed !== undefined) {
    decisions.push({ subject: slashed.member, choice: `greedy label {${slashed.name}+}`, reason: "its value holds '/': a greedy label takes it as the client writes it, slashes and all" });
    // API Gateway puts a path value into the service's path with its slashes as they are, where botocore sends %2F.
    if (!slashesAreLevels(op, slashed.member)) warnings.push(`${slashed.member} holds '/', which reaches ${op.service} as path segments, not as %2F as botocore sends it: ${op.service} may not read it as one value`);
  }
  const resourcePath = path.resourcePath;
  if (Object.keys(requestTemplates).length > 0 && plan.mappings.some((m) => m.source.kind === 'body' && bodyType(m) === 'string')) {
    contentTypes = ['application/json', 'text/plain'];
    requestTemplates['text/plain'] = requestTemplates['application/json']!;
  }
  if (requestTemplates[OCTET_STREAM]) contentTypes = [...contentTypes, OCTET_STREAM];
  // Without a template or a body passed through, the client sends no body at all, so none is described.
  const passesBody = passthroughBehavior === 'WHEN_NO_MATCH' && plan.mappings.some((m) => m.source.kind === 'body');
  if (Object.keys(requestTemplates).length === 0 && !passesBody) contentTypes = [];
  if (op.checksumRequired) {
    const digest = bodyDigest(op, requestTemplates, passesBody, requestParameters, methodParameters, fixedBody);
    decisions.push(digest.decision);
    if (digest.warning) warnings.push(digest.warning);
  }
  if (Object.keys(requestTemplates).length === 0 && passthroughBehavior === 'NEVER') {
    // NEVER refuses every request when no template exists at all.
    passthroughBehavior = 'WHEN_NO_TEMPLATES';
    decisions.push({ subject: 'content types', choice: 'no request template; passthroughBehavior WHEN_NO_TEMPLATES', reason: 'the call has no body to build: the service reads everything from the URI and headers' });
  } else if (passthroughBehavior === 'NEVER') {
    decisions.push({ subject: 'content types', choice: `templates for ${contentTypes.join(', ')}; passthroughBehavior NEVER`, reason: 'API Gateway picks the template by the client\'s Content-Type (application/json when absent); any other type is refused with 415 rather than forwarded unmapped' });
  }

  for (const m of plan.mappings) decisions.push({ subject: m.entry === undefined ? m.member : `${m.member}.${m.entry}`, choice: describeSource(m), reason: m.reason });
  for (const o of plan.omitted) decisions.push({ subject: o.member, choice: 'left out', reason: o.reason });

  const objectsRead = s3ObjectsRead(op);
  if (objectsRead.length > 0) {
    decisions.push({ subject: 'execution role', choice: `s3:GetObject on ${objectsRead.map((arn) => arn.join('')).join(', ')}`, reason: `${op.service} reads the S3 object the call names with the caller's permissions: the role must be allowed to read it` });
  }
  const resources = resourceArns(op, constantPart);
  const implied = impliedPermissions(op, resources);
  for (const p of implied) decisions.push({ subject: 'execution role', choice: `${p.actions.join(', ')} on ${p.resources.map((arn) => arn.map((part) => (typeof part === 'string' ? part : `{${part.param}}`)).join('')).join(', ')}`, reason: p.reason });
  if (!options.roleArn) warnings.push(`no --role-arn: CloudFormation and Terraform create the execution role; other formats name ${role}, to create from the IAM output`);

  return {
    id,
    operation: op,
    resourcePath,
    httpMethod,
    request: {
      parameters: methodParameters,
      validator: methodParameters.some((p) => p.required) ? 'params' : null,
      contentTypes,
    },
    members: plan.mappings,
    integration: {
      type: 'AWS',
      protocol,
      httpMethod: integrationMethod,
      uri,
      credentials: [{ param: ROLE_PARAMETER }],
      requestParameters,
      requestTemplates,
      passthroughBehavior,
      ...(contentHandling ? { contentHandling } : {}),
      timeoutInMillis: options.timeoutInMillis ?? DEFAULT_TIMEOUT,
      responses,
    },
    responses: responses.map((r) => ({
      statusCode: r.statusCode,
      responseParameters: Object.fromEntries(Object.keys(r.responseParameters).map((target) => [target, false])),
    })),
    policy: [
      { actions: iamActions(op), resources },
      ...(objectsRead.length > 0 ? [{ actions: ['s3:GetObject'], resources: objectsRead }] : []),
      ...implied.map(({ actions, resources: on }) => ({ actions, resources: on })),
    ],
    decisions,
    warnings,
  };
}


/**
 * The Content-MD5 of a call the service refuses without a digest of its body, which API Gateway
 * cannot compute: static for a body fixed at build time (none at all, or `fixedBody`), the
 * client's own for a body passed through as it is (required, so API Gateway refuses a request
 * without it, not the service), and none for a body a template writes from the client's, whose
 * bytes the client never sees. Adds the mapping; returns why.
 */
function bodyDigest(
  op: InferredOperation,
  requestTemplates: Record<string, Templated>,
  passesBody: boolean,
  requestParameters: Record<string, Templated>,
  methodParameters: MethodRequestParameter[],
  fixedBody: string | undefined,
): { decision: Decision; warning?: string } {
  const subject = 'body digest';
  const target = `integration.request.header.${CONTENT_MD5}`;
  const refuses = `${op.service} refuses ${op.operation} without a digest of its body (Content-MD5 or x-amz-checksum-*), which API Gateway cannot compute`;
  if (Object.keys(requestParameters).some((t) => t.toLowerCase() === target.toLowerCase())) {
    return { decision: { subject, choice: `${CONTENT_MD5} as mapped`, reason: `${refuses}; a member already sends it` } };
  }
  if (fixedBody !== undefined) {
    const md5 = md5Base64(fixedBody);
    requestParameters[target] = [`'${md5}'`];
    return { decision: { subject, choice: `${CONTENT_MD5} '${md5}'`, reason: `${refuses}; the body is fixed by --constant, and so is its MD5` } };
  }
  if (Object.keys(requestTemplates).length > 0) {
    return {
      decision: { subject, choice: 'none', reason: `${refuses}, and the body is written by a template, so the client cannot compute it either` },
      warning: `${refuses} for a body its template writes: ${op.service} will refuse these requests`,
    };
  }
  if (!passesBody) {
    const md5 = md5Base64('');
    requestParameters[target] = [`'${md5}'`];
    return { decision: { subject, choice: `${CONTENT_MD5} '${md5}'`, reason: `${refuses}; the request has no body, whose MD5 is fixed` } };
  }
  requestParameters[target] = [`method.request.header.${CONTENT_MD5}`];
  methodParameters.push({ location: 'header', name: CONTENT_MD5, required: true, member: CONTENT_MD5, bodyHeader: 'digest' });
  return {
    decision: { subject, choice: `the client's ${CONTENT_MD5} header, required`, reason: `${refuses}; the body is the client's, passed through as it is, so the client computes it` },
    warning: `${op.service} refuses ${op.operation} without a digest of its body: the client sends ${CONTENT_MD5}, the base64 of the body's MD5 (openssl md5 -binary BODY | base64)`,
  };
}

/** The prefix of a method response header's key. */
const RESPONSE_HEADER = 'method.response.header.';

/**
 * The 200 integration response's header mappings: each output member a rest service answers in
 * a named header, passed on under its own name. The integration speaks the call's protocol here
 * (only CBOR calls are mapped through another, and CBOR has no header-bound members).
 */
function passedHeaders(op: InferredOperation, protocol: Protocol): Record<string, string> {
  if (!isRestProtocol(protocol)) return {};
  return Object.fromEntries((op.responseHeaders ?? []).map(({ header }) => [`${RESPONSE_HEADER}${header}`, `integration.response.header.${header}`]));
}

/** Whether a member is a list the service reads from repeated query parameters, and the client sends as such. */
function isMultiValue(m: MemberMapping): m is MemberMapping & { source: { kind: 'querystring'; name: string } } {
  return m.source.kind === 'querystring' && m.location === 'querystring' && m.type === 'list';
}

function describeSource(m: MemberMapping): string {
  switch (m.source.kind) {
    case 'constant':
      return `constant ${JSON.stringify(m.source.value)}`.slice(0, 120);
    case 'body':
      return "the client's body";
    case 'body-field':
      return `field ${m.source.field} of the client's JSON body`;
    default:
      return `method request ${m.source.kind} parameter ${m.source.name}${isMultiValue(m) ? ', all its values' : ''}`;
  }
}

/**
 * The method's resource path: --resource-path for the first method, `/service/operation` for the
 * others, then its path parameters. One that another method of the same verb has (the first took
 * it by --resource-path) is numbered, as two methods of one verb on one resource cannot be.
 */
function resourcePathOf(
  op: InferredOperation,
  index: number,
  options: IntegrateOptions,
  params: MethodRequestParameter[],
  mappings: MemberMapping[],
  taken: (path: string) => boolean,
): { resourcePath: string; renamedFrom?: string; unknownLabel?: string; slashed?: MethodRequestParameter } {
  const given = index === 0 && options.resourcePath ? options.resourcePath.replace(/\/+$/, '') || '/' : undefined;
  // A label no path parameter fills would be a path parameter nothing declares, which API Gateway refuses.
  const unknownLabel = given?.match(/\{[^}+]+\+?\}/g)?.map((l) => l.replace(/[{}+]/g, '')).find((l) => !params.some((p) => p.location === 'path' && p.name === l));
  const base = given !== undefined && unknownLabel === undefined ? given : `/${kebabCase(op.service)}/${kebabCase(op.operation)}`;
  const greedy = new Set((op.requestUri ?? '').match(/\{[^}]+\+\}/g)?.map((l) => l.slice(1, -2)) ?? []);
  const pathParams = params.filter((p) => p.location === 'path' && !base.includes(`{${p.name}`));
  // A value with slashes (an MQTT topic's levels) is taken whole by a greedy label, which only the
  // last label may be; a plain one would have the client write each slash as %2F.
  const wireOf = (p: MethodRequestParameter): string => mappings.find((m) => m.member === p.member)?.wireName ?? p.name;
  const last = pathParams.at(-1);
  const example = op.parameters.find((p) => p.name === last?.member)?.example;
  const slashed = last !== undefined && !greedy.has(wireOf(last)) && typeof example === 'string' && example.includes('/') ? last : undefined;
  const labels = pathParams.map((p) => `{${p.name}${greedy.has(wireOf(p)) || p === slashed ? '+' : ''}}`);
  const pathOf = (b: string): string => [b === '/' ? '' : b, ...labels].join('/') || '/';
  const extra = { ...(unknownLabel === undefined ? {} : { unknownLabel }), ...(slashed === undefined ? {} : { slashed }) };
  const first = pathOf(base);
  if (!taken(first)) return { resourcePath: first, ...extra };
  const numbered = (n: number): string => pathOf(base === '/' ? `/${n}` : `${base}-${n}`);
  let n = 2;
  while (taken(numbered(n))) n++;
  return { resourcePath: numbered(n), renamedFrom: first, ...extra };
}

/**
 * Binary payloads pass through only for media types the API lists as binary: a request's by its
 * Content-Type, a response's by the client's Accept type. Listing every type is right when no
 * method uses a request template; beside one it would hand the template base64 of any body
 * (even its own method's, Polly's JSON beside the audio it answers), so then only
 * application/octet-stream is binary.
 */
function binaryMediaTypes(methods: MethodModel[]): string[] {
  const takesBytes = (m: MethodModel): boolean => m.request.contentTypes.includes('*/*');
  const binary = methods.filter((m) => takesBytes(m) || m.operation.streamsResponse === true);
  const converting = methods.some((m) => m.integration.contentHandling === 'CONVERT_TO_TEXT');
  if (binary.length === 0) return converting ? [OCTET_STREAM] : [];
  if (methods.every((m) => Object.keys(m.integration.requestTemplates).length === 0)) return ['*/*'];
  for (const m of binary) {
    if (takesBytes(m)) m.warnings.push(`other methods of this API use templates, so only ${OCTET_STREAM} bodies pass through as binary`);
    if (m.operation.streamsResponse) m.warnings.push(`request templates of this API read text bodies, so only ${OCTET_STREAM} is binary: the client sends Accept: ${OCTET_STREAM} to get the bytes as they are`);
  }
  return [OCTET_STREAM];
}

/**
 * Builds the integration model from a log's calls, or from their digest (gathered as the calls
 * were inferred, so a long log's calls need not be held). Calls of the same operation
 * (pagination pages) share one method, built from the first; what only later calls sent (a page
 * token) the client may send too.
 */
export function buildIntegrationModel(calls: InferredOperation[] | CallDigest, options: IntegrateOptions): IntegrateResult {
  const digest = calls instanceof CallDigest ? calls : CallDigest.of(calls);
  const diagnostics: Diagnostic[] = [];
  const role = executionRole(digest, options);
  const parameters = new Parameters({
    name: ROLE_PARAMETER,
    description: 'IAM role API Gateway assumes to call the services (trusts apigateway.amazonaws.com)',
    default: role,
    ...(options.roleArn ? {} : { placeholder: true }),
  });
  for (const flag of [...options.constants.map((member) => ({ flag: '--constant', member })), ...options.from.map((f) => ({ flag: `--from ${f.source}`, member: f.member }))]) {
    if (!digest.members.has(flag.member)) {
      diagnostics.push(diagnostic('MAPPING_FLAG_UNKNOWN_MEMBER', '<arguments>', undefined, { flag: flag.flag, member: flag.member, members: [...digest.members].join(', ') }));
    }
  }
  const methods: MethodModel[] = [];
  for (const op of digest.firstCalls) {
    const method = buildMethod(op, digest.laterMembers(op), methods, options, role, parameters, diagnostics);
    if (!method) continue;
    methods.push(method);
    const elsewhere = digest.otherRegion(op);
    if (elsewhere !== undefined) {
      diagnostics.push(diagnostic('MAPPING_REGION_VARIES', op.location, undefined, { operation: `${op.service} ${op.operation}`, first: String(op.call + 1), call: String(elsewhere.call), region: op.region, other: elsewhere.region }));
    }
    const varied = digest.variedMembers(op);
    for (const m of method.members) {
      const other = varied.get(m.member);
      if (m.source.kind !== 'constant' || m.entry !== undefined || other === undefined) continue;
      const parameter = op.parameters.find((p) => p.name === m.member);
      if (parameter === undefined) continue;
      const how = clientRemedy(op, parameter, bodyTemplateOf(method.integration.protocol, options.queryStringPayload));
      const remedy = 'flag' in how ? `to take it from the client, pass ${how.flag}` : `no template can take it from the client: ${how.reason}`;
      diagnostics.push(diagnostic('MAPPING_CONSTANT_VARIES', op.location, undefined, { operation: `${op.service} ${op.operation}`, member: m.member, first: String(op.call + 1), call: String(other.call), value: shown(m.source.value), other: shown(other.value), remedy }));
    }
  }
  const titleOps = methods.map((m) => `${m.operation.service} ${m.operation.operation}`);
  return {
    diagnostics,
    model: {
      title: options.title ?? (titleOps.length === 1 ? `${titleOps[0]} proxy` : 'AWS service proxy'),
      stage: options.stage ?? 'dev',
      parameters: parameters.list,
      methods,
      binaryMediaTypes: binaryMediaTypes(methods),
    },
  };
}
