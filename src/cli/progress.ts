/**
 * A progress line for long reads: on a terminal, one line on stderr that updates in place
 * (`infer-mapping: reading big.log: 120.0 MB, 3,412 calls`) and is cleared when reading ends.
 * Nothing at all when stderr is not a terminal (a pipe, a file, CI), and nothing for inputs
 * smaller than a few megabytes, which are read before anyone could read the line.
 */
import type { Writable } from 'node:stream';

/** What the pipeline reports after each chunk (`bytes`: input read so far from `source`). */
export interface Progress {
  source: string;
  bytes: number;
  calls: number;
}

export interface ProgressLine {
  /** Redraws the line (at most every `intervalMs`), once `bytes` passes `minBytes`. */
  update(progress: Progress): void;
  /** Clears the line, if one was drawn. */
  done(): void;
}

export interface ProgressOptions {
  /** Inputs up to this size draw nothing. Default 4 MiB. */
  minBytes?: number;
  /** Least time between two redraws. Default 100 ms. */
  intervalMs?: number;
  /** The clock, in milliseconds (tests inject one). */
  now?: () => number;
}

const MIB = 1024 * 1024;
/** Back to the start of the line, and erase it. */
export const CLEAR = '\r\x1b[K';

/** The progress line for `stream`, or undefined when the stream is not a terminal. */
export function progressLine(stream: Writable & { isTTY?: boolean; columns?: number }, options: ProgressOptions = {}): ProgressLine | undefined {
  if (stream.isTTY !== true) return undefined;
  const minBytes = options.minBytes ?? 4 * MIB;
  const intervalMs = options.intervalMs ?? 100;
  const now = options.now ?? Date.now;
  let drawn = false;
  let last = -Infinity;
  return {
    update({ source, bytes, calls }: Progress): void {
      if (bytes < minBytes) return;
      const t = now();
      if (t - last < intervalMs) return;
      last = t;
      const text = `infer-mapping: reading ${source}: ${(bytes / MIB).toFixed(1)} MB, ${calls.toLocaleString('en-US')} call${calls === 1 ? '' : 's'}`;
      // A line wider than the terminal would wrap, and \r would then redraw only its last part.
      // A terminal of unknown size (a pty nobody sized, as under `script`) says 0 columns.
      const width = (stream.columns || 80) - 1;
      stream.write(`${CLEAR}${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      drawn = true;
    },
    done(): void {
      if (drawn) stream.write(CLEAR);
      drawn = false;
    },
  };
}
