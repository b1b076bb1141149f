/**
 * The parse stage: segments of text -> log records. Each record's payload is read by the
 * grammar of its kind; credentials are redacted here, before anything else sees them.
 */
import { advance, diagnostic, type Diagnostic, type DiagnosticCode, type Position } from '../diagnostics.js';
import { parseCanonicalRequest, parseExampleUrl, parseHttpRequest } from './canonical-request.js';
import { MakingRequestFor } from '../../grammars/log-record/lexer.js';
import { decodeJsonRecord } from './json-record.js';
import { readRecordHead } from './log-record.js';
import { asText, bytesOfText, bytesToString, isDict, parsePythonRepr, stringPairs, type ReprResult } from './python-repr.js';
import { stripLinePrefix } from './prefix.js';
import { Rebuilt, type Rewritten } from './rebuilt.js';
import type { RecordHead } from './record-head.js';
import { isSecretField, REDACTED, redactHeader, redactQueryValue, redactText } from './redact.js';
import { percentDecoded } from '../utf8.js';
import { RecordSplitter, type Segment } from './split.js';
import { LINE_BREAK, LINE_BREAKS, unwrapLines } from './wrap.js';
import { HEAD_WINDOW, type HttpRequest, type LogRecord, type PyDict, type PyValue } from './types.js';

export interface ParsedSegment {
  records: LogRecord[];
  diagnostics: Diagnostic[];
}

/**
 * Markdown escapes underscores (`verify\_ssl`, `'url\_path'`). A Python repr never prints `\_`
 * (a backslash is always `\\`), so an unpaired `\_` can only be such an escape. Only this one is
 * undone, unlike in a URL (unescapeMarkdownPunctuation): `\'` and `\\` are the repr's own escapes.
 */
const ESCAPED_UNDERSCORE = /(?<!\\)((?:\\\\)*)\\_/g;

/** A markdown escape, or (when unwrapping) a line break. */
const ESCAPE_OR_BREAK = new RegExp(`${ESCAPED_UNDERSCORE.source}|${LINE_BREAK.source}`, 'g');

/**
 * Reads a params dict that may have been pasted from markdown: its escapes are undone, and
 * positions and `end` still point into `text` as given. `unwrap` leaves out line breaks too.
 */
function readParams(text: string, at: { source: string; pos: Position }, unwrap = false): ReprResult {
  if (!unwrap && !text.includes('\\_')) return parsePythonRepr(text, at);
  const rebuilt = new Rebuilt(text);
  let from = 0;
  for (const found of text.matchAll(unwrap ? ESCAPE_OR_BREAK : ESCAPED_UNDERSCORE)) {
    if (found[0].endsWith('_')) {
      const backslash = found.index + found[1]!.length;
      rebuilt.copy(from, backslash);
      from = backslash + 1;
    } else {
      rebuilt.copy(from, found.index);
      from = found.index + found[0].length;
    }
  }
  rebuilt.copy(from, text.length);
  return parsePythonRepr(rebuilt.text(), at, { rebuiltFrom: rebuilt });
}

/**
 * A Python repr that botocore wrote on one line. One that does not read as it is, and reads once
 * the line breaks inside it are left out, was broken by a log hard-wrapped at a terminal's or an
 * email's width: it is read so, and LOG_LINES_WRAPPED says where the first break was.
 */
function readOneLineRepr(text: string, at: { source: string; pos: Position }): ReprResult {
  const asIs = readParams(text, at);
  if (asIs.diagnostics.length === 0) return asIs;
  const firstBreak = text.trimEnd().search(LINE_BREAK);
  if (firstBreak === -1) return asIs;
  const joined = readParams(text, at, true);
  if (joined.diagnostics.length > 0) return asIs;
  return Object.assign({}, joined, { diagnostics: [diagnostic('LOG_LINES_WRAPPED', at.source, advance(at.pos, text, firstBreak))] });
}

/** A record's own fields, without the base every record has. */
type RecordFields = LogRecord extends infer R ? (R extends LogRecord ? Omit<R, 'source' | 'pos' | 'thread'> : never) : never;

