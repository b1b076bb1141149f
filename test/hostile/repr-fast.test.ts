/**
 * The fast path of parsePythonRepr (src/parse/python-repr-fast.ts) must agree with the grammar
 * on every input: the same value, end and diagnostics with and without it.
 */
import fc from 'fast-check';
import { readRecordHead } from '../../src/parse/log-record.js';
import { readReprFast } from '../../src/parse/python-repr-fast.js';
import { MAX_REPR_DEPTH, parsePythonRepr } from '../../src/parse/python-repr.js';
import { RecordSplitter } from '../../src/parse/split.js';
import { manifest, sampleText } from '../support/samples.js';
import { hostileText, mutatedSample } from './support.js';

const AT = { source: 'x.log', pos: { offset: 0, line: 1, column: 1 } };

function expectAgreement(text: string): void {
  expect(parsePythonRepr(text, AT)).toEqual(parsePythonRepr(text, AT, { grammarOnly: true }));
}

/** Every repr payload of every sample: params dicts, header dicts, bodies, CLI arguments. */
const payloads: string[] = manifest.flatMap((entry) => {
  const splitter = new RecordSplitter();
  return [...splitter.push(sampleText(entry.file)), ...splitter.end()].flatMap((segment) => {
    const head = readRecordHead(segment.text);
    if (!head || !['make-request', 'response-headers', 'response-body', 'cli-arguments', 'sending-request'].includes(head.tag)) return [];
    const payload = segment.text.slice(head.payloadOffset);
    const headers = payload.indexOf('headers={');
    return [head.tag === 'sending-request' ? payload.slice(headers + 'headers='.length) : payload];
  });
});

const space = fc.constantFrom('', '', ' ', '\n', '\t ', '\r\n');
const word = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}(\.[A-Za-z_][A-Za-z0-9_]{0,4})?$/);
const strBody = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', "\\'", '\\\\', '\\n', '\\x41', '\\u00e9', '\\U0001F600', '\\101', 'é', '😀', '\\_'), maxLength: 12 });
const bytesBody = fc.string({ unit: fc.constantFrom('a', ' ', '"', "\\'", '\\\\', '\\n', '\\x00', '\\xff', '\\777', '\\u0041'), maxLength: 12 });

/** Python reprs as botocore prints them, with random spacing and the odd mistake. */
const repr: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    strBody.map((b) => `'${b}'`),
    fc.tuple(fc.constantFrom('u', 'r', 'R', 'U', ''), strBody).map(([p, b]) => `${p}"${b.replaceAll('"', '')}"`),
    fc.tuple(fc.constantFrom('b', 'B', 'rb', 'br'), bytesBody).map(([p, b]) => `${p}'${b}'`),
    fc.constantFrom('0', '-1', '1.5', '1e3', '12L', '.5', '1.', 'True', 'False', 'None', 'Truex', 'None.x', 'inf', 'nan', '<object at 0x7f>', "<bound method A.b of <C at 0x1>>", 'set()', '-', '1x'),
    word,
    fc.tuple(space, fc.array(tie('value'), { maxLength: 4 }), fc.boolean(), fc.constantFrom('[]', '()', '{}')).map(([s, items, trailing, [open, close]]) =>
      `${open}${s}${items.join(`,${s}`)}${trailing && items.length > 0 ? ',' : ''}${s}${close}`,
    ),
    fc.tuple(space, fc.array(fc.tuple(tie('value'), tie('value')), { maxLength: 4 }), fc.boolean()).map(([s, entries, trailing]) =>
      `{${entries.map(([k, v]) => `${k}${s}:${s}${v}`).join(`,${s}`)}${trailing && entries.length > 0 ? ',' : ''}}`,
    ),
    fc.tuple(word, space, fc.array(fc.tuple(fc.option(word), tie('value')), { maxLength: 3 }), fc.boolean()).map(([name, s, args, trailing]) =>
      `${name}(${args.map(([k, v]) => (k ? `${k}${s}=${s}${v}` : v)).join(`,${s}`)}${trailing && args.length > 0 ? ',' : ''})`,
    ),
  ),
})).value;

test('the fast path reads every repr payload of every sample, and agrees with the grammar', () => {
  expect(payloads.length).toBeGreaterThan(manifest.length * 3);
  for (const payload of payloads) {
    expectAgreement(payload);
    // Taken, not fallen back from: the whole point is that real logs never need the grammar.
    expect(readReprFast(payload, MAX_REPR_DEPTH)).toBeDefined();
  }
});

test('generated reprs', () => {
  fc.assert(fc.property(fc.tuple(space, repr, space, fc.constantFrom('', ' trailing text', '}', ')', ',x')), (parts) => expectAgreement(parts.join(''))), { numRuns: 3000 });
});

test('random text and mutated payloads', () => {
  fc.assert(fc.property(hostileText(), expectAgreement), { numRuns: 1000 });
  fc.assert(fc.property(mutatedSample(fc.constantFrom(...payloads)), expectAgreement), { numRuns: 500 });
});

test.each([199, 200, 201, 1000])('%d levels of nesting, closed or not, then text', (n) => {
  for (const text of [`${'['.repeat(n)}${']'.repeat(n)}`, '['.repeat(n), `${'{"a": '.repeat(n)}1${'}'.repeat(n)} x`, `${'f('.repeat(n)}${')'.repeat(n)}`]) expectAgreement(text);
});
