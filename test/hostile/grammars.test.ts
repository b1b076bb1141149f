/**
 * Hostile input for every grammar: random text, mutated real payloads, deep nesting, huge
 * tokens. Each must give a value or diagnostics with a position inside the text, never throw,
 * and take time linear in the input.
 */
import fc from 'fast-check';
import { MESSAGES, type Diagnostic } from '../../src/diagnostics.js';
import { parseCanonicalRequest, parseExampleUrl, parseHttpRequest } from '../../src/parse/canonical-request.js';
import { readRecordHead } from '../../src/parse/log-record.js';
import { parsePythonRepr } from '../../src/parse/python-repr.js';
import { RecordSplitter, type Segment } from '../../src/parse/split.js';
import { manifest, sampleText } from '../support/samples.js';
import { hostileText, linearTime, mutatedSample } from './support.js';

const AT = { source: 'x.log', pos: { offset: 0, line: 1, column: 1 } };

/** Every diagnostic is in the catalog and points inside the text it was given. */
function expectPositioned(diagnostics: Diagnostic[], text: string): void {
  for (const d of diagnostics) {
    expect(MESSAGES[d.code]).toBeDefined();
    expect(d.message).not.toMatch(/\{\w+\}/);
    expect(d.pos).toBeDefined();
    expect(d.pos!.offset).toBeGreaterThanOrEqual(0);
    expect(d.pos!.offset).toBeLessThanOrEqual(text.length);
    expect(d.pos!.line).toBeGreaterThanOrEqual(1);
    expect(d.pos!.column).toBeGreaterThanOrEqual(1);
  }
}

const GRAMMARS: Array<[string, (text: string) => { value?: unknown; diagnostics: Diagnostic[] }]> = [
  ['parsePythonRepr', (t) => parsePythonRepr(t, AT)],
  ['parseCanonicalRequest', (t) => parseCanonicalRequest(t, AT)],
  ['parseHttpRequest', (t) => parseHttpRequest(t, AT)],
  ['parseExampleUrl', (t) => parseExampleUrl(t, AT)],
  ['readRecordHead', (t) => ({ value: readRecordHead(t), diagnostics: [] })],
];

/** Real payloads: the text after each tag of every sample's kept records (params dicts, canonical requests, ...). */
const payloads: string[] = manifest.flatMap((entry) => {
  const splitter = new RecordSplitter();
  const segments: Segment[] = [...splitter.push(sampleText(entry.file)), ...splitter.end()];
  return segments.map((s) => s.text.replace(/^[^\n]*? - (?:DEBUG|INFO) - [^:]*?:\s?/, ''));
});

describe.each(GRAMMARS)('%s never throws, and its diagnostics have positions', (_name, parse) => {
  test('random text', () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        expectPositioned(parse(text).diagnostics, text);
      }),
      { numRuns: 300 },
    );
  });

  test('mutated real payloads', () => {
    fc.assert(
      fc.property(mutatedSample(fc.constantFrom(...payloads)), (text) => {
        expectPositioned(parse(text).diagnostics, text);
      }),
      { numRuns: 300 },
    );
  });

  test.each([
    ['100k-deep [', '['.repeat(100_000)],
    ['100k-deep [ closed', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['100k-deep {', `${"{'a': ".repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['100k-deep (', '('.repeat(100_000)],
    ['100k-deep <', `${'<'.repeat(100_000)}${'>'.repeat(100_000)}`],
    ['NUL bytes', `{'a': '\u0000\u0000'}\u0000POST\u0000/\n\u0000`],
    ['replacement characters', '\ufffd'.repeat(10_000)],
    ['lone surrogates', '\ud800\udfff\udc00'.repeat(1_000)],
  ])('%s', (_what, text) => {
    expectPositioned(parse(text).diagnostics, text);
  });
});

describe('huge tokens', () => {
  const MB = 1024 * 1024;

  test('a 50 MB string literal in a params dict is read whole', () => {
    const body = 'a'.repeat(50 * MB);
    const text = `{'url_path': '/', 'body': '${body}', 'method': 'POST'}`;
    const parsed = parsePythonRepr(text, AT);
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.end).toBe(text.length);
  });

  test('an unclosed 50 MB string literal ends in REPR_TRUNCATED at the end of the text', () => {
    const text = `{'body': '${'a'.repeat(50 * MB)}`;
    const parsed = parsePythonRepr(text, AT);
    expect(parsed.diagnostics).toMatchObject([{ code: 'REPR_TRUNCATED' }]);
    expectPositioned(parsed.diagnostics, text);
  });

  // The URL grammar reads about 1 MB/s (linear, but slow): its token is kept to 2 MB to bound the suite's time.
  test.each([
    ['parseCanonicalRequest', 20, (t: string) => parseCanonicalRequest(t, AT)],
    ['parseHttpRequest', 10, (t: string) => parseHttpRequest(t, AT)],
    ['parseExampleUrl', 2, (t: string) => parseExampleUrl(t, AT)],
  ])('%s over a %d MB token', (_name, mb, parse) => {
    const text = `POST /${'x'.repeat(mb * MB)} HTTP/1.1\nHost: sns.us-east-1.amazonaws.com\n\n`;
    expectPositioned(parse(text).diagnostics, text);
  });
});

describe('time is linear in the input', () => {
  const cases: Array<[string, (n: number) => string, (text: string) => unknown]> = [
    ['python repr: a long list of strings', (n) => `[${"'ab\\'c', ".repeat(n / 8)}]`, (t) => parsePythonRepr(t, AT)],
    ['python repr: unclosed nesting at the limit, repeated', (n) => `[${'[1], '.repeat(n / 5)}`, (t) => parsePythonRepr(t, AT)],
    ['python repr: escapes', (n) => `'${'\\x41\\n'.repeat(n / 6)}'`, (t) => parsePythonRepr(t, AT)],
    ['canonical request: many headers', (n) => `POST\n/\n\n${'x-a:b\n'.repeat(n / 6)}\nx-a\nUNSIGNED-PAYLOAD`, (t) => parseCanonicalRequest(t, AT)],
    ['http request: long flat request', (n) => `POST https://sns.us-east-1.amazonaws.com/ HTTP/1.1 ${'X-A: b '.repeat(n / 7)}`, (t) => parseHttpRequest(t, AT)],
    ['example URL: long query', (n) => `https://sns.us-east-1.amazonaws.com/?Action=Publish${'&a=b'.repeat(n / 4)}`, (t) => parseExampleUrl(t, AT)],
  ];
  test.each(cases)('%s', (_name, make, parse) => {
    expect(linearTime((n) => parse(make(n)), 8192)).toBeLessThan(3);
  });
});
