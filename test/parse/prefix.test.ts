/**
 * Logs whose every line carries the same prefix before what botocore wrote (a quote or indent
 * from a pasted issue, a tool's tag on each line of output): read as the log itself.
 */
import { linePrefix, stripLinePrefix } from '../../src/parse/prefix.js';
import { cli } from '../support/cli.js';
import { manifest, sampleText } from '../support/samples.js';

const files = manifest.map((e) => e.file).filter((f) => !f.includes('oneline'));

/** Each line of `text` behind `prefix(i)` (i counts lines); an empty line behind `blank` when given. */
function prefixed(text: string, prefix: (i: number) => string, blank?: string): string {
  return text
    .split('\n')
    .map((line, i) => (line === '' && blank !== undefined ? blank : `${prefix(i)}${line}`))
    .join('\n');
}

const PREFIXES: Record<string, (text: string) => string> = {
  // GitHub's quote of a pasted log: an empty line quoted as `>` alone.
  quote: (text) => prefixed(text, () => '> ', '>'),
  indent: (text) => prefixed(text, () => '    '),
  'docker compose': (text) => prefixed(text, () => 'localstack-1  | '),
  'GitHub Actions': (text) => prefixed(text, (i) => `2026-12-06T21:30:${String(i % 60).padStart(2, '0')}.${String(1234567 + i * 7919)}Z `),
};

test('no sample as botocore wrote it carries a prefix', () => {
  for (const file of files) expect({ file, prefix: linePrefix(sampleText(file).slice(0, 65536)) }).toEqual({ file, prefix: undefined });
});

/** The requests of `--format json`, without where they were read (a prefix moves them). */
async function requests(text: string): Promise<{ code: number; requests: unknown[]; stderr: string }> {
  const r = await cli(['--format', 'json', '--verbose'], text);
  const doc = JSON.parse(r.stdout) as { requests: Array<Record<string, unknown>> };
  return { code: r.code, requests: doc.requests.map(({ location: _location, ...rest }) => rest), stderr: r.stderr };
}

test.each(files.filter((f) => !f.startsWith('lambda-runtime-json')))('%s behind a prefix on every line reads as the log itself', async (file) => {
  const text = sampleText(file);
  const plain = await requests(text);
  for (const [name, add] of Object.entries(PREFIXES)) {
    const read = await requests(add(text));
    expect({ name, code: read.code, requests: read.requests }).toEqual({ name, code: plain.code, requests: plain.requests });
    expect(read.stderr).toContain('info LOG_LINE_PREFIX: every line of the log starts with the same text');
  }
});

test('the prefix is learned with its digits as any digits, and an empty quoted line loses its `>` too', () => {
  const text = PREFIXES['GitHub Actions']!(sampleText('sns-publish.log'));
  const prefix = linePrefix(text.slice(0, 65536))!;
  expect(prefix.test('2026-12-07T01:02:03.9Z POST')).toBe(true);
  const quote = linePrefix(PREFIXES['quote']!(sampleText('sns-publish.log')).slice(0, 65536))!;
  expect(stripLinePrefix('> a\n>\n> b', quote, 1)?.text).toBe('a\n\nb');
});

test('a record starting inside its line keeps its first line as it is; each offset maps back', () => {
  const prefix = /^> /;
  const stripped = stripLinePrefix('HEADER x\n> y\n> z', prefix, 3)!;
  expect(stripped.text).toBe('HEADER x\ny\nz');
  expect(stripped.firstChange).toBe(9);
  expect(stripped.toOriginal(stripped.text.indexOf('z'))).toBe('HEADER x\n> y\n> z'.indexOf('z'));
  expect(stripLinePrefix('no prefix\nhere', prefix, 1)).toBeUndefined();
});

test('a diagnostic inside a prefixed record points at the line and column of the log as given', async () => {
  const text = PREFIXES['quote']!(sampleText('sns-publish.log').replace("'Message': 'hi'", "'Message' 'hi'"));
  const r = await cli(['--format', 'json'], text);
  const [, line, column] = /<stdin>:(\d+):(\d+): error REPR_SYNTAX/.exec(r.stderr)!;
  expect(text.split('\n')[Number(line) - 1]!.slice(Number(column) - 1)).toMatch(/^'hi'/);
});
