/**
 * Diagnostics: every problem a user can act on, with one message template per code.
 *
 * Positions are computed where the problem is found, because the input is streamed and the
 * whole text is never kept: `offset` is 0-based (UTF-16 code units from the start of the
 * source), `line` and `column` are 1-based.
 */

/** A place in one input source. `offset` is 0-based; `line` and `column` are 1-based. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning' | 'info';

export type DiagnosticCode =
  | 'EMPTY_INPUT'
  | 'BINARY_INPUT'
  | 'NO_AWS_CALL'
  | 'LOG_LAYOUT_UNKNOWN'
  | 'LOG_LINES_WRAPPED'
  | 'LOG_HARD_WRAPPED'
  | 'LOG_LINE_PREFIX'
  | 'FILE_UNREADABLE'
  | 'REPR_SYNTAX'
  | 'REPR_TRUNCATED'
  | 'REPR_TOO_DEEP'
  | 'CANONICAL_REQUEST_SYNTAX'
  | 'STRING_TO_SIGN_SYNTAX'
  | 'HTTP_REQUEST_SYNTAX'
  | 'URL_SYNTAX'
  | 'CALL_UNREADABLE'
  | 'CALL_WITHOUT_REQUEST'
  | 'CALL_BODY_UNSEEN'
  | 'CALL_BODY_NOT_JSON'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_UNREADABLE'
  | 'OPERATION_NOT_IN_MODEL'
  | 'REQUIRED_IS_GUESS'
  | 'CALL_FIELDS_UNKNOWN'
  | 'INTEGRATION_UNSUPPORTED'
  | 'MAPPING_FLAG_UNKNOWN_MEMBER'
  | 'MAPPING_KEPT_CONSTANT'
  | 'MAPPING_CONSTANT_VARIES'
  | 'MAPPING_REGION_VARIES'
  | 'MAPPING_CONSTANT_TOKEN'
  | 'MAPPING_CONSTANT_UNSEEN'
  | 'MAPPING_CONSTANT_SECRET'
  | 'MAPPING_STATIC_QUOTE'
  | 'MAPPING_PATH_LABEL'
  | 'MAPPING_XML_BODY'
  | 'PAYLOAD_IN_URL'
  | 'QUERY_STRING_PAYLOAD_UNUSED';

/** One message template per code; `{name}` placeholders are filled from `Diagnostic.fields`. */
export const MESSAGES: Record<DiagnosticCode, { severity: Severity; template: string }> = {
  EMPTY_INPUT: { severity: 'error', template: 'the input is empty: expected a botocore --debug log, a params dict, a raw HTTP request or an AWS API URL' },
  BINARY_INPUT: { severity: 'error', template: 'the input looks binary ({reason}): expected text from `aws ... --debug`' },
  NO_AWS_CALL: { severity: 'error', template: 'no AWS API call found: expected a "Making request for OperationModel(...)" record, a params dict, a raw HTTP request or an AWS API URL' },
  LOG_LINES_WRAPPED: {
    severity: 'warning',
    template:
      'a line botocore wrote whole is broken here (the log looks hard-wrapped, as a terminal or an email breaks long lines): it was read without its line breaks, as is every broken line after it; copy the log unwrapped if a value lost a character at a break',
  },
  LOG_HARD_WRAPPED: {
    severity: 'warning',
    template:
      'the log looks hard-wrapped at {width} columns (lines this long and none longer, as a terminal or an email breaks long lines): each line that long is read joined to the next one, which undoes the wrapping unless the header of a record is wider than that (or a line was exactly that long as written); if a call is missing, copy the log unwrapped (or write it to a file: aws ... --debug 2> log.txt)',
  },
  LOG_LINE_PREFIX: {
    severity: 'info',
    template: 'every line of the log starts with the same text before what botocore wrote (a quote, an indent, or the tag a tool puts on each line of output): the lines were read without it, from here on',
  },
  LOG_LAYOUT_UNKNOWN: {
    severity: 'warning',
    template:
      "a botocore log record in a logging layout this tool does not read (it reads the AWS CLI's, boto3.set_stream_logger's, logging.basicConfig's, the Python logging HOWTO's and the Lambda runtime's, as text or JSON): records in it are not read as log records",
  },
  FILE_UNREADABLE: { severity: 'error', template: 'cannot read {file}: {reason}' },
  REPR_SYNTAX: { severity: 'error', template: 'cannot read the Python value: expected {expected}, found {found}' },
  REPR_TRUNCATED: { severity: 'error', template: 'the Python value ends early: expected {expected} before the end of the record' },
  REPR_TOO_DEEP: { severity: 'error', template: 'the Python value nests deeper than {limit} levels' },
  CANONICAL_REQUEST_SYNTAX: { severity: 'error', template: 'cannot read the SigV4 canonical request: expected {expected}' },
  STRING_TO_SIGN_SYNTAX: { severity: 'error', template: 'cannot read the SigV4 string to sign: expected {expected}' },
  HTTP_REQUEST_SYNTAX: { severity: 'error', template: 'cannot read the HTTP request: expected {expected}' },
  URL_SYNTAX: { severity: 'error', template: 'cannot read the URL: expected {expected}' },
  CALL_UNREADABLE: { severity: 'error', template: 'call {call} ({operation}) could not be read: {reason}' },
  CALL_WITHOUT_REQUEST: { severity: 'warning', template: 'call {call} ({operation}) shows no request (no params dict, canonical request or sent request); skipped' },
  CALL_BODY_NOT_JSON: {
    severity: 'error',
    template: 'call {call} ({operation}) sent a body that is not JSON ({reason}), which the {protocol} protocol always sends, so the members in it are missing: was the log changed since (quotes made curly by a word processor or a chat)? Copy it from the terminal or a file',
  },
  CALL_BODY_UNSEEN: {
    severity: 'error',
    template: 'call {call} ({operation}) sent a body (its signed payload hash is not that of an empty one) that the input does not show: the members in it are missing. Include its "Making request ... with params" record',
  },
  MODEL_NOT_FOUND: { severity: 'info', template: 'no botocore model found for {service}; `required` is a guess from what the protocol proves (pass --model-dir to use one)' },
  MODEL_UNREADABLE: { severity: 'warning', template: 'cannot read the botocore model {file}: {reason}' },
  OPERATION_NOT_IN_MODEL: { severity: 'warning', template: 'the botocore model {file} has no operation {operation}' },
  CALL_FIELDS_UNKNOWN: {
    severity: 'warning',
    template: 'call {call} ({operation}): {fields} {match} no member of {operation} in the service model ({model}), so the mapping leaves {them} out',
  },
  REQUIRED_IS_GUESS: { severity: 'info', template: 'call {call} ({operation}): no service model, so `required` marks only what was sent' },
  INTEGRATION_UNSUPPORTED: { severity: 'error', template: '{operation}: no API Gateway integration can send this call: {reason}' },
  MAPPING_FLAG_UNKNOWN_MEMBER: { severity: 'warning', template: '{flag} {member}: no call sends a member named {member} (members: {members})' },
  MAPPING_KEPT_CONSTANT: { severity: 'warning', template: '{operation}: {member} ({type}) cannot come from a {source}: {reason}; it stays {kept}' },
  MAPPING_CONSTANT_VARIES: {
    severity: 'warning',
    template: '{operation}: calls {first} and {call} of the log differ in {member} ({value}, then {other}), which the method fixes to the first call\'s value, as it is built from that call: {remedy}',
  },
  MAPPING_CONSTANT_TOKEN: {
    severity: 'warning',
    template:
      "{operation}: --constant {member} fixes an idempotency token, so the service takes every request after the first as a retry of it: it does the work once, then answers each request with the first one's result, or refuses it when its other members differ: leave {member} to the client (the template sends API Gateway's request id when the client sends none)",
  },
  MAPPING_CONSTANT_UNSEEN: {
    severity: 'warning',
    template:
      "{operation}: --constant {member} is not followed: the log shows no text of the {type} sent as the body (a streamed file, bytes that are not UTF-8, or a log without the call's params dict), and a template can only write text; the client's body is passed on as it is",
  },
  MAPPING_CONSTANT_SECRET: {
    severity: 'warning',
    template: "{operation}: --constant {member} is not followed: it holds a secret, which the log shows only redacted, so every request would send REDACTED; it stays {kept}",
  },
  MAPPING_REGION_VARIES: {
    severity: 'warning',
    template:
      "{operation}: calls {first} and {call} of the log went to different regions ({region}, then {other}); the method's URI and policy name {region}, as it is built from the first call: build {other}'s API from a log of its calls alone",
  },
  MAPPING_STATIC_QUOTE: { severity: 'warning', template: '{operation}: {member} holds a single quote, which no static API Gateway value can hold, so the integration request goes without it: pass it with --from {source} {member}' },
  MAPPING_PATH_LABEL: { severity: 'error', template: '--resource-path {path}: {{label}} is no path parameter of {operation} (it has: {labels}); the method keeps {used}: take a member from the path with --from path MEMBER' },
  MAPPING_XML_BODY: { severity: 'warning', template: '{operation}: {flag} {member} is not followed: the service reads {member} from an XML body, which no mapping template writes, so the client sends that body and it is passed through as it is' },
  QUERY_STRING_PAYLOAD_UNUSED: { severity: 'warning', template: '{operation}: --query-string-payload is for query and ec2 services; the {protocol} protocol takes its members as mapped without it' },
  PAYLOAD_IN_URL: { severity: 'warning', template: '{operation}: {members} {travel} in the integration URL; API Gateway caps URLs at 10,240 characters (8,192 edge-optimized) and the service answers 400 once it grows: prefer the default body mapping' },
};

