/**
 * Three ways a request shows in text, each read into plain data with diagnostics:
 *
 * - the SigV4 canonical request botocore.auth logs before signing (`CanonicalRequest:`);
 * - a raw HTTP/1.1 request, as documentation and articles print it;
 * - an API-reference example URL.
 *
 * Text pasted from a web page may have lost its line breaks, each one turned into a space or
 * into nothing. The grammar cannot see where they were, but the text itself can tell: the signed
 * headers list the canonical header names, header names have a known shape, Content-Length says
 * where the body starts. So the line breaks are put back first and the result is read by the same
 * grammar as intact text, while positions keep pointing into the text as given.
 */
import type { IToken, Lexer } from 'chevrotain';
import { canonicalRequestLexer, exampleUrlLexer, httpRequestLexer, UrlEscape } from '../../grammars/canonical-request/lexer.js';
import { canonicalRequestParser } from '../../grammars/canonical-request/parser.js';
import { builtOnFirstUse } from '../../grammars/built-on-first-use.js';
import type {
  CanonicalHeaderCstChildren,
  CanonicalRequestCstChildren,
  CanonicalRequestCstNode,
  ExampleUrlCstChildren,
  ExampleUrlCstNode,
  HttpHeaderCstChildren,
  HttpRequestCstChildren,
  HttpRequestCstNode,
  ICstNodeVisitor,
  QueryParamCstChildren,
  UrlParamCstChildren,
  UrlPathCstChildren,
} from '../../grammars/canonical-request/cst.js';
import { advance, diagnostic, type Diagnostic, type DiagnosticCode, type Position } from '../diagnostics.js';
import { readCanonicalFast } from './canonical-request-fast.js';
import { Rebuilt } from './rebuilt.js';
import { tokenEnd } from './tokens.js';
import type { CanonicalRequest, HttpRequest } from './types.js';

/** Where a text starts in its source: `pos.offset` is 0-based, `pos.line` and `pos.column` 1-based. */
export interface TextAt {
  source: string;
  pos: Position;
}

/** A problem at a 0-based offset of the text as given, phrased as what was expected there. */
interface Problem {
  offset: number;
  expected: string;
}

// ---------------------------------------------------------------------------------------------
// Character classes of the line-break restoration.

/** `\s` as JavaScript defines it (web pages bring U+00A0), tested without a string per character. */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  return code >= 0xa0 && /\s/.test(String.fromCharCode(code));
}
const isUpper = (code: number): boolean => code >= 65 && code <= 90;
const isLowerOrDigit = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
/** SigV4 lower-cases header names; AWS's are letters, digits, `-`, and rarely `_` or `.`. */
const isNameChar = (code: number): boolean => isLowerOrDigit(code) || code === 45 || code === 95 || code === 46;
/** RFC 9110 `tchar`. */
const isTokenChar = (code: number): boolean =>
  isLowerOrDigit(code) || isUpper(code) || (code > 32 && code < 127 && "!#$%&'*+-.^_`|~".includes(String.fromCharCode(code)));

function skipSpace(text: string, from: number, to: number): number {
  while (from < to && isSpace(text.charCodeAt(from))) from++;
  return from;
}

/** Past the run of non-space characters at `from` (up to `to`). */
function skipToken(text: string, from: number, to: number): number {
  while (from < to && !isSpace(text.charCodeAt(from))) from++;
  return from;
}

function trimSpaceBack(text: string, to: number, from: number): number {
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  return to;
}

