/** Records read from text: what survives bad input, what is redacted, and where problems are reported. */
import fc from 'fast-check';
import { advance, type Position } from '../../src/diagnostics.js';
import { dictGet, toPlain } from '../../src/parse/python-repr.js';
import { parseText, RecordReader } from '../../src/parse/records.js';
import { REDACTED, redactHeader, redactQueryValue, redactText, redactValues } from '../../src/parse/redact.js';
import type { LogRecord } from '../../src/parse/types.js';
import { linearTime } from '../hostile/support.js';

const START: Position = { offset: 0, line: 1, column: 1 };
const HEADER = '2026-11-25 02:50:09,127 - MainThread - botocore.endpoint - DEBUG - ';
const makeRequest = (params: string, operation = 'Publish'): string => `${HEADER}Making request for OperationModel(name=${operation}) with params: ${params}\n`;

/** The records of `text` read in two chunks, cut at `cut`. */
function readInTwo(text: string, cut: number): LogRecord[] {
  const reader = new RecordReader('<input>');
  return [reader.push(text.slice(0, cut)), reader.push(text.slice(cut)), reader.end()].flatMap((read) => read.records);
}

function paramsOf(record: LogRecord | undefined): Record<string, unknown> {
  if (record?.kind !== 'make-request' && record?.kind !== 'params-dict') throw new Error(`no params: ${JSON.stringify(record)}`);
  return toPlain(record.params!) as Record<string, unknown>;
}

describe('an API-reference example URL in text', () => {
  test.each([
    ['a parameter a line, each line opening with &', 'https://ec2.amazonaws.com/?Action=RunInstances\n&ImageId=ami-0abcdef1234567890\n  &MaxCount=1\n&MinCount=1\n&AUTHPARAMS\n'],
    ['the ? on a line of its own too', 'https://ec2.amazonaws.com/\n?Action=RunInstances\n&ImageId=ami-0abcdef1234567890\n&MaxCount=1\n&MinCount=1\n'],
    ['& escaped as &amp;', 'https://ec2.amazonaws.com/?Action=RunInstances&amp;ImageId=ami-0abcdef1234567890&amp;MaxCount=1&amp;MinCount=1&amp;AUTHPARAMS'],
  ])('is read whole: %s', (_, text) => {
    const read = parseText(`See:\n${text}\nthen deploy.\n`);
    expect(read.diagnostics).toEqual([]);
    expect(read.records).toMatchObject([{ kind: 'http-request', fromUrl: true, request: { url: 'https://ec2.amazonaws.com/?Action=RunInstances&ImageId=ami-0abcdef1234567890&MaxCount=1&MinCount=1' } }]);
  });
});

describe('text outside log records with many request lines', () => {
  const access = '127.0.0.1 - - [25/Nov/2026 02:50:03] "POST / HTTP/1.1" 200 -\n';

  test("an access log's request lines are no raw requests: nothing is reported for them, and the log after them is read", () => {
    const read = parseText(access.repeat(3) + makeRequest("{'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': {'Action': 'Publish', 'Message': 'hi'}, 'url': 'https://sns.us-east-1.amazonaws.com/'}"));
    expect(read.diagnostics).toEqual([]);
    expect(read.records.map((r) => r.kind)).toEqual(['make-request']);
  });

  test.each([
    ['access log lines', access],
    ['bare request lines', 'POST / HTTP/1.1\n'],
  ])('%s cost time linear in their number (each is read, and placed, once)', (_, line) => {
    expect(linearTime((n) => parseText(line.repeat(n)), 512)).toBeLessThan(2.5);
  });
});

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

