import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCstDts } from '@chevrotain/cst-dts-gen';
import fc from 'fast-check';
import { canonicalRequestLexer, exampleUrlLexer, httpRequestLexer } from '../../grammars/canonical-request/lexer.js';
import { canonicalRequestParser } from '../../grammars/canonical-request/parser.js';
import { advance, type Position } from '../../src/diagnostics.js';
import { parseCanonicalRequest, parseExampleUrl, parseHttpRequest } from '../../src/parse/canonical-request.js';
import type { CanonicalRequest, HttpRequest } from '../../src/parse/types.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const start: Position = { offset: 0, line: 1, column: 1 };
const at = (pos: Position = start) => ({ source: 't.log', pos });
/** Where offset `offset` of `text` is, for a text that starts at `pos`. */
const posIn = (text: string, offset: number, pos: Position = start): Position => advance(pos, text, offset);

function canonical(text: string): CanonicalRequest {
  const result = parseCanonicalRequest(text, at());
  expect(result.diagnostics).toEqual([]);
  return result.value!;
}

function http(text: string): { value: HttpRequest; end: number } {
  const result = parseHttpRequest(text, at());
  expect(result.diagnostics).toEqual([]);
  return { value: result.value!, end: result.end };
}

function exampleUrl(text: string): HttpRequest {
  const result = parseExampleUrl(text, at());
  expect(result.diagnostics).toEqual([]);
  return result.value!;
}