/** Counts LF, CRLF and CR line breaks, up to `enough`: a long record is not scanned to its end. */
function lineBreaksBetween(text: string, from: number, to: number, enough: number): number {
  let count = 0;
  for (let i = from; i < to && count < enough; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) count++;
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Visitor: CST -> plain data. Problems are recorded at offsets of the original text.

interface ReadContext {
  /** The text the grammar read. */
  text: string;
  map: Rebuilt;
  problems: Problem[];
  /** Offset just past the last token, in `text`. */
  end: number;
  /** Whether a canonical request must end with its payload hash (a record with newlines shows it). */
  hashRequired: boolean;
}

interface ReadHttp {
  value: HttpRequest;
  /** Offset just past the request, in the text the grammar read. */
  end: number;
}

function problemAt(ctx: ReadContext, offset: number, expected: string): undefined {
  ctx.problems.push({ offset: ctx.map.toOriginal(offset), expected });
  return undefined;
}

/** The text from the first token to the end of the last (tokens of one construct, in any order). */
function span(text: string, tokens: IToken[] | undefined): string {
  if (!tokens || tokens.length === 0) return '';
  let from = Infinity;
  let to = 0;
  for (const token of tokens) {
    from = Math.min(from, token.startOffset);
    to = Math.max(to, tokenEnd(token));
  }
  return text.slice(from, to);
}

/** Markdown's backslash escapes of punctuation (`APNS\_SANDBOX`), the UrlEscape token: a URL never holds a raw backslash. */
const MARKDOWN_ESCAPES = new RegExp((UrlEscape.PATTERN as RegExp).source, 'g');
const unescapeMarkdownPunctuation = (text: string): string => text.replace(MARKDOWN_ESCAPES, (escape) => escape.slice(1));

/** `key` alone, shouting or bracketed: documentation's stand-in for parameters it does not show (`&AUTHPARAMS`). */
const PLACEHOLDER = /^(?:[A-Z][A-Z0-9_]+|<[^>]*>|\[[^\]]*\]|\{[^}]*\}|\.\.\.|…)$/;
/** Query authentication: SigV4 presigned URLs and the SigV2 query signature. Credentials, not API parameters. */
const AUTH_PARAMS = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
  'x-amz-security-token',
  'awsaccesskeyid',
  'signature',
  'signaturemethod',
  'signatureversion',
]);

