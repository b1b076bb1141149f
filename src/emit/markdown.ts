/**
 * `request-shapes.md`: for each method, the request the log showed (endpoint, headers, a body
 * rebuilt from the examples, the parameters) and the integration built for it, with the
 * decisions and warnings behind it. Values a member name marks as secret (the names the parse
 * stage redacts by) are shown as REDACTED, and so are the values of entries that name a secret
 * (`{"Key": "DbPassword", "Value": ...}`), which only the examples shown here spell out.
 * Any text may appear in a value: table cells and fences are escaped so none breaks the layout.
 */
import { joinHeaderList } from '../infer/model-members.js';
import { isRawBody, isRestProtocol } from '../infer/protocols.js';
import type { InferredOperation, InferredParameter } from '../infer/types.js';
import { exampleRequest } from '../integrate/example.js';
import type { IntegrationModel, MethodModel, Templated } from '../integrate/types.js';
import { curlCommand } from './curl.js';
import type { Emitter } from './registry.js';
import { withDefaults } from './templated.js';
import { isSecretField, REDACTED } from '../parse/redact.js';

/** Fields that name a sibling value (map entries, tags, attributes: `{Name, Value}`, `{Key, Value}`). */
const NAMING = /^(?:key|name)$/i;

/**
 * A value with every field under a secret-looking key replaced by REDACTED, and the values of an
 * entry whose name looks secret (`{"Name": "DbPassword", "Value": ...}`).
 */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const named = entries.some(([k, v]) => NAMING.test(k) && typeof v === 'string' && isSecretField(v));
    return Object.fromEntries(entries.map(([k, v]) => [k, isSecretField(k) || (named && !NAMING.test(k)) ? REDACTED : redact(v)]));
  }
  return value;
}

/** Form fields redacted like redact(): by a secret-looking name segment, or a sibling naming a secret (`X.entry.1.key`). */
function redactFields(fields: Array<[string, string]>): Array<[string, string]> {
  const secretPrefixes = fields
    .filter(([key, value]) => NAMING.test(key.slice(key.lastIndexOf('.') + 1)) && isSecretField(value))
    .map(([key]) => key.slice(0, key.lastIndexOf('.') + 1));
  return fields.map(([key, value]) => {
    const sibling = secretPrefixes.some((prefix) => key.startsWith(prefix) && !NAMING.test(key.slice(prefix.length)));
    return [key, sibling || key.split('.').some(isSecretField) ? REDACTED : value];
  });
}

function example(parameter: InferredParameter): unknown {
  return isSecretField(parameter.name) || isSecretField(parameter.wireName) ? REDACTED : redact(parameter.example);
}

/** Table-cell or list text: backslashes, pipes and HTML escaped; line breaks become <br>. */
function text(value: string): string {
  return value
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replaceAll('<', '&lt;')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, '<br>');
}

/**
 * A code span: a backtick run longer than any inside, padded when the value starts or ends with
 * one; pipes escaped (GFM splits cells before it reads code spans). Text with a line break, which
 * a table row cannot hold, is shown as a JSON string.
 */
function code(value: string): string {
  if (value === '') return '(empty)';
  const shown = /[\r\n\u2028\u2029]/.test(value) ? JSON.stringify(value) : value;
  const longest = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') || (shown.startsWith(' ') && shown.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${shown.replaceAll('|', '\\|')}${pad}${fence}`;
}

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** A plain value as a code span of its JSON (strings as they are); absent values as a dash. */
function valueCode(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (value === REDACTED) return REDACTED;
  return code(scalar(value));
}

/**
 * A fenced block longer than any backtick run in the content. A block's last line ends with a
 * line break of its own, so one final line break of the content is not shown as an empty line.
 */