const HASH = '9faa1c8ba4c9e9488eb5aab7ca066d0bb0c06563bfc04ad64c921d33cf1c2d89';
const EMPTY_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// =============================================================================================
describe('parseCanonicalRequest', () => {
  // What follows `CanonicalRequest:` in a botocore.auth DEBUG record of `aws sns publish`.
  const sns = `\nPOST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:sns.us-east-1.amazonaws.com\nx-amz-date:20181122T062639Z\n\ncontent-type;host;x-amz-date\n${HASH}\n`;
  const snsValue: CanonicalRequest = {
    method: 'POST',
    path: '/',
    query: [],
    headers: [
      ['content-type', 'application/x-www-form-urlencoded; charset=utf-8'],
      ['host', 'sns.us-east-1.amazonaws.com'],
      ['x-amz-date', '20181122T062639Z'],
    ],
    signedHeaders: ['content-type', 'host', 'x-amz-date'],
    payloadHash: HASH,
  };

  test('reads a botocore record', () => {
    expect(canonical(sns)).toEqual(snsValue);
  });

  test('reads CRLF line ends', () => {
    expect(canonical(sns.replace(/\n/g, '\r\n'))).toEqual(snsValue);
  });

  test('reads the record of the AWS article, whose newlines became spaces and which was cut before the hash', () => {
    const article =
      ' POST / content-type:application/x-www-form-urlencoded; charset=utf-8 host:sns.us-east-1.amazonaws.com x-amz-date:20181122T062639Z content-type;host;x-amz-date';
    expect(canonical(article)).toEqual({ ...snsValue, payloadHash: '' });
  });

  test('reads a record whose newlines became spaces, empty query line and hash included', () => {
    expect(canonical(sns.replace(/\n/g, ' '))).toEqual(snsValue);
    expect(canonical(sns.replace(/\n/g, '\u00a0'))).toEqual(snsValue);
  });

  test('reads a record whose newlines vanished: header, signed-header and hash boundaries come from the signed headers', () => {
    expect(canonical(sns.replace(/\n/g, ''))).toEqual(snsValue);
  });

  test('reads a record whose newlines vanished unevenly', () => {
    expect(canonical(sns.replace(/\n\n/g, ' ').replace(/\n/g, ''))).toEqual(snsValue);
  });

  test('decodes the query string, keeping order, empty values and repeated keys', () => {
    const text = `\nGET\n/my-bucket\ncontinuation-token=54ea%2F%2B%3D&encoding-type=url&k=1&k=2&prefix=logs%2F&q=%E2%9C%93%20x&empty=\nhost:127.0.0.1:5055\nx-amz-date:20261125T025047Z\n\nhost;x-amz-date\n${EMPTY_HASH}\n`;
    const expected: CanonicalRequest = {
      method: 'GET',
      path: '/my-bucket',
      query: [
        ['continuation-token', '54ea/+='],
        ['encoding-type', 'url'],
        ['k', '1'],
        ['k', '2'],
        ['prefix', 'logs/'],
        ['q', '✓ x'],
        ['empty', ''],
      ],
      headers: [
        ['host', '127.0.0.1:5055'],
        ['x-amz-date', '20261125T025047Z'],
      ],
      signedHeaders: ['host', 'x-amz-date'],
      payloadHash: EMPTY_HASH,
    };
    expect(canonical(text)).toEqual(expected);
    expect(canonical(text.replace(/\n/g, ' '))).toEqual(expected);
  });

  test('splits a CamelCase query key glued to the path when newlines vanished', () => {
    const text = `\nGET\n/2015-03-31/functions/my-fn\nQualifier=1\nhost:127.0.0.1:5055\nx-amz-date:20261125T025035Z\n\nhost;x-amz-date\n${EMPTY_HASH}\n`;
    const expected = canonical(text);
    expect(expected.path).toBe('/2015-03-31/functions/my-fn');
    expect(expected.query).toEqual([['Qualifier', '1']]);
    expect(canonical(text.replace(/\n/g, ''))).toEqual(expected);
  });

  test('reads values holding spaces, colons and semicolons when newlines became spaces', () => {
    const text = `\nPUT\n/b/k\n\nhost:h:443\nx-amz-meta-note:a: b;c d:e\nx-amz-meta-z:\n\nhost;x-amz-meta-note;x-amz-meta-z\nUNSIGNED-PAYLOAD\n`;
    const expected = canonical(text);
    expect(expected.headers).toEqual([
      ['host', 'h:443'],
      ['x-amz-meta-note', 'a: b;c d:e'],
      ['x-amz-meta-z', ''],
    ]);
    expect(canonical(text.replace(/\n/g, ' '))).toEqual(expected);
  });

  test.each(['UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'])(
    'takes %s as the payload hash, even glued to the signed headers',
    (hash) => {
      const text = `\nPUT\n/b/k\n\nhost:h\nx-amz-content-sha256:${hash}\n\nhost;x-amz-content-sha256\n${hash}\n`;
      expect(canonical(text).payloadHash).toBe(hash);
      expect(canonical(text.replace(/\n/g, ' '))).toEqual(canonical(text));
      expect(canonical(text.replace(/\n/g, ''))).toEqual(canonical(text));
    },
  );

  test('finds a header whose name ends another header name', () => {
    const text = `\nGET\n/\n\ndate:d1\nhost:h\nx-amz-date:d2\n\ndate;host;x-amz-date\n${EMPTY_HASH}\n`;
    expect(canonical(text.replace(/\n/g, ' ')).headers).toEqual([
      ['date', 'd1'],
      ['host', 'h'],
      ['x-amz-date', 'd2'],
    ]);
  });

  describe('diagnostics', () => {
    const recordAt: Position = { offset: 1000, line: 58, column: 70 };

    function problem(text: string, expected: string | RegExp, offset: number) {
      const result = parseCanonicalRequest(text, at(recordAt));
      expect(result.value).toBeUndefined();
      expect(result.diagnostics).toMatchObject([
        { code: 'CANONICAL_REQUEST_SYNTAX', severity: 'error', source: 't.log', fields: { expected }, pos: posIn(text, offset, recordAt) },
      ]);
      expect(result.diagnostics[0]!.message).toContain('cannot read the SigV4 canonical request: expected');
    }

    test('empty text', () => {
      problem('', 'an HTTP method such as POST', 0);
      problem(' \n ', 'an HTTP method such as POST', 3);
    });

    test('a method that is not one', () => {
      const text = sns.replace('POST', 'post');
      problem(text, 'an HTTP method such as POST', 1);
    });

    test('a URI that is not a path', () => {
      const text = sns.replace('\n/\n', '\nsns/\n');
      problem(text, 'the canonical URI (a path starting with /)', text.indexOf('sns/'));
      problem(' POST sns/ host:h host', 'the canonical URI (a path starting with /)', 6);
    });

    test('a header line without a colon', () => {
      const text = sns.replace('host:', 'host ');
      problem(text, '":" after the header name', text.indexOf('host ') + 4);
    });

    test('signed headers that do not name the headers', () => {
      const text = sns.replace('content-type;host;x-amz-date', 'content-type;x-amz-date');
      problem(text, /^signed headers that list the canonical headers in order/, text.indexOf('content-type;x-amz-date'));
    });

    test('a record with newlines but no payload hash', () => {
      const text = sns.replace(`${HASH}\n`, '');
      problem(text, 'the payload hash after the signed headers', text.length);
    });

    test('text after the payload hash', () => {
      const text = `${sns}more`;
      problem(text, 'the end of the canonical request after the payload hash', text.length - 4);
    });

    test('a query parameter that is not percent-encoded', () => {
      const text = sns.replace('\n/\n\n', '\n/\na=%ZZ\n');
      problem(text, 'a percent-encoded query parameter (%XX sequences of UTF-8)', text.indexOf('a=%ZZ'));
    });

    test('newlines lost: a signed header that is not among the headers', () => {
      const text = ' POST / content-type:x host:h content-type;host;x-amz-date';
      problem(text, 'the canonical header "x-amz-date:" that the signed headers list', text.lastIndexOf('x-amz-date'));
    });

    test('newlines lost: no headers, no signed headers', () => {
      problem(' POST / host;x-amz-date', 'a canonical header (name:value) before the signed headers', 8);
      problem(' POST / host:h:', 'the signed headers (header names separated by ";") at the end', 15);
    });

    test('newlines lost: the first header is not the first signed header', () => {
      const text = ' POST / host:h x-amz-date:d content-type;host;x-amz-date';
      problem(text, 'the first canonical header to be "content-type", the first signed header', 8);
    });

    test('newlines vanished: a lower-case query key glued to the path cannot be told apart', () => {
      const text = `GET/my-bucketprefix=logs%2Fhost:hx-amz-date:dhost;x-amz-date${EMPTY_HASH}`;
      problem(text, 'a line break or a space between the canonical URI and the query string', 4);
    });
  });
});