/** The visitor, made with the parser on first use. */
const visitor = builtOnFirstUse(() => {
  const BaseVisitor = canonicalRequestParser().getBaseCstVisitorConstructor<ReadContext, unknown>();

  class RequestVisitor extends BaseVisitor implements ICstNodeVisitor<ReadContext, unknown> {
    constructor() {
      super();
      this.validateVisitor();
    }

    canonicalRequest(c: CanonicalRequestCstChildren, ctx: ReadContext): CanonicalRequest | undefined {
      const query: Array<[string, string]> = [];
      for (const param of c.queryParam ?? []) {
        const pair = this.queryParam(param.children, ctx);
        if (!pair) return undefined;
        query.push(pair);
      }
      const headers = c.canonicalHeader.map((header) => this.canonicalHeader(header.children));
      const signedHeaders = c.CrSignedName.map((token) => token.image);
      // SigV4 signs exactly the canonical headers, so the two lists name the same headers in order.
      if (signedHeaders.join(';') !== headers.map(([name]) => name).join(';')) {
        const names = headers.map(([name]) => name).join(';');
        return problemAt(ctx, c.CrSignedName[0]!.startOffset, `signed headers that list the canonical headers in order (${names})`);
      }
      const payloadHash = c.CrPayloadHash?.[0]?.image;
      if (payloadHash === undefined && ctx.hashRequired) return problemAt(ctx, ctx.text.length, 'the payload hash after the signed headers');
      return {
        method: c.CrMethod[0]!.image,
        path: c.CrUri[0]!.image,
        query,
        headers,
        signedHeaders,
        payloadHash: payloadHash ?? '',
      };
    }

    /** botocore percent-encodes keys and values (`%20` for a space, never `+`). */
    queryParam(c: QueryParamCstChildren, ctx: ReadContext): [string, string] | undefined {
      const key = c.key[0]!;
      try {
        return [decodeURIComponent(key.image), decodeURIComponent(c.value?.[0]?.image ?? '')];
      } catch {
        return problemAt(ctx, key.startOffset, 'a percent-encoded query parameter (%XX sequences of UTF-8)');
      }
    }

    canonicalHeader(c: CanonicalHeaderCstChildren): [string, string] {
      return [c.CrHeaderName[0]!.image, c.CrHeaderValue?.[0]?.image ?? ''];
    }

    httpRequest(c: HttpRequestCstChildren, ctx: ReadContext): ReadHttp | undefined {
      const target = c.HttpTarget[0]!;
      const headers = (c.httpHeader ?? []).map((header) => this.httpHeader(header.children));
      const find = (name: string): string | undefined => headers.find(([key]) => key.toLowerCase() === name)?.[1];

      let url = target.image;
      if (!/^https?:\/\//i.test(url)) {
        if (!url.startsWith('/')) return problemAt(ctx, target.startOffset, 'the request target (a path or an absolute URL)');
        const host = find('host');
        if (!host) return problemAt(ctx, target.startOffset, 'a Host header, since the request target is only a path');
        // Services are reached over TLS; a request printed with a path does not say the scheme.
        url = `https://${host}${url}`;
      }

      // Documentation writes `Content-Length: <PayloadSizeBytes>`: a placeholder says nothing of the length.
      const lengthValue = find('content-length');
      const length = lengthValue !== undefined && /^\d+$/.test(lengthValue) ? Number(lengthValue) : undefined;
      const method = c.HttpMethod[0]!.image;
      const blank = c.HttpHeadersEnd?.[0];
      const rest = c.HttpBody?.[0];
      let body: string | null = null;
      let end = blank ? tokenEnd(blank) : ctx.end;
      if (blank && length !== undefined) {
        const from = rest?.startOffset ?? end;
        const chars = charsForBytes(ctx.text, from, length);
        if (chars === undefined) return problemAt(ctx, ctx.text.length, `a body of ${length} bytes, as Content-Length says`);
        // Text running on from the body's last byte is more body: a Content-Length too small would cut it short unseen.
        const after = ctx.text.charAt(from + chars);
        if (chars > 0 && after !== '' && !/\s/.test(after)) return problemAt(ctx, from + chars, `the body to end after ${length} bytes, as Content-Length says, but it goes on`);
        body = ctx.text.slice(from, from + chars);
        end = from + chars;
      } else if (rest && !BODILESS.has(method)) {
        // Shown without its length, a body is taken to be one paragraph: text that follows the
        // request in an article or a log starts after an empty line, or is not there.
        const stop = rest.image.search(/\r?\n[ \t]*\r?\n/);
        const paragraph = (stop === -1 ? rest.image : rest.image.slice(0, stop)).trimEnd();
        if (paragraph !== '') {
          body = paragraph;
          end = rest.startOffset + paragraph.length;
        }
      }
      return {
        value: { method, url, headers, body },
        end,
      };
    }

    httpHeader(c: HttpHeaderCstChildren): [string, string] {
      return [c.HttpHeaderName[0]!.image, (c.HttpHeaderValue?.[0]?.image ?? '').trim()];
    }

    exampleUrl(c: ExampleUrlCstChildren, ctx: ReadContext): HttpRequest {
      const authority = c.host[0]!.image;
      // A user:password@ prefix would be a credential, and is no part of the host.
      const host = authority.slice(authority.lastIndexOf('@') + 1);
      const path = c.urlPath ? this.urlPath(c.urlPath[0]!.children, ctx) : '/';
      const params = (c.urlParam ?? []).flatMap((param) => this.urlParam(param.children, ctx) ?? []);
      const query = params.length > 0 ? `?${params.join('&')}` : '';
      const url = `${c.UrlScheme[0]!.image.toLowerCase()}${host}${path}${query}`;
      return { method: 'GET', url, headers: [['Host', host]], body: null };
    }

    urlPath(c: UrlPathCstChildren, ctx: ReadContext): string {
      return unescapeMarkdownPunctuation(span(ctx.text, c.part));
    }

    /** The parameter as the URL keeps it, or undefined for a placeholder or a credential. */
    urlParam(c: UrlParamCstChildren, ctx: ReadContext): string | undefined {
      const key = unescapeMarkdownPunctuation(span(ctx.text, c.key));
      if (!c.UrlEquals) return PLACEHOLDER.test(key) ? undefined : key;
      if (AUTH_PARAMS.has(key.toLowerCase())) return undefined;
      return `${key}=${unescapeMarkdownPunctuation(span(ctx.text, c.value))}`;
    }
  }
  return new RequestVisitor();
});

/** Methods whose requests carry no body (RFC 9110 gives a GET or HEAD body no meaning). */
const BODILESS = new Set(['GET', 'HEAD']);

