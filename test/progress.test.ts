/** The progress line: drawn on a terminal for big inputs, never elsewhere. */
import { Readable, Writable } from 'node:stream';
import { progressLine } from '../src/cli/progress.js';
import { run } from '../src/cli/run.js';
import { MODELS, sampleText } from './support/samples.js';

/** A Writable that says it is a terminal (or not), recording what is written. */
function fakeStream(isTTY: boolean, columns = 100): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { isTTY, columns, text: () => chunks.join('') });
}

const MB = 1024 * 1024;

describe('progressLine', () => {
  test('nothing when the stream is not a terminal', () => {
    expect(progressLine(fakeStream(false))).toBeUndefined();
    expect(progressLine(new Writable({ write: (_c, _e, done) => done() }))).toBeUndefined();
  });

  test('on a terminal: nothing for small inputs, then one line redrawn in place, cleared at the end', () => {
    const stream = fakeStream(true);
    let clock = 0;
    const line = progressLine(stream, { now: () => clock })!;
    line.update({ source: 'big.log', bytes: 3 * MB, calls: 1 });
    expect(stream.text()).toBe('');
    line.update({ source: 'big.log', bytes: 5 * MB, calls: 2 });
    expect(stream.text()).toBe('\r\x1b[Kinfer-mapping: reading big.log: 5.0 MB, 2 calls');
    // Throttled: a redraw within 100 ms is skipped.
    clock += 50;
    line.update({ source: 'big.log', bytes: 6 * MB, calls: 3 });
    expect(stream.text()).not.toMatch(/6\.0 MB/);
    clock += 100;
    line.update({ source: 'big.log', bytes: 12.5 * MB, calls: 1234 });
    expect(stream.text()).toMatch(/\r\x1b\[Kinfer-mapping: reading big\.log: 12\.5 MB, 1,234 calls$/);
    expect(stream.text()).not.toMatch(/\n/);
    line.done();
    expect(stream.text().endsWith('\r\x1b[K')).toBe(true);
  });

  test('a line never wider than the terminal, and done() without a line writes nothing', () => {
    const stream = fakeStream(true, 30);
    const line = progressLine(stream)!;
    line.done();
    expect(stream.text()).toBe('');
    line.update({ source: 'a-very-long-file-name-that-would-wrap.log', bytes: 10 * MB, calls: 7 });
    const drawn = stream.text().replace('\r\x1b[K', '');
    expect(drawn.length).toBeLessThan(30);
  });

  test('a terminal that does not know its width (0 columns) gets the whole line, up to 80 characters', () => {
    const stream = fakeStream(true, 0);
    progressLine(stream)!.update({ source: 'big.log', bytes: 10 * MB, calls: 7 });
    expect(stream.text()).toBe('\r\x1b[Kinfer-mapping: reading big.log: 10.0 MB, 7 calls');
  });
});

describe('the CLI draws progress only on a terminal', () => {
  // Over 4 MB of real log, streamed in chunks like a pipe delivers them.
  const log = sampleText('sns-publish.log');
  const chunks = Array.from({ length: Math.ceil((5 * MB) / log.length) }, () => Buffer.from(log));

  async function runWith(isTTY: boolean, { format = 'json', stdoutIsTTY = false } = {}): Promise<{ code: number; stderr: string; stdout: string }> {
    const stdout = fakeStream(stdoutIsTTY);
    const stderr = fakeStream(isTTY);
    const code = await run(['--model-dir', MODELS, '--format', format, '--no-color'], {
      stdin: Readable.from(chunks),
      stdout,
      stderr,
      env: { INFER_MAPPING_MODEL_DIR: '' },
    });
    return { code, stderr: stderr.text(), stdout: stdout.text() };
  }

  test('terminal: a progress line, cleared before the output is done', async () => {
    const r = await runWith(true);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\r\x1b\[Kinfer-mapping: reading <stdin>: \d+\.\d MB, [\d,]+ calls?/);
    // Cleared: the last progress drawing is followed by the clearing sequence.
    expect(r.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect((JSON.parse(r.stdout) as { requests: unknown[] }).requests).toHaveLength(chunks.length);
  });

  test('no progress line on the terminal that shows the output as it is printed (it would erase its unfinished line), and one while an output printed at the end waits', async () => {
    const streamed = await runWith(true, { stdoutIsTTY: true });
    expect(streamed.code).toBe(0);
    expect(streamed.stderr).toBe('');
    expect((JSON.parse(streamed.stdout) as { requests: unknown[] }).requests).toHaveLength(chunks.length);
    const atTheEnd = await runWith(true, { stdoutIsTTY: true, format: 'openapi3' });
    expect(atTheEnd.code).toBe(0);
    expect(atTheEnd.stderr).toMatch(/^\r\x1b\[Kinfer-mapping: reading <stdin>: .*\r\x1b\[K$/s);
  });

  test('not a terminal: no progress at all', async () => {
    const r = await runWith(false);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