function fenced(info: string, content: string): string[] {
  const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...content.replace(/(?:\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/), fence];
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** A list item whose text cannot start a block of its own (heading, quote, list). */
function item(value: string): string {
  return `- ${text(value).replace(/^([#>+*=-]|\d+[.)])/, (m) => m.replace(/[#>+*=.)-]/, '\\$&'))}`;
}

/** The model with secret-looking parameters' defaults replaced, for withDefaults. */
function redactedModel(model: IntegrationModel): IntegrationModel {
  return { ...model, parameters: model.parameters.map((p) => (isSecretField(p.name) ? { ...p, default: REDACTED } : p)) };
}

/** The request body the log's call sent, rebuilt from the parameters' examples. */
function bodyExample(op: InferredOperation): string[] {
  const body = op.parameters.filter((p) => p.location === 'body');
  // A rest payload string is the body as it is, even where its text reads as JSON.
  switch (isRestProtocol(op.protocol) && body.some(isRawBody) ? 'binary' : op.bodyEncoding) {
    case 'none':
      return ['No body.'];
    case 'form': {
      // botocore's query and ec2 serializers: Action and Version first, then each member's fields.
      const fields: Array<[string, string]> = [['Action', op.operation]];
      if (op.apiVersion) fields.push(['Version', op.apiVersion]);
      for (const p of body) {
        const pairs = p.formFields ?? (p.example === undefined ? [] : [[p.wireName, scalar(p.example)] as [string, string]]);
        fields.push(...(isSecretField(p.name) ? pairs.map(([key]) => [key, REDACTED] as [string, string]) : redactFields(pairs)));
      }
      return ['Form-encoded (`application/x-www-form-urlencoded`):', '', ...fenced('text', new URLSearchParams(fields).toString())];
    }
    case 'binary': {
      const payload = body.find(isRawBody) ?? body[0];
      const value = payload ? example(payload) : undefined;
      if (typeof value !== 'string') return [`The body is the raw bytes of ${payload ? code(payload.name) : 'the payload'}; the log does not show them.`];
      return [`The body is ${code(payload!.name)} as it is:`, '', ...fenced('text', value)];
    }
    default: {
      const object = Object.fromEntries(body.map((p) => [p.wireName, example(p)]));
      const note =
        op.bodyEncoding === 'json' ? `JSON (${code(op.contentType ?? 'application/json')}):`
        : op.bodyEncoding === 'cbor' ? 'CBOR; the same members as JSON:'
        : 'XML; the same members as JSON:';
      return [note, '', ...fenced('json', JSON.stringify(object, null, 2))];
    }
  }
}

/** A query member as the SDK sends it: a list as one repeated key per item. */
function queryPairs(p: InferredParameter): Array<[string, string]> {
  const value = example(p);
  return Array.isArray(value) ? value.map((item) => [p.wireName, scalar(item)]) : [[p.wireName, scalar(value)]];
}

function endpoint(op: InferredOperation): string[] {
  const query = op.parameters.filter((p) => p.location === 'querystring');
  const rows: Array<[string, string]> = [
    ['Host', op.host ? code(op.host) : '—'],
    ['HTTP method', code(op.httpMethod)],
    ['Path', code(op.path)],
    ['Request URI (model)', op.requestUri ? code(op.requestUri) : '—'],
    ['Query string', query.length > 0 ? code(new URLSearchParams(query.flatMap(queryPairs)).toString()) : '—'],
    ['Protocol', code(op.protocol)],
    ['Content type', op.contentType ? code(op.contentType) : 'none sent'],
    ['X-Amz-Target', op.target ? code(op.target) : '—'],
    ['API version', op.apiVersion ? code(op.apiVersion) : '—'],
    ['Signing service and region', `${code(op.service)}, ${code(op.region)}`],
    ['Seen at', `${code(op.location)}, ${op.attempts} attempt${op.attempts === 1 ? '' : 's'}${op.responseStatus === null ? ', no response in the log' : `, HTTP ${op.responseStatus}`}`],
  ];
  return table(['Field', 'Value'], rows);
}

function headers(op: InferredOperation): string[] {
  const members = op.parameters.filter((p) => p.location === 'header');
  const sentAsMember = (name: string): boolean => members.some((p) => p.wireName.toLowerCase() === name.toLowerCase());
  const rows: string[][] = [];
  if (op.contentType && !sentAsMember('Content-Type')) rows.push([code('Content-Type'), code(op.contentType)]);
  if (op.target) rows.push([code('X-Amz-Target'), code(op.target)]);
  for (const p of members) {
    const value = example(p);
    // As botocore writes them: a list comma-separated, a map (S3's Metadata) a header per entry.
    if (p.type === 'list' && Array.isArray(value)) rows.push([code(p.wireName), code(joinHeaderList(value))]);
    else if (p.type === 'map' && value !== null && typeof value === 'object') for (const [key, entry] of Object.entries(value)) rows.push([code(`${p.wireName}${key}`), valueCode(entry)]);
    else rows.push([code(p.wireName), valueCode(value)]);
  }
  const signed = `${code('Host')}, ${code('X-Amz-Date')} and a SigV4 ${code('Authorization')} for ${code(op.service)} in ${code(op.region)}`;
  return rows.length > 0 ? [...table(['Header', 'Value'], rows), '', `Besides these, ${signed}.`] : [`Only the signed ones: ${signed}.`];
}

function parameters(op: InferredOperation): string[] {
  if (op.parameters.length === 0) return ['The call sent no parameters.'];
  const rows = op.parameters.map((p) => [
    code(p.name),
    p.location,
    p.wireName === p.name ? '' : code(p.wireName),
    text(p.type),
    p.required ? 'yes' : 'no',
    valueCode(example(p)),
  ]);
  return [...table(['Name', 'Location', 'Wire name', 'Type', 'Required', 'Example'], rows), '', `Required as ${op.requiredFrom === 'model' ? 'the service model says' : 'the protocol proves (no service model was found)'}.`];
}

/** What a method-request parameter carries, for the Feeds column. */
function feeds(p: MethodModel['request']['parameters'][number]): string {
  switch (p.bodyHeader) {
    case 'media-type':
      return "the body's media type";
    case 'digest':
      return "the body's MD5, base64 (the client computes it)";
    default:
      return p.multiValue ? `${code(p.member)}, one value per repetition` : code(p.member);
  }
}

function integration(model: IntegrationModel, m: MethodModel): string[] {
  const render = (value: Templated): string => withDefaults(model, value);
  const i = m.integration;
  const lines = [
    ...table(['Field', 'Value'], [
      ['Method request', `${code(m.httpMethod)} ${code(m.resourcePath)}`],
      ['Request validator', m.request.validator ? code(m.request.validator) : 'none'],
      ['Client content types', m.request.contentTypes.length > 0 ? m.request.contentTypes.map(code).join(', ') : 'none (no body)'],
      ['Type', code(i.type)],
      ['URI', code(render(i.uri))],
      ['Integration HTTP method', code(i.httpMethod)],
      ['Credentials', code(render(i.credentials))],
      ['Passthrough behavior', code(i.passthroughBehavior)],
      ...(i.contentHandling ? [['Content handling', code(i.contentHandling)] as [string, string]] : []),
      ['Timeout', `${i.timeoutInMillis} ms`],
    ]),
  ];
  if (m.request.parameters.length > 0) {
    lines.push('', '#### Method request parameters', '', ...table(['Parameter', 'Required', 'Feeds'], m.request.parameters.map((p) => [code(`method.request.${p.location}.${p.name}`), p.required ? 'yes' : 'no', feeds(p)])));
  }
  const requestParameters = Object.entries(i.requestParameters);
  if (requestParameters.length > 0) {
    lines.push('', '#### Integration request parameters', '', ...table(['Parameter', 'Value'], requestParameters.map(([k, v]) => [code(k), code(render(v))])));
  }
  // Content types that share one template are shown once.
  const templates = new Map<string, string[]>();
  for (const [type, template] of Object.entries(i.requestTemplates)) {
    const rendered = render(template);
    templates.set(rendered, [...(templates.get(rendered) ?? []), type]);
  }
  for (const [template, types] of templates) lines.push('', `#### Request template for ${types.map(code).join(', ')}`, '', ...fenced('vtl', template));
  const responseRows = i.responses.map((r) => [
    code(r.statusCode),
    r.selectionPattern === undefined ? 'default' : code(r.selectionPattern),
    Object.entries(r.responseTemplates).map(([type, t]) => `${code(type)}: ${code(t)}`).join('<br>') || '—',
    Object.entries(r.responseParameters).map(([k, v]) => `${code(k)} = ${code(v)}`).join('<br>') || '—',
  ]);
  lines.push('', '#### Responses', '', ...table(['Status', 'Selection pattern', 'Template', 'Parameters'], responseRows));
  return lines;
}

/**
 * How a client calls the deployed method to repeat the log's call: its values, redacted as shown
 * here, where the method takes them. A redacted blob goes as the bytes of REDACTED.
 */
function calling(model: IntegrationModel, m: MethodModel): string[] {
  const parameters = m.operation.parameters.map((p) => {
    const shown = example(p);
    return { ...p, example: shown === REDACTED && p.type === 'blob' ? Buffer.from(REDACTED).toString('base64') : shown };
  });
  const request = exampleRequest({ ...m, operation: { ...m.operation, parameters } });
  const url = `https://{rest-api-id}.execute-api.${m.operation.region}.amazonaws.com/${model.stage}`;
  const curl = curlCommand(m, request);
  const lines = [`With the API deployed, this repeats the log's call (\`INVOKE_URL\` is the stage's URL, ${code(url)}, which the CLI script prints):`, '', ...fenced('sh', curl.command)];
  if (curl.bodyFile === 'body.xml') lines.push('', `${code(curl.bodyFile)} holds the XML body: the body example's members, as the service reads them (\`infer-mapping verify\` prints the one the log's call sent).`);
  else if (curl.bodyFile) lines.push('', `The log does not show the body the call sent; ${code(curl.bodyFile)} holds the one to send.`);
  return lines;
}

function method(model: IntegrationModel, m: MethodModel): string[] {
  const op = m.operation;
  const lines = [
    `## ${text(`${op.service} ${op.operation}`)}: ${code(`${m.httpMethod} ${m.resourcePath}`)}`,
    '',
    '### Endpoint',
    '',
    ...endpoint(op),
    '',
    '### Headers to send',
    '',
    ...headers(op),
    '',
    '### Body example',
    '',
    ...bodyExample(op),
    '',
    '### Parameters',
    '',
    ...parameters(op),
    '',
    '### Integration',
    '',
    ...integration(model, m),
    '',
    '### Calling the method',
    '',
    ...calling(model, m),
    '',
    '### Decisions',
    '',
    ...(m.decisions.length > 0 ? table(['Subject', 'Choice', 'Reason'], m.decisions.map((d) => [text(d.subject), text(d.choice), text(d.reason)])) : ['None recorded.']),
  ];
  if (m.warnings.length > 0) lines.push('', '### Warnings', '', ...m.warnings.map(item));
  return lines;
}

/** The document for a model. */
export function renderMarkdown(model: IntegrationModel): string {
  const shown = redactedModel(model);
  const lines = [
    `# Request shapes: ${text(model.title)}`,
    '',
    `${model.methods.length} method${model.methods.length === 1 ? '' : 's'}, deployed to stage ${code(model.stage)}. Generated by infer-mapping from botocore \`--debug\` output.`,
  ];
  if (model.parameters.length > 0) {
    lines.push('', '## Deploy-time parameters', '', ...table(['Name', 'Default', 'Description'], shown.parameters.map((p) => [code(p.name), p.default === REDACTED ? REDACTED : code(p.default), text(p.description)])));
  }
  if (model.binaryMediaTypes.length > 0) lines.push('', `Binary media types: ${model.binaryMediaTypes.map(code).join(', ')}.`);
  for (const m of model.methods) lines.push('', ...method(shown, m));
  return `${lines.join('\n')}\n`;
}

export const markdown: Emitter = {
  format: 'markdown',
  description: 'A document of each call\'s request shape and the integration built for it (request-shapes.md)',
  emit: (model) => [{ name: 'request-shapes.md', content: renderMarkdown(model) }],
};