/** UTF-8 length of the code point at `i`, and how many UTF-16 units it takes. */
function utf8At(text: string, i: number): [bytes: number, units: number] {
  const code = text.codePointAt(i)!;
  if (code < 0x80) return [1, 1];
  if (code < 0x800) return [2, 1];
  return code < 0x10000 ? [3, 1] : [4, 2];
}

/**
 * How many characters from `start` make `bytes` bytes of UTF-8, or undefined when the text ends
 * first or a character straddles the count.
 */
function charsForBytes(text: string, start: number, bytes: number): number | undefined {
  let i = start;
  for (let counted = 0; counted < bytes; ) {
    if (i >= text.length) return undefined;
    const [size, units] = utf8At(text, i);
    counted += size;
    i += units;
    if (counted > bytes) return undefined;
  }
  return i - start;
}

/** Where the last `bytes` bytes of UTF-8 before `end` start (not before `floor`), or undefined. */
function startOfLastBytes(text: string, end: number, bytes: number, floor: number): number | undefined {
  let i = end;
  for (let counted = 0; counted < bytes; ) {
    if (i <= floor) return undefined;
    const low = text.charCodeAt(i - 1);
    const pair = low >= 0xdc00 && low <= 0xdfff && i - 2 >= floor && (text.charCodeAt(i - 2) & 0xfc00) === 0xd800;
    i -= pair ? 2 : 1;
    counted += utf8At(text, i)[0];
    if (counted > bytes) return undefined;
  }
  return i;
}

type Rule = 'canonicalRequest' | 'httpRequest' | 'exampleUrl';

/** Lexes and parses the rebuilt text; a syntax error comes back as a problem at an original offset. */
function parse(lexer: Lexer, rule: Rule, map: Rebuilt, hashRequired = false): { cst?: unknown; ctx: ReadContext } {
  const text = map.text();
  const { tokens } = lexer.tokenize(text);
  const last = tokens[tokens.length - 1];
  const ctx: ReadContext = { text, map, problems: [], end: last ? tokenEnd(last) : 0, hashRequired };
  const parser = canonicalRequestParser();
  parser.input = tokens;
  const cst = parser[rule]();
  const error = parser.errors[0];
  if (!error) return { cst, ctx };
  const offset = Number.isNaN(error.token.startOffset) ? text.length : error.token.startOffset;
  problemAt(ctx, offset, error.message);
  return { ctx };
}

function toDiagnostics(code: DiagnosticCode, text: string, at: TextAt, problems: Problem[]): Diagnostic[] {
  return problems.map((p) => diagnostic(code, at.source, advance(at.pos, text, p.offset), { expected: p.expected }));
}

// ---------------------------------------------------------------------------------------------
// SigV4 canonical request

/** A canonical request has five line breaks before its signed headers and a sixth before the hash. */
const CANONICAL_LINE_BREAKS = 5;

/**
 * Reads the SigV4 canonical request of a `CanonicalRequest:` record: `text` is what follows the
 * tag. Accepts LF or CRLF line ends, and text whose line breaks were all lost (each became a
 * space or nothing), whose payload hash may be missing since such records are often cut. Query
 * keys and values come back decoded; `payloadHash` is '' when the record was cut before it.
 * Diagnostics are CANONICAL_REQUEST_SYNTAX, positioned from `at` (1-based line and column);
 * `value` is absent exactly when a diagnostic is returned. `grammarOnly` skips the fast path
 * (src/parse/canonical-request-fast.ts), for the tests that compare the two.
 */
export function parseCanonicalRequest(
  text: string,
  at: TextAt,
  options: { grammarOnly?: boolean } = {},
): { value?: CanonicalRequest; diagnostics: Diagnostic[] } {
  const start = skipSpace(text, 0, text.length);
  const end = trimSpaceBack(text, text.length, start);
  let read: { value?: CanonicalRequest; problems: Problem[] };
  if (lineBreaksBetween(text, start, end, CANONICAL_LINE_BREAKS) >= CANONICAL_LINE_BREAKS) {
    const fast = options.grammarOnly ? undefined : readCanonicalFast(text);
    if (fast) return { value: fast, diagnostics: [] };
    read = readCanonical(new Rebuilt(text).copy(0, text.length), true);
  } else {
    const restored = restoreCanonicalLines(text, start, end);
    read = 'problem' in restored ? { problems: [restored.problem] } : readCanonical(restored, false);
  }
  if (read.value) return { value: read.value, diagnostics: [] };
  return { diagnostics: toDiagnostics('CANONICAL_REQUEST_SYNTAX', text, at, read.problems) };
}

