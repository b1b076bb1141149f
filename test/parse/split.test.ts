/**
 * Positions the splitter reports are offsets, lines and columns of the input as Node decodes it
 * (`toString('utf8')`, each malformed sequence one U+FFFD), however the bytes come in chunks.
 */
import fc from 'fast-check';
import { advance, type Position } from '../../src/diagnostics.js';
import { RecordReader } from '../../src/parse/records.js';
import { RecordSplitter, type Segment } from '../../src/parse/split.js';

const START: Position = { offset: 0, line: 1, column: 1 };
const HEADER = '2026-11-25 02:50:09,127 - MainThread - ';

/** Bytes of every kind a log may hold: ASCII, valid sequences, and what a wrong encoding leaves. */
const UNITS: number[][] = [
  [0x61], [0x20], [0x0a], [0x0d, 0x0a],
  [0xc3, 0xa9], [0xe2, 0x80, 0x99], [0xf0, 0x9f, 0x98, 0x80],
  [0x92], [0xe9], [0xff], [0xc0], [0xc1, 0xbf],
  // Cut short, overlong, a surrogate, past U+10FFFF, a lead byte alone before ASCII.
  [0xf0, 0x9f, 0x98], [0xe2, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0],
];
const junk = (maxLength: number): fc.Arbitrary<number[]> =>
  fc.array(fc.constantFrom(...UNITS), { maxLength }).map((units) => units.flat());

/** A log of records (kept and dropped) with junk in and between them; 0..3 KB of junk per record crosses window trims. */
const log: fc.Arbitrary<Buffer> = fc
  .tuple(
    junk(200),
    fc.array(
      fc.tuple(
        fc.constantFrom('botocore.hooks - DEBUG - Event before-call: ', 'botocore.endpoint - DEBUG - Making request for OperationModel(name=Publish) with params: '),
        junk(1000),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([prelude, records]) =>
    Buffer.concat([Buffer.from(prelude), ...records.flatMap(([message, rest]) => [Buffer.from(`\n${HEADER}${message}`), Buffer.from(rest)])]),
  );

/** The input cut at the given fractions of its length (mid-sequence too). */
function chunks(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [0, ...cuts.map((c) => Math.floor(c * bytes.length)).sort((a, b) => a - b), bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i]!, end));
}

function segmentsOf(parts: Buffer[]): Segment[] {
  const splitter = new RecordSplitter();
  return [...parts.flatMap((part) => splitter.push(part)), ...splitter.end()];
}

const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

test('each segment starts where its text is in the decoded input, at its line and column', () => {
  fc.assert(
    fc.property(log, cuts, (bytes, at) => {
      const decoded = bytes.toString('utf8');
      for (const segment of segmentsOf(chunks(bytes, at))) {
        expect(decoded.slice(segment.pos.offset, segment.pos.offset + segment.text.length)).toBe(segment.text);
        expect(segment.pos).toEqual(advance(START, decoded, segment.pos.offset));
      }
    }),
    { numRuns: 300 },
  );
});

test('a stray cp1252 byte is one character: a diagnostic after it points at the bad token', () => {
  // 0x92 is cp1252's right quote; UTF-8 decoding makes it one U+FFFD, where counting lead bytes counted none.
  const text = Buffer.concat([
    Buffer.from(`${HEADER}botocore.hooks - DEBUG - it`),
    Buffer.from([0x92, 0x92, 0xe2, 0x80]),
    Buffer.from(`s\n${HEADER}botocore.endpoint - DEBUG - Making request for OperationModel(name=Publish) with params: {'a' 1}\n`),
  ]);
  const decoded = text.toString('utf8');
  for (const size of [1, 2, 3, 7, text.length]) {
    const reader = new RecordReader('t.log');
    const diagnostics = [];
    for (let i = 0; i < text.length; i += size) diagnostics.push(...reader.push(text.subarray(i, i + size)).diagnostics);
    diagnostics.push(...reader.end().diagnostics);
    expect(diagnostics).toMatchObject([{ code: 'REPR_SYNTAX', pos: advance(START, decoded, decoded.indexOf(' 1}') + 1) }]);
  }
});
