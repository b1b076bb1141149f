/**
 * Standard output's reader, as the CLI meets it. One that falls behind (a pipe into a slow
 * consumer, a pager) holds the input back: writes to a pipe that is full are queued in memory,
 * so without this a big log's output would pile up there whatever the pipeline keeps. One that
 * goes away (`| head`) ends the reading quietly, where its EPIPE would otherwise be thrown.
 *
 * The stream's own state cannot say so: process.stdout is never marked destroyed, even after
 * EPIPE, so what the stream reported is tracked here. The listeners stay for the stream's life:
 * a write still queued when the run ends can fail after it, and an error without a listener is
 * thrown.
 */
import type { Writable } from 'node:stream';

/** Writing the output (standard output, or a file in --out) failed: said in one line, exit 74. */
export class OutputFailed extends Error {
  constructor(target: string, reason: Error) {
    super(`cannot write ${target}: ${reason.message}`);
  }
}

/** Runs a write to `target`, its failure an OutputFailed. */
export function writingTo<T>(target: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw new OutputFailed(target, error as Error);
  }
}

/** Thrown into the pipeline when standard output takes no more: there is no one left to read on for. */
export class OutputGone extends Error {
  constructor() {
    super('standard output takes no more');
  }
}

export class OutputReader {
  private failure: NodeJS.ErrnoException | undefined;
  /** Whether the stream failed or closed: it takes no more output. */
  private gone = false;

  constructor(private readonly stream: Writable) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.failure ??= error;
      this.gone = true;
    });
    stream.on('close', () => {
      this.gone = true;
    });
  }

  /**
   * A source's chunks, each read once the output has caught up. Once it takes no more, the next
   * throws OutputGone: the run stops there rather than end the source early, which would read
   * as an input cut short.
   */
  async *paced<T>(chunks: Iterable<T> | AsyncIterable<T>): AsyncIterable<T> {
    for await (const chunk of chunks) {
      await this.caughtUp();
      if (this.gone) throw new OutputGone();
      yield chunk;
    }
  }

  /** Resolves once everything written has been taken, to the error that stopped it, if any. */
  flushed(): Promise<NodeJS.ErrnoException | undefined> {
    if (this.gone) return Promise.resolve(this.failure);
    // Writes complete in order, so an empty one's callback runs after all before it.
    return new Promise((resolve) => this.stream.write('', (error) => resolve(this.failure ?? (error as NodeJS.ErrnoException | null) ?? undefined)));
  }

  /** Resolves once the stream's queue is below its high-water mark, or it takes no more. */
  private caughtUp(): Promise<void> {
    const stream = this.stream;
    if (!stream.writableNeedDrain || this.gone) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        stream.off('error', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
      stream.on('error', done);
    });
  }
}