function readCanonical(map: Rebuilt, hashRequired: boolean): { value?: CanonicalRequest; problems: Problem[] } {
  const { cst, ctx } = parse(canonicalRequestLexer(), 'canonicalRequest', map, hashRequired);
  const value = cst ? visitor().canonicalRequest((cst as CanonicalRequestCstNode).children, ctx) : undefined;
  return { value, problems: ctx.problems };
}

const fail = (offset: number, expected: string): { problem: Problem } => ({ problem: { offset, expected } });

/**
 * Puts back the line breaks of a canonical request that lost them: `POST / content-type:a; b
 * host:h x-amz-date:d content-type;host;x-amz-date <hash>`, or the same with nothing where the
 * breaks were. The signed headers at the end name the headers in order, and header i starts at
 * `name_i:`; values may hold spaces and colons. Percent-encoding keeps `:` and spaces out of the
 * URI and the query, so the first colon after the URI ends the first header name.
 */
function restoreCanonicalLines(text: string, start: number, end: number): Rebuilt | { problem: Problem } {
  let methodEnd = start;
  while (methodEnd < end && isUpper(text.charCodeAt(methodEnd))) methodEnd++;
  if (methodEnd === start) return fail(start, 'an HTTP method such as POST');
  const uriStart = skipSpace(text, methodEnd, end);
  if (text[uriStart] !== '/') return fail(uriStart, 'the canonical URI (a path starting with /)');

  const hashStart = payloadHashStart(text, uriStart, end);
  const signedEnd = trimSpaceBack(text, hashStart, uriStart);
  let signedStart = signedEnd;
  while (signedStart > uriStart && (isNameChar(text.charCodeAt(signedStart - 1)) || text[signedStart - 1] === ';')) signedStart--;
  const names = text.slice(signedStart, signedEnd).split(';');
  if (names.some((name) => name === '')) return fail(signedStart, 'the signed headers (header names separated by ";") at the end');

  const firstColon = text.indexOf(':', uriStart);
  if (firstColon === -1 || firstColon >= signedStart) return fail(signedStart, 'a canonical header (name:value) before the signed headers');
  let colonRunStart = firstColon;
  while (isNameChar(text.charCodeAt(colonRunStart - 1))) colonRunStart--;
  const first = firstHeaderName(text, colonRunStart, firstColon, signedStart, names[0]!);
  if (!first) return fail(colonRunStart, `the first canonical header to be "${names[0]}", the first signed header`);
  const signedFrom = signedStart + names[0]!.length - first.length;
  names[0] = first;

  // Backwards, each name is found before the header after it: a value may mention other headers,
  // only its own `name:` would mislead. Each search resumes where the last stopped: linear.
  const starts: number[] = [firstColon - first.length];
  let limit = signedFrom;
  let nameAt = signedEnd + 1;
  for (let i = names.length - 1; i >= 1; i--) {
    const name = names[i]!;
    nameAt -= name.length + 1;
    const found = text.lastIndexOf(`${name}:`, limit - name.length - 1);
    if (found <= firstColon) return fail(nameAt, `the canonical header "${name}:" that the signed headers list`);
    starts[i] = found;
    limit = found;
  }

  const headersStart = starts[0]!;
  const region = queryRegion(text, uriStart, trimSpaceBack(text, headersStart, uriStart));
  if ('problem' in region) return region;

  const out = new Rebuilt(text);
  out.copy(start, methodEnd).insert('\n', methodEnd);
  out.copy(uriStart, region.uriEnd).insert('\n', region.uriEnd);
  out.copy(region.queryStart, region.queryEnd).insert('\n', region.queryEnd);
  names.forEach((name, i) => {
    const colon = starts[i]! + name.length;
    const valueEnd = trimSpaceBack(text, starts[i + 1] ?? signedFrom, colon + 1);
    out.copy(starts[i]!, colon + 1).copy(skipSpace(text, colon + 1, valueEnd), valueEnd).insert('\n', valueEnd);
  });
  out.insert('\n', signedFrom).copy(signedFrom, signedEnd);
  if (hashStart < end) out.insert('\n', hashStart).copy(hashStart, end);
  return out;
}

