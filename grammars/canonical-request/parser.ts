/**
 * The syntax of a SigV4 canonical request, a raw HTTP/1.1 request and an example URL: one parser,
 * one entry rule per lexer in ./lexer.ts. Syntax only; src/parse/canonical-request.ts decodes
 * the query, builds URLs, measures the body and checks what the syntax cannot.
 *
 * Error messages are phrased as what was expected (the catalog's `{expected}` field), from the
 * tokens' labels.
 */
import { CstParser, type IParserErrorMessageProvider, type TokenType } from 'chevrotain';
import { builtOnFirstUse } from '../built-on-first-use.js';
import * as t from './lexer.js';

const describe = (token: TokenType): string => token.LABEL ?? token.name;
const anyOf = (paths: TokenType[][]): string => [...new Set(paths.flatMap((path) => (path[0] ? [describe(path[0])] : [])))].join(' or ');

/** What may follow where an entry rule stopped short of the input's end. */
const AFTER: Record<string, string> = {
  canonicalRequest: 'the end of the canonical request after the payload hash',
  httpRequest: 'a header line (Name: value) or an empty line before the body',
  exampleUrl: 'the end of the URL, or "&" before another parameter',
};

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => describe(expected),
  buildNotAllInputParsedMessage: ({ ruleName }) => AFTER[ruleName] ?? 'the end of the input',
  buildNoViableAltMessage: ({ expectedPathsPerAlt, customUserDescription }) => customUserDescription ?? anyOf(expectedPathsPerAlt.flat()),
  buildEarlyExitMessage: ({ expectedIterationPaths, customUserDescription }) => customUserDescription ?? anyOf(expectedIterationPaths),
};

class CanonicalRequestParser extends CstParser {
  constructor() {
    super(t.allTokens, { errorMessageProvider: errorMessages });
    this.performSelfAnalysis();
  }

  // ---- SigV4 canonical request (botocore.auth.SigV4Auth.canonical_request)

  canonicalRequest = this.RULE('canonicalRequest', () => {
    this.CONSUME(t.CrMethod);
    this.CONSUME(t.CrMethodEnd);
    this.CONSUME(t.CrUri);
    this.CONSUME(t.CrUriEnd);
    this.MANY_SEP({ SEP: t.CrAmp, DEF: () => this.SUBRULE(this.queryParam) });
    this.CONSUME(t.CrQueryEnd);
    this.AT_LEAST_ONE({ DEF: () => this.SUBRULE(this.canonicalHeader), ERR_MSG: 'a canonical header (name:value)' });
    this.CONSUME(t.CrHeadersEnd);
    this.AT_LEAST_ONE_SEP({ SEP: t.CrSemicolon, DEF: () => this.CONSUME(t.CrSignedName) });
    // A record cut short may end after the signed headers; the visitor decides whether that is allowed.
    this.OPTION(() => {
      this.CONSUME(t.CrSignedEnd);
      this.OPTION2(() => this.CONSUME(t.CrPayloadHash));
    });
  });

  /** `key=value`, both percent-encoded; botocore writes `key=` for an empty value. */
  queryParam = this.RULE('queryParam', () => {
    this.CONSUME(t.CrQueryText, { LABEL: 'key' });
    this.OPTION(() => {
      this.CONSUME(t.CrEquals);
      this.OPTION2(() => this.CONSUME2(t.CrQueryText, { LABEL: 'value' }));
    });
  });

  canonicalHeader = this.RULE('canonicalHeader', () => {
    this.CONSUME(t.CrHeaderName);
    this.CONSUME(t.CrColon);
    this.OPTION(() => this.CONSUME(t.CrHeaderValue));
    this.CONSUME(t.CrHeaderEnd);
  });

  // ---- Raw HTTP/1.1 request (RFC 9112 section 2.1)

  httpRequest = this.RULE('httpRequest', () => {
    this.CONSUME(t.HttpMethod);
    this.CONSUME(t.HttpSpace);
    this.CONSUME(t.HttpTarget);
    this.CONSUME2(t.HttpSpace);
    this.CONSUME(t.HttpVersion);
    this.OPTION(() => this.CONSUME3(t.HttpSpace));
    // Text may end after any line: a request shown without its body, or without its empty line.
    this.OPTION2(() => {
      this.CONSUME(t.HttpRequestLineEnd);
      this.MANY(() => this.SUBRULE(this.httpHeader));
      this.OPTION3(() => {
        this.CONSUME(t.HttpHeadersEnd);
        this.OPTION4(() => this.CONSUME(t.HttpBody));
      });
    });
  });

  httpHeader = this.RULE('httpHeader', () => {
    this.CONSUME(t.HttpHeaderName);
    this.CONSUME(t.HttpColon);
    this.OPTION(() => this.CONSUME(t.HttpHeaderValue));
    this.OPTION2(() => this.CONSUME(t.HttpHeaderEnd));
  });

  // ---- Example URL from an API reference

  exampleUrl = this.RULE('exampleUrl', () => {
    this.OPTION(() => this.CONSUME(t.UrlSpace));
    this.CONSUME(t.UrlScheme);
    this.CONSUME(t.UrlText, { LABEL: 'host', ERR_MSG: 'a host name after the scheme' });
    this.OPTION2(() => this.SUBRULE(this.urlPath));
    this.OPTION3(() => {
      this.CONSUME(t.UrlQuestion);
      this.OPTION4(() => this.SUBRULE(this.urlParam));
      this.MANY(() => {
        this.CONSUME(t.UrlAmp);
        this.OPTION5(() => this.SUBRULE2(this.urlParam));
      });
    });
    this.OPTION6(() => this.CONSUME2(t.UrlSpace));
  });

  /** Every token is labelled `part`: the visitor reads the path as the text they span. */
  urlPath = this.RULE('urlPath', () => {
    this.AT_LEAST_ONE(() => {
      this.CONSUME(t.UrlSlash, { LABEL: 'part' });
      this.MANY(() =>
        this.OR([
          { ALT: () => this.CONSUME(t.UrlText, { LABEL: 'part' }) },
          { ALT: () => this.CONSUME(t.UrlEscape, { LABEL: 'part' }) },
          { ALT: () => this.CONSUME(t.UrlEquals, { LABEL: 'part' }) },
        ]),
      );
    });
  });

  /** `key` or `key=value`; a value may hold raw `=`, `/` and `?`, as pasted URLs do. */
  urlParam = this.RULE('urlParam', () => {
    this.AT_LEAST_ONE(() =>
      this.OR([
        { ALT: () => this.CONSUME(t.UrlText, { LABEL: 'key' }) },
        { ALT: () => this.CONSUME(t.UrlEscape, { LABEL: 'key' }) },
        { ALT: () => this.CONSUME(t.UrlSlash, { LABEL: 'key' }) },
      ]),
    );
    this.OPTION(() => {
      this.CONSUME(t.UrlEquals);
      this.MANY(() =>
        this.OR2([
          { ALT: () => this.CONSUME2(t.UrlText, { LABEL: 'value' }) },
          { ALT: () => this.CONSUME2(t.UrlEscape, { LABEL: 'value' }) },
          { ALT: () => this.CONSUME2(t.UrlEquals, { LABEL: 'value' }) },
          { ALT: () => this.CONSUME2(t.UrlSlash, { LABEL: 'value' }) },
          { ALT: () => this.CONSUME(t.UrlQuestion, { LABEL: 'value' }) },
        ]),
      );
    });
  });
}

/** The one parser instance: set `input`, call an entry rule, read `errors`. */
export const canonicalRequestParser = builtOnFirstUse(() => new CanonicalRequestParser());
