/**
 * Tokens of three ways a request shows in text: the SigV4 canonical request botocore.auth logs, a
 * raw HTTP/1.1 request, and an API-reference example URL. One lexer each, with line-by-line
 * modes where the meaning of a line depends on the lines before it. Syntax only: these lexers
 * read text whose line breaks are intact; restoring lost line breaks needs header names and
 * Content-Length, so src/parse/canonical-request.ts does it before lexing.
 *
 * Every mode takes any character, so lexing never fails: where a mode's own tokens do not cover
 * everything, a stray character becomes an `Unexpected` token the parser rejects, and the
 * parser's error names what was expected there.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';
import { builtOnFirstUse } from '../built-on-first-use.js';

/** A line break, which moves the lexer to the mode of the next line. */
const lineBreak = (name: string, label: string, next: { push_mode: string } | { pop_mode: true }): TokenType =>
  createToken({ name, pattern: /\r\n?|\n/, line_breaks: true, label, ...next });
/** RFC 9110 `token`: the characters of a method or a header name. */
const HTTP_TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * Any single character no other token of its mode takes. Written `[^]`: chevrotain 11's
 * first-character analysis reads `[\s\S]` as whitespace only, and such a token then never
 * starts at a letter.
 */
export const Unexpected = createToken({ name: 'Unexpected', pattern: /[^]/, line_breaks: true, label: 'an unexpected character' });

// ---------------------------------------------------------------------------------------------
// SigV4 canonical request: method, URI, query, headers, blank line, signed headers, payload hash.
// Each line break pushes the mode of the next line; a header's value pops back to the headers.

/** The record's text starts on the line after `CanonicalRequest:`. */
export const CrLeadingSpace = createToken({ name: 'CrLeadingSpace', pattern: /\s+/, line_breaks: true, group: Lexer.SKIPPED });
export const CrMethod = createToken({ name: 'CrMethod', pattern: /[A-Z]+/, push_mode: 'crAfterMethod', label: 'an HTTP method such as POST' });
export const CrMethodEnd = lineBreak('CrMethodEnd', 'a line break after the method', { push_mode: 'crUri' });
// botocore percent-encodes the URI, so it never holds a space.
export const CrUri = createToken({ name: 'CrUri', pattern: /\/\S*/, label: 'the canonical URI (a path starting with /)' });
export const CrUriEnd = lineBreak('CrUriEnd', 'a line break after the canonical URI', { push_mode: 'crQuery' });
export const CrAmp = createToken({ name: 'CrAmp', pattern: /&/, label: '&' });
export const CrEquals = createToken({ name: 'CrEquals', pattern: /=/, label: '=' });
export const CrQueryText = createToken({ name: 'CrQueryText', pattern: /[^&=\s]+/, label: 'a percent-encoded query parameter' });
export const CrQueryEnd = lineBreak('CrQueryEnd', 'a line break after the canonical query string', { push_mode: 'crHeaders' });
/** The empty line after the headers: a line break where a header name would start. */
export const CrHeadersEnd = lineBreak('CrHeadersEnd', 'an empty line after the canonical headers', { push_mode: 'crSigned' });
export const CrHeaderName = createToken({ name: 'CrHeaderName', pattern: HTTP_TOKEN, label: 'a canonical header name' });
export const CrColon = createToken({ name: 'CrColon', pattern: /:/, push_mode: 'crHeaderValue', label: '":" after the header name' });
export const CrHeaderValue = createToken({ name: 'CrHeaderValue', pattern: /[^\r\n]+/, label: 'a header value' });
export const CrHeaderEnd = lineBreak('CrHeaderEnd', 'a line break after the header', { pop_mode: true });
export const CrSignedName = createToken({ name: 'CrSignedName', pattern: HTTP_TOKEN, label: 'a signed header name' });
export const CrSemicolon = createToken({ name: 'CrSemicolon', pattern: /;/, label: ';' });
export const CrSignedEnd = lineBreak('CrSignedEnd', 'a line break after the signed headers', { push_mode: 'crHash' });
export const CrTrailingSpace = createToken({ name: 'CrTrailingSpace', pattern: /\s+/, line_breaks: true, group: Lexer.SKIPPED });
// 64 hex digits, or UNSIGNED-PAYLOAD / STREAMING-...: any word, the visitor does not judge it.
export const CrPayloadHash = createToken({ name: 'CrPayloadHash', pattern: /\S+/, label: 'the payload hash' });

export const canonicalRequestLexer = builtOnFirstUse(
  () =>
    new Lexer(
      {
        defaultMode: 'crStart',
        modes: {
          crStart: [CrLeadingSpace, CrMethod, Unexpected],
          crAfterMethod: [CrMethodEnd, Unexpected],
          crUri: [CrUriEnd, CrUri, Unexpected],
          crQuery: [CrQueryEnd, CrAmp, CrEquals, CrQueryText, Unexpected],
          crHeaders: [CrHeadersEnd, CrHeaderName, CrColon, Unexpected],
          crHeaderValue: [CrHeaderEnd, CrHeaderValue],
          crSigned: [CrSignedEnd, CrSignedName, CrSemicolon, Unexpected],
          crHash: [CrTrailingSpace, CrPayloadHash],
        },
      },
      { positionTracking: 'onlyOffset' },
    ),
);

// ---------------------------------------------------------------------------------------------
// Raw HTTP/1.1 request: request line, header lines, empty line, body.