/**
 * Where the payload hash starts, or `end` when the record was cut before it. It may be glued to
 * the last signed header name: 64 hex digits, or botocore's UNSIGNED-PAYLOAD / STREAMING-... words.
 */
function payloadHashStart(text: string, floor: number, end: number): number {
  const from = Math.max(floor, end - 128);
  const match = /(?:[0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+)$/.exec(text.slice(from, end));
  return match ? from + match.index : end;
}

/**
 * The first header's name. Both the name before the first colon and the first signed header may
 * carry glued text (the URI's or query's tail, the last value's tail) unless a space precedes
 * them; the name is what both end with.
 */
function firstHeaderName(text: string, colonRunStart: number, firstColon: number, signedStart: number, listed: string): string {
  const atColon = text.slice(colonRunStart, firstColon);
  const colonClean = isSpace(text.charCodeAt(colonRunStart - 1));
  const listedClean = isSpace(text.charCodeAt(signedStart - 1));
  if (colonClean && listedClean) return atColon === listed ? atColon : '';
  if (colonClean) return listed.endsWith(atColon) ? atColon : '';
  if (listedClean) return atColon.endsWith(listed) ? listed : '';
  let common = 0;
  const limit = Math.min(atColon.length, listed.length);
  while (common < limit && atColon[atColon.length - 1 - common] === listed[listed.length - 1 - common]) common++;
  return atColon.slice(atColon.length - common).replace(/^[^a-z0-9]+/, '');
}

interface QueryRegion {
  uriEnd: number;
  queryStart: number;
  queryEnd: number;
}

/**
 * Splits `URI query` before the headers. Glued together (`/my-fnQualifier=1`), the query starts
 * at the key before the first `=`, which the URI cannot hold: found at a lower-to-upper case
 * change (AWS's query keys are CamelCase) or at the start of the last path segment.
 */
function queryRegion(text: string, uriStart: number, regionEnd: number): QueryRegion | { problem: Problem } {
  let uriEnd = uriStart;
  while (uriEnd < regionEnd && !isSpace(text.charCodeAt(uriEnd))) uriEnd++;
  if (uriEnd < regionEnd) return { uriEnd, queryStart: skipSpace(text, uriEnd, regionEnd), queryEnd: regionEnd };
  const equals = text.indexOf('=', uriStart);
  if (equals === -1 || equals >= regionEnd) return { uriEnd, queryStart: uriEnd, queryEnd: uriEnd };
  const segment = text.lastIndexOf('/', equals) + 1;
  for (let i = equals - 1; i > segment; i--) {
    if (isUpper(text.charCodeAt(i)) && isLowerOrDigit(text.charCodeAt(i - 1))) return { uriEnd: i, queryStart: i, queryEnd: regionEnd };
  }
  if (isUpper(text.charCodeAt(segment))) return { uriEnd: segment, queryStart: segment, queryEnd: regionEnd };
  return fail(segment, 'a line break or a space between the canonical URI and the query string');
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP/1.1 request

/** Longer than any URL a server accepts (API Gateway: 10,240 characters). */
const MAX_REQUEST_LINE = 65_536;

/**
 * Reads a raw HTTP/1.1 request at the start of `text` (leading whitespace is skipped): request
 * line with an absolute URL, or a path and a Host header (the URL is then https://host/path);
 * header lines; empty line; body. Content-Length, counted in UTF-8 bytes, bounds the body;
 * without a number there (absent, or a placeholder), the body is the paragraph after the empty
 * line, and a GET or HEAD has none. Also reads a request whose line breaks were lost: it then
 * runs to the end of its line, and only Content-Length can show its body.
 *
 * `end` is the 0-based offset in `text` just past the request (past the skipped whitespace when
 * there is no request). Diagnostics are HTTP_REQUEST_SYNTAX, positioned from `at` (1-based line
 * and column); `value` is absent exactly when a diagnostic is returned.
 */
export function parseHttpRequest(text: string, at: TextAt): { value?: HttpRequest; end: number; diagnostics: Diagnostic[] } {
  const start = skipSpace(text, 0, text.length);
  let lineEnd = start;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  // The request target is one token, and no server takes one this long: it is refused here, not
  // lexed (a 10 MB target once overflowed V8's regex backtracking stack in the lexer).
  const targetStart = skipSpace(text, skipToken(text, start, lineEnd), lineEnd);
  if (skipToken(text, targetStart, lineEnd) - targetStart > MAX_REQUEST_LINE) {
    return { end: start, diagnostics: toDiagnostics('HTTP_REQUEST_SYNTAX', text, at, [{ offset: targetStart + MAX_REQUEST_LINE, expected: `a request target of at most ${MAX_REQUEST_LINE} characters` }]) };
  }
  // A request line ends within the URL length limits of any server; scanning a 10 MB line with this
  // regex overflows V8's regex stack.
  const requestLine = /^\S+[ \t]+\S+[ \t]+HTTP\/\d+(?:\.\d+)?/.exec(text.slice(start, Math.min(lineEnd, start + MAX_REQUEST_LINE)));
  const versionEnd = start + (requestLine?.[0].length ?? 0);
  const flat = requestLine !== null && skipSpace(text, versionEnd, lineEnd) < lineEnd;

  const restored = flat
    ? restoreHttpLines(text, start, versionEnd, trimSpaceBack(text, lineEnd, versionEnd))
    : { map: new Rebuilt(text).copy(start, text.length) };
  if ('problem' in restored) return { end: start, diagnostics: toDiagnostics('HTTP_REQUEST_SYNTAX', text, at, [restored.problem]) };
  const { cst, ctx } = parse(httpRequestLexer(), 'httpRequest', restored.map);
  const read = cst ? visitor().httpRequest((cst as HttpRequestCstNode).children, ctx) : undefined;
  if (!read) return { end: start, diagnostics: toDiagnostics('HTTP_REQUEST_SYNTAX', text, at, ctx.problems) };
  return { value: read.value, end: 'end' in restored ? restored.end : ctx.map.toOriginal(read.end), diagnostics: [] };
}

/**
 * Headers AWS requests carry, as usually spelled. In one-line text a lower-case `name:` starts a
 * header only if it is one of these, and only these are recognised glued to a previous value.
 */
const KNOWN_HEADERS = [
  'Accept', 'Accept-Encoding', 'Accept-Language', 'Amz-Sdk-Invocation-Id', 'Amz-Sdk-Request', 'Authorization',
  'Cache-Control', 'Connection', 'Content-Disposition', 'Content-Encoding', 'Content-Language', 'Content-Length',
  'Content-MD5', 'Content-Type', 'Date', 'Expect', 'Expires', 'Host', 'If-Match', 'If-Modified-Since',
  'If-None-Match', 'If-Unmodified-Since', 'Range', 'Transfer-Encoding', 'User-Agent',
];
const KNOWN_LOWER = new Set(KNOWN_HEADERS.map((name) => name.toLowerCase()));

interface HeaderAt {
  start: number;
  colon: number;
}

/**
 * Puts back the line breaks of a one-line request: `POST https://h/ HTTP/1.1 Host: h
 * Content-Length: 2 X-Amz-Target: T User-Agent: aws-cli/1 Python/3 {}`. A header starts at a word
 * `Name:` whose name is capitalised or a known header, or at a known name glued to the previous
 * value (`identityContent-Length:`). The body is the last Content-Length bytes of the line, and
 * must follow a space: a body that would start inside a word means Content-Length is wrong.
 */
function restoreHttpLines(
  text: string,
  start: number,
  versionEnd: number,
  lineEnd: number,
): { map: Rebuilt; end: number } | { problem: Problem } {
  const headers: HeaderAt[] = [];
  for (let word = skipSpace(text, versionEnd, lineEnd); word < lineEnd; ) {
    let wordEnd = word;
    while (wordEnd < lineEnd && !isSpace(text.charCodeAt(wordEnd))) wordEnd++;
    const header = headerInWord(text, word, wordEnd);
    if (header) headers.push(header);
    word = skipSpace(text, wordEnd, lineEnd);
  }
  const firstWord = skipSpace(text, versionEnd, lineEnd);
  if (headers[0]?.start !== firstWord) return fail(firstWord, 'a header (Name: value) after the request line');

  let bodyStart = lineEnd;
  const lengthHeader = headers.find((h) => text.slice(h.start, h.colon).toLowerCase() === 'content-length');
  if (lengthHeader) {
    const digitsStart = skipSpace(text, lengthHeader.colon + 1, lineEnd);
    const digits = /^\d*/.exec(text.slice(digitsStart, Math.min(lineEnd, digitsStart + 20)))![0];
    if (digits === '') return fail(digitsStart, 'a Content-Length of decimal digits');
    const length = Number(digits);
    const found = startOfLastBytes(text, lineEnd, length, digitsStart + digits.length);
    if (found === undefined || (length > 0 && !isSpace(text.charCodeAt(found - 1)))) {
      return fail(digitsStart, `a body of ${length} bytes at the end of the line, as Content-Length says`);
    }
    bodyStart = found;
  }
  // Words that look like headers inside the body are body text. The body follows a space, and a
  // header name holds none, so no header straddles the body's start.
  const kept = headers.filter((h) => h.start < bodyStart);
  const out = new Rebuilt(text).copy(start, versionEnd);
  kept.forEach((header, i) => {
    out.insert('\n', header.start).copy(header.start, trimSpaceBack(text, kept[i + 1]?.start ?? bodyStart, header.colon + 1));
  });
  if (lengthHeader) out.insert('\n\n', bodyStart).copy(bodyStart, lineEnd);
  return { map: out, end: lineEnd };
}

/**
 * The header starting in a word, if any: glued to the end of the word's text (a known name after
 * text that does not end in `-`, as in `identityContent-Length:`), or at the word's start.
 */
function headerInWord(text: string, word: number, wordEnd: number): HeaderAt | undefined {
  let colon = word;
  while (colon < wordEnd && text[colon] !== ':') colon++;
  if (colon === wordEnd || colon === word) return undefined;
  const before = text.slice(word, colon);
  let glued = 0;
  for (const name of KNOWN_HEADERS) if (name.length > glued && before.length > name.length && before.endsWith(name)) glued = name.length;
  const amz = before.lastIndexOf('X-Amz');
  if (amz > 0 && /^X-Amzn?-[A-Za-z0-9-]+$/.test(before.slice(amz))) glued = Math.max(glued, before.length - amz);
  // `X-Forwarded-Host:` is one name; `comHost:` is a value and a name.
  if (glued > 0 && before[before.length - glued - 1] !== '-') return { start: colon - glued, colon };
  for (let i = 0; i < before.length; i++) if (!isTokenChar(before.charCodeAt(i))) return undefined;
  // `https://...` and `arn:aws:...` in a value are not headers: no capital, not a header name.
  const named = isUpper(before.charCodeAt(0)) || KNOWN_LOWER.has(before.toLowerCase()) || /^x-amzn?-/i.test(before);
  return named && text[colon + 1] !== '/' ? { start: word, colon } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Example URL

/**
 * Reads an API-reference example URL, as documentation prints it: markdown escapes
 * (`APNS\_SANDBOX`) are undone, spaces and line breaks around `?` and `&` dropped, placeholder
 * parameters (`&AUTHPARAMS`) and query-authentication parameters (X-Amz-Signature, ...) removed.
 * The request is a GET of the cleaned URL with its Host header. Diagnostics are URL_SYNTAX,
 * positioned from `at` (1-based line and column); `value` is absent exactly when a diagnostic is
 * returned.
 */
export function parseExampleUrl(text: string, at: TextAt): { value?: HttpRequest; diagnostics: Diagnostic[] } {
  const { cst, ctx } = parse(exampleUrlLexer(), 'exampleUrl', new Rebuilt(text).copy(0, text.length));
  if (!cst) return { diagnostics: toDiagnostics('URL_SYNTAX', text, at, ctx.problems) };
  return { value: visitor().exampleUrl((cst as ExampleUrlCstNode).children, ctx), diagnostics: [] };
}
