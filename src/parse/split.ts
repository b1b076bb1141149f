/**
 * Splits streamed input into log records without holding the whole input: a record is complete
 * when the next record header appears, and records this tool does not read are dropped unseen.
 *
 * Most of a debug log is records nobody reads (hook events, credential lookups, tracebacks), so
 * the splitter works on the bytes and does not visit every record: it searches for the few
 * messages inference reads (`Buffer.indexOf`, at memory speed), and only around such a message
 * looks back for the header that starts its record. Only kept records are decoded into strings;
 * the text in between is only counted (its line breaks and characters, for positions) and
 * dropped. So the input never passes through the JavaScript heap, and the garbage collector sees
 * only the records that matter. Work is linear in the input, including a 100 MB line; what is
 * held is the current window of input plus the record being kept.
 */
import { isAscii } from 'node:buffer';
import type { Position } from '../diagnostics.js';
import { JSON_RECORD_FIELDS, JSON_RECORD_OPENING } from './json-record.js';
import { HEAD_WINDOW } from './types.js';
import { fillsWidth } from './wrap.js';

/** A stretch of input: one log record (header included), or text outside any record. */
export interface Segment {
  kind: 'record' | 'text';
  text: string;
  /** Where the segment starts in its source (offset and column count UTF-16 code units, as strings do). */
  pos: Position;
}

/**
 * How long the time after its date (`18:15:14.927000+00:00`) and the log stream
 * (`2026/12/06/[$LATEST]` and 32 hex digits) that `aws logs tail` puts before a line can be.
 */
const TAIL_TIME = 40;
const TAIL_STREAM = 100;
/**
 * Where a record header starts, in each layout the log-record grammar reads: the timestamp that
 * opens the CLI's, boto3's and the logging HOWTO's headers (each followed by the separator its
 * layout puts next), the Lambda runtime's bracketed level and ISO time, and Python's default
 * `LEVEL:logger:`. Nothing is required before a timestamp, because a log pasted without its
 * newlines runs each header straight on from the previous record's text. The default layout
 * opens with a plain word, which text in a message can hold too (`alert ERROR:db:timeout`), so
 * its header counts at a line's start (or the input's, or after a byte order mark), and after
 * other white space (a newline lost) only for the loggers of the AWS SDK, whose records are the
 * ones read. A record of the Lambda runtime's JSON log format opens with its first keys
 * (json-record.ts) at a line's start, after the time and log stream `aws logs
 * tail` puts there, or after the previous record's `} ` once newlines are lost: JSON in a message
 * of another record (after white space) does not end that record. ASCII only, so it matches the
 * same bytes in a latin1 view of the input, where string offsets are byte offsets.
 *
 * The log-record grammar (grammars/log-record/lexer.ts, the record and header modes) defines a
 * header; this is only a candidate that readRecordHead then reads. It is restated here, not
 * taken from the lexer, because the splitter runs without chevrotain (the bench times it alone).
 */
/** Python's level names (the log-record grammar's LEVEL). */
const LEVEL = '(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)';
const HEADER = new RegExp(
  [
    String.raw`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}(?: - | [\w.]+ \[[A-Z]+\])`,
    String.raw`\[[A-Z]+\][\t ]+\d{4}-\d\d-\d\dT`,
    // What precedes the level is tested after it, in a lookbehind: a lookbehind first would be tried
    // at every position, and made the scan three times slower.
    String.raw`${LEVEL}:(?<=(?:^|[\n\r]|\xef\xbb\xbf)${LEVEL}:)[^\t\n\v\f\r :]+:`,
    String.raw`${LEVEL}:(?<=[\t\v\f ]${LEVEL}:)(?:botocore|boto3|urllib3|s3transfer|awscli)(?:\.[\w-]+)*:`,
    String.raw`${JSON_RECORD_OPENING}(?<=(?:^|[\n\r]|\xef\xbb\xbf|\} )(?:\d{4}-\d\d-\d\dT\S{0,${TAIL_TIME}} (?:\S{1,${TAIL_STREAM}} )?)?${JSON_RECORD_OPENING})${JSON_RECORD_FIELDS}`,
  ].join('|'),
  'g',
);
/** Where the first record header candidate starts in a line (or text), or -1. */
export function headerIndex(line: string): number {
  HEADER.lastIndex = 0;
  const found = HEADER.exec(line);
  return found === null ? -1 : found.index;
}

