/**
 * The head of one log record: header fields, then the tag naming what the record carries and
 * the payload token after it. Syntax only; src/parse/log-record.ts turns the CST into data.
 */
import { CstParser } from 'chevrotain';
import { builtOnFirstUse } from '../built-on-first-use.js';
import * as t from './lexer.js';

class LogRecordParser extends CstParser {
  constructor() {
    super(t.logRecordTokens, { recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  record = this.RULE('record', () => {
    this.CONSUME(t.Timestamp);
    this.OR([{ ALT: () => this.SUBRULE(this.cliHeader) }, { ALT: () => this.SUBRULE(this.boto3Header) }]);
    this.SUBRULE(this.message);
  });

  /** `- MainThread - botocore.endpoint - DEBUG - ` */
  cliHeader = this.RULE('cliHeader', () => {
    this.CONSUME(t.Dash);
    this.CONSUME(t.Field, { LABEL: 'thread' });
    this.CONSUME2(t.Dash);
    this.CONSUME2(t.Field, { LABEL: 'logger' });
    this.CONSUME3(t.Dash);
    this.CONSUME(t.Level);
  });

  /** ` botocore.endpoint [DEBUG] ` */
  boto3Header = this.RULE('boto3Header', () => {
    this.CONSUME(t.Space);
    this.CONSUME(t.Field, { LABEL: 'logger' });
    this.CONSUME2(t.Space);
    this.CONSUME(t.BracketLevel);
  });

  message = this.RULE('message', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.makingRequest) },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(t.CanonicalRequestTag, { LABEL: 'tag' }) },
            { ALT: () => this.CONSUME(t.StringToSignTag, { LABEL: 'tag' }) },
            { ALT: () => this.CONSUME(t.SendingRequestTag, { LABEL: 'tag' }) },
            { ALT: () => this.CONSUME(t.ResponseHeadersTag, { LABEL: 'tag' }) },
            { ALT: () => this.CONSUME(t.ResponseBodyTag, { LABEL: 'tag' }) },
            { ALT: () => this.CONSUME(t.CliArgumentsTag, { LABEL: 'tag' }) },
            { ALT: () => this.CONSUME(t.LoadingJsonTag, { LABEL: 'tag' }) },
            { ALT: () => this.CONSUME(t.LastAttemptTag, { LABEL: 'tag' }) },
            { ALT: () => this.CONSUME(t.HttpStatusTag, { LABEL: 'tag' }) },
          ]);
          this.OPTION(() => this.CONSUME(t.Payload));
        },
      },
      { ALT: () => this.CONSUME(t.OtherMessage) },
    ]);
  });

  /** `Making request for OperationModel(name=Publish) (verify_ssl=True) with params: ` */
  makingRequest = this.RULE('makingRequest', () => {
    this.CONSUME(t.MakingRequestFor);
    this.CONSUME(t.OperationName);
    this.CONSUME(t.CloseParen);
    this.OPTION(() => this.CONSUME(t.VerifySsl));
    this.CONSUME(t.WithParams);
    this.OPTION2(() => this.CONSUME(t.Payload));
  });
}

/** One instance, reused: chevrotain parsers are built once and fed new input. */
export const logRecordParser = builtOnFirstUse(() => new LogRecordParser());