// =============================================================================================
describe('parseHttpRequest', () => {
  test('a request target longer than any server takes (64 KiB) is refused where it passes the limit, without lexing it', () => {
    const target = `/${'x'.repeat(70_000)}`;
    const text = `POST ${target} HTTP/1.1\nHost: sns.us-east-1.amazonaws.com\n\n`;
    const result = parseHttpRequest(text, at());
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.message, d.pos])).toEqual([
      ['HTTP_REQUEST_SYNTAX', 'cannot read the HTTP request: expected a request target of at most 65536 characters', posIn(text, 5 + 65_536)],
    ]);
    // At the limit, the request reads.
    expect(http(`POST /${'x'.repeat(65_535)} HTTP/1.1\nHost: sns.us-east-1.amazonaws.com\n\n`).value.url).toHaveLength('https://sns.us-east-1.amazonaws.com/'.length + 65_535);
  });

  // The AWS article's Rekognition ListCollections request, as printed there (newlines lost).
  const article =
    'POST https://rekognition.us-west-2.amazonaws.com/ HTTP/1.1 Host: rekognition.us-west-2.amazonaws.com Accept-Encoding: identity Content-Length: 2 X-Amz-Target: RekognitionService.ListCollections X-Amz-Date: 20170105T155800Z User-Agent: aws-cli/1.11.25 Python/2.7.9 Windows/8 botocore/1.4.82 Content-Type: application/x-amz-json-1.1 Authorization: AWS4-HMAC-SHA256 Credential=XXXXXXXX/20170105/us-west-2/rekognition/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=XXXXXXXX {}';
  const articleValue: HttpRequest = {
    method: 'POST',
    url: 'https://rekognition.us-west-2.amazonaws.com/',
    headers: [
      ['Host', 'rekognition.us-west-2.amazonaws.com'],
      ['Accept-Encoding', 'identity'],
      ['Content-Length', '2'],
      ['X-Amz-Target', 'RekognitionService.ListCollections'],
      ['X-Amz-Date', '20170105T155800Z'],
      ['User-Agent', 'aws-cli/1.11.25 Python/2.7.9 Windows/8 botocore/1.4.82'],
      ['Content-Type', 'application/x-amz-json-1.1'],
      [
        'Authorization',
        'AWS4-HMAC-SHA256 Credential=XXXXXXXX/20170105/us-west-2/rekognition/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=XXXXXXXX',
      ],
    ],
    body: '{}',
  };
  const lined = [
    'POST https://rekognition.us-west-2.amazonaws.com/ HTTP/1.1',
    ...articleValue.headers.map(([name, value]) => `${name}: ${value}`),
    '',
    '{}',
  ].join('\n');

  test('reads the article request, whose newlines became spaces', () => {
    expect(http(article)).toEqual({ value: articleValue, end: article.length });
  });

  test('reads the same request with its newlines, LF or CRLF', () => {
    expect(http(lined)).toEqual({ value: articleValue, end: lined.length });
    const crlf = lined.replace(/\n/g, '\r\n');
    expect(http(crlf)).toEqual({ value: articleValue, end: crlf.length });
  });

  test('ends the request where Content-Length ends the body', () => {
    const text = `\n\n${lined}\nThe request appears similar to the following code example.`;
    expect(http(text)).toEqual({ value: articleValue, end: 2 + lined.length });
  });

  test('ends a one-line request at the end of its line', () => {
    const text = `${article}  \nIf you integrate with Amazon SQS, then map the request body.`;
    expect(http(text)).toEqual({ value: articleValue, end: article.length });
  });

  test('counts Content-Length in UTF-8 bytes', () => {
    const body = '{"Message":"héllo 👋"}';
    const length = Buffer.byteLength(body);
    const request = `POST /x HTTP/1.1\nHost: h\nContent-Length: ${length}\n\n${body}\ntail`;
    expect(http(request)).toEqual({
      value: { method: 'POST', url: 'https://h/x', headers: [['Host', 'h'], ['Content-Length', String(length)]], body },
      end: request.length - 5,
    });
    expect(http(`POST /x HTTP/1.1 Host: h Content-Length: ${length} ${body}`).value.body).toBe(body);
  });

  test('builds an absolute URL from the Host header when the target is a path', () => {
    const { value } = http('GET /2015-03-31/functions/my-fn?Qualifier=1 HTTP/1.1\nhost: lambda.us-east-1.amazonaws.com\nX-Amz-Date: 20261125T025035Z\n');
    expect(value).toEqual({
      method: 'GET',
      url: 'https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/my-fn?Qualifier=1',
      headers: [
        ['host', 'lambda.us-east-1.amazonaws.com'],
        ['X-Amz-Date', '20261125T025035Z'],
      ],
      body: null,
    });
  });

  test('reads a request without body: no empty line, or an empty line and Content-Length 0', () => {
    expect(http('GET /a HTTP/1.1\r\nHost: h')).toEqual({ value: { method: 'GET', url: 'https://h/a', headers: [['Host', 'h']], body: null }, end: 24 });
    expect(http('GET /a HTTP/1.1\nHost: h\n\n')).toEqual({ value: { method: 'GET', url: 'https://h/a', headers: [['Host', 'h']], body: null }, end: 25 });
    const zero = 'POST /a HTTP/1.1\nHost: h\nContent-Length: 0\n\nnext';
    expect(http(zero)).toEqual({
      value: { method: 'POST', url: 'https://h/a', headers: [['Host', 'h'], ['Content-Length', '0']], body: '' },
      end: zero.length - 4,
    });
    expect(http('GET /a HTTP/1.1 Host: h').value.body).toBeNull();
  });

  test('without a usable Content-Length, takes the paragraph after the empty line as the body, and none for a GET', () => {
    const text = 'POST / HTTP/1.1\nHost: h\n\nAction=Publish&Message=hi\n  \nThe request above publishes.';
    expect(http(text)).toEqual({ value: { method: 'POST', url: 'https://h/', headers: [['Host', 'h']], body: 'Action=Publish&Message=hi' }, end: text.indexOf('\n  \n') });
    const get = 'GET /?Action=ListUsers HTTP/1.1\nHost: iam.amazonaws.com\n\nSee also ListGroups.';
    expect(http(get)).toEqual({ value: { method: 'GET', url: 'https://iam.amazonaws.com/?Action=ListUsers', headers: [['Host', 'iam.amazonaws.com']], body: null }, end: get.indexOf('See') });
    // The DynamoDB API reference's request syntax.
    const docs = [
      'POST / HTTP/1.1',
      'Host: dynamodb.us-east-1.amazonaws.com',
      'Content-Length: <PayloadSizeBytes>',
      'X-Amz-Target: DynamoDB_20120810.PutItem',
      '',
      '{',
      '  "TableName": "Music"',
      '}',
    ].join('\n');
    expect(http(docs).value.body).toBe('{\n  "TableName": "Music"\n}');
  });

  test('finds headers glued to the previous value when newlines vanished', () => {
    const glued = article.replace(/ (?=[A-Z][\w-]+: )/g, '');
    expect(glued).toContain('HTTP/1.1Host: ');
    expect(glued).toContain('identityContent-Length: 2X-Amz-Target: ');
    expect(http(glued).value).toEqual(articleValue);
  });

  test('keeps header-like words of a one-line body in the body', () => {
    const body = '{"Message": "Note: Subject: hi", "Host": "x"}';
    const text = `POST / HTTP/1.1 Host: sns.us-east-1.amazonaws.com Content-Type: application/json Content-Length: ${body.length} ${body}`;
    expect(http(text).value).toEqual({
      method: 'POST',
      url: 'https://sns.us-east-1.amazonaws.com/',
      headers: [
        ['Host', 'sns.us-east-1.amazonaws.com'],
        ['Content-Type', 'application/json'],
        ['Content-Length', String(body.length)],
      ],
      body,
    });
  });

  test('takes lower-case known names and X-Amz- names as headers, but not URLs or ARNs in values', () => {
    const text = 'POST / HTTP/1.1 host: h x-amz-target: T Referer: https://x/y X-Custom: arn:aws:sns:us-east-1:1:t HTTPS://z';
    expect(http(text).value.headers).toEqual([
      ['host', 'h'],
      ['x-amz-target', 'T'],
      ['Referer', 'https://x/y'],
      ['X-Custom', 'arn:aws:sns:us-east-1:1:t HTTPS://z'],
    ]);
  });

  describe('diagnostics', () => {
    const requestAt: Position = { offset: 500, line: 12, column: 5 };

    function problem(text: string, expected: string, offset: number) {
      const result = parseHttpRequest(text, at(requestAt));
      expect(result.value).toBeUndefined();
      expect(result.diagnostics).toMatchObject([
        { code: 'HTTP_REQUEST_SYNTAX', severity: 'error', fields: { expected }, pos: posIn(text, offset, requestAt) },
      ]);
      expect(result.diagnostics[0]!.message).toBe(`cannot read the HTTP request: expected ${expected}`);
    }

    test('not a request line', () => {
      problem('', 'an HTTP method such as POST', 0);
      problem('  hello world', 'an HTTP method such as POST', 2);
      problem('POST / HTTQ/1.1\nHost: h', 'the HTTP version (HTTP/1.1)', 7);
      problem('POST / HTTP/1.1x Host: h', 'a header (Name: value) after the request line', 15);
    });

    test('a path without a Host header', () => {
      problem('GET /a HTTP/1.1\nX-Amz-Date: d\n\n', 'a Host header, since the request target is only a path', 4);
      problem('GET * HTTP/1.1\nHost: h\n', 'the request target (a path or an absolute URL)', 4);
    });

    test('a header line that is not one', () => {
      const text = 'GET /a HTTP/1.1\nHost: h\nnot a header\n\n';
      problem(text, '":" after the header name', text.indexOf(' a header'));
      problem('GET /a HTTP/1.1\nHost: h\n folded\n', 'a header line (Name: value) or an empty line before the body', 24);
    });

    test('Content-Length longer than the body', () => {
      const short = 'POST /a HTTP/1.1\nHost: h\nContent-Length: 5\n\nab';
      problem(short, 'a body of 5 bytes, as Content-Length says', short.length);
      const none = 'POST /a HTTP/1.1\nHost: h\nContent-Length: 5\n\n';
      problem(none, 'a body of 5 bytes, as Content-Length says', none.length);
      const straddled = 'POST /a HTTP/1.1\nHost: h\nContent-Length: 1\n\né';
      problem(straddled, 'a body of 1 bytes, as Content-Length says', straddled.length);
    });

    test('Content-Length shorter than the body, which goes on past it', () => {
      const cut = 'POST /a HTTP/1.1\nHost: h\nContent-Length: 4\n\nAction=Publish';
      problem(cut, 'the body to end after 4 bytes, as Content-Length says, but it goes on', cut.indexOf('on=Publish'));
      // A body followed by a line break ends there.
      expect(http('POST /a HTTP/1.1\nHost: h\nContent-Length: 2\n\n{}\nnext').value.body).toBe('{}');
    });

    test('newlines lost: no header after the request line', () => {
      problem('POST / HTTP/1.1 hello Host: h', 'a header (Name: value) after the request line', 16);
    });

    test('newlines lost: Content-Length that does not fit the line', () => {
      const wrong = article.replace('Content-Length: 2', 'Content-Length: 5');
      problem(wrong, 'a body of 5 bytes at the end of the line, as Content-Length says', wrong.indexOf('5 X-Amz'));
      const huge = article.replace('Content-Length: 2', 'Content-Length: 99999');
      problem(huge, 'a body of 99999 bytes at the end of the line, as Content-Length says', huge.indexOf('99999'));
      const nonNumeric = article.replace('Content-Length: 2', 'Content-Length: x');
      problem(nonNumeric, 'a Content-Length of decimal digits', nonNumeric.indexOf('x X-Amz'));
    });
  });
});

