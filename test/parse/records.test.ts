/** Records read from text: what survives bad input, what is redacted, and where problems are reported. */
import { advance, type Position } from '../../src/diagnostics.js';
import { dictGet, toPlain } from '../../src/parse/python-repr.js';
import { parseText } from '../../src/parse/records.js';
import { REDACTED, redactQueryValue, redactText } from '../../src/parse/redact.js';
import type { LogRecord } from '../../src/parse/types.js';

const START: Position = { offset: 0, line: 1, column: 1 };
const HEADER = '2026-11-25 02:50:09,127 - MainThread - botocore.endpoint - DEBUG - ';
const makeRequest = (params: string, operation = 'Publish'): string => `${HEADER}Making request for OperationModel(name=${operation}) with params: ${params}\n`;

function paramsOf(record: LogRecord | undefined): Record<string, unknown> {
  if (record?.kind !== 'make-request' && record?.kind !== 'params-dict') throw new Error(`no params: ${JSON.stringify(record)}`);
  return toPlain(record.params!) as Record<string, unknown>;
}

describe('a URL with a malformed percent escape', () => {
  test("is kept as given, and the call with it (decodeURIComponent's URIError is not the log's problem)", () => {
    const url = 'https://s3.amazonaws.com/b?%E0=1&x-amz-security-token=tok%ZZ';
    const read = parseText(makeRequest(`{'url_path': '/b', 'query_string': {}, 'method': 'GET', 'headers': {}, 'body': b'', 'url': '${url}'}`, 'ListObjects'));
    expect(read.diagnostics).toEqual([]);
    expect(read.records).toHaveLength(1);
    expect(paramsOf(read.records[0]).url).toBe(`https://s3.amazonaws.com/b?%E0=1&x-amz-security-token=${REDACTED}`);
  });

  test('in a raw HTTP request too', () => {
    const read = parseText(`GET https://s3.amazonaws.com/b?%E0=1 HTTP/1.1\nHost: s3.amazonaws.com\n\n`);
    expect(read.records).toMatchObject([{ kind: 'http-request', request: { url: 'https://s3.amazonaws.com/b?%E0=1' } }]);
  });
});

describe('a credential scope keeps its date, region and service; only the key goes', () => {
  test.each([
    ['X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=1', `X-Amz-Credential=${REDACTED}%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=1`],
    ['x-amz-credential=AKIDEXAMPLE%2f20240101%2fus-east-1%2fs3%2faws4_request', `x-amz-credential=${REDACTED}%2f20240101%2fus-east-1%2fs3%2faws4_request`],
    ['Credential=AKIDEXAMPLE/20240101/us-east-1/s3/aws4_request, SignedHeaders=host', `Credential=${REDACTED}/20240101/us-east-1/s3/aws4_request, SignedHeaders=host`],
  ])('%s', (text, redacted) => {
    expect(redactText(text)).toBe(redacted);
  });

  test('as a query value, encoded or not', () => {
    expect(redactQueryValue('X-Amz-Credential', 'AKIDEXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request')).toBe(`${REDACTED}%2F20240101%2Fus-east-1%2Fs3%2Faws4_request`);
    expect(redactQueryValue('X-Amz-Credential', 'AKIDEXAMPLE/20240101/us-east-1/s3/aws4_request')).toBe(`${REDACTED}/20240101/us-east-1/s3/aws4_request`);
  });

  test('in a presigned URL of a params dict', () => {
    const url = 'https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request';
    const read = parseText(makeRequest(`{'url_path': '/k', 'query_string': {}, 'method': 'GET', 'headers': {}, 'body': b'', 'url': '${url}'}`, 'GetObject'));
    expect(paramsOf(read.records[0]).url).toBe(`https://b.s3.amazonaws.com/k?X-Amz-Credential=${REDACTED}%2F20240101%2Fus-east-1%2Fs3%2Faws4_request`);
  });
});

describe('positions in text with markdown escapes point into the text as given', () => {
  const dict = "{'url\\_path': '/', 'query\\_string': '', 'method': 'POST', 'x' 1}";

  test('in a record', () => {
    const text = makeRequest(dict);
    const { diagnostics } = parseText(text);
    expect(diagnostics).toMatchObject([{ code: 'REPR_SYNTAX', pos: advance(START, text, text.indexOf(' 1}') + 1) }]);
    expect(diagnostics[0]!.pos!.column).toBe(191);
  });

  test('in bare text', () => {
    const text = `See:\n  ${dict}`;
    expect(parseText(text).diagnostics).toMatchObject([{ code: 'REPR_SYNTAX', pos: advance(START, text, text.indexOf(' 1}') + 1) }]);
  });

  test('reading goes on after a bare dict, not inside it', () => {
    const escapes = Array.from({ length: 12 }, (_, i) => `'a\\_${i}': 1, `).join('');
    const text = `{'url\\_path': '/', ${escapes}'context': {'url': 'x'}} then {'url_path': '/2', 'method': 'GET'}`;
    const records = parseText(text).records;
    expect(records.map((r) => (r.kind === 'params-dict' ? dictGet(r.params, 'url_path') : r.kind))).toEqual(['/', '/2']);
  });
});