/**
 * A record from its base fields and its own. Not written `{ ...base, kind }`: on node 20 (V8 11.3)
 * objects made by a literal that starts with a spread end up in the old generation although they
 * die at once (a loop making such records promoted ~1.3 MB per scavenge; the same loop with
 * Object.assign, none), and with one per record a big log's heap filled with garbage that only a
 * full collection frees.
 */
function withBase(base: { source: string; pos: Position; thread?: string | undefined }, fields: RecordFields): LogRecord {
  return Object.assign(base, fields) as LogRecord;
}

/** The message that opens a call (the log-record grammar's tag): in a record whose layout is unknown, it says a call went unread. */
const MAKING_REQUEST = new RegExp(MakingRequestFor.PATTERN as RegExp);

/** Reads one segment of a source into records. */
function readSegment(segment: Segment, source: string): ParsedSegment {
  if (segment.kind === 'text') return readBareText(segment.text, source, segment.pos);
  if (isJsonRecord(segment)) return readJsonRecord(segment, source);
  const head = readRecordHead(segment.text);
  // A head the grammar rejects is dropped: the splitter's header pattern is only a candidate
  // (split.ts), so this is header-like text inside a record (a timestamp and ` - ` in a body) or
  // a layout the grammar does not know (`asctime - levelname - message`), and without a head
  // nothing says what the record carries or where its payload starts. Only a call's record in an
  // unknown layout is worth a word (RecordReader says it once per source).
  if (!head || head.tag === 'other') {
    const unwrapped = readHeadUnwrapped(segment, source);
    if (unwrapped) return unwrapped;
  }
  if (!head) return unread(segment, source);
  if (head.tag === 'other') return { records: [], diagnostics: [] };
  return readRecord(segment, head, source);
}

/** A record of the Lambda runtime's JSON log format (the splitter starts no other segment with `{`). */
function isJsonRecord(segment: Segment): boolean {
  return segment.text.startsWith('{');
}

/** A record without a head the grammar reads: nothing, and for a call's record a word that it went unread. */
function unread(segment: Segment, source: string): ParsedSegment {
  const call = segment.text.slice(0, HEAD_WINDOW).search(MAKING_REQUEST);
  return { records: [], diagnostics: call === -1 ? [] : [diagnostic('LOG_LAYOUT_UNKNOWN', source, advance(segment.pos, segment.text, call))] };
}

/**
 * A record of a log written as JSON objects (json-record.ts): read as the record its message is,
 * and what is said of it said at the place in the JSON it concerns.
 */
function readJsonRecord(segment: Segment, source: string): ParsedSegment {
  const decoded = decodeJsonRecord(segment.text);
  const head = decoded && readRecordHead(decoded.text);
  if (!decoded || !head) return unread(segment, source);
  if (head.tag === 'other') return { records: [], diagnostics: [] };
  const read = readRecord(Object.assign({}, segment, { text: decoded.text }), head, source);
  const diagnostics = placedInOriginal(read.diagnostics, segment, decoded.toOriginal);
  if (decoded.firstBreak !== undefined) diagnostics.unshift(diagnostic('LOG_LINES_WRAPPED', source, advance(segment.pos, segment.text, decoded.firstBreak)));
  return { records: read.records, diagnostics };
}

/** How a source's lines differ from what botocore wrote (see RecordReader). */
export interface LineChanges {
  /** The width the source is hard-wrapped at (wrap.ts). */
  wrapWidth?: number | undefined;
  /** The prefix every line carries (prefix.ts). */
  linePrefix?: RegExp | undefined;
}

/**
 * A segment read as botocore wrote it: its hard-wrapped lines joined again, then without the
 * prefix every line carries (a terminal's wrapping does not repeat a prefix); what is said of it
 * said where it stands in the log as given.
 */
