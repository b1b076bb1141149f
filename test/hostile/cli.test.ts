/**
 * Hostile input through the whole CLI, in-process: whatever comes in, the CLI answers with
 * results or diagnostics (exit code 0, 1 or 2), never an internal error (70), and every line it
 * writes to stderr is a diagnostic with a position (or of a whole source).
 */
import fc from 'fast-check';
import { STAGE_FORMATS } from '../../src/cli/options.js';
import { EMITTERS } from '../../src/emit/registry.js';
import { RecordSplitter, type Segment } from '../../src/parse/split.js';
import { cli, type CliRun } from '../support/cli.js';
import { manifest, sampleText } from '../support/samples.js';
import { corruptedBytes, hostileText, linearTime, mutatedSample } from './support.js';

const logs = manifest.map((e) => sampleText(e.file));
const FORMATS = [...STAGE_FORMATS, ...EMITTERS.map((e) => e.format)];
const log = fc.constantFrom(...logs);

/** `<stdin>:line:col: severity CODE: message`, or `<stdin>: severity CODE: message` for a whole source. */
const DIAGNOSTIC = /^(?:<stdin>|<arguments>|<model>|[^:\n]+\.(?:log|json|gz))(?::\d+:\d+)?: (?:error|warning|info) [A-Z_]+: ./;

function expectAnswered(r: CliRun): void {
  expect([0, 1, 2]).toContain(r.code);
  for (const line of r.stderr.split('\n').filter((l) => l !== '')) expect(line).toMatch(DIAGNOSTIC);
}

describe('the CLI answers any input with results or diagnostics', () => {
  test('random text', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText(2000), async (text) => expectAnswered(await cli(['--format', 'json'], text))),
      { numRuns: 60 },
    );
  });

  test('real logs cut, with records dropped, duplicated and swapped, code units flipped', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedSample(log), async (text) => expectAnswered(await cli(['--format', 'json'], text))),
      { numRuns: 60 },
    );
  });

  test('real logs with flipped bytes, invalid UTF-8 and NUL bytes', async () => {
    await fc.assert(
      fc.asyncProperty(corruptedBytes(log), async (bytes) => expectAnswered(await cli(['--format', 'json'], bytes))),
      { numRuns: 40 },
    );
  });

  test('mutated logs through every output format, and verify', async () => {
    const args = fc.oneof(fc.constantFrom(...FORMATS).map((format) => ['--format', format]), fc.constant<string[]>(['verify']));
    await fc.assert(
      fc.asyncProperty(mutatedSample(log), args, async (text, a) => expectAnswered(await cli(a, text))),
      { numRuns: 60 },
    );
  });

  test('binary bytes are found at the start of the input however it is chunked', async () => {
    // fast-check's counterexample: a mutated sample starting `{\u0000`, its first chunk one character.
    const text = `{\u0000${sampleText('sns-publish.log').slice(2)}`;
    const whole = await cli(['--format', 'json'], text);
    expect(whole.code).toBe(2);
    expect(whole.stderr).toContain('BINARY_INPUT: the input looks binary (control byte 0x00 at offset 1)');
    expect(await cli(['--format', 'json'], [text.slice(0, 1), text.slice(1)])).toEqual(whole);
  });

  test('a binary source yields its diagnostic and nothing else, even when a whole call came in a chunk before the binary byte', async () => {
    const header = (logger: string): string => `2026-11-25 02:50:03,359 - MainThread - ${logger} - DEBUG - `;
    const call = [
      `${header('botocore.endpoint')}Making request for OperationModel(name=Publish) with params: {'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': {'Action': 'Publish', 'Version': '2010-03-31', 'TopicArn': 'arn:aws:sns:us-east-1:123456789012:orders', 'Message': 'hi'}, 'url': 'https://sns.us-east-1.amazonaws.com/'}`,
      `${header('botocore.retryhandler')}No retry needed.`,
      // Records after the call, so that the splitter (which waits near its window's end) lets the call go.
      ...Array.from({ length: 8 }, (_, i) => `${header('botocore.hooks')}Event after-call.sns.Publish: calling handler <function handler_${i} at 0x7f10c62dd8a0>`),
      '',
    ].join('\n');
    expect(Buffer.byteLength(call)).toBeLessThan(4096);
    expect(JSON.parse((await cli(['--format', 'json'], [call])).stdout).requests).toHaveLength(1);
    const run = await cli(['--format', 'json'], [call, '\u0000\u0001']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).requests).toEqual([]);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(`BINARY_INPUT: the input looks binary (control byte 0x00 at offset ${Buffer.byteLength(call)})`)]);
  });

  test('the same input split into chunks anywhere gives the same answer', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedSample(log), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), async (text, cuts) => {
        const at = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((start, i) => text.slice(start, at[i] ?? text.length));
        const whole = await cli(['--format', 'json'], text);
        const split = await cli(['--format', 'json'], chunks);
        expect(split).toEqual(whole);
      }),
      { numRuns: 30 },
    );
  });
});

