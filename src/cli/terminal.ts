/**
 * Standard input from a terminal, where a user pastes a log. In its line mode a terminal keeps at
 * most one input buffer of a line (4095 bytes on Linux, 1024 on macOS) and drops the rest, and a
 * single `Making request` line of a log is often longer; so the terminal is read in raw mode,
 * which hands over the pasted bytes as they come, and this does what line mode did that a paste
 * needs: Ctrl-D ends the input, Ctrl-C stops the command, and a line ends at CR (the Enter key,
 * and a paste's line breaks, send CR).
 */
import type { Readable } from 'node:stream';

/** A terminal's standard input: Node's tty.ReadStream has setRawMode. */
export type TerminalInput = Readable & { isTTY: true; setRawMode(mode: boolean): unknown };

export function isTerminal(stdin: Readable & { isTTY?: boolean; setRawMode?: unknown }): stdin is TerminalInput {
  return stdin.isTTY === true && typeof stdin.setRawMode === 'function';
}

/** Ctrl-C at the terminal: the command stops, as SIGINT would have stopped it in line mode. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

const CTRL_C = 0x03;
const CTRL_D = 0x04;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The pasted bytes, CR and CRLF each made one LF, up to the first Ctrl-D; throws Interrupted at
 * Ctrl-C. `onBytes` is told the running count (nothing echoes in raw mode, so the caller shows it).
 * The terminal is back in line mode when the iteration ends, however it ends.
 */
export async function* terminalChunks(stdin: TerminalInput, onBytes: (total: number) => void): AsyncIterable<Uint8Array> {
  stdin.setRawMode(true);
  let total = 0;
  // A CR at the end of a chunk: an LF starting the next is its CRLF's.
  let afterCr = false;
  try {
    for await (const chunk of stdin) {
      const bytes: Uint8Array = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
      const out: number[] = [];
      let ended = false;
      for (const b of bytes) {
        if (b === CTRL_C) throw new Interrupted();
        if (b === CTRL_D) {
          ended = true;
          break;
        }
        if (b === LF && afterCr) {
          afterCr = false;
          continue;
        }
        afterCr = b === CR;
        out.push(b === CR ? LF : b);
      }
      if (out.length > 0) {
        total += out.length;
        onBytes(total);
        yield Uint8Array.from(out);
      }
      if (ended) return;
    }
  } finally {
    stdin.setRawMode(false);
  }
}
