/** Runs the CLI in-process with injected streams. */
import { Readable, Writable } from 'node:stream';
import { run } from '../../src/cli/run.js';
import { MODELS } from './samples.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** `stdin` may be a string or chunks (to exercise streaming); models come from the committed fixtures unless given. */
export async function cli(args: string[], stdin: string | Buffer | Array<string | Buffer> = '', env: Record<string, string> = {}): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const chunks = Array.isArray(stdin) ? stdin : [stdin];
  const code = await run(args.includes('--no-models') || args.includes('--model-dir') ? args : ['--model-dir', MODELS, ...args], {
    stdin: Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))),
    stdout: out.stream,
    stderr: err.stream,
    env: { INFER_MAPPING_MODEL_DIR: '', ...env },
  });
  return { code, stdout: out.text(), stderr: err.text() };
}
