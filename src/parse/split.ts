/**
 * Splits streamed text into log records without holding the whole input: a record is complete
 * when the next record header appears, and records this tool does not read are dropped unseen.
 *
 * Most of a debug log is records nobody reads (hook events, credential lookups, tracebacks), so
 * the splitter does not visit every record: it searches for the few messages inference reads
 * (one regular-expression scan, which V8 runs at memory speed), and only around such a message
 * looks back for the header that starts its record. The text in between is only counted (its
 * line breaks, for positions) and dropped. Work is linear in the input, including a 100 MB line;
 * what is held is the current window of input plus the record being kept.
 */
import type { Position } from '../diagnostics.js';
import { HEAD_WINDOW } from './log-record.js';

/** A stretch of input: one log record (header included), or text outside any record. */
export interface Segment {
  kind: 'record' | 'text';
  text: string;
  /** Where the segment starts in its source. */
  pos: Position;
}

/**
 * Where a record header starts. Both the CLI's ` - ` layout and boto3's `name [LEVEL]` layout
 * follow the timestamp; nothing is required before it, because a log pasted without its
 * newlines runs each header straight on from the previous record's text.
 */
const HEADER = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}(?: - | [\w.]+ \[[A-Z]+\])/g;
/**
 * Long enough to hold any header the regex matches (boto3 logger names up to ~220 characters),
 * so a header cut by a chunk edge is found whole in the next window.
 */
const HEADER_OVERLAP = 256;
/** How much of a record shows which kind it is: as much as the log-record grammar reads. */
const HEAD_LENGTH = HEAD_WINDOW;
/**
 * The longest segment kept whole, in characters. A longer one (a record or headerless text that
 * never ends) is cut there: far past any real record, and under V8's limit on a string's length
 * (2^29 characters), which joining a longer one would overflow.
 */
const MAX_SEGMENT = 64 * 1024 * 1024;

/**
 * Records worth keeping: the few messages inference reads, found in a record's first
 * HEAD_LENGTH characters. Everything else (hook events, credential lookups, tracebacks) is dropped.
 */
const INTERESTING =
  /Making request for|CanonicalRequest:|StringToSign:|Sending http request:|Response headers:|Response body:|Arguments entered to CLI:|Loading JSON file: \S*service-2\.json|HTTP\/\d(?:\.\d)?" \d/;
/** The same messages, searched for through the whole input. */
const ANCHOR = new RegExp(INTERESTING.source, 'g');

/**
 * - prelude: before the first header; the text is kept (a bare params dict, HTTP request or URL).
 * - head: a record starts at `consumed`; its first HEAD_LENGTH characters decide whether it is kept.
 * - record: a kept record runs from `start`; its end (the next header) is searched from `scan`.
 * - seek: between kept records; messages are searched from `scan`, headers never below `floor`.
 */
type Mode = 'prelude' | 'head' | 'record' | 'seek';

export class RecordSplitter {
  /** Characters in `parts`. */
  private kept = 0;

  /** `maxSegment` (characters) is for tests; see MAX_SEGMENT. */
  constructor(private readonly maxSegment = MAX_SEGMENT) {}

  /** The input not yet consumed, preceded by what is already consumed of the current window. */
  private text = '';
  /** Index in `text` up to which input is consumed: kept in `parts`, or dropped. */
  private consumed = 0;
  /** The source position of text[consumed]. */
  private pos: Position = { offset: 0, line: 1, column: 1 };
  /** Index in `text` before which no line break follows `consumed` (a search already made). */
  private noBreakBefore = 0;
  private mode: Mode = 'prelude';
  /** The kept segment's text before text[consumed]. */
  private parts: string[] = [];
  /** Where the kept segment (prelude text or record) starts. */
  private start: Position = this.pos;
  /** Index in `text` where the mode's next search starts. */
  private scan = 0;
  /** seek: index in `text` below which no header is looked for (records there are decided). */
  private floor = 0;

  /** Feeds the next chunk of text; returns the segments it completed. */
  push(chunk: string): Segment[] {
    this.text = this.text === '' ? chunk : this.text + chunk;
    const out: Segment[] = [];
    this.run(false, out);
    this.trim(out);
    return out;
  }

  /** Ends the input; returns the last segments. */
  end(): Segment[] {
    const out: Segment[] = [];
    this.run(true, out);
    if (this.mode === 'prelude' || this.mode === 'record') this.emit(this.mode === 'record' ? 'record' : 'text', this.text.length, out);
    this.text = '';
    this.consumed = 0;
    this.noBreakBefore = 0;
    return out;
  }

