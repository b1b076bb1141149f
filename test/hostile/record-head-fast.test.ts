/**
 * The fast path of readRecordHead (src/parse/log-record-fast.ts) must agree with the log-record
 * grammar: whenever it reads a head, the grammar reads the same one.
 */
import fc from 'fast-check';
import { logRecordLexer } from '../../grammars/log-record/lexer.js';
import { logRecordParser } from '../../grammars/log-record/parser.js';
import { readRecordHeadFast } from '../../src/parse/log-record-fast.js';
import { readRecordHead } from '../../src/parse/log-record.js';
import { RecordSplitter } from '../../src/parse/split.js';
import { manifest, sampleText } from '../support/samples.js';
import { hostileText, mutatedSample } from './support.js';

/** Whether the grammar alone accepts the window (readRecordHead without its fast path). */
function grammarAccepts(window: string): boolean {
  const lexed = logRecordLexer().tokenize(window);
  if (lexed.errors.length > 0) return false;
  const parser = logRecordParser();
  parser.input = lexed.tokens;
  parser.record();
  return parser.errors.length === 0;
}

function expectAgreement(text: string): void {
  const window = text.slice(0, 400);
  const fast = readRecordHeadFast(window);
  if (fast === undefined) return;
  // The fast path answered: the grammar must accept the same head and give the same data.
  expect(grammarAccepts(window)).toBe(true);
  expect(readRecordHead(window)).toEqual(fast);
}

/** Every record of every sample, as the splitter cuts them (kept ones) and as lines (all). */
const records: string[] = manifest.flatMap((entry) => {
  const text = sampleText(entry.file);
  const splitter = new RecordSplitter();
  return [...[...splitter.push(text), ...splitter.end()].map((s) => s.text), ...text.split('\n')];
});

const levels = fc.constantFrom('DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'debug', 'TRACE');
const field = fc.oneof(
  fc.constantFrom('MainThread', 'Thread-1 (worker)', 'botocore.endpoint', 'botocore.auth', 'urllib3.connectionpool', 'DEBUG', '-x', '[y', ''),
  fc.string({ unit: fc.constantFrom('a', ' ', '-', '[', ']', '.', 'D', '\n', '_'), maxLength: 10 }),
);
const message = fc.oneof(
  fc.constantFrom(
    'Making request for OperationModel(name=Publish) with params: {}',
    'Making request for OperationModel(name=Publish) (verify_ssl=True) with params: {}',
    'Making request for OperationModel(name=Publish) (verify\\_ssl=False)  with params:',
    'Making request for OperationModel(name=Publish)with params:',
    'Making request for OperationModel(name=) with params:',
    'Making request for OperationModel(name=Pub lish) with params:',
    'CanonicalRequest:\nPOST\n/',
    'StringToSign:',
    'Sending http request: <AWSPreparedRequest ...>',
    'Response headers: {}',
    'Response body:\nb\'\'',
    "Arguments entered to CLI: ['sns']",
    'Loading JSON file: /x/service-2.json',
    'https://sns.us-east-1.amazonaws.com:443 "POST / HTTP/1.1" 200 455',
    'Retry needed, retrying request after delay of: 0.5',
    'Exception received when sending HTTP request.',
    'Response received to retry, sleeping for 0.1 seconds',
    'Event needs-retry.sns.Publish: calling handler',
    '',
  ),
  hostileText(60),
);
const stamp = fc.constantFrom('2026-11-25 02:50:09,127', '2026-11-25 02:50:09,12', 'x2026-11-25 02:50:09,127');
const isoStamp = fc.constantFrom('2026-12-06T04:32:04.114Z', '2026-12-06T04:32:04Z', '2026-12-06 04:32:04.114Z');
const separator = fc.constantFrom('\t', ' ', '  ', '');
const requestId = fc.constantFrom('8f5e2a3c-51d4-4f6b-9a7e-2c1d0b9e4f31', '', 'a b');
const gap = fc.constantFrom('', ' ', '  ');
/** A head in each layout the grammar reads, with near misses of each. */
const head = fc.oneof(
  fc.tuple(stamp, field, field, levels, gap, message).map(([t, thread, logger, level, g, msg]) => `${t} - ${thread} - ${logger} - ${level} - ${g}${msg}`),
  fc.tuple(stamp, field, levels, gap, message).map(([t, logger, level, g, msg]) => `${t} - ${logger} - ${level} - ${g}${msg}`),
  fc.tuple(stamp, field, levels, gap, message).map(([t, logger, level, g, msg]) => `${t} ${logger} [${level}]${g}${msg}`),
  fc
    .tuple(levels, separator, isoStamp, separator, requestId, separator, message)
    .map(([level, s1, t, s2, id, s3, msg]) => `[${level}]${s1}${t}${s2}${id}${s3}${msg}`),
  fc.tuple(levels, field, fc.constantFrom(':', '', '::'), message).map(([level, logger, colon, msg]) => `${level}:${logger}${colon}${msg}`),
);

test('the fast path reads the head of every record of every sample, and agrees with the grammar', () => {
  let read = 0;
  for (const record of records) {
    expectAgreement(record);
    if (readRecordHeadFast(record.slice(0, 400)) !== undefined) read++;
  }
  // Every kept record of a real log, at least, takes the fast path.
  expect(read).toBeGreaterThan(manifest.length * 8);
});

test('generated heads', () => {
  fc.assert(fc.property(head, expectAgreement), { numRuns: 5000 });
});

test('mutated records and random text', () => {
  fc.assert(fc.property(mutatedSample(fc.constantFrom(...records.filter((r) => readRecordHeadFast(r.slice(0, 400)) !== undefined))), expectAgreement), { numRuns: 2000 });
  fc.assert(fc.property(hostileText(), expectAgreement), { numRuns: 500 });
});