export const HttpSpace = createToken({ name: 'HttpSpace', pattern: /[ \t]+/, label: 'a space' });
export const HttpRequestLineEnd = lineBreak('HttpRequestLineEnd', 'a line break after the request line', { push_mode: 'httpHeaders' });
export const HttpVersion = createToken({ name: 'HttpVersion', pattern: /HTTP\/\d+(?:\.\d+)?(?!\S)/, label: 'the HTTP version (HTTP/1.1)' });
// The method is the word before the first space; without the lookahead it would also take an
// upper-case target such as `HTTPS://...`.
export const HttpMethod = createToken({ name: 'HttpMethod', pattern: /[A-Z]+(?=[ \t])/, label: 'an HTTP method such as POST' });
export const HttpTarget = createToken({ name: 'HttpTarget', pattern: /\S+/, label: 'the request target (a path or an absolute URL)' });
export const HttpHeadersEnd = lineBreak('HttpHeadersEnd', 'an empty line after the headers', { push_mode: 'httpBody' });
export const HttpHeaderName = createToken({ name: 'HttpHeaderName', pattern: HTTP_TOKEN, label: 'a header name' });
export const HttpColon = createToken({ name: 'HttpColon', pattern: /:/, push_mode: 'httpHeaderValue', label: '":" after the header name' });
export const HttpHeaderValue = createToken({ name: 'HttpHeaderValue', pattern: /[^\r\n]+/, label: 'a header value' });
export const HttpHeaderEnd = lineBreak('HttpHeaderEnd', 'a line break after the header', { pop_mode: true });
/** Everything after the empty line; Content-Length says how much of it is the body. */
export const HttpBody = createToken({ name: 'HttpBody', pattern: /[^]+/, line_breaks: true, label: 'the body' });

export const httpRequestLexer = builtOnFirstUse(
  () =>
    new Lexer(
      {
        defaultMode: 'httpRequestLine',
        modes: {
          httpRequestLine: [HttpSpace, HttpRequestLineEnd, HttpVersion, HttpMethod, HttpTarget, Unexpected],
          httpHeaders: [HttpHeadersEnd, HttpHeaderName, HttpColon, Unexpected],
          httpHeaderValue: [HttpHeaderEnd, HttpHeaderValue],
          httpBody: [HttpBody],
        },
      },
      { positionTracking: 'onlyOffset' },
    ),
);

// ---------------------------------------------------------------------------------------------
// API-reference example URL, as pasted from documentation: markdown may escape punctuation
// (`APNS\_SANDBOX`), and parameters may sit on lines of their own or after spaces (` &Version=`).

/** ASCII punctuation: the characters markdown's backslash escapes. */
const ASCII_PUNCTUATION = '[!-/:-@[-`{-~]';

export const UrlSpace = createToken({ name: 'UrlSpace', pattern: /\s+/, line_breaks: true, label: 'a space' });
export const UrlScheme = createToken({ name: 'UrlScheme', pattern: /https?:\/\//i, push_mode: 'urlRest', label: 'an http or https URL' });
// Documentation breaks long query strings before `?` and `&`: the separators take the space around
// them. A URL copied from a page's HTML source keeps `&` escaped as `&amp;`.
export const UrlQuestion = createToken({ name: 'UrlQuestion', pattern: /\s*\?\s*/, line_breaks: true, label: '?' });
export const UrlAmp = createToken({ name: 'UrlAmp', pattern: /\s*&(?:amp;)?\s*/, line_breaks: true, label: '&' });
export const UrlEquals = createToken({ name: 'UrlEquals', pattern: /=/, label: '=' });
export const UrlSlash = createToken({ name: 'UrlSlash', pattern: /\//, label: '/' });
export const UrlEscape = createToken({ name: 'UrlEscape', pattern: new RegExp(`\\\\${ASCII_PUNCTUATION}`), label: 'an escaped character' });
// A backslash that escapes nothing is an ordinary character.
export const UrlText = createToken({ name: 'UrlText', pattern: new RegExp(`(?:[^\\s?&=/\\\\]|\\\\(?!${ASCII_PUNCTUATION}))+`), label: 'URL text' });

export const exampleUrlLexer = builtOnFirstUse(
  () =>
    new Lexer(
      {
        defaultMode: 'urlStart',
        modes: {
          urlStart: [UrlSpace, UrlScheme, Unexpected],
          urlRest: [UrlQuestion, UrlAmp, UrlSpace, UrlEquals, UrlSlash, UrlEscape, UrlText],
        },
      },
      { positionTracking: 'onlyOffset' },
    ),
);

/** Every token of the three lexers: the parser's vocabulary. */
export const allTokens: TokenType[] = [
  Unexpected,
  CrLeadingSpace, CrMethod, CrMethodEnd, CrUri, CrUriEnd, CrAmp, CrEquals, CrQueryText, CrQueryEnd,
  CrHeadersEnd, CrHeaderName, CrColon, CrHeaderValue, CrHeaderEnd, CrSignedName, CrSemicolon, CrSignedEnd,
  CrTrailingSpace, CrPayloadHash,
  HttpSpace, HttpRequestLineEnd, HttpVersion, HttpMethod, HttpTarget, HttpHeadersEnd, HttpHeaderName, HttpColon,
  HttpHeaderValue, HttpHeaderEnd, HttpBody,
  UrlSpace, UrlScheme, UrlQuestion, UrlAmp, UrlEquals, UrlSlash, UrlEscape, UrlText,
];
