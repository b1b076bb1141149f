/**
 * Reads the head of one log record (header and message tag) into plain data, through the
 * log-record grammar. The payload is left as an offset: its own grammar reads it.
 */
import { logRecordLexer } from '../../grammars/log-record/lexer.js';
import { logRecordParser } from '../../grammars/log-record/parser.js';
import { builtOnFirstUse } from '../../grammars/built-on-first-use.js';
import { readRecordHeadFast } from './log-record-fast.js';
import { basicConfigHeaderOf, type Header, lambdaHeaderOf, levelOf, MESSAGE_TAGS, type RecordHead } from './record-head.js';
import { tokenEnd } from './tokens.js';
import { HEAD_WINDOW } from './types.js';
import type {
  BasicConfigHeaderCstChildren,
  Boto3HeaderCstChildren,
  CliHeaderCstChildren,
  HowtoHeaderCstChildren,
  LambdaHeaderCstChildren,
  MakingRequestCstChildren,
  MessageCstChildren,
  RecordCstChildren,
} from '../../grammars/log-record/cst.js';

/** The visitor, made with the parser on first use. */
const visitor = builtOnFirstUse(() => {
  const BaseVisitor = logRecordParser().getBaseCstVisitorConstructor<void, unknown>();

  class RecordHeadVisitor extends BaseVisitor {
    constructor() {
      super();
      this.validateVisitor();
    }

    record(children: RecordCstChildren): RecordHead {
      const header = this.visit(
        children.cliHeader ?? children.howtoHeader ?? children.boto3Header ?? children.lambdaHeader ?? children.basicConfigHeader!,
      ) as Header;
      const message = this.visit(children.message) as Pick<RecordHead, 'tag' | 'operation' | 'payloadOffset'>;
      return Object.assign(header, message);
    }

    cliHeader(children: CliHeaderCstChildren): Header {
      return { timestamp: children.Timestamp[0]!.image, thread: children.thread[0]!.image, logger: children.logger[0]!.image, level: levelOf(children.Level[0]!.image) };
    }

    howtoHeader(children: HowtoHeaderCstChildren): Header {
      return { timestamp: children.Timestamp[0]!.image, logger: children.logger[0]!.image, level: levelOf(children.Level[0]!.image) };
    }

    boto3Header(children: Boto3HeaderCstChildren): Header {
      return { timestamp: children.Timestamp[0]!.image, logger: children.logger[0]!.image, level: levelOf(children.BracketLevel[0]!.image) };
    }

    lambdaHeader(children: LambdaHeaderCstChildren): Header {
      return lambdaHeaderOf(children.LambdaLevel[0]!.image, children.IsoTimestamp[0]!.image, children.RequestId?.[0]!.image);
    }

    basicConfigHeader(children: BasicConfigHeaderCstChildren): Header {
      return basicConfigHeaderOf(children.ColonLevel[0]!.image, children.LoggerColon[0]!.image);
    }

    message(children: MessageCstChildren): Pick<RecordHead, 'tag' | 'operation' | 'payloadOffset'> {
      if (children.makingRequest) return this.visit(children.makingRequest) as Pick<RecordHead, 'tag' | 'operation' | 'payloadOffset'>;
      const tag = children.tag?.[0];
      if (tag) return { tag: MESSAGE_TAGS.get(tag.tokenType) ?? 'other', payloadOffset: tokenEnd(tag) };
      return { tag: 'other', payloadOffset: children.OtherMessage![0]!.startOffset };
    }

    makingRequest(children: MakingRequestCstChildren): Pick<RecordHead, 'tag' | 'operation' | 'payloadOffset'> {
      return { tag: 'make-request', operation: children.OperationName[0]!.image, payloadOffset: tokenEnd(children.WithParams[0]!) };
    }
  }
  return new RecordHeadVisitor();
});

/**
 * Reads a record's head, or undefined when the text does not start with a record header.
 * Only the first few hundred characters are lexed, so a record of any size costs the same.
 */
export function readRecordHead(text: string): RecordHead | undefined {
  const window = text.length > HEAD_WINDOW ? text.slice(0, HEAD_WINDOW) : text;
  // The common heads are read by the grammar's own patterns without tokens or a CST; others go on.
  const fast = readRecordHeadFast(window);
  if (fast) return fast;
  const lexed = logRecordLexer().tokenize(window);
  if (lexed.errors.length > 0) return undefined;
  const parser = logRecordParser();
  parser.input = lexed.tokens;
  const cst = parser.record();
  if (parser.errors.length > 0) return undefined;
  return visitor().visit(cst) as RecordHead;
}