function readRewritten(segment: Segment, source: string, changes: LineChanges): ParsedSegment {
  let text = segment.text;
  let toOriginal = (offset: number): number => offset;
  const said: Diagnostic[] = [];
  const apply = (rewritten: Rewritten | undefined, code: 'LOG_LINES_WRAPPED' | 'LOG_LINE_PREFIX'): void => {
    if (!rewritten) return;
    const before = toOriginal;
    said.push(diagnostic(code, source, advance(segment.pos, segment.text, before(rewritten.firstChange))));
    text = rewritten.text;
    toOriginal = (offset) => before(rewritten.toOriginal(offset));
  };
  if (changes.wrapWidth !== undefined) apply(unwrapLines(text, changes.wrapWidth, segment.pos.column), 'LOG_LINES_WRAPPED');
  if (changes.linePrefix !== undefined) apply(stripLinePrefix(text, changes.linePrefix, segment.pos.column), 'LOG_LINE_PREFIX');
  if (said.length === 0) return readSegment(segment, source);
  const read = readSegment(Object.assign({}, segment, { text }), source);
  return { records: read.records, diagnostics: [...said, ...placedInOriginal(read.diagnostics, segment, toOriginal)] };
}

/** Diagnostics of text rebuilt from `segment`'s (`toOriginal` maps its offsets back), placed where they stand in the segment as given. */
function placedInOriginal(diagnostics: Diagnostic[], segment: Segment, toOriginal: (offset: number) => number): Diagnostic[] {
  return diagnostics.map((d) => (d.pos ? Object.assign({}, d, { pos: advance(segment.pos, segment.text, toOriginal(d.pos.offset - segment.pos.offset)) }) : d));
}

/** White space before a line's end, and the white space and line break that start a payload. */
const LINE_END_PADDING = new RegExp(`[ \\t]+(?=${LINE_BREAK.source}|$)`, 'g');
const LEADING_BREAK = new RegExp(`^[ \\t]*(?:${LINE_BREAK.source})?`);

/**
 * A canonical request, or one hard-wrapped (see readOneLineRepr): its lines are its fields, so a
 * broken one is known by the field it breaks: a header line without its `:`, and the signed
 * headers and payload hash, all that stands after the blank line.
 */
function readCanonicalRequest(payload: string, at: { source: string; pos: Position }): ReturnType<typeof parseCanonicalRequest> {
  const asIs = parseCanonicalRequest(payload, at);
  if (asIs.diagnostics.length === 0) return asIs;
  // No line of a canonical request ends in white space (SigV4 trims header values), so such an
  // end is a terminal's padding, copied with the log.
  const padded = payload.replace(LINE_END_PADDING, '');
  if (padded !== payload) {
    const trimmed = parseCanonicalRequest(padded, at);
    if (trimmed.diagnostics.length === 0) return trimmed;
  }
  // The line break after the tag, before the method.
  const lead = LEADING_BREAK.exec(payload)![0];
  const lines = payload.slice(lead.length).trimEnd().split(LINE_BREAK);
  // Method, path and query, then headers up to the first blank line.
  const blank = lines.indexOf('', 3);
  if (blank === -1 || lines.length < blank + 2) return asIs;
  const headers: string[] = [];
  let firstBreak: number | undefined;
  lines.slice(3, blank).forEach((line, i) => {
    if (line.includes(':') || headers.length === 0) headers.push(line);
    else {
      headers[headers.length - 1] += line;
      firstBreak ??= 3 + i;
    }
  });
  const after = lines.slice(blank + 1);
  if (after.length > 2) firstBreak = Math.min(firstBreak ?? Infinity, blank + 2);
  if (firstBreak === undefined) return asIs;
  // The signed headers are the canonical headers' names, so where they end the payload hash starts.
  const signed = headers.map((line) => line.slice(0, line.indexOf(':')).trim().toLowerCase()).join(';');
  const rest = after.join('');
  const tail = rest.startsWith(signed) && rest.length > signed.length ? [signed, rest.slice(signed.length)] : [after.slice(0, -1).join(''), after.at(-1)!];
  const joined = lead + [...lines.slice(0, 3), ...headers, '', ...tail].join('\n');
  const retried = parseCanonicalRequest(joined, at);
  if (retried.diagnostics.length > 0) return asIs;
  // Where the first broken line ends in the record as given.
  const brokenAt = lead.length + lines.slice(0, firstBreak).reduce((n, line) => n + line.length + 1, 0) - 1;
  return Object.assign({}, retried, { diagnostics: [diagnostic('LOG_LINES_WRAPPED', at.source, advance(at.pos, payload, brokenAt))] });
}

