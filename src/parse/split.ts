/**
 * Splits streamed text into log records without holding the whole input: a record is complete
 * when the next record header appears, and records this tool does not read are dropped as soon
 * as their head shows what they are, keeping only their line count.
 */
import { advance, type Position } from '../diagnostics.js';

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
/** Long enough to hold any header the regex matches, so a header cut by a chunk edge is found. */
const HEADER_OVERLAP = 96;
/** How much of a record shows which kind it is. */
const HEAD_LENGTH = 200;

/**
 * Records worth keeping: the few messages inference reads. Everything else (hook events,
 * credential lookups, tracebacks) is dropped by this one test on the record's head.
 */
const INTERESTING =
  /Making request for|CanonicalRequest:|StringToSign:|Sending http request:|Response headers:|Response body:|Arguments entered to CLI:|Loading JSON file: \S*service-2\.json|HTTP\/\d(?:\.\d)?" \d|Retry needed|Exception received when sending|Response received to retry/;

type Mode = 'prelude' | 'record' | 'skip';

export class RecordSplitter {
  private buffer = '';
  /** Where buffer[0] sits in the source. */
  private pos: Position = { offset: 0, line: 1, column: 1 };
  /**
   * prelude: text before the first header; record: buffer[0] starts a record being kept;
   * skip: the buffer is the tail of a record nobody reads, dropped as it arrives.
   */
  private mode: Mode = 'prelude';
  /** Buffer index before which no header can start (already searched). */
  private scanned = 0;

  /** Feeds the next chunk of text; returns the segments it completed. */
  push(chunk: string): Segment[] {
    this.buffer += chunk;
    const out: Segment[] = [];
    for (let at = this.nextHeader(); at !== undefined; at = this.nextHeader()) {
      this.cut(at, out);
      this.mode = 'record';
    }
    this.scanned = Math.max(this.mode === 'record' ? 1 : 0, this.buffer.length - HEADER_OVERLAP);
    if (this.mode === 'record' && this.buffer.length >= HEAD_LENGTH && !INTERESTING.test(this.buffer.slice(0, HEAD_LENGTH))) {
      this.mode = 'skip';
    }
    if (this.mode === 'skip' && this.buffer.length > HEADER_OVERLAP) {
      this.cut(this.buffer.length - HEADER_OVERLAP, out);
    }
    return out;
  }

  /** Ends the input; returns the last segment. */
  end(): Segment[] {
    const out: Segment[] = [];
    this.cut(this.buffer.length, out);
    return out;
  }

  /** The next header start after buffer[0] (a record's own header is not its end). */
  private nextHeader(): number | undefined {
    HEADER.lastIndex = Math.max(this.scanned, this.mode === 'record' ? 1 : 0);
    const match = HEADER.exec(this.buffer);
    this.scanned = 0;
    return match?.index;
  }

  /** Ends the current segment at `at`, emitting it unless it is skipped or blank. */
  private cut(at: number, out: Segment[]): void {
    const text = this.buffer.slice(0, at);
    if (this.mode === 'record' ? INTERESTING.test(text.slice(0, HEAD_LENGTH)) : this.mode === 'prelude' && text.trim() !== '') {
      out.push({ kind: this.mode === 'record' ? 'record' : 'text', text, pos: this.pos });
    }
    this.pos = advance(this.pos, text);
    this.buffer = this.buffer.slice(at);
  }
}