/**
 * Long enough to hold any header the regex matches (boto3 logger names up to ~220 characters),
 * so a header cut by a chunk edge is found whole in the next window.
 */
const HEADER_OVERLAP = 256;
/**
 * How much of a record shows which kind it is, in bytes, where HEAD_WINDOW (what readRecordHead
 * lexes) counts UTF-16 units. Mixing them is safe because the grammar's window is the generous
 * one: no character takes fewer bytes of UTF-8 than units of UTF-16, so a message found within
 * HEAD_LENGTH bytes lies within HEAD_WINDOW units. Non-ASCII before a message can only make the
 * splitter drop a record whose tag the grammar would have seen, never keep one it cannot see.
 */
const HEAD_LENGTH = HEAD_WINDOW;
/**
 * The longest segment kept whole, in bytes. A longer one (a record or headerless text that never
 * ends) is cut there: far past any real record, and under V8's limit on a string's length (2^29
 * characters), which decoding a longer one would overflow.
 */
const MAX_SEGMENT = 64 * 1024 * 1024;

/**
 * Records worth keeping: those with one of the few messages inference reads in their first
 * HEAD_LENGTH bytes. Everything else (hook events, credential lookups, tracebacks) is dropped.
 * Each message is found by its literal start (`anchor`); where the message is a pattern, the
 * anchor is a candidate, and `rest` (tested right after it) decides. The message tags of
 * grammars/log-record/lexer.ts define the messages (readRecordHead reads each kept record's tag
 * there); these are their byte-searchable starts, kept apart from the lexer as the headers are.
 */
