/**
 * VTL request templates, one builder per body encoding. Every value lands either as a VTL
 * expression over the method request or as a literal encoded so that VTL cannot read it as code:
 * form literals are percent-encoded (no `$` or `#` survives), JSON literals carry `$` and `#` as
 * `\u0024` / `\u0023` escapes, which mean the same value to any JSON reader.
 */
import type { FormShape, SoleMember } from '../infer/types.js';
import type { MemberMapping, Templated, TemplatePart, ValueSource } from './types.js';

/** The VTL expression that reads a dynamic source from the method request. */
function sourceExpression(source: Exclude<ValueSource, { kind: 'constant' }>): string {
  switch (source.kind) {
    case 'body':
      return '$input.body';
    case 'body-field':
      return `$input.path('$.${source.field}')`;
    case 'querystring':
    case 'header':
    case 'path':
      return `$input.params().${source.kind}.get('${source.name}')`;
  }
}

/** `%XX` for each UTF-8 byte of `text` but the ASCII characters `keeps` matches, uppercase hex. */
function percentEncode(text: string, keeps: RegExp): string {
  let out = '';
  for (const b of UTF8.encode(text)) {
    const ch = String.fromCharCode(b);
    out += b < 0x80 && keeps.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const UTF8 = new TextEncoder();
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * application/x-www-form-urlencoded exactly as `$util.urlEncode` writes it, which is
 * `java.net.URLEncoder.encode(s, "UTF-8")`: letters, digits and `. - * _` stay; space -> `+`;
 * every other char -> `%XX` per UTF-8 byte, uppercase hex (so `~` -> `%7E`, `'` -> `%27`,
 * `!` -> `%21`, `(` -> `%28`). An unpaired surrogate encodes as `%3F` (`?`), as Java's UTF-8
 * encoder replaces it.
 */
export function formEncode(s: string): string {
  // Every `%` of the text is encoded, so `%20` in the result can only be a space.
  return percentEncode(s.replace(LONE_SURROGATE, '?'), /[A-Za-z0-9.\-*_]/).replaceAll('%20', '+');
}

/**
 * A URI path label's value as botocore's `percent_encode` writes it (`urllib.parse.quote` over
 * UTF-8): letters, digits and `_ . - ~` stay, `/` too in a greedy label (`{Key+}`), every other
 * byte is `%XX`. (encodeURIComponent would keep `! ' ( ) *`, which the SDK sends encoded.)
 */
export function pathEncode(value: string, greedy: boolean): string {
  return percentEncode(value, greedy ? /[A-Za-z0-9_.~\/-]/ : /[A-Za-z0-9_.~-]/);
}

/**
 * JSON text of a value, with `$` and `#` escaped so VTL passes it through untouched, and every
 * character outside printable ASCII escaped too: Terraform holds each string in NFC (HCL and cty
 * normalize it), which would turn a decomposed `é` in a literal into another value. The escapes
 * mean the same value to any JSON reader.
 */
function jsonLiteral(value: unknown): string {
  return JSON.stringify(value ?? null).replace(/[$#\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Values that can stand in a VTL single-quoted string and in a static header value as they are. */
export function isPlainText(value: string): boolean {
  return /^[A-Za-z0-9:/._\-+=,@ ]*$/.test(value);
}

/** An optional structure, map or list that is the client's whole body: an empty body leaves it out. */
function wholeBodyOptional(mapping: MemberMapping): boolean {
  return mapping.source.kind === 'body' && !mapping.required && ['structure', 'map', 'list'].includes(bodyType(mapping));
}

/** A member's value in a constant: a deploy-time parameter when one was made for it. */
type ParameterOf = (member: string) => string | undefined;

/**
 * An optional member from a method-request parameter or a field of the client's JSON is sent only
 * when the client sent it: an empty value is not the same call (SNS rejects an empty Subject,
 * DynamoDB an empty ConditionExpression). The quiet reference `$!v` renders a missing one as ''.
 * An idempotency token the client left out is the request id.
 */
function whenPresent(mapping: MemberMapping, body: (value: string) => TemplatePart[]): TemplatePart[] {
  const { source } = mapping;
  if (mapping.required || source.kind === 'constant' || (source.kind === 'body' && !wholeBodyOptional(mapping))) {
    return body(source.kind === 'constant' ? '' : sourceExpression(source));
  }
  // API Gateway hands a template `{}` for an empty body: no value, not an empty structure.
  if (source.kind === 'body') return ['#if($input.body != "{}")##\n', ...body(sourceExpression(source)), '#end##\n'];
  // Prefixed, so no member's variable is API Gateway's own ($input, $util, $context) or the
  // template's ($comma): `#set($input = ...)` would break every $input.params after it.
  const variable = `$param_${mapping.member.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const otherwise = mapping.orRequestId ? ['#else##\n', ...body('$context.requestId')] : [];
  return [`#set(${variable} = ${sourceExpression(source)})##\n#if("$!${variable.slice(1)}" != "")##\n`, ...body(variable), ...otherwise, '#end##\n'];
}

/**
 * Writes the value in `$form_<depth>` as the form fields of `shape` under the field name `name`
 * (VTL text: literal segments, and `${form_<d>_n}` for the numbers of items and entries), as
 * QuerySerializer writes the same value from botocore's parameters. Each level binds its value
 * to a variable of its depth, so nested loops never share one; a `#set` to null keeps the
 * variable's old value (Velocity 1.7), so each is first set to '', which names no field.
 */
function formWriter(shape: FormShape, depth: number, name: string): string[] {
  const value = `$form_${depth}`;
  const inner = `$form_${depth + 1}`;
  const bind = (expression: string): string => `#set(${inner} = '')#set(${inner} = ${expression})##\n`;
  switch (shape.type) {
    case 'structure':
      return shape.members.flatMap((m) => [
        `#if(${value}.containsKey('${m.name}'))##\n`,
        bind(`${value}.get('${m.name}')`),
        ...formWriter(m.shape, depth + 1, `${name}.${formEncode(m.field)}`),
        '#end##\n',
      ]);
    case 'list': {
      const number = `form_${depth}_n`;
      return [
        // An empty map answers size() with 0 too (an empty client body reads as {}); only a list has indexOf.
        ...(shape.sendsEmpty ? [`#if(${value}.size() == 0 && ${value}.indexOf('') == -1)&${name}=##\n#end##\n`] : []),
        `#foreach(${inner} in ${value})##\n`,
        `#set($${number} = $foreach.count)##\n`,
        ...formWriter(shape.item, depth + 1, `${shape.renamed === null ? name : renameLast(name, formEncode(shape.renamed))}${shape.items === null ? '' : `.${formEncode(shape.items)}`}.\${${number}}`),
        '#end##\n',
      ];
    }
    case 'map': {
      const number = `form_${depth}_n`;
      const key = `$form_${depth}_k`;
      const entry = `${name}${shape.entries === null ? '' : `.${formEncode(shape.entries)}`}.\${${number}}`;
      return [
        `#foreach(${key} in ${value}.keySet())##\n`,
        `#set($${number} = $foreach.count)##\n`,
        `&${entry}.${formEncode(shape.key)}=$util.urlEncode(${key})##\n`,
        bind(`${value}.get(${key})`),
        ...formWriter(shape.item, depth + 1, `${entry}.${formEncode(shape.value)}`),
        '#end##\n',
      ];
    }
    default:
      // A scalar as its text: numbers and booleans as JSON wrote them, which is how botocore writes them.
      return [`&${name}=$util.urlEncode("${value}")##\n`];
  }
}

/** A field name with its last dotted segment replaced (QuerySerializer's flattened list `'.'.join(prefix.split('.')[:-1] + [name])`). */
function renameLast(name: string, segment: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? segment : `${name.slice(0, dot + 1)}${segment}`;
}

/** The type of what the client's body carries for a member: its one member's, when the body is that (MemberMapping.inner). */
export function bodyType(mapping: MemberMapping): string {
  return mapping.inner?.type ?? mapping.type;
}

/** The mapping of a structure's one member, which the client's body is (MemberMapping.inner), as a member of its own. */
function innerMapping(mapping: MemberMapping & { inner: SoleMember }, wireName: string): MemberMapping {
  const { inner, ...outer } = mapping;
  return { ...outer, wireName, type: inner.type };
}

function formField(mapping: MemberMapping, parameterOf: ParameterOf, formFields: Array<[string, string]> | undefined, formShape: FormShape | undefined, bodyIsBase64: boolean): TemplatePart[] {
  const name = formEncode(mapping.wireName);
  const { source } = mapping;
  if (mapping.inner) return formField(innerMapping({ ...mapping, inner: mapping.inner }, `${mapping.wireName}.${mapping.inner.wireName}`), parameterOf, undefined, undefined, bodyIsBase64);
  if (formShape && (source.kind === 'body' || source.kind === 'body-field')) {
    // The whole body as the JSON value it holds, not its text.
    const value = source.kind === 'body' ? "$input.path('$')" : sourceExpression(source);
    return [`#set($form_0 = '')#set($form_0 = ${value})##\n`, ...formWriter(formShape, 0, name)];
  }
  // QuerySerializer `_serialize_type_blob`: a blob's field is its bytes in base64, which a binary body already is.
  const base64 = (value: string): string => (source.kind === 'body' && bodyIsBase64 ? value : `$util.base64Encode(${value})`);
  if (source.kind !== 'constant') return whenPresent(mapping, (value) => [`&${name}=$util.urlEncode(${mapping.type === 'blob' ? base64(value) : value})##\n`]);
  const parameter = parameterOf(mapping.member);
  if (parameter) return [`&${name}=$util.urlEncode('`, { param: parameter }, `')##\n`];
  // A constant list or map goes out exactly as botocore serialized it (member.N, entry.N.key...).
  if (formFields && formFields.length > 0) return formFields.map(([k, v]) => `&${formEncode(k)}=${formEncode(v)}##\n`);
  return [`&${name}=${formEncode(String(source.value))}##\n`];
}

/**
 * A form body (query and ec2 protocols): `Action=...&Version=...&Name=value`, one field per line,
 * each line ended by `##` so the template's newlines never reach the body. `bodyIsBase64`: the
 * template is for a binary media type (see jsonTemplate).
 */
export function formTemplate(
  action: string,
  version: string | null,
  members: Array<{ mapping: MemberMapping; formFields?: Array<[string, string]> | undefined; formShape?: FormShape | undefined }>,
  parameterOf: ParameterOf,
  bodyIsBase64 = false,
): Templated {
  const parts: TemplatePart[] = [`Action=${formEncode(action)}##\n`];
  if (version) parts.push(`&Version=${formEncode(version)}##\n`);
  for (const { mapping, formFields, formShape } of members) parts.push(...formField(mapping, parameterOf, formFields, formShape, bodyIsBase64));
  return parts;
}

function jsonValue(mapping: MemberMapping, expression: string, parameterOf: ParameterOf, bodyIsBase64: boolean): TemplatePart[] {
  const { source, type } = mapping;
  if (mapping.inner) {
    const { inner } = mapping;
    return [`{${jsonLiteral(inner.wireName)}: `, ...jsonValue(innerMapping({ ...mapping, inner }, inner.wireName), expression, parameterOf, bodyIsBase64), '}'];
  }
  if (source.kind === 'constant') {
    const parameter = parameterOf(mapping.member);
    return parameter ? ['"', { param: parameter }, '"'] : [jsonLiteral(source.value)];
  }
  // Base64 text holds nothing JSON or VTL would read as code.
  if (type === 'blob') return [source.kind === 'body' && bodyIsBase64 ? '"$input.body"' : `"$util.base64Encode(${expression})"`];
  if (type === 'string') {
    // escapeJavaScript escapes ' as \' which JSON does not allow; the replaceAll undoes just that.
    return [`"$util.escapeJavaScript(${expression}).replaceAll("\\\\'","'")"`];
  }
  if (source.kind === 'body') return [`$input.json('$')`];
  if (source.kind === 'body-field') return [`$input.json('$.${source.field}')`];
  // Only numbers, booleans and timestamps come from parameters (sources.ts keeps structures off
  // them). JSON writes them bare (botocore's JSONSerializer sends a timestamp as epoch seconds,
  // its default `unixtimestamp` format), so a value that is not one goes out as a string: an ISO
  // 8601 time for a shape that takes one, else a value the service refuses, never raw text
  // (`?Limit=1,"X":1` must not add members).
  const literal = type === 'boolean' ? 'true|false' : INTEGER_TYPES.has(type) ? '-?[0-9]+' : type === 'timestamp' ? '-?[0-9]+(\\.[0-9]+)?' : '-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?';
  return [`#if(${expression}.matches('${literal}'))${expression}#else"$util.escapeJavaScript(${expression}).replaceAll("\\\\'","'")"#end`];
}

/**
 * A rest-json body that is one structure member, the input's payload: RestJSONSerializer
 * `_serialize_payload` sends that member's JSON alone, not inside an object naming it.
 */
export function payloadTemplate(mapping: MemberMapping, parameterOf: ParameterOf): Templated {
  return whenPresent(mapping, (value) => jsonValue(mapping, value, parameterOf, false));
}

/**
 * A rest payload fixed by --constant, the raw body (Lambda's Payload, S3's bucket policy): the
 * log's text as it is where Velocity and every emitter leave it so (printable ASCII and line
 * breaks, none of Velocity's `$`, `#` or `\`), else decoded by `$util.base64Decode` from its
 * UTF-8 in base64, which no writer can change.
 */
export function rawPayloadTemplate(text: string): Templated {
  if (/^[\n\x20-\x7e]*$/.test(text) && !/[$#\\]/.test(text)) return [text];
  return [`$util.base64Decode('${Buffer.from(text, 'utf8').toString('base64')}')`];
}

/** Shape types that take whole numbers only: a decimal or exponent goes out quoted, for the service to refuse. */
const INTEGER_TYPES = new Set(['integer', 'long']);

/**
 * A JSON body (json, rest-json, and CBOR services reached through JSON): one member per line.
 * `bodyIsBase64`: the template is for a binary media type, whose body API Gateway hands it
 * base64-encoded (contentHandling CONVERT_TO_TEXT), so a blob from the body is that text as it is.
 */
export function jsonTemplate(members: MemberMapping[], parameterOf: ParameterOf, bodyIsBase64 = false): Templated {
  if (members.length === 0) return ['{}'];
  const optional = (m: MemberMapping): boolean => !m.required && m.source.kind !== 'constant' && (m.source.kind !== 'body' || wholeBodyOptional(m));
  const always = members.filter((m) => !optional(m));
  const sometimes = members.filter(optional);
  const parts: TemplatePart[] = ['{\n'];
  always.forEach((m, i) => {
    const last = i === always.length - 1;
    parts.push(`  ${jsonLiteral(m.wireName)}: `, ...whenPresent(m, (value) => jsonValue(m, value, parameterOf, bodyIsBase64)), !last ? ',\n' : sometimes.length > 0 ? '##\n' : '\n');
  });
  if (sometimes.length > 0) {
    // A comma goes before each optional member only once something precedes it.
    parts.push(`#set($comma = "${always.length > 0 ? ',' : ''}")##\n`);
    for (const m of sometimes) {
      parts.push(...whenPresent(m, (value) => ['$comma\n', `  ${jsonLiteral(m.wireName)}: `, ...jsonValue(m, value, parameterOf, bodyIsBase64), '#set($comma = ",")##\n']));
    }
  }
  parts.push(sometimes.length > 0 ? '\n}' : '}');
  return parts;
}