/**
 * A record whose header line is broken (a log hard-wrapped at a terminal's width breaks a
 * `Making request` header past its 120th column): read once the breaks in its header are left
 * out, the breaks of its payload kept (a canonical request is lines). Positions in the record
 * then count the header as one line.
 */
function readHeadUnwrapped(segment: Segment, source: string): ParsedSegment | undefined {
  let text = segment.text;
  const firstBreak = text.slice(0, HEAD_WINDOW).search(LINE_BREAK);
  if (firstBreak === -1) return undefined;
  for (let joins = 0; joins < 4; joins++) {
    const at = text.slice(0, HEAD_WINDOW).search(LINE_BREAK);
    if (at === -1 || at === text.trimEnd().length) return undefined;
    text = text.slice(0, at) + text.slice(at).replace(LINE_BREAK, '');
    const head = readRecordHead(text);
    if (head && head.tag !== 'other') {
      const read = readRecord(Object.assign({}, segment, { text }), head, source);
      return { records: read.records, diagnostics: [diagnostic('LOG_LINES_WRAPPED', source, advance(segment.pos, segment.text, firstBreak)), ...read.diagnostics] };
    }
  }
  return undefined;
}

function readRecord(segment: Segment, head: RecordHead, source: string): ParsedSegment {
  const payload = segment.text.slice(head.payloadOffset);
  const at = { source, pos: advance(segment.pos, segment.text, head.payloadOffset) };
  const diagnostics: Diagnostic[] = [];
  const one = (fields: RecordFields): ParsedSegment => ({ records: [withBase({ source, pos: segment.pos, thread: head.thread }, fields)], diagnostics });
  const none = (): ParsedSegment => ({ records: [], diagnostics });

  switch (head.tag) {
    case 'make-request': {
      const parsed = readOneLineRepr(payload, at);
      diagnostics.push(...parsed.diagnostics);
      if (!isDict(parsed.value)) {
        if (parsed.diagnostics.length === 0) diagnostics.push(diagnostic('REPR_SYNTAX', source, at.pos, { expected: 'a params dict', found: describe(payload) }));
        return one({ kind: 'make-request', operation: head.operation! });
      }
      return one({ kind: 'make-request', operation: head.operation!, params: redactParams(parsed.value) });
    }
    case 'canonical-request': {
      const parsed = readCanonicalRequest(payload, at);
      diagnostics.push(...parsed.diagnostics);
      if (!parsed.value) return none();
      const request = parsed.value;
      return one({
        kind: 'canonical-request',
        request: Object.assign({}, request, {
          query: request.query.map(([k, v]): [string, string] => [k, redactQueryValue(k, v)]),
          headers: request.headers.map(([k, v]): [string, string] => [k, redactHeader(k, v)]),
        }),
      });
    }
    case 'string-to-sign': {
      // SigV2 (S3's HmacV1) signs the method, headers and resource, with no scope to read.
      if (/^(?:GET|PUT|POST|DELETE|HEAD|PATCH|OPTIONS)\s/.test(payload.trimStart())) return none();
      // AWS4-HMAC-SHA256 / amz-date / date/region/service/aws4_request / hash (newlines may be spaces).
      const [, amzDate, scope] = payload.trim().split(/\s+/);
      const [date, region, service, terminator] = (scope ?? '').split('/');
      if (!amzDate || !date || !region || !service || terminator !== 'aws4_request') {
        diagnostics.push(diagnostic('STRING_TO_SIGN_SYNTAX', source, at.pos, { expected: 'the algorithm, the date and the credential scope (date/region/service/aws4_request)' }));
        return none();
      }
      return one({ kind: 'string-to-sign', amzDate, scope: { date, region, service } });
    }
    case 'sending-request': {
      const request = readPreparedRequest(payload, at, diagnostics);
      return request ? one({ kind: 'sending-request', request }) : none();
    }
    case 'response-headers': {
      const parsed = readOneLineRepr(payload, at);
      diagnostics.push(...parsed.diagnostics);
      if (!isDict(parsed.value)) return none();
      return one({ kind: 'response', headers: stringPairs(parsed.value).map(([k, v]) => [k, redactHeader(k, v)]) });
    }
    case 'response-body': {
      const parsed = readOneLineRepr(payload, at);
      diagnostics.push(...parsed.diagnostics);
      const body = asText(parsed.value);
      return body === undefined ? none() : one({ kind: 'response', body: redactText(body) });
    }
    case 'http-status': {
      const status = /^\s*(\d{3})\b/.exec(payload);
      return status ? one({ kind: 'response', status: Number(status[1]) }) : none();
    }
    case 'cli-arguments': {
      const parsed = readOneLineRepr(payload, at);
      diagnostics.push(...parsed.diagnostics);
      if (!Array.isArray(parsed.value)) return none();
      return one({ kind: 'cli-arguments', args: redactArguments(parsed.value.map((v) => asText(v) ?? String(v))) });
    }
    case 'model-file': {
      const path = /\S+/.exec(payload)?.[0];
      return path ? one({ kind: 'model-file', path }) : none();
    }
    case 'last-attempt':
      return one({ kind: 'last-attempt' });
    case 'other':
      return none();
  }
}

