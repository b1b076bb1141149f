/**
 * What a log record's head is read into, from the log-record grammar's tokens: both the visitor
 * (log-record.ts) and the fast path (log-record-fast.ts) build a RecordHead with these.
 */
import type { TokenType } from 'chevrotain';
import * as t from '../../grammars/log-record/lexer.js';

/** Which message a record carries, by its tag. */
export type MessageTag =
  | 'make-request'
  | 'canonical-request'
  | 'string-to-sign'
  | 'sending-request'
  | 'response-headers'
  | 'response-body'
  | 'cli-arguments'
  | 'model-file'
  | 'last-attempt'
  | 'http-status'
  | 'other';

export interface RecordHead {
  /** As the layout writes it; Python's default layout has none. */
  timestamp?: string;
  /** What tells concurrent calls apart: the thread's name, or the Lambda invocation's request id. */
  thread?: string;
  /** The logger's name; the Lambda runtime's layout has none. */
  logger?: string;
  level: string;
  tag: MessageTag;
  /** The operation of a `Making request` record. */
  operation?: string;
  /** 0-based offset in the record's text where the payload after the tag starts. */
  payloadOffset: number;
}

/** The message a tag token (the grammar's `tag` label) names. */
export const MESSAGE_TAGS: ReadonlyMap<TokenType, MessageTag> = new Map<TokenType, MessageTag>([
  [t.CanonicalRequestTag, 'canonical-request'],
  [t.StringToSignTag, 'string-to-sign'],
  [t.SendingRequestTag, 'sending-request'],
  [t.ResponseHeadersTag, 'response-headers'],
  [t.ResponseBodyTag, 'response-body'],
  [t.CliArgumentsTag, 'cli-arguments'],
  [t.LoadingJsonTag, 'model-file'],
  [t.LastAttemptTag, 'last-attempt'],
  [t.HttpStatusTag, 'http-status'],
]);

/** The level named by a Level or BracketLevel token, without the brackets and separator it takes along. */
export function levelOf(image: string): string {
  return image.replace(/[[\]\s-]/g, '');
}

/** The header's fields of a record head. */
export type Header = Pick<RecordHead, 'timestamp' | 'thread' | 'logger' | 'level'>;

/** A Lambda runtime header from its tokens, each of which takes the separator after it. */
export function lambdaHeaderOf(level: string, timestamp: string, requestId: string | undefined): Header {
  return { timestamp: timestamp.trimEnd(), thread: requestId?.trimEnd(), level: levelOf(level) };
}

/** A Python default-layout header from its tokens, each closed by a colon. */
export function basicConfigHeaderOf(level: string, logger: string): Header {
  return { logger: logger.slice(0, -1), level: level.slice(0, -1) };
}