const MESSAGES: Array<{ anchor: Buffer; text: string; rest?: RegExp }> = [
  { anchor: 'Making request for' },
  { anchor: 'CanonicalRequest:' },
  { anchor: 'StringToSign:' },
  { anchor: 'Sending http request:' },
  { anchor: 'Response headers:' },
  { anchor: 'Response body:' },
  { anchor: 'Arguments entered to CLI:' },
  { anchor: 'Loading JSON file: ', rest: /\S*service-2\.json/y },
  { anchor: 'No retry needed.' },
  { anchor: 'Not retrying request.' },
  // urllib3's `"POST / HTTP/1.1" 200 1234`, the status of an attempt.
  // (In a JSON record, `\"POST / HTTP/1.1\" 200 1234`.)
  { anchor: 'HTTP/', rest: /\d(?:\.\d)?\\?" \d/y },
].map(({ anchor, rest }) => ({ anchor: Buffer.from(anchor, 'latin1'), text: anchor, ...(rest ? { rest } : {}) }));
/** The longest anchor: a hit this close to the window's end may not be whole yet. */
const ANCHOR_REACH = Math.max(...MESSAGES.map((m) => m.anchor.length));

/**
 * - prelude: before the first header; the text is kept (a bare params dict, HTTP request or URL).
 * - record: a kept record runs from `start`; its end (the next header) is searched from `scan`.
 * - seek: messages are searched from `scan`, the headers that start their records never below
 *   `floor` (records there are decided).
 */
type Mode = 'prelude' | 'record' | 'seek';

const EMPTY = Buffer.alloc(0);

export class RecordSplitter {
  /** The window: input not yet consumed, preceded by what is already consumed of it; a view of `store`. */
  private window: Buffer = EMPTY;
  /** The window's memory, reused from chunk to chunk (grown when a chunk does not fit). */
  private store: Buffer = EMPTY;
  /** Index in `window` up to which input is consumed: kept in `parts`, or dropped. */
  private consumed = 0;
  /** The source position of window[consumed]. */
  private pos: Position = { offset: 0, line: 1, column: 1 };
  private mode: Mode = 'prelude';
  /** The kept segment's bytes before window[consumed] (copies: the window is let go). */
  private parts: Buffer[] = [];
  /** Bytes in `parts`. */
  private kept = 0;
  /** Where the kept segment (prelude text or record) starts. */
  private start: Position = this.pos;
  /** Index in `window` where the mode's next search starts. */
  private scan = 0;
  /** seek: index in `window` below which no header is looked for (records there are decided). */
  private floor = 0;
  /** Per anchor: the index in `window` of its next occurrence at or after `scan`, or -1 for none up to `searched`. */
  private readonly nextHit: number[] = MESSAGES.map(() => -1);
  /** Per anchor: up to which index of `window` its occurrences are known (nextHit is valid below it). */
  private readonly searched: number[] = MESSAGES.map(() => 0);
  /** Bytes at window[consumed] that end a character counted already (its sequence started before `consumed`). */
  private counted = 0;
  /** A string chunk's last code unit when it is a high surrogate: its pair starts the next chunk. */
  private pendingSurrogate = '';
  /** Up to CONTEXT bytes before window[0], in latin1 (what precedes a header is tested): none at the input's start. */
  private before = '';

  private readonly maxSegment: number;
  private readonly wrapWidth: number | undefined;

  /**
   * `wrapWidth`: the input is hard-wrapped at this width (wrap.ts tells), so a message may be
   * broken across lines. `maxSegment` (bytes) is for tests; see MAX_SEGMENT.
   */
  constructor(options: { wrapWidth?: number | undefined; maxSegment?: number } = {}) {
    this.maxSegment = options.maxSegment ?? MAX_SEGMENT;
    this.wrapWidth = options.wrapWidth;
  }

  /**
   * Feeds the next chunk (bytes of UTF-8, or text); returns the segments it completed. The chunk
   * is copied, so a reader may reuse its buffer.
   */
  push(chunk: Uint8Array | string): Segment[] {
    this.append(typeof chunk === 'string' ? this.encode(chunk) : chunk);
    const out: Segment[] = [];
    this.run(false, out);
    this.trim(out);
    return out;
  }

  /** Ends the input; returns the last segments. */
  end(): Segment[] {
    if (this.pendingSurrogate !== '') this.append(this.encode(''));
    const out: Segment[] = [];
    this.run(true, out);
    if (this.mode === 'prelude' || this.mode === 'record') this.emit(this.mode === 'record' ? 'record' : 'text', this.window.length, out);
    this.window = EMPTY;
    this.store = EMPTY;
    this.consumed = 0;
    return out;
  }

  /** Copies `bytes` after the window. */
  private append(bytes: Uint8Array): void {
    const length = this.window.length + bytes.length;
    if (length > this.store.length) {
      const store = Buffer.allocUnsafe(Math.max(length, 2 * this.store.length));
      this.window.copy(store);
      this.store = store;
    }
    this.store.set(bytes, this.window.length);
    this.window = this.store.subarray(0, length);
  }

  /** Text as UTF-8, a surrogate pair split between two chunks kept whole. */
  private encode(text: string): Buffer {
    let whole = this.pendingSurrogate + text;
    this.pendingSurrogate = '';
    const last = whole.charCodeAt(whole.length - 1);
    if (text !== '' && last >= 0xd800 && last <= 0xdbff) {
      this.pendingSurrogate = whole.slice(-1);
      whole = whole.slice(0, -1);
    }
    return Buffer.from(whole, 'utf8');
  }

  /** Processes the window as far as it can be without more input (all of it when `ended`). */
  private run(ended: boolean, out: Segment[]): void {
    const window = this.window;
    for (;;) {
      switch (this.mode) {
        case 'prelude':
        case 'record': {
          const at = findHeader(window, this.scan, window.length, this.before);
          if (at === -1) return;
          // The time and log stream `aws logs tail` puts before the next record's line are neither record's.
          this.emit(this.mode === 'record' ? 'record' : 'text', at - tailPrefixBefore(window, at, this.before), out);
          this.advance(at);
          // The record starting at `at` is decided like any other: by a message in its head.
          this.mode = 'seek';
          this.floor = at;
          this.scan = at;
          break;
        }
        case 'seek': {
          const h = this.wrapWidth === undefined ? this.nextKept(ended) : this.nextKeptWrapped(ended, this.wrapWidth);
          if (h === -1) return;
          this.advance(h);
          this.mode = 'record';
          this.start = this.pos;
          this.parts = [];
          this.kept = 0;
          this.scan = h + 1;
          break;
        }
      }
    }
  }

  /**
   * seek: the start of the next record to keep, or -1 when the window holds none (yet). A record
   * is kept when one of the messages lies in its head, so each message found is checked against
   * the last header before it.
   */
  private nextKept(ended: boolean): number {
    const window = this.window;
    // A message this close to the window's end waits: its head may not be whole yet.
    const limit = ended ? window.length : window.length - HEAD_LENGTH;
    for (;;) {
      const [p, message] = this.nextAnchor(limit);
      if (p === -1) break;
      this.scan = p + 1;
      const h = lastHeaderBefore(window, Math.max(this.floor, p - HEAD_LENGTH), p, this.before);
      if (h !== -1 && endsInHead(window, p, MESSAGES[message]!, h + HEAD_LENGTH)) return h;
    }
    this.scan = Math.max(this.scan, limit);
    return -1;
  }

  /**
   * seek, in a hard-wrapped input: as nextKept, but header by header, since a message broken
   * across lines has no anchor to search for. Each header's head is read joined again (see
   * unwrappedHead) and kept when a message lies in it. Slower than searching for the messages,
   * which is why only a wrapped input, a log pasted from a terminal and so small, is read so.
   */
  private nextKeptWrapped(ended: boolean, width: number): number {
    const window = this.window;
    for (;;) {
      const h = findHeader(window, this.scan, window.length, this.before);
      if (h === -1) {
        // A header cut by the window's end starts within HEADER_OVERLAP of it.
        this.scan = Math.max(this.scan, window.length - HEADER_OVERLAP);
        return -1;
      }
      const head = unwrappedHead(window, h, width, ended);
      if (head === undefined) {
        this.scan = h;
        return -1;
      }
      this.scan = h + 1;
      if (MESSAGES.some((message) => headHolds(head, message))) return h;
    }
  }

  /** The first anchor occurrence in [scan, limit) and its message's index, or -1. Each anchor's search resumes where it stopped. */
  private nextAnchor(limit: number): [number, number] {
    const window = this.window;
    let best = -1;
    let message = -1;
    for (let i = 0; i < MESSAGES.length; i++) {
      let hit = this.nextHit[i]!;
      if (hit < this.scan && this.searched[i]! < window.length) {
        // Stale (before the scan) or unknown: search on from the scan.
        const from = Math.max(this.scan, hit === -1 ? this.searched[i]! : this.scan);
        hit = window.indexOf(MESSAGES[i]!.anchor, from);
        this.nextHit[i] = hit;
        // Up to where no occurrence can start unseen: a cut-off one starts within the anchor's length of the end.
        this.searched[i] = hit === -1 ? Math.max(from, window.length - ANCHOR_REACH) : hit + 1;
      }
      if (hit !== -1 && hit >= this.scan && hit < limit && (best === -1 || hit < best)) {
        best = hit;
        message = i;
      }
    }
    return [best, message];
  }

  /** Ends the kept segment at `at` (emitting it unless it is blank prelude text); `at` then starts a record. */
  private emit(kind: Segment['kind'], at: number, out: Segment[]): void {
    const bytes = this.parts.length === 0 ? this.window.subarray(this.consumed, at) : Buffer.concat([...this.parts, this.window.subarray(this.consumed, at)]);
    const text = bytes.toString('utf8');
    this.parts = [];
    this.kept = 0;
    if (kind === 'record' || /\S/.test(text)) out.push({ kind, text, pos: this.start });
    this.advance(at);
  }

  /** Moves `consumed` (and its position) to `at`, counting the line breaks and characters passed over. */
  private advance(at: number): void {
    const from = this.consumed;
    if (at <= from) return;
    const window = this.window;
    let { line, column } = this.pos;
    let lastBreak = -1;
    for (let i = window.indexOf(10, from); i !== -1 && i < at; i = window.indexOf(10, i + 1)) {
      line++;
      lastBreak = i;
    }
    const [chars, next] = charCount(window, from + this.counted, at);
    column = lastBreak === -1 ? column + chars : charCount(window, lastBreak, at)[0];
    this.pos = { offset: this.pos.offset + chars, line, column };
    this.counted = next - at;
    this.consumed = at;
  }

  /**
   * At a window's end: moves what no later search needs out of the window (into `parts` when
   * kept), so the next chunk joins only a short tail.
   */
  private trim(out: Segment[]): void {
    const window = this.window;
    let cut: number;
    switch (this.mode) {
      case 'prelude':
      case 'record':
        // Nothing searched below len - HEADER_OVERLAP can hold a header start any more.
        this.scan = Math.max(this.scan, window.length - HEADER_OVERLAP);
        cut = Math.max(this.consumed, Math.min(this.scan, window.length - HEADER_OVERLAP));
        if (cut > this.consumed) {
          this.parts.push(Buffer.from(window.subarray(this.consumed, cut)));
          this.kept += cut - this.consumed;
          this.advance(cut);
        }
        if (this.kept > this.maxSegment) {
          // Too long to keep whole: what is kept goes now, cut short (its reader reports it).
          const kind = this.mode === 'record' ? 'record' : 'text';
          this.emit(kind, this.consumed, out);
          this.start = this.pos;
          // The rest of a record is text nobody reads, up to the next header; prelude text goes on.
          if (this.mode === 'record') {
            this.mode = 'seek';
            this.floor = this.consumed;
            this.scan = this.consumed;
          }
        }
        break;
      case 'seek':
        // Messages from `scan` on are searched again; each needs HEAD_LENGTH before it to find its header.
        cut = Math.max(this.consumed, this.scan - HEAD_LENGTH);
        this.advance(cut);
        break;
    }
    if (cut === 0) return;
    this.before = (this.before + window.toString('latin1', Math.max(0, cut - CONTEXT), cut)).slice(-CONTEXT);
    this.store.copyWithin(0, cut, window.length);
    this.window = this.store.subarray(0, window.length - cut);
    this.consumed -= cut;
    this.scan = Math.max(0, this.scan - cut);
    this.floor = Math.max(0, this.floor - cut);
    for (let i = 0; i < MESSAGES.length; i++) {
      this.nextHit[i] = this.nextHit[i]! === -1 || this.nextHit[i]! < cut ? -1 : this.nextHit[i]! - cut;
      this.searched[i] = Math.max(0, this.searched[i]! - cut);
    }
  }
}

/**
 * UTF-16 code units that decoding window[from, to) adds, as `toString('utf8')` of the whole input
 * has them: one per UTF-8 sequence, two for a four-byte one, and one U+FFFD per malformed
 * sequence (a stray continuation byte such as cp1252's 0x92, a sequence cut short). `from` starts
 * a sequence. A sequence cut by `to` counts once, on the side holding its first byte; it is read
 * whole from the bytes after `to`, which the window always holds while input goes on (every
 * position advanced to is a header, or a record head or header's length before the window's end).
 * Returns the count and where the sequence after the last one counted starts (`to` or past it).
 */
function charCount(window: Buffer, from: number, to: number): [units: number, next: number] {
  if (from >= to) return [0, from];
  if (to - from < 64 ? isAsciiRange(window, from, to) : isAscii(window.subarray(from, to))) return [to - from, to];
  let count = 0;
  let i = from;
  while (i < to) {
    const b = window[i]!;
    i++;
    count++;
    if (b < 0x80) continue;
    // The WHATWG decoder's bounds (Node's): overlong forms, surrogates and code points past
    // U+10FFFF end the sequence at their second byte, each maximal invalid prefix one U+FFFD.
    const more = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    let lower = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    let upper = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let seen = 0;
    while (seen < more && i < window.length && window[i]! >= lower && window[i]! <= upper) {
      i++;
      seen++;
      lower = 0x80;
      upper = 0xbf;
    }
    if (more === 3 && seen === 3) count++;
  }
  return [count, i];
}

function isAsciiRange(window: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (window[i]! >= 0x80) return false;
  return true;
}

/** Whether the message whose anchor is at `p` is whole before `headEnd` (the end of its record's head). */
function endsInHead(window: Buffer, p: number, message: (typeof MESSAGES)[number], headEnd: number): boolean {
  const anchorEnd = p + message.anchor.length;
  if (message.rest === undefined) return anchorEnd <= headEnd;
  message.rest.lastIndex = 0;
  const rest = message.rest.exec(window.toString('latin1', anchorEnd, Math.min(window.length, headEnd)));
  return rest !== null;
}

/**
 * The head of the record starting at `h` as botocore wrote it, in a log hard-wrapped at `width`:
 * in latin1, the line breaks after lines exactly `width` bytes long left out, up to HEAD_LENGTH
 * bytes or the end of the record's first line as written. Undefined when the window ends first
 * and input goes on.
 */
function unwrappedHead(window: Buffer, h: number, width: number, ended: boolean): string | undefined {
  let head = '';
  // A line that fills the width is at most 4 bytes a column long, so neither the look back for
  // the line's start nor the line itself goes further: a long line of headers costs no more.
  const reach = 4 * width;
  const lookedBack = Math.max(0, h - reach - 1);
  const back = window.subarray(lookedBack, h).lastIndexOf(10);
  let lineStart = back !== -1 ? lookedBack + back + 1 : lookedBack === 0 ? 0 : -Infinity;
  for (let at = h; ; ) {
    const ahead = window.subarray(at, at + Math.max(reach, HEAD_LENGTH) + 2).indexOf(10);
    const newline = ahead === -1 ? -1 : at + ahead;
    if (newline === -1 && !ended && window.length - at < HEAD_LENGTH - head.length) return undefined;
    const end = newline === -1 ? Math.min(window.length, at + HEAD_LENGTH) : newline;
    const lineEnd = window[end - 1] === 13 && newline !== -1 ? end - 1 : end;
    head += window.toString('latin1', at, Math.min(lineEnd, at + HEAD_LENGTH - head.length));
    if (head.length >= HEAD_LENGTH || newline === -1 || lineEnd - lineStart > reach || !fillsWidth(window.toString('utf8', lineStart, lineEnd), width)) return head;
    lineStart = at = newline + 1;
  }
}

/** Whether `message` lies whole in `head` (see endsInHead). */
function headHolds(head: string, message: (typeof MESSAGES)[number]): boolean {
  for (let at = head.indexOf(message.text); at !== -1; at = head.indexOf(message.text, at + 1)) {
    if (message.rest === undefined) return true;
    message.rest.lastIndex = at + message.text.length;
    if (message.rest.test(head)) return true;
  }
  return false;
}

/** How much of the window a header search decodes at first: most kept records are shorter. */
const FIRST_SEARCH = 2048;

/**
 * The first header starting in [from, to), or -1. Searched in a latin1 view (offsets are byte
 * offsets), a growing stretch at a time, so a short record costs a short search.
 */
function findHeader(window: Buffer, from: number, to: number, before: string): number {
  for (let at = from, size = FIRST_SEARCH; at < to; size *= 4) {
    const end = Math.min(to, at + size);
    const [text, base] = latin1From(window, at, end, before);
    HEADER.lastIndex = at - base;
    const m = HEADER.exec(text);
    if (m !== null) return base + m.index;
    if (end === to) return -1;
    // A header cut by `end` starts within HEADER_OVERLAP of it, and is found whole next time.
    at = Math.max(at + 1, end - HEADER_OVERLAP);
  }
  return -1;
}

/**
 * How many bytes before a header its test looks at: a byte order mark before a default-layout
 * header, and at most a line break and `aws logs tail`'s time and log stream before a JSON one.
 */
const CONTEXT = '\n0000-00-00T'.length + TAIL_TIME + 1 + TAIL_STREAM + 1;

/**
 * window[from, end) in latin1, preceded by the CONTEXT bytes before `from` (taken from `before`,
 * the bytes before the window, where the window holds fewer), and the window index the text
 * starts at (negative when it starts in `before`).
 */
function latin1From(window: Buffer, from: number, end: number, before: string): [text: string, base: number] {
  if (from >= CONTEXT) return [window.toString('latin1', from - CONTEXT, end), from - CONTEXT];
  const borrowed = before.slice(Math.max(0, before.length - (CONTEXT - from)));
  return [borrowed + window.toString('latin1', 0, end), -borrowed.length];
}

/** What `aws logs tail` puts at a line's start: the event's time and (unless --format short) its log stream. */
const TAIL_PREFIX = new RegExp(String.raw`[\n\r]\d{4}-\d\d-\d\dT\S{0,${TAIL_TIME}} (?:\S{1,${TAIL_STREAM}} )?$`);

/** The length of the `aws logs tail` prefix right before `at` on its line, or 0. */
function tailPrefixBefore(window: Buffer, at: number, before: string): number {
  const [text, base] = latin1From(window, at, at, before);
  // At the input's start, the prefix opens the first line.
  const found = TAIL_PREFIX.exec(base === 0 && before === '' ? `\n${text}` : text);
  return found === null ? 0 : found[0].length - 1;
}

/** The last header starting in [from, until), or -1. */
function lastHeaderBefore(window: Buffer, from: number, until: number, before: string): number {
  if (until <= from) return -1;
  const [text, base] = latin1From(window, from, Math.min(window.length, until + HEADER_OVERLAP), before);
  let last = -1;
  HEADER.lastIndex = from - base;
  for (let m = HEADER.exec(text); m !== null && base + m.index < until; m = HEADER.exec(text)) last = base + m.index;
  return last;
}