/** `<AWSPreparedRequest stream_output=False, method=POST, url=https://..., headers={...}>`, on one line, or hard-wrapped (see readOneLineRepr). */
function readPreparedRequest(payload: string, at: { source: string; pos: Position }, diagnostics: Diagnostic[]): HttpRequest | undefined {
  const asIs = preparedRequest(payload, at);
  const firstBreak = payload.trimEnd().search(LINE_BREAK);
  if (asIs.diagnostics.length > 0 && firstBreak !== -1) {
    const joined = preparedRequest(payload.replace(LINE_BREAKS, ''), at);
    if (joined.request && joined.diagnostics.length === 0) {
      diagnostics.push(diagnostic('LOG_LINES_WRAPPED', at.source, advance(at.pos, payload, firstBreak)));
      return joined.request;
    }
  }
  diagnostics.push(...asIs.diagnostics);
  return asIs.request;
}

function preparedRequest(payload: string, at: { source: string; pos: Position }): { request?: HttpRequest; diagnostics: Diagnostic[] } {
  const match = /<AWSPreparedRequest[^>]*?method=([A-Z]+), url=(\S+?), headers=/.exec(payload);
  if (!match) {
    return { diagnostics: [diagnostic('HTTP_REQUEST_SYNTAX', at.source, at.pos, { expected: '<AWSPreparedRequest ... method=..., url=..., headers={...}>' })] };
  }
  const headersAt = match.index + match[0].length;
  const parsed = parsePythonRepr(payload.slice(headersAt), { source: at.source, pos: advance(at.pos, payload, headersAt) });
  if (!isDict(parsed.value)) return { diagnostics: parsed.diagnostics };
  return {
    request: {
      method: match[1]!,
      url: redactUrl(match[2]!),
      headers: stringPairs(parsed.value).map(([k, v]) => [k, redactHeader(k, v)]),
      body: null,
    },
    diagnostics: parsed.diagnostics,
  };
}

/**
 * Text outside log records: a bare params dict, a raw HTTP request, or an API-reference URL,
 * alone or embedded in other text. Each is found by its opening and read by its grammar.
 */
