/**
 * A fast path for reading a record's head: the log-record grammar's own token patterns, tried in
 * the lexer's order for each mode, and the parser's few rules, without building tokens or a CST.
 * A big log has tens of thousands of kept records, each head read once.
 *
 * The grammar (grammars/log-record) stays the definition: the patterns are taken from its token
 * types, and anything this reader does not follow gives undefined, and the grammar reads the head
 * (and decides that it is no head). test/hostile/record-head-fast.test.ts checks both agree.
 */
import type { TokenType } from 'chevrotain';
import * as t from '../../grammars/log-record/lexer.js';
import type { MessageTag, RecordHead } from './log-record.js';

/** A token pattern of the grammar, anchored where it is tried. */
const sticky = (token: TokenType): RegExp => new RegExp((token.PATTERN as RegExp).source, 'y');

const TIMESTAMP = sticky(t.Timestamp);
/** The header mode, in the lexer's order. */
const LEVEL = sticky(t.Level);
const BRACKET_LEVEL = sticky(t.BracketLevel);
const FIELD = sticky(t.Field);
const DASH = sticky(t.Dash);
const SPACE = sticky(t.Space);
/** The message mode's tags, in the lexer's order (OtherMessage takes anything else). */
const TAGS: Array<[RegExp, MessageTag]> = [
  [sticky(t.CanonicalRequestTag), 'canonical-request'],
  [sticky(t.StringToSignTag), 'string-to-sign'],
  [sticky(t.SendingRequestTag), 'sending-request'],
  [sticky(t.ResponseHeadersTag), 'response-headers'],
  [sticky(t.ResponseBodyTag), 'response-body'],
  [sticky(t.CliArgumentsTag), 'cli-arguments'],
  [sticky(t.LoadingJsonTag), 'model-file'],
  [sticky(t.LastAttemptTag), 'last-attempt'],
  [sticky(t.HttpStatusTag), 'http-status'],
];
const MAKING_REQUEST_FOR = sticky(t.MakingRequestFor);
/** The operation mode, in the lexer's order. */
const VERIFY_SSL = sticky(t.VerifySsl);
const WITH_PARAMS = sticky(t.WithParams);
const CLOSE_PAREN = sticky(t.CloseParen);
const OPERATION_NAME = sticky(t.OperationName);

/** The first of `patterns` that matches at `at` (the lexer's rule: first in order wins), as [index, image]. */
function first(text: string, at: number, patterns: RegExp[]): [number, string] | undefined {
  for (let k = 0; k < patterns.length; k++) {
    const re = patterns[k]!;
    re.lastIndex = at;
    const m = re.exec(text);
    if (m !== null && m[0] !== '') return [k, m[0]];
  }
  return undefined;
}

const HEADER_MODE = [LEVEL, BRACKET_LEVEL, FIELD, DASH, SPACE];
const OPERATION_MODE = [VERIFY_SSL, WITH_PARAMS, CLOSE_PAREN, OPERATION_NAME];
const [L, BL, F, D, S] = [0, 1, 2, 3, 4];

function levelOf(image: string): string {
  return image.replace(/[[\]\s-]/g, '');
}

/**
 * The head of `window` (a record's first characters, as readRecordHead lexes them), or undefined
 * when the grammar has to decide.
 */
export function readRecordHeadFast(window: string): RecordHead | undefined {
  TIMESTAMP.lastIndex = 0;
  const stamp = TIMESTAMP.exec(window);
  if (stamp === null) return undefined;
  let at = stamp[0].length;
  const next = (): [number, string] | undefined => {
    const token = first(window, at, HEADER_MODE);
    if (token) at += token[1].length;
    return token;
  };
  let header: { thread?: string; logger: string; level: string };
  const opener = next();
  if (opener?.[0] === D) {
    // cliHeader: Dash Field Dash Field Dash Level
    const thread = next();
    const dash2 = next();
    const logger = next();
    const dash3 = next();
    const level = next();
    if (thread?.[0] !== F || dash2?.[0] !== D || logger?.[0] !== F || dash3?.[0] !== D || level?.[0] !== L) return undefined;
    header = { thread: thread[1], logger: logger[1], level: levelOf(level[1]) };
  } else if (opener?.[0] === S) {
    // boto3Header: Space Field Space BracketLevel
    const logger = next();
    const space2 = next();
    const level = next();
    if (logger?.[0] !== F || space2?.[0] !== S || level?.[0] !== BL) return undefined;
    header = { logger: logger[1], level: levelOf(level[1]) };
  } else {
    return undefined;
  }
  if (at >= window.length) return undefined;

  MAKING_REQUEST_FOR.lastIndex = at;
  const making = MAKING_REQUEST_FOR.exec(window);
  if (making !== null) {
    // makingRequest: MakingRequestFor OperationName CloseParen [VerifySsl] WithParams [Payload]
    at += making[0].length;
    const name = first(window, at, OPERATION_MODE);
    if (name?.[0] !== 3) return undefined;
    at += name[1].length;
    const close = first(window, at, OPERATION_MODE);
    if (close?.[0] !== 2) return undefined;
    at += close[1].length;
    let token = first(window, at, OPERATION_MODE);
    if (token?.[0] === 0) {
      at += token[1].length;
      token = first(window, at, OPERATION_MODE);
    }
    if (token?.[0] !== 1) return undefined;
    at += token[1].length;
    return { timestamp: stamp[0], ...header, tag: 'make-request', operation: name[1], payloadOffset: at };
  }
  for (const [re, tag] of TAGS) {
    re.lastIndex = at;
    const m = re.exec(window);
    if (m !== null && m[0] !== '') return { timestamp: stamp[0], ...header, tag, payloadOffset: at + m[0].length };
  }
  return { timestamp: stamp[0], ...header, tag: 'other', payloadOffset: at };
}