test("S3's customer-provided encryption key (SSE-C) goes, as a header and as a query value; its MD5 stays", () => {
  const read = parseText(
    makeRequest(
      "{'url_path': '/b/k', 'query_string': {}, 'method': 'PUT', 'headers': {'x-amz-server-side-encryption-customer-algorithm': 'AES256', 'x-amz-server-side-encryption-customer-key': 'c2VjcmV0LWtleS0zMi1ieXRlcy1sb25nLTEyMzQ1Njc=', 'x-amz-server-side-encryption-customer-key-MD5': 'bWQ1'}, 'body': b'', 'url': 'https://s3.amazonaws.com/b/k'}",
      'PutObject',
    ),
  );
  expect(paramsOf(read.records[0]).headers).toMatchObject({ 'x-amz-server-side-encryption-customer-key': REDACTED, 'x-amz-server-side-encryption-customer-key-MD5': 'bWQ1' });
  expect(redactQueryValue('x-amz-server-side-encryption-customer-key', 'abc')).toBe(REDACTED);
});

describe('secrets in request bodies', () => {
  test('a query protocol body (a dict of form fields), by field name', () => {
    const read = parseText(
      makeRequest(
        "{'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': {'Action': 'CreateLoginProfile', 'UserName': 'u', 'Password': 'hunter2-Secret', 'Users.member.1.NewPassword': 'p2'}, 'url': 'https://iam.amazonaws.com/'}",
        'CreateLoginProfile',
      ),
    );
    expect(paramsOf(read.records[0]).body).toEqual({ Action: 'CreateLoginProfile', UserName: 'u', Password: REDACTED, 'Users.member.1.NewPassword': REDACTED });
  });

  test('a JSON body (bytes), and JSON in a JSON string of it', () => {
    const read = parseText(
      makeRequest(
        `{'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': b'{"SecretId": "s", "SecretString": "hunter2-Secret", "ClientRequestToken": "t", "input": "{\\\\"password\\\\": \\\\"pw-\\\\\\\\\\\\"quoted\\\\"}"}', 'url': 'https://secretsmanager.us-east-1.amazonaws.com/'}`,
        'PutSecretValue',
      ),
    );
    expect(read.diagnostics).toEqual([]);
    const body = JSON.parse(paramsOf(read.records[0]).body as string) as Record<string, string>;
    expect(body).toEqual({ SecretId: 's', SecretString: REDACTED, ClientRequestToken: 't', input: `{"password": "${REDACTED}"}` });
  });

  test('a form body as text (a raw HTTP request)', () => {
    const read = parseText('POST / HTTP/1.1\nHost: iam.amazonaws.com\nContent-Length: 60\n\nAction=CreateLoginProfile&UserName=u&Password=hunter2-Secret\n');
    expect(read.records).toMatchObject([{ request: { body: `Action=CreateLoginProfile&UserName=u&Password=${REDACTED}` } }]);
  });

  test('an option of the CLI, as the next argument or after =', () => {
    const read = parseText(
      `${HEADER.replace('botocore.endpoint', 'awscli.clidriver')}CLI version: aws-cli/2.15.0\n${HEADER.replace('botocore.endpoint', 'awscli.clidriver')}Arguments entered to CLI: ['iam', 'create-login-profile', '--user-name', 'u', '--password', 'hunter2-Secret', '--secret-string=s3cr3t-value', '--secret-id', 'kept']\n`,
    );
    expect(read.records).toMatchObject([{ kind: 'cli-arguments', args: ['iam', 'create-login-profile', '--user-name', 'u', '--password', REDACTED, `--secret-string=${REDACTED}`, '--secret-id', 'kept'] }]);
  });

  test('names that only mention a secret hold data, and stay', () => {
    const fields = { SecretId: 'a', ClientRequestToken: 'b', TokenCode: '123456', NextToken: 'c', PasswordLastUsed: 'd', KmsKeyId: 'e' };
    expect(redactText(JSON.stringify(fields))).toBe(JSON.stringify(fields));
    expect(redactText(new URLSearchParams(fields).toString())).toBe(new URLSearchParams(fields).toString());
  });

  test('a mapping template that puts a secret member in a body is code, and stays', () => {
    const templates = [
      '{"Password": "$util.escapeJavaScript($param_Password)"}',
      JSON.stringify({ template: '{"Password": "$util.escapeJavaScript($param_Password)"}' }),
      'Action=CreateLoginProfile&Password=$util.urlEncode($param_Password)',
      '<Password>$util.escapeXml($input.path(\'$.Password\'))</Password>',
      '{"Password": "${Password}"}',
    ];
    for (const template of templates) expect(redactText(template)).toBe(template);
  });

  test('any secret value, in JSON or in JSON inside a JSON string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), fc.constantFrom('Password', 'secretAccessKey', 'SessionToken', 'PrivateKey'), (secret, name) => {
        const json = JSON.stringify({ [name]: secret, after: 'kept' });
        expect(JSON.parse(redactText(json))).toEqual({ [name]: REDACTED, after: 'kept' });
        const nested = JSON.stringify({ input: json });
        expect(JSON.parse(JSON.parse(redactText(nested)).input)).toEqual({ [name]: REDACTED, after: 'kept' });
      }),
      { numRuns: 500 },
    );
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

