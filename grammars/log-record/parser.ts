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
    // The CLI's and the HOWTO's headers differ only in their fifth token (a second field or the level).
    this.OR({
      MAX_LOOKAHEAD: 5,
      DEF: [
        { ALT: () => this.SUBRULE(this.cliHeader) },
        { ALT: () => this.SUBRULE(this.howtoHeader) },
        { ALT: () => this.SUBRULE(this.boto3Header) },
        { ALT: () => this.SUBRULE(this.lambdaHeader) },
        { ALT: () => this.SUBRULE(this.basicConfigHeader) },
      ],
    });
    this.SUBRULE(this.message);
  });

  /** `2026-11-25 02:50:03,281 - MainThread - botocore.endpoint - DEBUG - ` */
  cliHeader = this.RULE('cliHeader', () => {
    this.CONSUME(t.Timestamp);
    this.CONSUME(t.Dash);
    this.CONSUME(t.Field, { LABEL: 'thread' });
    this.CONSUME2(t.Dash);
    this.CONSUME2(t.Field, { LABEL: 'logger' });
    this.CONSUME3(t.Dash);
    this.CONSUME(t.Level);
  });

  /** `2026-12-06 04:32:03,298 - botocore.endpoint - DEBUG - ` */
  howtoHeader = this.RULE('howtoHeader', () => {
    this.CONSUME(t.Timestamp);
    this.CONSUME(t.Dash);
    this.CONSUME(t.Field, { LABEL: 'logger' });
    this.CONSUME2(t.Dash);
    this.CONSUME(t.Level);
  });

  /** `2026-11-25 04:22:29,370 botocore.endpoint [DEBUG] ` */
  boto3Header = this.RULE('boto3Header', () => {
    this.CONSUME(t.Timestamp);
    this.CONSUME(t.Space);
    this.CONSUME(t.Field, { LABEL: 'logger' });
    this.CONSUME2(t.Space);
    this.CONSUME(t.BracketLevel);
  });

  /** `[DEBUG]\t2026-12-06T04:32:04.114Z\t8f5e2a3c-51d4-4f6b-9a7e-2c1d0b9e4f31\t` (no request id outside an invocation) */
  lambdaHeader = this.RULE('lambdaHeader', () => {
    this.CONSUME(t.LambdaLevel);
    this.CONSUME(t.IsoTimestamp);
    this.OPTION(() => this.CONSUME(t.RequestId));
  });

  /** `DEBUG:botocore.endpoint:` */
  basicConfigHeader = this.RULE('basicConfigHeader', () => {
    this.CONSUME(t.ColonLevel);
    this.CONSUME(t.LoggerColon);
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
