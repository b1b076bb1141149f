/**
 * Tells a hard-wrapped log: one copied from a terminal or an email that broke every long line at
 * its width. Such a log has many lines of exactly that width and none longer, where a log as
 * botocore wrote it has lines of every length, its longest (a params dict) rarely repeated but
 * for identical calls. Only the start of a source is looked at.
 */

import { Rebuilt, type Rewritten } from './rebuilt.js';

/** A line break, where a hard-wrapped log broke a line botocore (or a JSON log record) wrote whole. */
export const LINE_BREAK = /\r?\n|\r/;
/** Every line break. */
export const LINE_BREAKS = new RegExp(LINE_BREAK.source, 'g');

/** How much of a source is looked at (in UTF-16 units, or bytes read as latin1). */
export const LOOKED_AT = 64 * 1024;
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

/**
 * Whether a hard-wrapped log broke `line` (its text, without the line break) at `width`: the line
 * fills the width as a terminal counts it (a tab to the next multiple of 8 columns), or in bytes
 * as `fold` counts. `before` is how many columns of the line come before `line`.
 */
export function fillsWidth(line: string, width: number, before = 0): boolean {
  if (before + line.length === width) return true;
  if (before + line.length > width) return false;
  let columns = before;
  for (let i = 0; i < line.length; i++) columns = line.charCodeAt(i) === 9 ? columns + 8 - (columns % 8) : columns + 1;
  return columns === width || before + Buffer.byteLength(line) === width;
}

/**
 * `text` from a log hard-wrapped at `width`, joined again: each line break after a line exactly
 * `width` long left out, in characters as a terminal counts them or in bytes as `fold` does. That
 * undoes the wrapping exactly, whatever the lines hold (only a line botocore wrote exactly `width`
 * long is joined to the next one too). `column` is where the text starts on its first line.
 * Undefined when no line breaks so; `firstChange` is the first line break left out.
 */
export function unwrapLines(text: string, width: number, column: number): Rewritten | undefined {
  const rebuilt = new Rebuilt(text);
  let copied = 0;
  let lineStart = 1 - column;
  let firstChange: number | undefined;
  for (const found of text.matchAll(LINE_BREAKS)) {
    if (fillsWidth(text.slice(Math.max(0, lineStart), found.index), width, Math.max(0, -lineStart))) {
      rebuilt.copy(copied, found.index);
      copied = found.index + found[0].length;
      firstChange ??= found.index;
    }
    lineStart = found.index + found[0].length;
  }
  if (firstChange === undefined) return undefined;
  rebuilt.copy(copied, text.length);
  return { text: rebuilt.text(), toOriginal: (offset) => rebuilt.toOriginal(offset), firstChange };
}
