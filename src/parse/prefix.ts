/**
 * Tells a log whose every line carries the same prefix before what botocore wrote: the quote
 * (`> `) or indent of a log pasted into an issue or a mail, or the tag a tool puts before each
 * line of a program's output (docker compose's `app-1  | `, GitHub Actions' time). The record
 * splitter finds a header after such a prefix, but a record's other lines (a canonical request's,
 * a params dict broken over lines) would keep theirs, so each line of a record is read without it.
 */
import { Rebuilt, type Rewritten } from './rebuilt.js';
import { headerIndex } from './split.js';
import { LINE_BREAK, LINE_BREAKS } from './wrap.js';

/** How many header lines it takes to tell a prefix, and how many of the lines must carry it. */
const HEADER_LINES = 3;
const CARRIED = 0.9;

/**
 * The prefix every line of `sample` (the start of a source) carries, as a pattern anchored at a
 * line's start, or undefined. Learned from the lines where a record header does not start the
 * line: the text before the header, its digits generalized (a time differs from line to line).
 */
export function linePrefix(sample: string): RegExp | undefined {
  const lines = sample.split(LINE_BREAK).filter((line) => line.trim() !== '');
  // The last line may be cut where the sample ends.
  lines.pop();
  const shapes = new Map<string, number>();
  let headers = 0;
  for (const line of lines) {
    const at = headerIndex(line);
    if (at === -1) continue;
    headers++;
    if (at === 0) continue;
    const shape = shapeOf(line.slice(0, at));
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  }
  const [shape, count] = [...shapes].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (count < HEADER_LINES || count < CARRIED * headers) return undefined;
  // An empty line keeps the prefix without its trailing space (`>` in a quote).
  const prefix = new RegExp(`^(?:${shape}|${shape.replace(/ +$/, '')}$)`);
  return lines.filter((line) => prefix.test(line)).length >= CARRIED * lines.length ? prefix : undefined;
}

/** The line starting at `start`, without its line break (up to 256 characters: prefixes are short). */
function lineAt(text: string, start: number): string {
  const line = text.slice(start, start + 256);
  const end = line.search(LINE_BREAK);
  return end === -1 ? line : line.slice(0, end);
}

/** A prefix as a pattern: its text, each run of digits any digits. */
function shapeOf(prefix: string): string {
  return prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+/g, '\\d+');
}

/**
 * `text` (a segment starting at `column` of its line) without `prefix` at the start of each of
 * its lines, and where each offset of that was; undefined when no line carries it.
 */
export function stripLinePrefix(text: string, prefix: RegExp, column: number): Rewritten | undefined {
  const rebuilt = new Rebuilt(text);
  let copied = 0;
  let firstChange: number | undefined;
  const lineStarts = column === 1 ? [0] : [];
  for (const found of text.matchAll(LINE_BREAKS)) lineStarts.push(found.index + found[0].length);
  for (const start of lineStarts) {
    const carried = prefix.exec(lineAt(text, start));
    if (carried === null || carried[0] === '') continue;
    rebuilt.copy(copied, start);
    copied = start + carried[0].length;
    firstChange ??= start;
  }
  if (firstChange === undefined) return undefined;
  rebuilt.copy(copied, text.length);
  return { text: rebuilt.text(), toOriginal: (offset) => rebuilt.toOriginal(offset), firstChange };
}