const BARE_START =
  /\{\s*u?'(?:url_path|url\\_path|query_string|query\\_string|method|headers|body|url|context)'|\b(?:GET|POST|PUT|DELETE|PATCH|HEAD) (?:https?:\/\/\S+|\/\S*) HTTP\/\d(?:\.\d)?\b|https?:\/\/[A-Za-z0-9.-]+\.amazonaws\.com(?:\.cn)?\/[^\s?]*\s*\?/g;

/** A whole line that is an HTTP request line, where the next raw request in a text starts. */
const NEXT_REQUEST_LINE = /^[ \t]*(?:GET|POST|PUT|DELETE|PATCH|HEAD) (?:https?:\/\/\S+|\/\S*) HTTP\/\d(?:\.\d)?[ \t]*\r?$/gm;

function readBareText(text: string, source: string, pos: Position): ParsedSegment {
  const records: LogRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  // A record of a log in another layout would otherwise only show as the bare readers' puzzling errors.
  const botocoreRecord = text.search(MAKING_REQUEST);
  if (botocoreRecord !== -1) diagnostics.push(diagnostic('LOG_LAYOUT_UNKNOWN', source, advance(pos, text, botocoreRecord)));
  // Positions are counted on from the last one, so many items in one text cost its length once.
  let placed = { index: 0, pos };
  const positionOf = (index: number): Position => {
    placed = { index, pos: advance(placed.pos, text.slice(placed.index, index)) };
    return placed.pos;
  };
  BARE_START.lastIndex = 0;
  for (let match = BARE_START.exec(text); match; match = BARE_START.exec(text)) {
    const start = match.index;
    const rest = text.slice(start);
    const at = { source, pos: positionOf(start) };
    let end = start + match[0].length;
    if (match[0].startsWith('{')) {
      const parsed = readParams(rest, at);
      diagnostics.push(...parsed.diagnostics);
      if (isDict(parsed.value)) {
        records.push(withBase({ source, pos: at.pos }, { kind: 'params-dict', params: redactParams(parsed.value) }));
        end = start + parsed.end;
      }
    } else if (/^[A-Z]+ /.test(match[0])) {
      // An access log's `"POST / HTTP/1.1" 200 -` quotes a request line, which no request does.
      if (text[end] === '"') {
        BARE_START.lastIndex = end;
        continue;
      }
      // The request runs to the next request line at most, so that each is read once: many
      // requests in one text cost their length, not its length each.
      NEXT_REQUEST_LINE.lastIndex = end;
      const next = NEXT_REQUEST_LINE.exec(text);
      const parsed = parseHttpRequest(next === null ? rest : text.slice(start, next.index), at);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.value) {
        records.push(withBase({ source, pos: at.pos }, { kind: 'http-request', fromUrl: false, request: redactRequest(parsed.value) }));
        end = start + Math.max(parsed.end, 1);
      }
    } else {
      // Documentation lays a long URL out a parameter a line, each line opening with `?` or `&`.
      const line = /^[^\r\n]*(?:\r?\n[ \t]*[?&][^\r\n]*)*/.exec(rest)![0];
      const parsed = parseExampleUrl(line, at);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.value) records.push(withBase({ source, pos: at.pos }, { kind: 'http-request', fromUrl: true, request: redactRequest(parsed.value) }));
      end = start + line.length;
    }
    BARE_START.lastIndex = end;
  }
  return { records, diagnostics };
}

function redactRequest(request: HttpRequest): HttpRequest {
  return Object.assign({}, request, {
    url: redactUrl(request.url),
    headers: request.headers.map(([k, v]): [string, string] => [k, redactHeader(k, v)]),
    body: request.body === null ? null : redactText(request.body),
  });
}

/** The CLI's arguments, the value of a secret option (`--password x`, `--secret-string=x`) redacted by its name. */
function redactArguments(args: string[]): string[] {
  // `aws configure set aws_secret_access_key VALUE` names its setting without dashes.
  const configureSet = args[0] === 'configure' && args[1] === 'set';
  const isSecretOption = (option: string): boolean => (option.startsWith('--') || configureSet) && isSecretField(option.replace(/^--/, '').replaceAll('-', ''));
  return args.map((arg, i) => {
    // The value after a secret option; another option there means the first was an on/off flag.
    if (i > 0 && isSecretOption(args[i - 1]!) && !arg.startsWith('--')) return REDACTED;
    const eq = arg.indexOf('=');
    return eq !== -1 && isSecretOption(arg.slice(0, eq)) ? `${arg.slice(0, eq + 1)}${REDACTED}` : redactText(arg);
  });
}

