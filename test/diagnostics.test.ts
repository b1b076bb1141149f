/**
 * The diagnostic catalog: every code has a message template, and every code is triggered by
 * some input through the public functions (parsers, model lookup, pipeline, CLI). A code added
 * to the catalog without a test here fails the last test.
 */
import { join } from 'node:path';
import { MESSAGES, diagnostic, formatDiagnostic, type Diagnostic, type DiagnosticCode } from '../src/diagnostics.js';
import { findModel, loadModel } from '../src/infer/model.js';
import { parseCanonicalRequest, parseExampleUrl, parseHttpRequest } from '../src/parse/canonical-request.js';
import { parsePythonRepr } from '../src/parse/python-repr.js';
import { parseText } from '../src/parse/records.js';
import { runPipeline } from '../src/pipeline.js';
import { cli } from './support/cli.js';
import { MODELS, ROOT, SAMPLES, sampleText } from './support/samples.js';

const AT = { source: 'x.log', pos: { offset: 0, line: 1, column: 1 } };
const HEADER = '2026-11-25 02:50:09,127 - MainThread - botocore.auth - DEBUG - ';
const sample = (file: string): string => join(SAMPLES, file);

/** The codes of the diagnostics the CLI printed (info included: it runs with --verbose). */
async function cliCodes(args: string[], stdin = ''): Promise<string[]> {
  const r = await cli(['--verbose', ...args], stdin);
  return [...r.stderr.matchAll(/ (?:error|warning|info) ([A-Z_]+): /g)].map((m) => m[1]!);
}

async function pipelineCodes(text: string, modelDirs: string[] = []): Promise<DiagnosticCode[]> {
  const result = await runPipeline([{ name: '<input>', chunks: [text] }], { modelDirs });
  return result.diagnostics.map((d) => d.code);
}

const codes = (ds: Diagnostic[]): DiagnosticCode[] => ds.map((d) => d.code);

