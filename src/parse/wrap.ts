/**
 * Tells a hard-wrapped log: one copied from a terminal or an email that broke every long line at
 * its width. Such a log has many lines of exactly that width and none longer, where a log as
 * botocore wrote it has lines of every length, its longest (a params dict) rarely repeated but
 * for identical calls. Only the start of a source is looked at.
 */

/** A line break, where a hard-wrapped log broke a line botocore (or a JSON log record) wrote whole. */
export const LINE_BREAK = /\r?\n|\r/;

/** How much of a source is looked at. */
const LOOKED_AT = 64 * 1024;
/** Narrower lines than this are not a terminal's or an email's width. */
const NARROWEST = 40;
/** Distinct lines of the widest length it takes to call a log wrapped. */
const WRAPPED_LINES = 5;

export interface Wrapping {
  /** The width every long line was broken at. */
  width: number;
  /** Where the first line of that width starts: its 0-based offset and 0-based line. */
  offset: number;
  line: number;
}

export class WrapDetector {
  private seen = 0;
  private line = '';
  private lines = 0;
  private widest = 0;
  private atWidest = new Set<string>();
  private firstAtWidest = { offset: 0, line: 0 };
  /** Where the line being read starts. */
  private lineStart = 0;

  /** Whether the start of the source is still being looked at: how much more text is wanted. */
  get wanted(): number {
    return Math.max(0, LOOKED_AT - this.seen);
  }

  /** Looks at the next piece of the source's text (nothing once the start has been seen). */
  push(text: string): void {
    if (this.seen >= LOOKED_AT) return;
    const piece = text.slice(0, LOOKED_AT - this.seen);
    this.seen += piece.length;
    const lines = piece.split('\n');
    this.line += lines[0]!;
    for (let i = 1; i < lines.length; i++) {
      const ended = this.line;
      this.end(ended.replace(/\r$/, ''));
      this.lineStart += ended.length + 1;
      this.line = lines[i]!;
    }
  }

  /** The wrapping found, if the lines seen show one. */
  result(): Wrapping | undefined {
    return this.widest >= NARROWEST && this.atWidest.size >= WRAPPED_LINES ? { width: this.widest, ...this.firstAtWidest } : undefined;
  }

  private end(line: string): void {
    if (line.length > this.widest) {
      this.widest = line.length;
      this.atWidest = new Set([line]);
      this.firstAtWidest = { offset: this.lineStart, line: this.lines };
    } else if (line.length === this.widest && this.atWidest.size < WRAPPED_LINES) {
      this.atWidest.add(line);
    }
    this.lines++;
  }
}