// =============================================================================================
describe('parseExampleUrl', () => {
  // The SNS API reference's example, as the AWS article pastes it (markdown escapes included).
  const article =
    'https://sns.us-west-2.amazonaws.com/?Action=Publish&TargetArn=arn%3Aaws%3Asns%3Aus-west-2%3A803981987763%3Aendpoint%2FAPNS\\_SANDBOX%2Fpushapp%2F98e9ced9-f136-3893-9d60-776547eafebb &Message=%7B%22default%22%3A%22This+is+the+default+Message%22%2C%22APNS\\_SANDBOX%22%3A%22%7B+%5C%22aps%5C%22+%3A+%7B+%5C%22alert%5C%22+%3A+%5C%22You+have+got+email.%5C%22%2C+%5C%22badge%5C%22+%3A+9%2C%5C%22sound%5C%22+%3A%5C%22default%5C%22%7D%7D%22%7D &Version=2010-03-31 &AUTHPARAMS';

  test('cleans the article URL: markdown escapes, spaces before &, the AUTHPARAMS placeholder', () => {
    expect(exampleUrl(article)).toEqual({
      method: 'GET',
      url: 'https://sns.us-west-2.amazonaws.com/?Action=Publish&TargetArn=arn%3Aaws%3Asns%3Aus-west-2%3A803981987763%3Aendpoint%2FAPNS_SANDBOX%2Fpushapp%2F98e9ced9-f136-3893-9d60-776547eafebb&Message=%7B%22default%22%3A%22This+is+the+default+Message%22%2C%22APNS_SANDBOX%22%3A%22%7B+%5C%22aps%5C%22+%3A+%7B+%5C%22alert%5C%22+%3A+%5C%22You+have+got+email.%5C%22%2C+%5C%22badge%5C%22+%3A+9%2C%5C%22sound%5C%22+%3A%5C%22default%5C%22%7D%7D%22%7D&Version=2010-03-31',
      headers: [['Host', 'sns.us-west-2.amazonaws.com']],
      body: null,
    });
  });

  test('reads a URL broken over lines before ? and &, as API references print them', () => {
    const text = 'https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue/\n?Action=SendMessage\n&MessageBody=This+is+a+test+message\n&Version=2012-11-05\n&AUTHPARAMS\n';
    expect(exampleUrl(text).url).toBe('https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue/?Action=SendMessage&MessageBody=This+is+a+test+message&Version=2012-11-05');
  });

  test("reads `&amp;`, the separator as a page's HTML source escapes it, as `&`: no parameter's key starts `amp;` (a security token would get past the dropping of query authentication)", () => {
    const text = 'https://sns.us-west-2.amazonaws.com/?Action=Publish&amp;Message=Hello%20world%21&amp;X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLETOKEN&amp;Version=2010-03-31&amp;AUTHPARAMS';
    expect(exampleUrl(text).url).toBe('https://sns.us-west-2.amazonaws.com/?Action=Publish&Message=Hello%20world%21&Version=2010-03-31');
  });

  test('drops query authentication: SigV4 X-Amz-* and SigV2 parameters', () => {
    const text =
      'https://sqs.us-east-1.amazonaws.com/?Action=ListQueues&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsqs%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&x-amz-security-token=tok&X-Amz-Signature=abc&AWSAccessKeyId=AKID&SignatureVersion=2&SignatureMethod=HmacSHA256&Signature=sig&Version=2012-11-05';
    expect(exampleUrl(text).url).toBe('https://sqs.us-east-1.amazonaws.com/?Action=ListQueues&Version=2012-11-05');
  });

  test('keeps sub-resources and lower-case bare keys, drops bracketed placeholders', () => {
    expect(exampleUrl('https://b.s3.amazonaws.com/photos/a\\_b.jpg?acl&versionId=3&<AuthParams>&[...]').url).toBe('https://b.s3.amazonaws.com/photos/a_b.jpg?acl&versionId=3');
  });

  test('adds the root path, drops userinfo, keeps the port', () => {
    expect(exampleUrl('  HTTPS://user:pw@ec2.amazonaws.com:443?Action=DescribeRegions  ')).toEqual({
      method: 'GET',
      url: 'https://ec2.amazonaws.com:443/?Action=DescribeRegions',
      headers: [['Host', 'ec2.amazonaws.com:443']],
      body: null,
    });
    expect(exampleUrl('https://iam.amazonaws.com').url).toBe('https://iam.amazonaws.com/');
  });

  describe('diagnostics', () => {
    function problem(text: string, expected: string, offset: number) {
      const result = parseExampleUrl(text, at());
      expect(result.value).toBeUndefined();
      expect(result.diagnostics).toMatchObject([{ code: 'URL_SYNTAX', severity: 'error', fields: { expected }, pos: posIn(text, offset) }]);
    }

    test('not an http(s) URL', () => {
      problem('ftp://example.com/', 'an http or https URL', 0);
      problem('', 'an http or https URL', 0);
    });

    test('no host', () => {
      problem('https:///path', 'a host name after the scheme', 8);
    });

    test('a space inside a parameter', () => {
      const text = 'https://h/?Action=Publish&Message=hello world';
      problem(text, 'the end of the URL, or "&" before another parameter', text.indexOf('world'));
      const multiline = 'https://h/?Action=Publish\n&Message=a\nVersion=1';
      problem(multiline, 'the end of the URL, or "&" before another parameter', multiline.indexOf('Version'));
    });
  });
});