/** How each code is triggered: by which public function, from which input. */
const TRIGGERS: Record<string, () => Promise<string[]> | string[]> = {
  EMPTY_INPUT: () => pipelineCodes(''),
  BINARY_INPUT: () => pipelineCodes('\u0089PNG\r\n\u001a\n\u0000\u0000'),
  NO_AWS_CALL: () => pipelineCodes('hello\nthis is not a log\n'),
  LOG_LAYOUT_UNKNOWN: () => pipelineCodes("[2026-12-06 04:32:03,298] DEBUG botocore.endpoint: Making request for OperationModel(name=Publish) with params: {}\n"),
  LOG_LINES_WRAPPED: () => pipelineCodes(`${HEADER.replace('botocore.auth', 'botocore.endpoint')}Making request for OperationModel(name=Publish) with params: {'url_path': '/', 'query_st\nring': '', 'method': 'POST'}\n`),
  LOG_LINE_PREFIX: () => cliCodes(['--format', 'json'], sampleText('sns-publish.log').replace(/^/gm, '> ')),
  LOG_HARD_WRAPPED: () => pipelineCodes(Array.from({ length: 6 }, (_, i) => `${String(i).repeat(60)}\n`).join('')),
  REPR_SYNTAX: () => codes(parsePythonRepr("{'a' 1}", AT).diagnostics),
  REPR_TRUNCATED: () => codes(parsePythonRepr("{'a': ", AT).diagnostics),
  REPR_TOO_DEEP: () => codes(parsePythonRepr('['.repeat(1000), AT).diagnostics),
  CANONICAL_REQUEST_SYNTAX: () => codes(parseCanonicalRequest('POST', AT).diagnostics),
  STRING_TO_SIGN_SYNTAX: () => codes(parseText(`${HEADER}StringToSign:\nxx\n`).diagnostics),
  HTTP_REQUEST_SYNTAX: () => [
    ...codes(parseHttpRequest('POST', AT).diagnostics),
    ...codes(parseText(`${HEADER}Sending http request: <garbage>\n`).diagnostics),
  ],
  URL_SYNTAX: () => codes(parseExampleUrl('https://', AT).diagnostics),
  CALL_UNREADABLE: () => pipelineCodes("{'url_path': '/', 'query_string': '', 'method': 'POST', 'headers': {}, 'body': b''}"),
  MODEL_NOT_FOUND: () => codes(findModel({ service: 'no-such-service', operation: 'DoIt', source: 'x.log' }, [MODELS]).diagnostics),
  MODEL_UNREADABLE: () => codes(loadModel(join(ROOT, 'package.json'), 'x.log').diagnostics),
  OPERATION_NOT_IN_MODEL: () => codes(findModel({ service: 'sns', operation: 'NoSuchOperation' }, [MODELS]).diagnostics),
  CALL_FIELDS_UNKNOWN: () => cliCodes([], 'https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue/?Action=SendMessage&MessageBody=hi&MessageAttribute.1.Name=a&Version=2012-11-05\n'),
  REQUIRED_IS_GUESS: () => cliCodes(['--no-models', join(ROOT, 'test/fixtures/article/sqs-params-dict.txt')]),
  INTEGRATION_UNSUPPORTED: () => cliCodes(['--no-models', sample('cloudwatch-put-metric-data-cbor.log')]),
  MAPPING_FLAG_UNKNOWN_MEMBER: () => cliCodes(['--constant', 'NoSuchMember', sample('sns-publish.log')]),
  MAPPING_CONSTANT_VARIES: () => cliCodes([], sampleText('sns-publish.log') + sampleText('sns-publish.log').replaceAll(':orders', ':returns')),
  MAPPING_CONSTANT_TOKEN: () => cliCodes(['--constant', 'ClientToken', sample('ec2-run-instances-user-data.log')]),
  MAPPING_CONSTANT_UNSEEN: () => cliCodes(['--constant', 'Body', sample('s3api-put-object.log')]),
  MAPPING_CONSTANT_SECRET: () => cliCodes(['--constant', 'Password', sample('iam-create-login-profile.log')]),
  MAPPING_REGION_VARIES: () => cliCodes(['--from', 'query', 'TopicArn'], sampleText('sns-publish.log') + sampleText('sns-publish-china.log')),
  MAPPING_KEPT_CONSTANT: () => cliCodes(['--from', 'query', 'MessageAttributes', sample('sns-publish-attributes.log')]),
  MAPPING_STATIC_QUOTE: () =>
    cliCodes(
      [],
      `${HEADER.replace('botocore.auth', 'botocore.endpoint')}Making request for OperationModel(name=Invoke) with params: {'url_path': '/2015-03-31/functions/my-fn/invocations', 'query_string': {'Qualifier': "it's"}, 'method': 'POST', 'headers': {}, 'body': b'{}', 'url': 'https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/my-fn/invocations?Qualifier=it%27s'}\n`,
    ),
  MAPPING_PATH_LABEL: () => cliCodes(['--resource-path', '/files/{name}', sample('sns-publish.log')]),
  MAPPING_XML_BODY: () => cliCodes(['--constant', 'Delete', sample('s3api-delete-objects.log')]),
  PAYLOAD_IN_URL: () => cliCodes(['--query-string-payload', sample('sns-publish.log')]),
  QUERY_STRING_PAYLOAD_UNUSED: () => cliCodes(['--query-string-payload', sample('dynamodb-put-item.log')]),
  FILE_UNREADABLE: () => cliCodes([join(ROOT, 'no-such-file.log')]),
  CALL_BODY_NOT_JSON: () => pipelineCodes(sampleText('sqs-send-message.log').replace(/b'\{"QueueUrl": "/, "b'{\u201cQueueUrl\u201d: \u201c"), [MODELS]),
  CALL_BODY_UNSEEN: () => cliCodes([], sampleText('sqs-send-message.log').replace(/^.*Making request for OperationModel.*\n/m, '')),
  CALL_WITHOUT_REQUEST: () => pipelineCodes(`${HEADER.replace('botocore.auth', 'botocore.endpoint')}Making request for OperationModel(name=Publish) with params: {'url_path': \n`),
};

describe('every diagnostic code has a catalog message', () => {
  test.each(Object.keys(MESSAGES))('%s', (code) => {
    const entry = MESSAGES[code as DiagnosticCode];
    expect(['error', 'warning', 'info']).toContain(entry.severity);
    expect(entry.template.length).toBeGreaterThan(10);
    // Every placeholder is filled from the fields given; none is left in the message.
    const fields = Object.fromEntries([...entry.template.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, `<${m[1]}>`]));
    const d = diagnostic(code as DiagnosticCode, 'x.log', { offset: 4, line: 2, column: 3 }, fields);
    expect(d.message).not.toMatch(/\{\w+\}/);
    expect(formatDiagnostic(d)).toBe(`x.log:2:3: ${entry.severity} ${code}: ${d.message}`);
  });
});

describe('every diagnostic code is triggered by some input', () => {
  test.each(Object.keys(TRIGGERS))('%s', async (code) => {
    expect(await TRIGGERS[code]!()).toContain(code);
  });

  test('the catalog holds no code without a trigger test', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual(Object.keys(TRIGGERS).sort());
  });
});

test("a mapping problem is placed at the call it is about (file:line:column of its Making request), as a parse problem is", async () => {
  const varies = await cli([], sampleText('sns-publish.log') + sampleText('sns-publish.log').replaceAll(':orders', ':returns'));
  expect(varies.stderr).toMatch(/^<stdin>:53:1: warning MAPPING_CONSTANT_VARIES: /m);
  const unsupported = await cli(['--no-models', sample('cloudwatch-put-metric-data-cbor.log')]);
  expect(unsupported.stderr).toMatch(/cloudwatch-put-metric-data-cbor\.log:\d+:\d+: error INTEGRATION_UNSUPPORTED: /);
});