/** A problem found in the input. `pos` is absent only for problems of a whole source. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /**
   * Where it applies: a source (file, `<stdin>`), with `pos` in it; or a place with no position of
   * its own, `<arguments>`, `<model>`, or a call's location (`file:line:column`, the mapping
   * stage's problems with that call).
   */
  source: string;
  pos?: Position;
  fields: Record<string, string>;
}

/** Builds a diagnostic with its catalog message. */
export function diagnostic(
  code: DiagnosticCode,
  source: string,
  pos: Position | undefined,
  fields: Record<string, string | number> = {},
): Diagnostic {
  const entry = MESSAGES[code];
  const text: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) text[k] = String(v);
  const message = entry.template.replace(/\{(\w+)\}/g, (_, name: string) => text[name] ?? `{${name}}`);
  return { code, severity: entry.severity, message, source, pos, fields: text };
}

/**
 * Moves a position forward over `text`: the position of `text.length` code units after `start`.
 * Used to turn an offset inside a record into a source position without keeping the source.
 */
export function advance(start: Position, text: string, upTo = text.length): Position {
  let { line, column } = start;
  const end = Math.min(upTo, text.length);
  let lastBreak = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lastBreak = i;
  }
  column = lastBreak === -1 ? column + end : end - lastBreak;
  return { offset: start.offset + end, line, column };
}

/** `file:line:column: severity CODE message`, the one-line form the CLI prints. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.pos ? `${d.source}:${d.pos.line}:${d.pos.column}` : d.source;
  return `${where}: ${d.severity} ${d.code}: ${d.message}`;
}
