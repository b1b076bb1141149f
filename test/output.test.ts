/**
 * Standard output's reader: one that falls behind holds the input back (the output does not pile
 * up in memory), one that goes away (`| head`) ends the run quietly, and any other write failure
 * (standard output, or a file in --out) is said in one line with its own exit code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { EXIT } from '../src/cli/exit-codes.js';
import { run } from '../src/cli/run.js';
import { MODELS, sampleText } from './support/samples.js';

const log = sampleText('sns-publish.log');
/** About 6 MB of calls, half a megabyte of --format json. */
const CALLS = Math.ceil((6 * 1024 * 1024) / log.length);

/** A reader taking each write a turn of the event loop later, as a slow pipe does; `fail` makes every write after the first `failAfter` bytes fail. */
function reader(options: { fail?: string; failAfter?: number } = {}): Writable & { text: () => string; maxQueued: () => number } {
  const chunks: string[] = [];
  let taken = 0;
  let maxQueued = 0;
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      maxQueued = Math.max(maxQueued, stream.writableLength);
      if (options.fail !== undefined && taken >= (options.failAfter ?? 0)) {
        setImmediate(() => done(Object.assign(new Error(`write ${options.fail}`), { code: options.fail })));
        return;
      }
      taken += chunk.length;
      chunks.push(chunk.toString());
      setImmediate(done);
    },
  });
  return Object.assign(stream, { text: () => chunks.join(''), maxQueued: () => maxQueued });
}

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'infer-mapping-output-'));
  file = join(dir, 'calls.log');
  writeFileSync(file, log.repeat(CALLS));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (stdout: Writable, stderr: Writable, args: string[], stdin: Readable = Readable.from([])): Promise<number> =>
  run(['--model-dir', MODELS, ...args], { stdin, stdout, stderr, env: { INFER_MAPPING_MODEL_DIR: '' } });

test('a reader that falls behind holds the input back: what waits for it stays near one chunk of output, and it gets all of it', async () => {
  const stdout = reader();
  const stderr = sink();
  expect(await cli(stdout, stderr, ['--format', 'json', file])).toBe(EXIT.ok);
  expect(stderr.text()).toBe('');
  const printed = stdout.text();
  expect((JSON.parse(printed) as { requests: unknown[] }).requests).toHaveLength(CALLS);
  // One 64 kB chunk of this log prints about 6 kB.
  expect(printed.length).toBeGreaterThan(400 * 1024);
  expect(stdout.maxQueued()).toBeLessThan(64 * 1024);
});

test('a reader that goes away (EPIPE, as `| head` does) stops the reading: exit 0, nothing on stderr', async () => {
  let chunksRead = 0;
  const chunks = Array.from({ length: CALLS }, () => log);
  const stdin = Readable.from(
    (function* () {
      for (const chunk of chunks) {
        chunksRead++;
        yield Buffer.from(chunk);
      }
    })(),
  );
  const stderr = sink();
  expect(await cli(reader({ fail: 'EPIPE', failAfter: 4096 }), stderr, ['--format', 'records'], stdin)).toBe(EXIT.ok);
  expect(stderr.text()).toBe('');
  expect(chunksRead).toBeLessThan(CALLS / 2);
});

test.each([['json'], ['openapi3']])('any other write failure is one line on stderr and exit 74 (--format %s)', async (format) => {
  const stderr = sink();
  expect(await cli(reader({ fail: 'ENOSPC' }), stderr, ['--format', format, file])).toBe(EXIT.outputFailed);
  expect(stderr.text()).toBe('infer-mapping: cannot write standard output: write ENOSPC\n');
});

function expectOneLine(text: string, start: string): void {
  expect(text.startsWith(start)).toBe(true);
  expect(text.indexOf('\n')).toBe(text.length - 1);
}

describe('--out that cannot be written: one line on stderr, exit 74, no stack trace', () => {
  test.each([['json'], ['openapi3']])('a directory that cannot be made, found before the input is read (--format %s)', async (format) => {
    const stderr = sink();
    const out = join(file, 'out');
    expect(await cli(sink(), stderr, ['--format', format, '--out', out, file])).toBe(EXIT.outputFailed);
    expectOneLine(stderr.text(), `infer-mapping: cannot write ${out}: ENOTDIR: `);
  });

  test.each([['json'], ['openapi3']])('a file that cannot be written (--format %s)', async (format) => {
    const out = join(dir, `out-${format}`);
    const target = join(out, `${format}.json`);
    // A directory where the file would go.
    mkdirSync(target, { recursive: true });
    const stderr = sink();
    expect(await cli(sink(), stderr, ['--format', format, '--out', out, file])).toBe(EXIT.outputFailed);
    expectOneLine(stderr.text(), `infer-mapping: cannot write ${target}: EISDIR: `);
  });
});
