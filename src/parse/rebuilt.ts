/**
 * The text a grammar reads, when it is not the text as given: stretches of the original, with text
 * put in (line breaks where a web page lost them) or left out (markdown's escapes). Maps each
 * offset back to the original so diagnostics point at what the user has.
 */
/** Text rebuilt from a segment's: where each of its offsets was, and where the first change is. */
export interface Rewritten {
  text: string;
  toOriginal(offset: number): number;
  /** In the text as given. */
  firstChange: number;
}

export class Rebuilt {
  private readonly parts: string[] = [];
  /** Per piece: its start in the rebuilt text, where it comes from in the original, and whether it was inserted. */
  private readonly starts: number[] = [];
  private readonly origins: number[] = [];
  private readonly inserted: boolean[] = [];
  private length = 0;

  constructor(readonly original: string) {}

  copy(from: number, to: number): this {
    return to > from ? this.add(this.original.slice(from, to), from, false) : this;
  }

  /** Text that is not in the original, standing at original offset `at`. */
  insert(text: string, at: number): this {
    return this.add(text, at, true);
  }

  text(): string {
    return this.parts.join('');
  }

  toOriginal(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const origin = this.origins[lo] ?? 0;
    return this.inserted[lo] ? origin : origin + offset - (this.starts[lo] ?? 0);
  }

  private add(text: string, origin: number, inserted: boolean): this {
    this.parts.push(text);
    this.starts.push(this.length);
    this.origins.push(origin);
    this.inserted.push(inserted);
    this.length += text.length;
    return this;
  }
}
