/** Arbitraries of hostile input, and a generous check that time grows linearly with input size. */
import fc from 'fast-check';

/** Pieces of every syntax the tool reads, so random text often gets deep into a grammar. */
const TOKENS = [
  '{', '}', '[', ']', '(', ')', '<', '>', "'", '"', "'''", ',', ':', '=', '\\', '\\x', '\\u', "b'", "u'", "r'", 'None', 'True', '1.5e3', '-1L',
  ' ', '\n', '\r\n', '\t', '\u0000', '\ufffd', '\ud800', 'é', '😀', '$', '#', '${', '*/',
  "{'url_path': '/', ", "'headers': {", "'body': b'", 'datetime.datetime(', '<object at 0x7f>',
  'POST', 'GET', ' / HTTP/1.1', 'https://sns.us-east-1.amazonaws.com/?Action=Publish&', 'Host: ', 'content-type:', 'x-amz-date:', 'UNSIGNED-PAYLOAD',
  'host;x-amz-date', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '2026-11-25 02:50:09,126 - MainThread - botocore.endpoint - DEBUG - ', '2026-11-25 02:50:09,126 botocore.auth [DEBUG] ',
  '2026-12-06 04:32:03,298 - botocore.endpoint - DEBUG - ', '[DEBUG]\t2026-12-06T04:32:04.114Z\t8f5e2a3c-51d4-4f6b-9a7e-2c1d0b9e4f31\t', 'DEBUG:botocore.auth:',
  'Making request for OperationModel(name=Publish) with params: ', 'CanonicalRequest:\n', 'StringToSign:\n', 'Sending http request: <AWSPreparedRequest ',
  'method=POST, url=https://sns.us-east-1.amazonaws.com/, headers=', 'Response headers: ', 'Response body:\n', 'Retry needed',
];

/** Random text: any code units, and soups of the grammars' own tokens. */
export function hostileText(maxLength = 400): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.array(fc.constantFrom(...TOKENS), { maxLength: maxLength / 4 }).map((parts) => parts.join('')),
    fc.string({ unit: fc.constantFrom('{', '}', '[', ']', "'", '"', '\\', '\n', ' ', 'a', ',', ':', '\u0000'), maxLength }),
  );
}

/** Where a record starts, in every layout the samples are in (see grammars/log-record/lexer.ts). */
const RECORD_START = /(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}[ -]|\[[A-Z]+\]\t\d{4}-|(?<![^\n])[A-Z]+:[\w.]+:)/;

interface Mutation {
  kind: 'cut-end' | 'cut-start' | 'drop' | 'duplicate' | 'swap' | 'flip' | 'insert';
  a: number;
  b: number;
  c: number;
  text: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('cut-end', 'cut-start', 'drop', 'duplicate', 'swap', 'flip', 'insert'),
  a: fc.double({ min: 0, max: 1, noNaN: true }),
  b: fc.double({ min: 0, max: 1, noNaN: true }),
  c: fc.double({ min: 0, max: 1, noNaN: true }),
  text: hostileText(40),
});

/**
 * Applies one mutation. Logs are cut into records first, so duplicating and swapping moves whole
 * records (a shuffled or repeated log); text without records is cut at code units.
 */
function mutate(input: string, m: Mutation): string {
  const records = input.split(RECORD_START);
  const parts = records.length > 2 ? records : [...input];
  const at = (f: number): number => Math.floor(f * parts.length);
  const [i, j] = [at(m.a), at(m.b)].sort((x, y) => x - y) as [number, number];
  switch (m.kind) {
    case 'cut-end':
      return parts.slice(0, i).join('');
    case 'cut-start':
      return parts.slice(i).join('');
    case 'drop':
      return [...parts.slice(0, i), ...parts.slice(j + 1)].join('');
    case 'duplicate':
      return [...parts.slice(0, j + 1), ...parts.slice(i, j + 1), ...parts.slice(j + 1)].join('');
    case 'swap': {
      const out = [...parts];
      [out[i], out[j]] = [out[j]!, out[i]!];
      return out.join('');
    }
    case 'flip': {
      // A code unit replaced by another, anywhere in the text.
      const k = Math.floor(m.a * input.length);
      return input.slice(0, k) + String.fromCharCode(Math.floor(m.c * 0x10000)) + input.slice(k + 1);
    }
    case 'insert': {
      const k = Math.floor(m.a * input.length);
      return input.slice(0, k) + m.text + input.slice(k);
    }
  }
}

/** A real text, mutated one to five times. */
export function mutatedSample(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 5 })).map(([text, ms]) => ms.reduce(mutate, text));
}

/** Bytes of a text with some bytes flipped and invalid UTF-8 or NUL bytes dropped in. */
export function corruptedBytes(base: fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  const damage = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.oneof(
      fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x00], [0xc0, 0xaf], [0x80, 0x80]),
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
    ),
    flip: fc.boolean(),
  });
  return fc.tuple(base, fc.array(damage, { minLength: 1, maxLength: 6 })).map(([text, damages]) => {
    let bytes = Buffer.from(text, 'utf8');
    for (const d of damages) {
      const k = Math.floor(d.at * bytes.length);
      if (d.flip && bytes.length > 0) {
        bytes = Buffer.from(bytes);
        bytes[Math.min(k, bytes.length - 1)] ^= d.bytes[0]! || 0x80;
      } else {
        bytes = Buffer.concat([bytes.subarray(0, k), Buffer.from(d.bytes), bytes.subarray(k)]);
      }
    }
    return bytes;
  });
}

function fastest(run: () => unknown, times: number): number {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * How much longer the work takes each time its input doubles: about 2 for linear work, 4 for
 * quadratic. Measured over a fourfold size (the square root of t(4n) / t(n)), so one size where the
 * garbage collector happens to step in does not decide; n grows from `start` until one run takes
 * 30 ms; each time is the fastest of three runs, and the ratio the least of up to ten tries,
 * because a busy machine only ever adds time (a quadratic algorithm stays near 4 however often it
 * is measured; with the suites running side by side on two cores, three tries were once not
 * enough, and five once gave a linear parse 3.06).
 * Wall time, not CPU time: the process's CPU time also counts the garbage collector's helper
 * threads, whose share grows with the input and pushed linear parses past 3.
 */
export function linearTime(run: (n: number) => unknown, start: number): number {
  let n = start;
  run(n);
  while (fastest(() => run(n), 1) < 30 && n < start * 64) n *= 2;
  let ratio = Infinity;
  for (let i = 0; i < 10 && ratio >= 2.5; i++) ratio = Math.min(ratio, Math.sqrt(fastest(() => run(4 * n), 3) / Math.max(fastest(() => run(n), 3), 1)));
  return ratio;
}
