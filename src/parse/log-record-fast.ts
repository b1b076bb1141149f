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
import {
  BracketLevel,
  CloseParen,
  ColonLevel,
  Dash,
  Field,
  IsoTimestamp,
  LambdaLevel,
  Level,
  LoggerColon,
  logRecordModes,
  MakingRequestFor,
  OperationName,
  OtherMessage,
  RequestId,
  Space,
  Timestamp,
  VerifySsl,
  WithParams,
} from '../../grammars/log-record/lexer.js';
import { basicConfigHeaderOf, type Header, lambdaHeaderOf, levelOf, MESSAGE_TAGS, type RecordHead } from './record-head.js';
import { stickyPattern } from './tokens.js';

/** A lexer mode: its token types in the lexer's order, each with its pattern. */
type Mode = Array<[TokenType, RegExp]>;
const mode = (types: TokenType[]): Mode => types.map((type) => [type, stickyPattern(type)]);

const RECORD_MODE = mode(logRecordModes.record);
const HEADER_MODE = mode(logRecordModes.header);
const LAMBDA_MODE = mode(logRecordModes.lambdaHeader);
/** The Lambda header's last mode, but its message tokens (read as the message mode's below). */
const REQUEST_ID_MODE = mode(logRecordModes.lambdaRequest.filter((type) => type === RequestId));
const COLON_MODE = mode(logRecordModes.colonHeader);
/** The message mode but its last token, OtherMessage, which takes whatever is left when no tag matches. */
const MESSAGE_TAG_MODE = mode(logRecordModes.message.filter((type) => type !== OtherMessage));
const OPERATION_MODE = mode(logRecordModes.operation);

/** The token of `mode` at `at` (the lexer's rule: the first in order that matches wins), as its type and image. */
function first(text: string, at: number, mode: Mode): [TokenType, string] | undefined {
  for (const [type, pattern] of mode) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (m !== null && m[0] !== '') return [type, m[0]];
  }
  return undefined;
}

/**
 * A head from its header and message fields. Not written `{ ...header, tag }`: on node 20 an object
 * made by a literal that starts with a spread is allocated in the old generation (see withBase in
 * records.ts), and with one per kept record that made a 100 MB log 25% slower.
 */
function withMessage(header: Header, message: Pick<RecordHead, 'tag' | 'operation' | 'payloadOffset'>): RecordHead {
  return Object.assign(header, message);
}

/**
 * The head of `window` (a record's first characters, as readRecordHead lexes them), or undefined
 * when the grammar has to decide.
 */
export function readRecordHeadFast(window: string): RecordHead | undefined {
  let at = 0;
  const next = (mode: Mode): [TokenType, string] | undefined => {
    const token = first(window, at, mode);
    if (token) at += token[1].length;
    return token;
  };
  let header: Header;
  const opener = next(RECORD_MODE);
  if (opener?.[0] === Timestamp) {
    const timestamp = opener[1];
    const separator = next(HEADER_MODE);
    if (separator?.[0] === Dash) {
      // cliHeader: Timestamp Dash Field Dash Field Dash Level; howtoHeader: Timestamp Dash Field Dash Level
      const field = next(HEADER_MODE);
      if (field?.[0] !== Field || next(HEADER_MODE)?.[0] !== Dash) return undefined;
      const third = next(HEADER_MODE);
      if (third?.[0] === Level) {
        header = { timestamp, logger: field[1], level: levelOf(third[1]) };
      } else {
        // A second field: the CLI's header, whose first field is the thread.
        if (third?.[0] !== Field || next(HEADER_MODE)?.[0] !== Dash) return undefined;
        const level = next(HEADER_MODE);
        if (level?.[0] !== Level) return undefined;
        header = { timestamp, thread: field[1], logger: third[1], level: levelOf(level[1]) };
      }
    } else if (separator?.[0] === Space) {
      // boto3Header: Timestamp Space Field Space BracketLevel
      const logger = next(HEADER_MODE);
      const space2 = next(HEADER_MODE);
      const level = next(HEADER_MODE);
      if (logger?.[0] !== Field || space2?.[0] !== Space || level?.[0] !== BracketLevel) return undefined;
      header = { timestamp, logger: logger[1], level: levelOf(level[1]) };
    } else {
      return undefined;
    }
  } else if (opener?.[0] === LambdaLevel) {
    // lambdaHeader: LambdaLevel IsoTimestamp [RequestId]
    const timestamp = next(LAMBDA_MODE);
    if (timestamp?.[0] !== IsoTimestamp) return undefined;
    header = lambdaHeaderOf(opener[1], timestamp[1], next(REQUEST_ID_MODE)?.[1]);
  } else if (opener?.[0] === ColonLevel) {
    // basicConfigHeader: ColonLevel LoggerColon
    const logger = next(COLON_MODE);
    if (logger?.[0] !== LoggerColon) return undefined;
    header = basicConfigHeaderOf(opener[1], logger[1]);
  } else {
    return undefined;
  }

  // The message is one token at least, so some text must follow the header.
  if (at >= window.length) return undefined;
  const message = next(MESSAGE_TAG_MODE);
  if (message === undefined) return withMessage(header, { tag: 'other', payloadOffset: at });
  const [type] = message;
  if (type !== MakingRequestFor) return withMessage(header, { tag: MESSAGE_TAGS.get(type) ?? 'other', payloadOffset: at });
  // makingRequest: MakingRequestFor OperationName CloseParen [VerifySsl] WithParams [Payload]
  const name = next(OPERATION_MODE);
  if (name?.[0] !== OperationName || next(OPERATION_MODE)?.[0] !== CloseParen) return undefined;
  let token = next(OPERATION_MODE);
  if (token?.[0] === VerifySsl) token = next(OPERATION_MODE);
  if (token?.[0] !== WithParams) return undefined;
  return withMessage(header, { tag: 'make-request', operation: name[1], payloadOffset: at });
}