function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = percentDecoded(pair.slice(0, eq));
      const value = pair.slice(eq + 1);
      const redacted = redactQueryValue(name, value);
      return redacted === value ? pair : `${pair.slice(0, eq)}=${redacted}`;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}

/**
 * A params dict's headers are pre-signing, but a session token may already sit there; its body
 * (a form dict, JSON or XML bytes) and query may carry passwords and secret keys.
 */
function redactParams(params: PyDict): PyDict {
  return {
    type: 'dict',
    entries: params.entries.map(([key, value]) => {
      if (key === 'headers' && isDict(value)) {
        return [key, { type: 'dict', entries: value.entries.map(([k, v]) => [k, typeof k === 'string' && typeof v === 'string' ? redactHeader(k, v) : v]) }];
      }
      if (key === 'url' && typeof value === 'string') return [key, redactUrl(value)];
      return [key, redactValue(value)];
    }),
  };
}

/** Text redacted by its form; a dict's fields also by their names (a query protocol body is a dict of form fields). */
function isSwitch(value: PyValue): boolean {
  return typeof value === 'boolean' || value === 'true' || value === 'false';
}

function redactValue(value: PyValue): PyValue {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  switch (value.type) {
    case 'bytes': {
      const text = bytesToString(value);
      const redacted = redactText(text);
      return redacted === text ? value : bytesOfText(value, redacted);
    }
    case 'dict':
      // An on/off setting named after a secret (ManageMasterUserPassword) holds none.
      return { type: 'dict', entries: value.entries.map(([k, v]) => [k, typeof k === 'string' && isSecretField(k) && !isSwitch(v) ? REDACTED : redactValue(v)]) };
    case 'object':
      return value;
  }
}

function describe(text: string): string {
  const trimmed = text.trimStart();
  return trimmed === '' ? 'the end of the record' : JSON.stringify(trimmed.slice(0, 20));
}

/** What holds for a whole source once it holds for one record: an unknown layout, broken lines, a line prefix. */
const ONCE_PER_SOURCE = new Set<DiagnosticCode>(['LOG_LAYOUT_UNKNOWN', 'LOG_LINES_WRAPPED', 'LOG_LINE_PREFIX']);

/** Incremental parse of one source: feed chunks, get records as they complete. */
export class RecordReader {
  private readonly splitter: RecordSplitter;
  /** The codes said once per source, at the first record they concern, which were said. */
  private readonly said = new Set<DiagnosticCode>();
  /** `changes`: how the source's lines differ from what botocore wrote, as its start shows. */
  constructor(
    private readonly source: string,
    private readonly changes: LineChanges = {},
  ) {
    this.splitter = new RecordSplitter({ wrapWidth: changes.wrapWidth });
  }

  /** Feeds UTF-8 bytes or text (see RecordSplitter.push). */
  push(chunk: Uint8Array | string): ParsedSegment {
    return this.read(this.splitter.push(chunk));
  }

  end(): ParsedSegment {
    return this.read(this.splitter.end());
  }

  private read(segments: Segment[]): ParsedSegment {
    const out: ParsedSegment = { records: [], diagnostics: [] };
    for (const segment of segments) {
      // A JSON record is unwrapped by its decoder, which knows where a line break can be.
      const parsed = isJsonRecord(segment) ? readSegment(segment, this.source) : readRewritten(segment, this.source, this.changes);
      out.records.push(...parsed.records);
      for (const d of parsed.diagnostics) {
        if (ONCE_PER_SOURCE.has(d.code)) {
          if (this.said.has(d.code)) continue;
          this.said.add(d.code);
        }
        out.diagnostics.push(d);
      }
    }
    return out;
  }
}

/** Parses a whole text at once (tests, small inputs). */
export function parseText(text: string, source = '<input>'): ParsedSegment {
  const reader = new RecordReader(source);
  const first = reader.push(text);
  const last = reader.end();
  return { records: [...first.records, ...last.records], diagnostics: [...first.diagnostics, ...last.diagnostics] };
}