  /** Processes the window as far as it can be without more input (all of it when `ended`). */
  private run(ended: boolean, out: Segment[]): void {
    const text = this.text;
    for (;;) {
      switch (this.mode) {
        case 'prelude': {
          const at = findHeader(text, this.scan);
          if (at === -1) return;
          this.emit('text', at, out);
          this.mode = 'head';
          break;
        }
        case 'head': {
          const h = this.consumed;
          if (!ended && text.length < h + HEAD_LENGTH) return;
          if (INTERESTING.test(text.slice(h, h + HEAD_LENGTH))) {
            this.mode = 'record';
            this.start = this.pos;
            this.parts = [];
          } else {
            this.mode = 'seek';
            this.floor = h + 1;
          }
          this.scan = h + 1;
          break;
        }
        case 'record': {
          const at = findHeader(text, this.scan);
          if (at === -1) return;
          this.emit('record', at, out);
          this.mode = 'head';
          break;
        }
        case 'seek': {
          const h = this.nextKept(ended);
          if (h === -1) return;
          this.drop(h);
          this.mode = 'record';
          this.start = this.pos;
          this.parts = [];
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
    const text = this.text;
    const limit = ended ? text.length : text.length - HEAD_LENGTH;
    ANCHOR.lastIndex = this.scan;
    for (let hit = ANCHOR.exec(text); hit !== null && hit.index < limit; hit = ANCHOR.exec(text)) {
      // A message this close to the window's end waits: its match may not be whole yet.
      const p = hit.index;
      this.scan = ANCHOR.lastIndex;
      const h = lastHeaderBefore(text, Math.max(this.floor, p - HEAD_LENGTH), p);
      if (h !== -1 && INTERESTING.test(text.slice(h, h + HEAD_LENGTH))) return h;
    }
    this.scan = Math.max(this.scan, limit);
    return -1;
  }

  /** Ends the kept segment at `at` (emitting it unless it is blank prelude text); `at` then starts a record. */
  private emit(kind: Segment['kind'], at: number, out: Segment[]): void {
    // A copy, not a slice: a slice would keep the whole window (a chunk or more) alive for as long as
    // any string sliced from the record lives.
    const text = `${this.parts.join('')}${this.text.slice(this.consumed, at)} `.slice(0, -1);
    this.parts = [];
    this.kept = 0;
    if (kind === 'record' || /\S/.test(text)) out.push({ kind, text, pos: this.start });
    this.advance(at);
  }

  /** Drops the input before `at` (text nobody reads), keeping count of its positions. */
  private drop(at: number): void {
    this.advance(at);
  }

  /** Moves `consumed` (and its position) to `at`, counting the line breaks passed over. */
  private advance(at: number): void {
    const text = this.text;
    const from = this.consumed;
    if (at <= from) return;
    let { line, column } = this.pos;
    let lastBreak = -1;
    let i = Math.max(this.noBreakBefore, from);
    if (i < at) i = nextBreak(text, i);
    while (i < at) {
      line++;
      lastBreak = i;
      i = nextBreak(text, i + 1);
    }
    // Remembered, so that many short moves along a line without breaks do not search it again.
    this.noBreakBefore = i;
    column = lastBreak === -1 ? column + (at - from) : at - lastBreak;
    this.pos = { offset: this.pos.offset + (at - from), line, column };
    this.consumed = at;
  }

  /**
   * At a window's end: moves what no later search needs out of the window (into `parts` when
   * kept), so the next chunk joins only a short tail.
   */
  private trim(out: Segment[]): void {
    const text = this.text;
    let cut: number;
    switch (this.mode) {
      case 'prelude':
      case 'record':
        // Nothing searched below len - HEADER_OVERLAP can hold a header start any more.
        this.scan = Math.max(this.scan, text.length - HEADER_OVERLAP);
        cut = Math.max(this.consumed, Math.min(this.scan, text.length - HEADER_OVERLAP));
        if (cut > this.consumed) {
          this.parts.push(text.slice(this.consumed, cut));
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
        this.drop(cut);
        break;
      case 'head':
        cut = this.consumed;
        break;
    }
    if (cut === 0) return;
    this.text = text.slice(cut);
    this.consumed -= cut;
    this.scan = Math.max(0, this.scan - cut);
    this.floor = Math.max(0, this.floor - cut);
    this.noBreakBefore = Math.max(0, this.noBreakBefore - cut);
  }
}

/** The index of the first line break at or after `from`, or text.length. */
function nextBreak(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i === -1 ? text.length : i;
}

/** The first header starting at or after `from`, or -1. */
function findHeader(text: string, from: number): number {
  HEADER.lastIndex = from;
  return HEADER.exec(text)?.index ?? -1;
}

/** The last header starting in [from, before), or -1. */
function lastHeaderBefore(text: string, from: number, before: number): number {
  let last = -1;
  HEADER.lastIndex = from;
  for (let m = HEADER.exec(text); m !== null && m.index < before; m = HEADER.exec(text)) last = m.index;
  return last;
}
