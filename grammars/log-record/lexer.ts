/**
 * Tokens of one log record's head: the logging header, then the message tag that says what the
 * record carries. The payload after the tag is one token: it is parsed by the grammar of its own
 * kind (python-repr, canonical-request), never here.
 *
 * The header layouts accepted are those botocore's logs are written in: the AWS CLI's
 * (`%(asctime)s - %(threadName)s - %(name)s - %(levelname)s - %(message)s`), boto3.set_stream_logger's
 * (`%(asctime)s %(name)s [%(levelname)s] %(message)s`), the Python logging HOWTO's
 * (`%(asctime)s - %(name)s - %(levelname)s - %(message)s`), Python's default, which a script that
 * only calls `logging.basicConfig(level=logging.DEBUG)` gets (`%(levelname)s:%(name)s:%(message)s`),
 * and the AWS Lambda Python runtime's (`[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s`).
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';
import { builtOnFirstUse } from '../built-on-first-use.js';

export const Timestamp = createToken({
  name: 'Timestamp',
  pattern: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}/,
  push_mode: 'header',
});

/** Python's level names, as every layout writes them. */
const LEVEL = '(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)';

/**
 * The Lambda runtime's header opens with its level. Its fields are separated by a tab, or by the
 * spaces a console or `expand` turned the tab into (up to the next tab stop).
 */
export const LambdaLevel = createToken({
  name: 'LambdaLevel',
  pattern: new RegExp(`\\[${LEVEL}\\][\\t ]+`),
  push_mode: 'lambdaHeader',
});
export const IsoTimestamp = createToken({ name: 'IsoTimestamp', pattern: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z[\t ]+/, push_mode: 'lambdaRequest' });
/**
 * The invocation's request id, a UUID. Records written outside an invocation (the runtime's init)
 * have none: their message follows the time, so the message's tokens are in the same mode.
 */
export const RequestId = createToken({
  name: 'RequestId',
  pattern: /[0-9A-Fa-f]{8}-(?:[0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}[\t ]+/,
  push_mode: 'message',
});

/** Python's default layout opens with the level; the logger name follows, each closed by a colon. */
export const ColonLevel = createToken({ name: 'ColonLevel', pattern: new RegExp(`${LEVEL}:`), push_mode: 'colonHeader' });
export const LoggerColon = createToken({ name: 'LoggerColon', pattern: /[^\s:]+:/, push_mode: 'message' });

// " - " separates the CLI layout's fields; a thread name may itself hold spaces ("Thread-1 (worker)").
export const Dash = createToken({ name: 'Dash', pattern: / - / });
export const Space = createToken({ name: 'Space', pattern: / / });
// The level token takes the separator after it, so the message mode starts exactly at the message.
export const Level = createToken({ name: 'Level', pattern: new RegExp(`${LEVEL} - `), push_mode: 'message' });
export const BracketLevel = createToken({
  name: 'BracketLevel',
  pattern: new RegExp(`\\[${LEVEL}\\] ?`),
  push_mode: 'message',
});
/** A thread or logger name: everything up to the next field separator. */
export const Field = createToken({ name: 'Field', pattern: new RegExp(`[^\\s\\-[][^\\r\\n]*?(?= - |\\s\\[${LEVEL}\\])`) });

export const MakingRequestFor = createToken({ name: 'MakingRequestFor', pattern: /Making request for OperationModel\(name=/, push_mode: 'operation' });
export const OperationName = createToken({ name: 'OperationName', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
export const CloseParen = createToken({ name: 'CloseParen', pattern: /\)/ });
// Python-2-era botocore printed "(verify_ssl=True)"; a web page may have escaped its underscore.
export const VerifySsl = createToken({ name: 'VerifySsl', pattern: /\s*\(verify\\?_ssl=\w+\)/ });
export const WithParams = createToken({ name: 'WithParams', pattern: /\s*with params:/, push_mode: 'payload' });

const tag = (name: string, pattern: RegExp): TokenType => createToken({ name, pattern, push_mode: 'payload' });
export const CanonicalRequestTag = tag('CanonicalRequestTag', /CanonicalRequest:/);
export const StringToSignTag = tag('StringToSignTag', /StringToSign:/);
export const SendingRequestTag = tag('SendingRequestTag', /Sending http request:/);
export const ResponseHeadersTag = tag('ResponseHeadersTag', /Response headers:/);
export const ResponseBodyTag = tag('ResponseBodyTag', /Response body:/);
export const CliArgumentsTag = tag('CliArgumentsTag', /Arguments entered to CLI:/);
export const LoadingJsonTag = tag('LoadingJsonTag', /Loading JSON file:/);
/**
 * The retry handler's verdict that an attempt was the call's last (botocore/retryhandler.py in
 * legacy mode, botocore/retries/standard.py in standard mode): no later record belongs to the call.
 */
export const LastAttemptTag = tag('LastAttemptTag', /No retry needed\.|Not retrying request\./);
// urllib3 logs the status line of each response: `https://host:443 "POST / HTTP/1.1" 200 455`.
export const HttpStatusTag = tag('HttpStatusTag', /https?:\/\/\S+ "[A-Z]+ \S* HTTP\/\d(?:\.\d)?"/);
/** Any message this tool does not read (hook events, credential lookup, tracebacks...). */
export const OtherMessage = createToken({ name: 'OtherMessage', pattern: /[^]+/, line_breaks: true });
export const Payload = createToken({ name: 'Payload', pattern: /[^]+/, line_breaks: true });

const messageTags = [
  MakingRequestFor,
  CanonicalRequestTag,
  StringToSignTag,
  SendingRequestTag,
  ResponseHeadersTag,
  ResponseBodyTag,
  CliArgumentsTag,
  LoadingJsonTag,
  LastAttemptTag,
  HttpStatusTag,
];

/** Every token, for the parser (order within each mode is the lexer's order of preference). */
export const logRecordTokens: TokenType[] = [
  Timestamp, LambdaLevel, ColonLevel, Dash, Space, Level, BracketLevel, Field, IsoTimestamp, RequestId, LoggerColon,
  ...messageTags, OperationName, CloseParen, VerifySsl, WithParams, OtherMessage, Payload,
];

/** The lexer's modes, each in its order of preference (exported for the fast path, which tries them the same way). */
export const logRecordModes = {
  record: [Timestamp, LambdaLevel, ColonLevel],
  header: [Level, BracketLevel, Field, Dash, Space],
  lambdaHeader: [IsoTimestamp],
  lambdaRequest: [RequestId, ...messageTags, OtherMessage],
  colonHeader: [LoggerColon],
  message: [...messageTags, OtherMessage],
  operation: [VerifySsl, WithParams, CloseParen, OperationName],
  payload: [Payload],
};

export const logRecordLexer = builtOnFirstUse(
  () => new Lexer({ defaultMode: 'record', modes: logRecordModes }, { positionTracking: 'onlyOffset', ensureOptimizations: false }),
);