// =============================================================================================
describe('captured botocore logs', () => {
  const dir = join(ROOT, 'samples');
  const logs = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.log')) : [];
  // A header in the samples' layouts: the AWS CLI's (`time - thread - logger - LEVEL - `), the logging
  // HOWTO's (`time - logger - LEVEL - `), boto3's (`time logger [LEVEL] `), the Lambda runtime's
  // (`[LEVEL]\ttime\trequest id\t`) and Python's default (`LEVEL:logger:`).
  const HEADER = String.raw`(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?:- |[\w.]+ \[[A-Z]+\])|\[[A-Z]+\]\t\d{4}-|[A-Z]+:[\w.]+:)`;

  /** Each `CanonicalRequest:` record's text: up to the next record, which starts a line (or follows a space once newlines are gone). */
  function records(log: string): Array<{ text: string; offset: number }> {
    const next = log.includes('\n') ? `^${HEADER}` : `(?<=\\s)${HEADER}`;
    const re = new RegExp(`CanonicalRequest:([\\s\\S]*?)(?=${next}|$(?![\\s\\S]))`, 'gm');
    return [...log.matchAll(re)].map((m) => ({ text: m[1]!, offset: m.index! + 'CanonicalRequest:'.length }));
  }

  // A JSON log's canonical requests are JSON strings, read through json-record.ts (records.test.ts).
  const all = logs.flatMap((file) => {
    const log = readFileSync(join(dir, file), 'utf8');
    if (log.startsWith('{"timestamp"')) return [];
    return records(log).map((record, i) => ({ name: `${file} #${i + 1}`, log, ...record }));
  });

  test('the samples hold canonical requests, when there are samples', () => {
    if (logs.length > 0) expect(all.length).toBeGreaterThan(0);
  });

  if (all.length === 0) return;

  test.each(all.map((r) => [r.name, r] as const))('%s reads with its newlines and after newline -> space', (_name, record) => {
    const pos = advance(start, record.log, record.offset);
    const lined = parseCanonicalRequest(record.text, at(pos));
    expect(lined.diagnostics).toEqual([]);
    const value = lined.value!;
    expect(value.method).toMatch(/^[A-Z]+$/);
    expect(value.signedHeaders).toEqual(value.headers.map(([name]) => name));
    expect(value.payloadHash).toMatch(/^(?:[0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+)$/);
    expect(value.headers.map(([name]) => name)).toContain('host');

    const flat = parseCanonicalRequest(record.text.replace(/\r?\n/g, ' '), at(pos));
    expect(flat.diagnostics).toEqual([]);
    expect(flat.value).toEqual(value);
  });
});

// =============================================================================================
describe('properties', () => {
  const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split(''));
  const headerName = fc
    .tuple(lower, fc.stringMatching(/^[a-z0-9-]{0,12}$/))
    .map(([first, rest]) => first + rest);
  // Canonical values: trimmed, inner spaces collapsed (SigV4), with colons and semicolons.
  const headerValue = fc
    .array(fc.stringMatching(/^[A-Za-z0-9:;,=/._-]{1,8}$/), { maxLength: 4 })
    .map((words) => words.join(' '));
  const unreserved = fc.stringMatching(/^[A-Za-z0-9._~ /:&=+%é✓-]{0,10}$/);
  /** SigV4's URI encoding: RFC 3986 unreserved characters stay, every other byte is %XX. */
  const uriEncode = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

  const canonicalRequest: fc.Arbitrary<CanonicalRequest> = fc
    .record({
      method: fc.stringMatching(/^[A-Z]{1,7}$/),
      segments: fc.array(unreserved, { maxLength: 4 }),
      query: fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z0-9 &=:.-]{1,6}$/), unreserved), { maxLength: 4 }),
      names: fc.uniqueArray(headerName, { minLength: 1, maxLength: 6 }),
      values: fc.array(headerValue, { minLength: 6, maxLength: 6 }),
      payloadHash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.constantFrom('UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER')),
    })
    .map(({ method, segments, query, names, values, payloadHash }) => ({
      method,
      path: `/${segments.map(uriEncode).join('/')}`,
      query,
      headers: names.map((name, i): [string, string] => [name, values[i]!]),
      signedHeaders: names,
      payloadHash,
    }));

  function render(request: CanonicalRequest): string {
    const query = request.query.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&');
    const headers = request.headers.map(([name, value]) => `${name}:${value}\n`).join('');
    return `\n${request.method}\n${request.path}\n${query}\n${headers}\n${request.signedHeaders.join(';')}\n${request.payloadHash}\n`;
  }

  test('a rendered canonical request reads back, with its newlines and after newline -> space', () => {
    fc.assert(
      fc.property(canonicalRequest, (request) => {
        // Without newlines, a value holding its own `name:` is ambiguous to any reader.
        fc.pre(request.headers.every(([name, value]) => !value.includes(`${name}:`)));
        const text = render(request);
        expect(parseCanonicalRequest(text, at())).toEqual({ value: request, diagnostics: [] });
        expect(parseCanonicalRequest(text.replace(/\n/g, ' '), at())).toEqual({ value: request, diagnostics: [] });
        expect(parseCanonicalRequest(text.replace(/\n/g, '\r\n'), at())).toEqual({ value: request, diagnostics: [] });
      }),
      { numRuns: 500 },
    );
  });

  const anyText = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.stringMatching(/^[\s:;&=?/\\A-Za-z0-9-]{0,80}$/));

  test('the lexers take any text without errors, and the readers never throw', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const lexer of [canonicalRequestLexer, httpRequestLexer, exampleUrlLexer]) expect(lexer().tokenize(text).errors).toEqual([]);
        for (const result of [parseCanonicalRequest(text, at()), parseHttpRequest(text, at()), parseExampleUrl(text, at())]) {
          // Either a value or an error, never both, never neither.
          expect(result.value === undefined).toBe(result.diagnostics.length > 0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('damaged requests yield a value or diagnostics inside the text, never an exception', () => {
    const samples = [
      render({ method: 'POST', path: '/', query: [['a', 'b']], headers: [['host', 'h'], ['x-amz-date', 'd']], signedHeaders: ['host', 'x-amz-date'], payloadHash: HASH }),
      'POST https://h/ HTTP/1.1\nHost: h\nContent-Length: 2\n\n{}',
      'POST https://h/ HTTP/1.1 Host: h Content-Length: 2 X-Amz-Target: T {}',
      'https://h/?Action=A&B=\\_c &AUTHPARAMS',
    ];
    const damaged = fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat(3), fc.string({ maxLength: 3 })).map(([text, at, cut, insert]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + cut);
    });
    fc.assert(
      fc.property(damaged, (text) => {
        for (const result of [parseCanonicalRequest(text, at()), parseHttpRequest(text, at()), parseExampleUrl(text, at())]) {
          expect(result.value === undefined).toBe(result.diagnostics.length > 0);
          for (const d of result.diagnostics) expect(d.pos!.offset).toBeLessThanOrEqual(text.length);
        }
        const httpResult = parseHttpRequest(text, at());
        expect(httpResult.end).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2000 },
    );
  });
});