describe('redaction, review cases', () => {
  test('a presigned URL in a response body loses its session token (Lambda GetFunction Code.Location)', () => {
    const body = '{"Code": {"Location": "https://awslambda.s3.amazonaws.com/fn?versionId=x&X-Amz-Security-Token=IQoJb3JpZ2luX2Vj%2Fsecret&X-Amz-Algorithm=AWS4-HMAC-SHA256"}}';
    expect(redactText(body)).toBe(`{"Code": {"Location": "https://awslambda.s3.amazonaws.com/fn?versionId=x&X-Amz-Security-Token=${REDACTED}&X-Amz-Algorithm=AWS4-HMAC-SHA256"}}`);
  });

  test("an Authorization of another scheme than SigV4 keeps its scheme, nothing more; an API key goes whole", () => {
    expect(redactHeader('Authorization', 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=')).toBe(`AWS ${REDACTED}`);
    expect(redactHeader('authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln')).toBe(`Bearer ${REDACTED}`);
    expect(redactHeader('Authorization', 'opaque-token-without-scheme')).toBe(REDACTED);
    expect(redactHeader('x-api-key', 'MYSECRETAPIKEY123')).toBe(REDACTED);
    // SigV4's scope is evidence, and stays.
    expect(redactHeader('Authorization', 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=' + 'a'.repeat(64))).toBe(
      `AWS4-HMAC-SHA256 Credential=${REDACTED}/20240101/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=${REDACTED}`,
    );
    // As a header line, a Python dict entry and JSON, wherever a record's text shows one.
    expect(redactText("headers={'Authorization': b'AWS AKIAIOSFODNN7EXAMPLE:SGe6yaPN/h78K5zKTCx6RaxSw1M=', 'x-api-key': 'k3y'}")).toBe(`headers={'Authorization': b'AWS ${REDACTED}', 'x-api-key': '${REDACTED}'}`);
    expect(redactText('Authorization: Bearer abc.def.ghi\nx-api-key: k3y\n')).toBe(`Authorization: Bearer ${REDACTED}\nx-api-key: ${REDACTED}\n`);
    expect(redactText('{"Authorization": "Basic dXNlcjpwYXNz"}')).toBe(`{"Authorization": "Basic ${REDACTED}"}`);
    // Names that only begin with it hold no credential.
    expect(redactText('{"AuthorizationType": "NONE", "authorizer": "Bearer x"}')).toBe('{"AuthorizationType": "NONE", "authorizer": "Bearer x"}');
  });

  test('secret names in snake case, in CLI shorthand after a comma, and Cognito SECRET_HASH', () => {
    expect(redactText('{"aws_secret_access_key": "Zx9kLmN0pQ"}')).toBe(`{"aws_secret_access_key": "${REDACTED}"}`);
    expect(redactText('USERNAME=bob,PASSWORD=hunter2')).toBe(`USERNAME=bob,PASSWORD=${REDACTED}`);
    expect(redactText('{"USERNAME": "bob", "SECRET_HASH": "c2VjcmV0"}')).toBe(`{"USERNAME": "bob", "SECRET_HASH": "${REDACTED}"}`);
  });

  test('aws configure set names its secret setting without dashes', () => {
    const read = parseText(`${HEADER.replace('botocore.endpoint', 'awscli.clidriver')}Arguments entered to CLI: ['configure', 'set', 'profile.dev.aws_secret_access_key', 'Zx9kLmN0pQ', '--profile', 'dev']\n`);
    expect(read.records).toMatchObject([{ kind: 'cli-arguments', args: ['configure', 'set', 'profile.dev.aws_secret_access_key', REDACTED, '--profile', 'dev'] }]);
  });

  test('on/off settings named after a secret keep their value, in a body and in a template line', () => {
    const read = parseText(
      makeRequest(
        "{'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': {'Action': 'CreateDBInstance', 'ManageMasterUserPassword': 'true', 'MasterUserPassword': 'hunter2-Secret'}, 'url': 'https://rds.us-east-1.amazonaws.com/'}",
        'CreateDBInstance',
      ),
    );
    expect(paramsOf(read.records[0]).body).toEqual({ Action: 'CreateDBInstance', ManageMasterUserPassword: 'true', MasterUserPassword: REDACTED });
    expect(redactText('&ManageMasterUserPassword=true##\n&Password=hunter2##\n')).toBe('&ManageMasterUserPassword=true##\n&Password=REDACTED##\n');
  });

  test('a secret in a query parameter, the SSO bearer token header, an ECR authorization token', () => {
    expect(redactQueryValue('Password', 'hunter2')).toBe(REDACTED);
    const read = parseText(makeRequest("{'url_path': '/federation/credentials', 'query_string': {}, 'method': 'GET', 'headers': {'x-amz-sso_bearer_token': 'aoa-secret'}, 'body': b'', 'url': 'https://portal.sso.us-east-1.amazonaws.com/federation/credentials'}", 'GetRoleCredentials'));
    expect(paramsOf(read.records[0]).headers).toEqual({ 'x-amz-sso_bearer_token': REDACTED });
    expect(redactText('{"authorizationData": [{"authorizationToken": "QVdTOmV5"}]}')).toBe(`{"authorizationData": [{"authorizationToken": "${REDACTED}"}]}`);
  });

  test('Credential= repeated does not make redaction quadratic (40,000 of them took 30 s)', () => {
    expect(linearTime((n) => redactText('Credential='.repeat(n)), 1024)).toBeLessThan(3);
  });
});

describe('the logging layouts botocore logs are written in', () => {
  const params = "{'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': {'Action': 'Publish'}, 'url': 'https://sns.us-east-1.amazonaws.com/'}";
  const layouts = [
    ['the AWS CLI', (logger: string) => `2026-11-25 02:50:09,127 - MainThread - ${logger} - DEBUG - `, 'MainThread'],
    ['the Python logging HOWTO', (logger: string) => `2026-12-06 04:32:03,298 - ${logger} - DEBUG - `, undefined],
    ['boto3.set_stream_logger', (logger: string) => `2026-11-25 04:22:29,370 ${logger} [DEBUG] `, undefined],
    ["the Lambda runtime's", () => '[DEBUG]\t2026-12-06T04:32:04.114Z\t8f5e2a3c-51d4-4f6b-9a7e-2c1d0b9e4f31\t', '8f5e2a3c-51d4-4f6b-9a7e-2c1d0b9e4f31'],
    ["Python's default (logging.basicConfig)", (logger: string) => `DEBUG:${logger}:`, undefined],
  ] as const;

  /** A call's first record, then a record nobody reads, then a retry verdict, in one layout. */
  const log = (header: (logger: string) => string, lineBreak: string): string =>
    [
      `${header('botocore.endpoint')}Making request for OperationModel(name=Publish) with params: ${params}`,
      `${header('botocore.hooks')}Event needs-retry.sns.Publish: calling handler <function f at 0x7f>`,
      `${header('botocore.retryhandler')}No retry needed.`,
      '',
    ].join(lineBreak);

  test.each(layouts)('%s: each record is read, its thread kept, with its newlines or without them', (_name, header, thread) => {
    for (const lineBreak of ['\n', '\r\n', ' ']) {
      const read = parseText(log(header, lineBreak));
      expect(read.diagnostics).toEqual([]);
      expect(read.records.map((r) => [r.kind, r.thread])).toEqual([
        ['make-request', thread],
        ['last-attempt', thread],
      ]);
      expect(paramsOf(read.records[0])).toMatchObject({ body: { Action: 'Publish' } });
    }
  });

  test("a level and a colon in a value (`'ERROR:db:timeout'`, `xERROR:db:`) do not start a record of Python's default layout, which follows white space", () => {
    const header = layouts[0][1];
    const withWord = (word: string): string => `${header('botocore.endpoint')}Making request for OperationModel(name=Publish) with params: {'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': {'Message': '${word}'}, 'url': 'https://sns.us-east-1.amazonaws.com/'}\n`;
    expect(paramsOf(parseText(withWord('xERROR:db:timeout')).records[0])).toMatchObject({ body: { Message: 'xERROR:db:timeout' } });
    expect(paramsOf(parseText(withWord('ERROR:db:timeout')).records[0])).toMatchObject({ body: { Message: 'ERROR:db:timeout' } });
  });
});

describe('a log in a layout this tool does not read', () => {
  const record = "Making request for OperationModel(name=Publish) with params: {'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': {'Action': 'Publish'}, 'url': 'https://sns.us-east-1.amazonaws.com/'}\n";

  test('is read as bare text, with a warning at its first Making request record', () => {
    const header = '[2026-12-06 04:32:03,298] DEBUG botocore.endpoint: ';
    const read = parseText(`[2026-12-06 04:32:03,163] DEBUG botocore.hooks: Event before-call: calling handler\n${header}${record}`);
    expect(read.diagnostics.map((d) => [d.code, d.severity, d.pos?.line, d.pos?.column])).toEqual([['LOG_LAYOUT_UNKNOWN', 'warning', 2, header.length + 1]]);
    // What the params dict shows is still read.
    expect(read.records.map((r) => r.kind)).toEqual(['params-dict']);
  });

  test('no warning for a layout it reads, nor for prose naming the record', () => {
    expect(parseText(`2026-11-25 02:50:09,127 - MainThread - botocore.endpoint - DEBUG - ${record}`).diagnostics).toEqual([]);
    expect(parseText('Look for the Making request for OperationModel(...) line of the log.\n').diagnostics).toEqual([]);
  });
});

describe('the splitter and a log in one layout', () => {
  const record = (header: string, message: string): string =>
    `${header}Making request for OperationModel(name=Publish) with params: {'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': {'Action': 'Publish', 'Message': '${message}'}, 'url': 'https://sns.us-east-1.amazonaws.com/'}\n`;

  test("a default-layout header in a message (after white space) does not cut a CLI log's record", () => {
    const read = parseText(record('2026-11-25 02:50:09,127 - MainThread - botocore.endpoint - DEBUG - ', 'alert ERROR:db:timeout'));
    expect(paramsOf(read.records[0])).toMatchObject({ body: { Message: 'alert ERROR:db:timeout' } });
  });

  test('a default-layout log joined after a CLI log (`cat *.log`) is read too', () => {
    const read = parseText(`${record('2026-11-25 02:50:09,127 - MainThread - botocore.endpoint - DEBUG - ', 'a')}${record('DEBUG:botocore.endpoint:', 'b')}`);
    expect(read.records.map((r) => paramsOf(r))).toMatchObject([{ body: { Message: 'a' } }, { body: { Message: 'b' } }]);
  });

  test('a default-layout log reads the same however it is chunked: what precedes a header is known at every chunk edge', () => {
    const text = `${record('DEBUG:botocore.endpoint:', 'xERROR:db:timeout')}DEBUG:botocore.retryhandler:No retry needed.\n`;
    const whole = parseText(text);
    expect(whole.records.map((r) => r.kind)).toEqual(['make-request', 'last-attempt']);
    for (let cut = 1; cut < text.length; cut++) expect(readInTwo(text, cut)).toEqual(whole.records);
  });

  test('a canonical request with a header line and its payload hash broken, in a log too short to be told wrapped, is read joined again', () => {
    const header = '2026-11-25 02:50:03,360 - MainThread - botocore.auth - DEBUG - ';
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const text = `${header}CanonicalRequest:\nPOST\n/\n\ncontent-type:application/x-www-form-urle\nncoded; charset=utf-8\nhost:sns.us-east-1.amazonaws.com\n\ncontent-type;host\n${hash.slice(0, 40)}\n${hash.slice(40)}\n`;
    const read = parseText(text);
    expect(read.diagnostics.map((d) => [d.code, d.pos?.line])).toEqual([['LOG_LINES_WRAPPED', 5]]);
    expect(read.records[0]).toMatchObject({ kind: 'canonical-request', request: { headers: [['content-type', 'application/x-www-form-urlencoded; charset=utf-8'], ['host', 'sns.us-east-1.amazonaws.com']], payloadHash: hash } });
  });

  test("a canonical request whose lines a terminal padded with spaces is read without them", () => {
    const header = '2026-11-25 02:50:03,360 - MainThread - botocore.auth - DEBUG - ';
    const hash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const lines = ['CanonicalRequest:', 'POST', '/', '', 'host:sns.us-east-1.amazonaws.com', '', 'host', hash];
    const read = parseText(`${header}${lines.map((line) => line.padEnd(80)).join('\n')}\n`);
    expect(read.diagnostics).toEqual([]);
    expect(read.records[0]).toMatchObject({ kind: 'canonical-request', request: { method: 'POST', headers: [['host', 'sns.us-east-1.amazonaws.com']], payloadHash: hash } });
  });

  test('a byte order mark before the first default-layout header', () => {
    expect(parseText(`\ufeff${record('DEBUG:botocore.endpoint:', 'hi')}`).records.map((r) => r.kind)).toEqual(['make-request']);
  });

  test("the Lambda runtime's layout with its tabs expanded to spaces, at any level, with or without a request id", () => {
    const expand = (line: string): string => line.replace(/[^\t\n]*\t/g, (run) => run.slice(0, -1).padEnd((Math.floor((run.length - 1) / 8) + 1) * 8));
    for (const [level, id] of [['DEBUG', '8f5e2a3c-51d4-4f6b-9a7e-2c1d0b9e4f31'], ['INFO', '']] as const) {
      const header = `[${level}]\t2026-12-06T04:32:04.114Z\t${id}\t`;
      for (const text of [record(header, 'hi'), expand(record(header, 'hi'))]) {
        const read = parseText(text);
        expect(read.records.map((r) => [r.kind, r.thread])).toEqual([['make-request', id === '' ? undefined : id]]);
      }
    }
  });

  test("the Lambda runtime's layout as `aws logs tail` prints it: each record's line after the event's time (and log stream), a canonical request's lines after it as they are", () => {
    const header = `[DEBUG]\t2026-12-06T04:32:04.114Z\t8f5e2a3c-51d4-4f6b-9a7e-2c1d0b9e4f31\t`;
    const canonical = `${header}CanonicalRequest:\nPOST\n/\n\nhost:sns.us-east-1.amazonaws.com\n\nhost\n${'0'.repeat(64)}\n`;
    for (const prefix of ['2026-12-06T04:32:04.114000+00:00 2026/12/06/[$LATEST]0123456789abcdef ', '2026-12-06T04:32:04 ']) {
      const text = [record(header, 'hi'), canonical, `${header}No retry needed.\n`].map((r) => `${prefix}${r}`).join('');
      const read = parseText(text);
      expect(read.diagnostics).toEqual([]);
      expect(read.records.map((r) => [r.kind, r.pos.line, r.pos.column])).toEqual([
        ['make-request', 1, prefix.length + 1],
        ['canonical-request', 2, prefix.length + 1],
        ['last-attempt', 10, prefix.length + 1],
      ]);
    }
  });

  test('a call in an unknown layout is said once per source, at its first call', () => {
    const header = (n: number): string => `2026-12-06 04:32:0${n},298 - DEBUG - `;
    const read = parseText(`${record(header(1), 'a')}${record(header(2), 'b')}`);
    expect(read.records).toEqual([]);
    expect(read.diagnostics.map((d) => [d.code, d.pos?.line, d.pos?.column])).toEqual([['LOG_LAYOUT_UNKNOWN', 1, header(1).length + 1]]);
  });
});

describe('values the service model marks sensitive leave every spelling of them in the call', () => {
  test('as a whole value, inside JSON (also \\u-escaped), percent-encoded; a short one only where it stands whole', () => {
    const secrets = [{ value: 'pässwörd 1!', replacement: REDACTED }, { value: 'bob', replacement: REDACTED }];
    const call = {
      dict: { Value: 'pässwörd 1!', Name: 'bob', Other: 'bobby' },
      json: new TextEncoder().encode('{"Value":"p\\u00e4ssw\\u00f6rd 1!","Name":"bob","Note":"bobby"}'),
      form: 'Value=p%C3%A4ssw%C3%B6rd+1%21&Name=bob&Other=bobby',
    };
    const redacted = redactValues(call, secrets);
    expect(redacted.dict).toEqual({ Value: REDACTED, Name: REDACTED, Other: 'bobby' });
    expect(Buffer.from(redacted.json).toString()).toBe(`{"Value":"${REDACTED}","Name":"${REDACTED}","Note":"bobby"}`);
    expect(redacted.form).toBe(`Value=${REDACTED}&Name=${REDACTED}&Other=bobby`);
  });

  test('a sensitive number is replaced where it stands whole: a JSON number (by a JSON string, so the JSON parses), a form value, a whole value; not inside other digits', () => {
    const secrets = [
      { value: '47.6', replacement: REDACTED, number: true as const },
      { value: '-122.3', replacement: REDACTED, number: true as const },
    ];
    const call = {
      json: new TextEncoder().encode('{"BiasPosition": [-122.3, 47.6], "Other": 147.65, "Text": "47.6 N"}'),
      form: 'Lat=47.6&Lon=-122.3&Count=47.61',
      argument: '47.6',
    };
    const redacted = redactValues(call, secrets);
    expect(JSON.parse(Buffer.from(redacted.json).toString())).toEqual({ BiasPosition: [REDACTED, REDACTED], Other: 147.65, Text: '47.6 N' });
    expect(redacted.form).toBe(`Lat=${REDACTED}&Lon=${REDACTED}&Count=47.61`);
    expect(redacted.argument).toBe(REDACTED);
  });

  test("a secret in bytes that are not UTF-8 (a CBOR body) goes as a CBOR text item, a short one too, so the body still decodes; inside a longer item it stays", async () => {
    const { decode, encode } = await import('cbor-x');
    const body = encode({ PlayerId: 'u1', Name: 'abu1', Ticket: 'player-7f3a9c', Score: 1.5 });
    const redacted = redactValues({ body }, [
      { value: 'u1', replacement: REDACTED },
      { value: 'player-7f3a9c', replacement: REDACTED },
    ]);
    expect(decode(redacted.body)).toEqual({ PlayerId: REDACTED, Name: 'abu1', Ticket: REDACTED, Score: 1.5 });
  });

  test('nothing to redact: the same object back', () => {
    const call = { a: 'x' };
    expect(redactValues(call, [])).toBe(call);
  });
});

describe("the Lambda runtime's JSON log format: a JSON object per record", () => {
  const REQUEST_ID = '8f5e2a3c-51d4-4f6b-9a7e-2c1d0b9e4f31';
  /** A record as awslambdaric's JsonFormatter writes it (json.JSONEncoder(ensure_ascii=False)). */
  const record = (message: string, logger = 'botocore.endpoint', requestId = REQUEST_ID): string =>
    `{"timestamp": "2026-12-06T18:15:14.927Z", "level": "DEBUG", "message": ${JSON.stringify(message)}, "logger": "${logger}"${requestId ? `, "requestId": "${requestId}"` : ''}}`;
  const makeRequest = (message: string): string =>
    `Making request for OperationModel(name=Publish) with params: {'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': {'Action': 'Publish', 'Message': '${message}'}, 'url': 'https://sns.us-east-1.amazonaws.com/'}`;
  const log = (lineBreak: string, prefix = ''): string =>
    [record(makeRequest('hi')), record('Event needs-retry.sns.Publish: calling handler <function f at 0x7f>', 'botocore.hooks'), record('No retry needed.', 'botocore.retryhandler'), '']
      .map((line) => (line === '' ? line : `${prefix}${line}`))
      .join(lineBreak);

  test('each record is read, the request id its thread: with newlines, CRLF, none, and the prefix `aws logs tail` writes', () => {
    for (const text of [log('\n'), log('\r\n'), log(' '), log('\n', '2026-12-06T18:15:14.927000+00:00 2026/12/06/[$LATEST]0123456789abcdef ')]) {
      const read = parseText(text);
      expect(read.diagnostics).toEqual([]);
      expect(read.records.map((r) => [r.kind, r.thread])).toEqual([
        ['make-request', REQUEST_ID],
        ['last-attempt', REQUEST_ID],
      ]);
      expect(paramsOf(read.records[0])).toMatchObject({ body: { Action: 'Publish', Message: 'hi' } });
    }
  });

  test('without a request id (the runtime writes none outside an invocation)', () => {
    expect(parseText(`${record(makeRequest('hi'), 'botocore.endpoint', '')}\n`).records.map((r) => [r.kind, r.thread])).toEqual([['make-request', undefined]]);
  });

  test('the message is the JSON string decoded: quotes, backslashes, line breaks and \\u escapes, a surrogate pair among them', () => {
    const message = 'say \\"hi\\"\\\\n\u2014 \ud83d\ude00 ü';
    const line = `${record(makeRequest(message)).replace('ü', '\\u00fc').replace('\ud83d\ude00', '\\ud83d\\ude00')}\n`;
    expect(line).toContain('\\ud83d\\ude00');
    expect(paramsOf(parseText(line).records[0])).toMatchObject({ body: { Message: 'say "hi"\\n\u2014 \ud83d\ude00 ü' } });
  });

  test('a problem in a message is said where it stands in the JSON, escapes before it counted as written', () => {
    const line = record(makeRequest('\\"quoted\\" \u2014 \\\\').replace("'method': 'POST'", "'method' 'POST'"));
    const text = `{"timestamp": "2026-12-06T18:15:14.900Z", "level": "DEBUG", "message": "Changing event name", "logger": "botocore.hooks"}\n${line}\n`;
    const read = parseText(text);
    expect(read.diagnostics.map((d) => [d.code, d.pos?.line, d.pos?.column])).toEqual([['REPR_SYNTAX', 2, line.indexOf("'POST'") + 1]]);
    const lines = parseText(`${record(`CanonicalRequest:\nPOST\n/\n\nhost;sns.us-east-1.amazonaws.com\n\nhost\n${'0'.repeat(64)}`, 'botocore.auth')}\n`);
    expect(lines.diagnostics.map((d) => [d.code, d.pos?.line, d.pos?.column])).toEqual([['CANONICAL_REQUEST_SYNTAX', 1, expect.any(Number)]]);
  });

  test('reads the same however it is chunked', () => {
    const text = log('\n');
    const whole = parseText(text);
    for (let cut = 1; cut < text.length; cut += 7) expect(readInTwo(text, cut)).toEqual(whole.records);
  });

  test("such JSON in another record's message, after white space, does not end that record", () => {
    const inner = `x {"timestamp": "2026-12-06T18:15:14.927Z", "level": "DEBUG", "message": "hi"}`;
    const read = parseText(`2026-11-25 02:50:09,127 - MainThread - botocore.endpoint - DEBUG - ${makeRequest(inner)}\n`);
    expect(read.diagnostics).toEqual([]);
    expect(paramsOf(read.records[0])).toMatchObject({ body: { Message: inner } });
  });

  test('an object that opens like a record and is not JSON is no record; a call in it is said to go unread', () => {
    const read = parseText(`{"timestamp": "2026-12-06T18:15:14.927Z", "level": "DEBUG", "message": "${makeRequest('hi')}\n`);
    expect(read.records).toEqual([]);
    expect(read.diagnostics.map((d) => d.code)).toEqual(['LOG_LAYOUT_UNKNOWN']);
  });
});
