/**
 * The fast path of parseCanonicalRequest (src/parse/canonical-request-fast.ts) must agree with
 * the grammar on every input: the same value and diagnostics with and without it.
 */
import fc from 'fast-check';
import { readCanonicalFast } from '../../src/parse/canonical-request-fast.js';
import { parseCanonicalRequest } from '../../src/parse/canonical-request.js';
import { readRecordHead } from '../../src/parse/log-record.js';
import { RecordSplitter } from '../../src/parse/split.js';
import { manifest, sampleText } from '../support/samples.js';
import { hostileText, mutatedSample } from './support.js';

const AT = { source: 'x.log', pos: { offset: 0, line: 1, column: 1 } };

function expectAgreement(text: string): void {
  expect(parseCanonicalRequest(text, AT)).toEqual(parseCanonicalRequest(text, AT, { grammarOnly: true }));
}

/** Every canonical request of every sample (one per attempt), as its record's payload. */
const payloads: string[] = manifest.flatMap((entry) => {
  const splitter = new RecordSplitter();
  return [...splitter.push(sampleText(entry.file)), ...splitter.end()].flatMap((segment) => {
    const head = readRecordHead(segment.text);
    return head?.tag === 'canonical-request' ? [segment.text.slice(head.payloadOffset)] : [];
  });
});

test('the fast path reads every canonical request of every sample, and agrees with the grammar', () => {
  expect(payloads.length).toBeGreaterThan(manifest.length);
  for (const payload of payloads) {
    expectAgreement(payload);
    // Taken, not fallen back from, on every intact record (the one-line variants need the grammar).
    if (payload.trim().split('\n').length >= 7) expect(readCanonicalFast(payload)).toBeDefined();
  }
});

/** Mostly intact, so that most generated requests reach the fast path's later checks. */
const lineBreak = fc.oneof({ weight: 8, arbitrary: fc.constant('\n') }, { weight: 1, arbitrary: fc.constantFrom('\r\n', '\r', '\n\n', ' ', '') });
const token = fc.constantFrom('', 'a', 'A', 'x-amz-date', 'host', 'Content-Type', '%41', '%zz', '=', '&', ';', ':', ' ', '\t', '/', '/a b', '😀', 'é', '\u00a0');
const line = fc.array(token, { maxLength: 5 }).map((parts) => parts.join(''));

/** Canonical requests as botocore prints them, with random line breaks and the odd mistake. */
const canonical = fc
  .tuple(
    fc.constantFrom('POST', 'GET', 'PUT', 'post', ''),
    fc.constantFrom('/', '/a/b', '/%2F', '/', 'a', '/a b'),
    fc.constantFrom('', 'Action=Publish&Version=2010-03-31', 'a=&b', 'a=b=c', 'a&&b', '%E0=1', 'list-type=2'),
    fc.array(fc.tuple(fc.constantFrom('host', 'x-amz-date', 'content-type', 'X-Up', 'bad name'), fc.constantFrom('', 'h', 'a:b', ' spaced ', 'v')), { maxLength: 3 }),
    fc.boolean(),
    fc.constantFrom('', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'UNSIGNED-PAYLOAD', 'a b'),
    fc.array(lineBreak, { minLength: 8, maxLength: 8 }),
    fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: line }),
  )
  .map(([method, uri, query, headers, signedMatch, hash, breaks, noise]) => {
    const names = headers.map(([n]) => n);
    const signed = (signedMatch ? names : [...names].reverse()).join(';');
    const headerLines = headers.map(([n, v], i) => `${n}:${v}${breaks[3 + (i % 2)]}`).join('');
    return `${breaks[0]}${method}${breaks[1]}${uri}${breaks[2]}${query}${breaks[3]}${headerLines}${breaks[5]}${signed}${breaks[6]}${hash}${breaks[7]}${noise}`;
  });

test('generated canonical requests', () => {
  let fast = 0;
  fc.assert(
    fc.property(canonical, (text) => {
      expectAgreement(text);
      if (readCanonicalFast(text)) fast++;
    }),
    { numRuns: 3000 },
  );
  // Enough of them valid that the fast path's own checks are what is compared, not its early exits.
  expect(fast).toBeGreaterThan(40);
});

test('random text and mutated payloads', () => {
  fc.assert(fc.property(hostileText(), expectAgreement), { numRuns: 1000 });
  fc.assert(fc.property(mutatedSample(fc.constantFrom(...payloads)), expectAgreement), { numRuns: 1000 });
});
