/**
 * Logs hard-wrapped at a terminal's or an email's width: told apart from logs as botocore wrote
 * them, and read joined again where a line broke after the first words of its message.
 */
import { RecordReader } from '../../src/parse/records.js';
import { unwrapLines, WrapDetector } from '../../src/parse/wrap.js';
import { cli } from '../support/cli.js';
import { manifest, sampleText } from '../support/samples.js';

/** What `fold -w width` does: every line longer than `width` broken into lines of `width` characters. */
function fold(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => line.match(new RegExp(`.{1,${width}}`, 'gs'))?.join('\n') ?? '')
    .join('\n');
}

function detect(text: string): ReturnType<WrapDetector['result']> {
  const detector = new WrapDetector();
  // In pieces, as a stream arrives.
  for (let i = 0; i < text.length; i += 1000) detector.push(text.slice(i, i + 1000));
  return detector.result();
}

const files = manifest.map((e) => e.file).filter((f) => !f.includes('oneline'));

test('no sample as botocore wrote it looks wrapped', () => {
  for (const file of manifest.map((e) => e.file)) expect({ file, wrapping: detect(sampleText(file)) }).toEqual({ file, wrapping: undefined });
});

test.each([80, 100, 160])('a sample folded at %i columns looks wrapped at that width, from its first line that long', (width) => {
  const folded = fold(sampleText('sns-publish.log'), width);
  const first = folded.split('\n').findIndex((line) => line.length === width);
  expect(detect(folded)).toEqual({ width, line: first, offset: folded.split('\n').slice(0, first).reduce((n, line) => n + line.length + 1, 0) });
});

/** The requests of `--format json`, without where they were read (folding moves them) and the response status (urllib3's status line can break before its status). */
async function requests(text: string): Promise<{ code: number; requests: unknown[]; stderr: string }> {
  const r = await cli(['--format', 'json'], text);
  const doc = JSON.parse(r.stdout) as { requests: Array<Record<string, unknown>> };
  return { code: r.code, requests: doc.requests.map(({ location: _location, responseStatus: _status, ...rest }) => rest), stderr: r.stderr };
}

test.each(files)('%s folded at 80, 110 and 160 columns reads as the log itself, and says it was wrapped', async (file) => {
  const text = sampleText(file);
  const plain = await requests(text);
  for (const width of [80, 110, 160]) {
    const folded = await requests(fold(text, width));
    expect({ width, code: folded.code, requests: folded.requests }).toEqual({ width, code: plain.code, requests: plain.requests });
    expect(folded.stderr).toContain(`warning LOG_HARD_WRAPPED: the log looks hard-wrapped at ${width} columns`);
    expect(folded.stderr.match(/LOG_LINES_WRAPPED/g)?.length ?? 0).toBeLessThanOrEqual(1);
  }
});

test('a record broken inside the first words of its message, even at 40 columns, is kept and read joined again', () => {
  const text = fold(sampleText('sns-publish.log'), 40);
  // The tag itself is broken: nothing in the log reads `Making request for` whole.
  expect(text).not.toContain('Making request for');
  const reader = new RecordReader('folded.log', { wrapWidth: 40 });
  const records = [...reader.push(text).records, ...reader.end().records];
  expect(records.filter((r) => r.kind === 'make-request').map((r) => r.kind === 'make-request' && r.operation)).toEqual(['Publish']);
  expect(records.map((r) => r.kind)).toEqual(expect.arrayContaining(['canonical-request', 'sending-request']));
});

/** The lines of `text` broken as a terminal `width` columns wide does: a tab to the next multiple of 8. */
function wrapAsTerminal(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const pieces: string[] = [];
      let piece = '';
      let column = 0;
      for (const ch of line) {
        const next = ch === '\t' ? column + 8 - (column % 8) : column + 1;
        if (next > width) {
          pieces.push(piece);
          piece = '';
          column = ch === '\t' ? 8 : 1;
        } else column = next;
        piece += ch;
      }
      return [...pieces, piece].join('\n');
    })
    .join('\n');
}

test('a line with tabs is joined again where a terminal broke it, counting a tab to the next tab stop', () => {
  const line = `[DEBUG]\t2026-12-06T04:32:04.114Z\tb7e5c1a0\tMaking request for OperationModel(name=PutItem) with params: {}`;
  const wrapped = wrapAsTerminal(line, 80);
  expect(wrapped.split('\n')[0]!.length).toBeLessThan(80);
  expect(unwrapLines(wrapped, 80, 1)?.text).toBe(line);
});

test('a line botocore ended short of the width is not joined, and each offset maps back to where it was', () => {
  const text = `${'a'.repeat(10)}\n${'b'.repeat(4)}\n${'c'.repeat(10)}\nd`;
  const unwrapped = unwrapLines(text, 10, 1)!;
  expect(unwrapped.text).toBe(`${'a'.repeat(10)}${'b'.repeat(4)}\n${'c'.repeat(10)}d`);
  expect(unwrapped.firstChange).toBe(10);
  expect(text[unwrapped.toOriginal(unwrapped.text.indexOf('d'))]).toBe('d');
  expect(text[unwrapped.toOriginal(unwrapped.text.indexOf('b'))]).toBe('b');
  // Text starting on column 5 of its line fills the width five characters sooner.
  expect(unwrapLines(`${'a'.repeat(6)}\nb`, 10, 5)?.text).toBe(`${'a'.repeat(6)}b`);
  expect(unwrapLines(`${'a'.repeat(6)}\nb`, 10, 1)).toBeUndefined();
});

test('a wrapped line is told by its bytes too, as fold counts them', () => {
  // Nine characters, ten bytes of UTF-8.
  expect(unwrapLines('é'.padEnd(9, 'x') + '\ny', 10, 1)?.text).toBe('é'.padEnd(9, 'x') + 'y');
});

test('a diagnostic inside a wrapped record points at the line and column of the log as given', async () => {
  const header = '2026-11-25 02:50:03,281 - MainThread - botocore.endpoint - DEBUG - ';
  const broken = `${header}Making request for OperationModel(name=Publish) with params: {'url_path': '/', 'body': {'Action': 'Publish', 'Message': 'hi'}, 'method': 'POST', 'headers': {}, 'oops'}`;
  const filler = Array.from({ length: 6 }, (_, i) => `${header}Event ${String(i).repeat(80)}`).join('\n');
  const text = fold(`${filler}\n${broken}\n`, 60);
  const r = await cli(['--format', 'json'], text);
  // The `}` where a `:` should follow `'oops'`: the last character of the folded log.
  const lines = text.trimEnd().split('\n');
  expect(r.stderr).toContain(`<stdin>:${lines.length}:${lines.at(-1)!.length}: error REPR_SYNTAX: cannot read the Python value: expected \`:\`, found \`}\``);
  expect(lines.at(-1)!.endsWith(`'oops'}`)).toBe(true);
});