describe('the record splitter', () => {
  const segments = (chunks: string[]): Segment[] => {
    const splitter = new RecordSplitter();
    return [...chunks.flatMap((c) => splitter.push(c)), ...splitter.end()];
  };

  test('gives the same segments whatever the chunk sizes, newlines kept or lost', () => {
    fc.assert(
      fc.property(mutatedSample(log), fc.boolean(), fc.integer({ min: 1, max: 5000 }), (text, flat, size) => {
        const input = flat ? text.replaceAll('\n', ' ') : text;
        const chunks: string[] = [];
        for (let i = 0; i < input.length; i += size) chunks.push(input.slice(i, i + size));
        expect(segments(chunks)).toEqual(segments([input]));
      }),
      { numRuns: 100 },
    );
  });

  test('cuts a segment that never ends (past its maximum length), and reads on', () => {
    const header = '2026-11-25 02:50:09,126 - MainThread - botocore.parsers - DEBUG - ';
    const next = `${header}Making request for OperationModel(name=Publish) with params: {}\n`;
    const endless = `${header}Response body:\nb'${'x'.repeat(5000)}`;
    const feed = (text: string): Segment[] => {
      const splitter = new RecordSplitter({ maxSegment: 1000 });
      const out: Segment[] = [];
      for (let i = 0; i < text.length; i += 97) out.push(...splitter.push(text.slice(i, i + 97)));
      return [...out, ...splitter.end()];
    };
    const records = feed(`${endless}\n${next}`);
    expect(records.map((r) => r.text.length)).toEqual([expect.any(Number), next.length]);
    expect(records[0]!.text.length).toBeLessThan(1500);
    expect(records[1]).toMatchObject({ kind: 'record', text: next, pos: { offset: endless.length + 1, line: 3, column: 1 } });
    // Prelude text: cut into pieces, every character still in one of them, positions kept.
    const prelude = feed(`${'y'.repeat(4000)}\n${next}`);
    expect(prelude.filter((p) => p.kind === 'text').map((p) => p.text).join('')).toBe(`${'y'.repeat(4000)}\n`);
    expect(prelude.at(-1)).toMatchObject({ kind: 'record', pos: { offset: 4001, line: 2, column: 1 } });
  });

  test('is linear in a log with its newlines lost, and in a line with no header at all', () => {
    const flat = logs.join('').replaceAll('\n', ' ');
    const feed = (text: string): void => {
      const splitter = new RecordSplitter();
      for (let i = 0; i < text.length; i += 65536) splitter.push(text.slice(i, i + 65536));
      splitter.end();
    };
    expect(linearTime((n) => feed(flat.repeat(n)), 1)).toBeLessThan(3);
    expect(linearTime((n) => feed('x'.repeat(n)), 1 << 20)).toBeLessThan(3);
  });

  test('read as hard-wrapped, is linear in a long line of headers (records run on), where each header looks back for its line', () => {
    const flat = logs.join('').replaceAll('\n', ' ');
    const feed = (text: string): void => {
      const splitter = new RecordSplitter({ wrapWidth: 80 });
      for (let i = 0; i < text.length; i += 65536) splitter.push(text.slice(i, i + 65536));
      splitter.end();
    };
    expect(linearTime((n) => feed(flat.repeat(n)), 1)).toBeLessThan(3);
  });
});

describe('huge and deep inputs', () => {
  const MB = 1024 * 1024;
  const header = '2026-11-25 02:50:09,126 - MainThread - botocore.endpoint - DEBUG - ';

  test('a 50 MB line with no record header', async () => {
    const r = await cli(['--format', 'json'], 'x'.repeat(50 * MB));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:1:1: error NO_AWS_CALL/);
  });

  test('a params dict holding a 50 MB string literal, in a real log', async () => {
    const text = sampleText('sns-publish.log').replace(/('Message': ')hi(')/, `$1${'m'.repeat(50 * MB)}$2`);
    expect(text.length).toBeGreaterThan(50 * MB);
    const r = await cli(['--format', 'json'], text);
    expectAnswered(r);
    expect(r.code).toBe(0);
  });

  test('a params dict nested 100k levels deep', async () => {
    const r = await cli(['--format', 'json'], `${header}Making request for OperationModel(name=Publish) with params: ${'['.repeat(100_000)}\n`);
    expectAnswered(r);
    expect(r.stderr).toMatch(/REPR_TOO_DEEP/);
  });

  test('100k-deep brackets as bare text', async () => {
    expectAnswered(await cli(['--format', 'json'], `{'url_path': ${'['.repeat(100_000)}`));
  });

  test('NUL bytes after the first 4 KB, and invalid UTF-8 throughout', async () => {
    const text = sampleText('sns-publish.log');
    const bytes = Buffer.concat([Buffer.from(text.slice(0, 8000)), Buffer.from([0, 0xff, 0xfe, 0xc3]), Buffer.from(text.slice(8000))]);
    expectAnswered(await cli(['--format', 'json'], bytes));
  });
});