// =============================================================================================
// Quadratic work would run these past jest's timeout; speed itself is the benchmark's to measure.
describe('long inputs', () => {

  test('a canonical request with 20,000 headers and a 1 MB value, with and without newlines', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `x-amz-meta-h${i}`);
    const big = 'v '.repeat(500_000).trim();
    const text = `\nPUT\n/k\n\n${names.map((n) => `${n}:${n === 'x-amz-meta-h5' ? big : 'a:b c'}`).join('\n')}\n\n${names.join(';')}\nUNSIGNED-PAYLOAD\n`;
    expect(parseCanonicalRequest(text, at()).value?.headers).toHaveLength(20_000);
    expect(parseCanonicalRequest(text.replace(/\n/g, ' '), at()).value?.headers).toHaveLength(20_000);
  });

  test('newline-lost canonical requests that fail late, and runs of spaces', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `h${i}`);
    const missing = ` POST / ${names.slice(1).map((n) => `${n}:v`).join(' ')} ${names.join(';')}`;
    expect(parseCanonicalRequest(missing, at()).diagnostics).toHaveLength(1);
    const spaces = ` POST /${' '.repeat(1_000_000)}x host:h${' '.repeat(1_000_000)}host`;
    parseCanonicalRequest(spaces, at());
  });

  test('a one-line HTTP request with 100,000 words, and a 1 MB body', () => {
    const words = Array.from({ length: 100_000 }, (_, i) => `w${i}:x`).join(' ');
    parseHttpRequest(`POST / HTTP/1.1 Host: h User-Agent: ${words}`, at());
    const body = 'é'.repeat(1_000_000);
    const { value } = parseHttpRequest(`POST / HTTP/1.1 Host: h Content-Length: ${Buffer.byteLength(body)} ${body}`, at());
    expect(value?.body).toBe(body);
    expect(parseHttpRequest(`POST / HTTP/1.1\nHost: h\nX: ${' '.repeat(1_000_000)}y\n\n`, at()).value?.headers).toHaveLength(2);
  });

  test('an example URL with 100,000 parameters', () => {
    const params = Array.from({ length: 100_000 }, (_, i) => `P${i}=v\\_${i}`);
    const url = parseExampleUrl(`https://h/?${params.join(' &')}`, at()).value?.url;
    expect(url === `https://h/?${params.join('&').replace(/\\_/g, '_')}`).toBe(true);
  });
});

test('grammars/canonical-request/cst.d.ts is what the grammar generates', () => {
  const file = readFileSync(join(ROOT, 'grammars/canonical-request/cst.d.ts'), 'utf8');
  const generated = file.split('\n').filter((line) => !line.startsWith('//')).join('\n');
  expect(generated).toBe(generateCstDts(canonicalRequestParser().getGAstProductions()));
});
