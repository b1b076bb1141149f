/**
 * Hostile values from the input to every output. Each property writes a botocore params dict
 * (as a real log holds it: Python repr, a JSON body as `json.dumps` wrote it, URLs as botocore
 * encoded them) whose values are full of what some output gives meaning to: quotes, `$`, `#`,
 * `\`, line breaks, comment ends, `${...}`, `%{`, VTL directives, shell syntax, unicode. It then runs
 * the CLI and checks each output with that output's own reader: verify's rebuilt request
 * decoded, OpenAPI by JSON.parse, CloudFormation by a YAML parser, Terraform by HashiCorp's HCL
 * parser, IAM by JSON.parse and deploy.sh by bash with a stub `aws` that records what it is given.
 * Every value must come back exactly, in its place.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { withDefaults } from '../../src/emit/templated.js';
import { buildIntegrationModel } from '../../src/integrate/integrate.js';
import type { CapturedRequest } from '../../src/capture/types.js';
import type { IntegrationModel, Templated } from '../../src/integrate/types.js';
import { runPipeline } from '../../src/pipeline.js';
import type { IntegrationRequest } from '../../src/verify/rebuild.js';
import { verifyModel } from '../../src/verify/verify.js';
import { cli, type CliRun } from '../support/cli.js';
import { bytesRepr, percentEncode, pyJsonDumps, PyObject, pyRepr, strRepr, type JsonValue, type PyValue } from '../support/python.js';
import { MODELS } from '../support/samples.js';
import { fromFnSub, fromJsonTemplate, merged, variablesOf } from '../support/templated.js';
import { requireTool } from '../support/tools.js';

// Parsed artifacts are read loosely: the tests check their values, whatever their static shape.
type Json = any;

/** What VTL, Fn::Sub, HCL templates, YAML, JSON, shells and URLs give meaning to, and unicode. */
const PIECES = [
  "'", '"', '$', '$$', '#', '##', '#*', '*#', '\\', '\\\\', "\\'", '\n', '\r\n', '\r', '\t', '*/', '/*', '${x}', '${AWS::Region}', '${!x}', '$${', '%{', '%%{',
  "$util.urlEncode('x')", '$input.body', "$input.json('$')", '#set($a = 1)', '#if(', '#end', '$!x', '#{x}', '`', '$(id)', ';', '|', '&', '=', '+', '%2F', '%',
  ' ', '  ', ':', '{', '}', '[', ']', '@', '!', '?', '/', '<', '>', '~', 'é', '日本', '😀', '\u2028', '\u2029', '\u0085', '\u007f', '\ufeff', '\u00a0',
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
];

/** Whether a string is whole UTF-16 (no lone surrogate): what a Python str decoded from UTF-8 holds. */
function wellFormed(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}

/** Hostile text: soups of the pieces and short runs of any code point. Never empty. */
const hostile: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 3 })), { minLength: 1, maxLength: 10 }).map((parts) => parts.join('')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }) },
  )
  .filter((text) => text !== '' && wellFormed(text));

/**
 * Text an API Gateway template may hold as a deploy-time parameter (CloudFormation parameter,
 * Terraform variable, shell variable), so that path gets hostile neighbours too.
 */
const plain = fc.stringMatching(/^[A-Za-z0-9:/._\-+=,@ ]{1,16}$/);

/** A name the URL of a queue can hold as it is. */
const queueName = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);

const UA = 'aws-cli/1.45.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.43.11';

function context(streaming = false): PyValue {
  return { client_region: 'us-east-1', client_config: new PyObject('<botocore.config.Config object at 0x7f10c4e2ac10>'), has_streaming_input: streaming, auth_type: null, unsigned_payload: null, auth_options: ['aws.auth#sigv4'] };
}

/** The input: the params dict alone, or inside the record botocore.endpoint logs it in. */
function input(operation: string, params: PyValue, framed: boolean): string {
  const dict = pyRepr(params);
  return framed ? `2026-11-25 02:50:09,126 - MainThread - botocore.endpoint - DEBUG - Making request for OperationModel(name=${operation}) with params: ${dict}\n` : `${dict}\n`;
}

/** One call, as a log shows it, and what the integration must do with its values. */
interface Call {
  input: string;
  /** `--constant` members. */
  constants: string[];
  queryStringPayload: boolean;
  /** Members whose value no static API Gateway value can hold: reported on stderr, and left out. */
  unmappable: string[];
  /** Whether verify must find the rebuilt request equal to the captured one. */
  matches: boolean;
  /** Checks the request rebuilt from the log's own values. */
  expectRebuilt(request: IntegrationRequest): void;
  /** Checks where a client body given to `verify --body` lands; absent when the call takes none. */
  expectLanded?(request: IntegrationRequest, body: string): void;
}

/** A call whose counterexamples print as the input and flags that fail. */
function printable(fields: Call): Call {
  return Object.assign(fields, { [fc.toStringMethod]: () => JSON.stringify({ input: fields.input, flags: mappingFlags(fields) }) });
}

function mappingFlags(call: Call): string[] {
  return [...call.constants.flatMap((member) => ['--constant', member]), ...(call.queryStringPayload ? ['--query-string-payload'] : [])];
}

const quoted = (value: string): boolean => value.includes("'");

/**
 * SNS Publish (query protocol): the topic a parameter or a literal, the message from the client,
 * the subject a constant or a query parameter; in a form body, or all in the integration URL
 * (`--query-string-payload`), which verify compares with the captured form body as one set of
 * parameters: equal, unless a value no static API Gateway value can hold had to be left out.
 */
function snsPublishCall({ topic, message, subject, subjectConstant, queryStringPayload, framed }: { topic: string; message: string; subject: string; subjectConstant: boolean; queryStringPayload: boolean; framed: boolean }): Call {
  const topicArn = `arn:aws:sns:us-east-1:123456789012:${topic}`;
  const params = {
    url_path: '/', query_string: '', method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', 'User-Agent': UA },
    body: { Action: 'Publish', Version: '2010-03-31', TopicArn: topicArn, Message: message, Subject: subject },
    url: 'https://sns.us-east-1.amazonaws.com/', context: context(),
  };
  const pairs = (form: Iterable<[string, string]>): string[] => [...form].map(([k, v]) => `${k}=${v}`).sort();
  const fields = (body: string): string[] => pairs(Object.entries({ Action: 'Publish', Version: '2010-03-31', TopicArn: topicArn, Message: body, Subject: subject }));
  if (queryStringPayload) {
    const unmappable = [...(quoted(topicArn) ? ['TopicArn'] : []), ...(subjectConstant && quoted(subject) ? ['Subject'] : [])];
    return printable({
      input: input('Publish', params, framed),
      constants: subjectConstant ? ['Subject'] : [],
      queryStringPayload,
      unmappable,
      matches: unmappable.length === 0,
      expectRebuilt: (request) => {
        const url = new URL(request.url);
        expect(`${url.origin}${url.pathname}`).toBe('https://sns.us-east-1.amazonaws.com/');
        expect(pairs(url.searchParams)).toEqual(fields(message).filter((field) => !unmappable.some((member) => field.startsWith(`${member}=`))));
        expect(request.headers).toEqual([['Accept', 'application/json']]);
      },
    });
  }
  return printable({
    input: input('Publish', params, framed),
    constants: subjectConstant ? ['Subject'] : [],
    queryStringPayload,
    unmappable: [],
    matches: true,
    expectRebuilt: (request) => {
      expect(request.url).toBe('https://sns.us-east-1.amazonaws.com/?Action=Publish');
      expect(request.headers).toEqual([['Content-Type', 'application/x-www-form-urlencoded'], ['Accept', 'application/json']]);
      expect(pairs(new URLSearchParams(request.body))).toEqual(fields(message));
    },
    expectLanded: (request, body) => expect(pairs(new URLSearchParams(request.body))).toEqual(fields(body)),
  });
}

const snsPublish = fc.record({ topic: fc.oneof(plain, hostile), message: hostile, subject: hostile, subjectConstant: fc.boolean(), queryStringPayload: fc.boolean(), framed: fc.boolean() }).map(snsPublishCall);

/**
 * SQS SendMessage (JSON protocol): the body from the client or a constant, the group a
 * constant, the deduplication id a query parameter.
 */
function sqsSendMessageCall({ queue, body, group, dedup, bodyConstant, framed }: { queue: string; body: string; group: string; dedup: string; bodyConstant: boolean; framed: boolean }): Call {
  const queueUrl = `https://sqs.us-east-1.amazonaws.com/123456789012/${queue}`;
  const sent = { QueueUrl: queueUrl, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: dedup };
  const params = {
    url_path: '/', query_string: '', method: 'POST',
    headers: { 'X-Amz-Target': 'AmazonSQS.SendMessage', 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-query-mode': 'true', 'User-Agent': UA },
    body: Buffer.from(pyJsonDumps(sent)), url: 'https://sqs.us-east-1.amazonaws.com/', context: context(),
  };
  const expectJson = (request: IntegrationRequest, expected: object): void => {
    expect(request.url).toBe(`https://sqs.us-east-1.amazonaws.com/123456789012/${queue}`);
    expect(request.headers).toEqual([['Content-Type', 'application/x-amz-json-1.0'], ['X-Amz-Target', 'AmazonSQS.SendMessage'], ['x-amzn-query-mode', 'true']]);
    expect(JSON.parse(request.body)).toEqual(expected);
  };
  return printable({
    input: input('SendMessage', params, framed),
    constants: ['MessageGroupId', ...(bodyConstant ? ['MessageBody'] : [])],
    queryStringPayload: false,
    unmappable: [],
    matches: true,
    expectRebuilt: (request) => expectJson(request, sent),
    ...(bodyConstant ? {} : { expectLanded: (request: IntegrationRequest, text: string) => expectJson(request, { ...sent, MessageBody: text }) }),
  });
}

const sqsSendMessage = fc.record({ queue: queueName, body: hostile, group: hostile, dedup: hostile, bodyConstant: fc.boolean(), framed: fc.boolean() }).map(sqsSendMessageCall);

/** A DynamoDB item of string attributes, hostile names and values. */
const attributes: fc.Arbitrary<Record<string, { S: string }>> = fc.dictionary(hostile, hostile.map((S) => ({ S })), { minKeys: 1, maxKeys: 3 });

/** DynamoDB PutItem (JSON protocol): the table a literal or parameter, the item from the client or a constant. */
function dynamodbPutItemCall({ table, item, itemConstant, framed }: { table: string; item: Record<string, { S: string }>; itemConstant: boolean; framed: boolean }): Call {
  const sent = { TableName: table, Item: item };
  const params = {
    url_path: '/', query_string: '', method: 'POST',
    headers: { 'X-Amz-Target': 'DynamoDB_20120810.PutItem', 'Content-Type': 'application/x-amz-json-1.0', 'User-Agent': UA },
    body: Buffer.from(pyJsonDumps(sent as JsonValue)), url: 'https://dynamodb.us-east-1.amazonaws.com/', context: context(),
  };
  const expectJson = (request: IntegrationRequest, expected: object): void => {
    expect(request.url).toBe('https://dynamodb.us-east-1.amazonaws.com/?Action=PutItem');
    expect(request.headers).toEqual([['Content-Type', 'application/x-amz-json-1.0'], ['X-Amz-Target', 'DynamoDB_20120810.PutItem']]);
    expect(JSON.parse(request.body)).toEqual(expected);
  };
  return printable({
    input: input('PutItem', params, framed),
    constants: itemConstant ? ['Item'] : [],
    queryStringPayload: false,
    unmappable: [],
    matches: true,
    expectRebuilt: (request) => expectJson(request, sent),
    ...(itemConstant ? {} : { expectLanded: (request: IntegrationRequest, text: string) => expectJson(request, { ...sent, Item: JSON.parse(text) }) }),
  });
}

const dynamodbPutItem = fc.record({ table: fc.oneof(plain, hostile), item: attributes, itemConstant: fc.boolean(), framed: fc.boolean() }).map(dynamodbPutItemCall);

/**
 * Lambda Invoke (rest-json): the function a path constant, the qualifier a query-string constant,
 * the invocation type a header constant, the payload the client's body. A path segment of `.` or
 * `..` is left out: every URL reader resolves it away.
 */
function lambdaInvokeCall({ fn, qualifier, type, payload }: { fn: string; qualifier: string; type: string; payload: string }): Call {
  const urlPath = `/2015-03-31/functions/${percentEncode(fn)}/invocations`;
  const params = {
    url_path: urlPath, query_string: { Qualifier: qualifier }, method: 'POST',
    headers: { 'X-Amz-Invocation-Type': type, 'User-Agent': UA },
    body: Buffer.from(payload), url: `https://lambda.us-east-1.amazonaws.com${urlPath}?Qualifier=${percentEncode(qualifier)}`, context: context(true),
  };
  const expectSent = (request: IntegrationRequest, body: string): void => {
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname.split('/').map(decodeURIComponent).join('/')}`).toBe(`https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/${fn}/invocations`);
    expect([...url.searchParams]).toEqual(quoted(qualifier) ? [] : [['Qualifier', qualifier]]);
    expect(request.headers).toEqual(quoted(type) ? [] : [['X-Amz-Invocation-Type', type]]);
    expect(request.body).toBe(body);
  };
  return printable({
    input: input('Invoke', params, true),
    constants: ['InvocationType'],
    queryStringPayload: false,
    unmappable: [...(quoted(qualifier) ? ['Qualifier'] : []), ...(quoted(type) ? ['InvocationType'] : [])],
    matches: !quoted(qualifier) && !quoted(type),
    expectRebuilt: (request) => expectSent(request, payload),
    expectLanded: expectSent,
  });
}

const BOM = '\ufeff';

const lambdaInvoke = fc
  .record({ fn: hostile.filter((f) => f !== '.' && f !== '..'), qualifier: hostile, type: hostile, payload: hostile })
  .map(lambdaInvokeCall);

/**
 * Each kind of call, the client bodies `verify --body` is given for it, and the counterexamples
 * that once failed, run first (`verify`: the rebuilt request; `emit`: the artifacts).
 */
interface Kind {
  name: string;
  calls: fc.Arbitrary<Call>;
  bodies: fc.Arbitrary<string>;
  regressions: { verify: Call[]; emit: Call[] };
}

const KINDS: Kind[] = [
  {
    name: 'sns Publish',
    calls: snsPublish,
    bodies: hostile,
    regressions: {
      // --query-string-payload left out every constant that was not plain text, without a word.
      verify: [snsPublishCall({ topic: 'orders$1', message: 'hi', subject: '#set($a = 1)', subjectConstant: true, queryStringPayload: true, framed: false })],
      emit: [],
    },
  },
  {
    name: 'sqs SendMessage',
    calls: sqsSendMessage,
    bodies: hostile,
    regressions: {
      verify: [],
      // A decomposed é in a JSON literal: Terraform normalized it to the precomposed one.
      emit: [sqsSendMessageCall({ queue: 'jobs', body: 'hi', group: 'e\u0301', dedup: 'd', bodyConstant: false, framed: false })],
    },
  },
  { name: 'dynamodb PutItem', calls: dynamodbPutItem, bodies: attributes.map((item) => JSON.stringify(item)), regressions: { verify: [], emit: [] } },
  {
    name: 'lambda Invoke',
    calls: lambdaInvoke,
    bodies: hostile,
    regressions: {
      verify: [
        // encodeURIComponent kept the quote that botocore sends as %27.
        lambdaInvokeCall({ fn: "it's", qualifier: 'v1', type: 'Event', payload: '{}' }),
        // A header constant holding a quote went missing, and verify, comparing no headers, matched.
        lambdaInvokeCall({ fn: 'my-fn', qualifier: 'v1', type: "'", payload: '{}' }),
        // A body that starts like XML but is not: the XML parser's exception escaped verify.
        lambdaInvokeCall({ fn: 'my-fn', qualifier: 'v1', type: 'Event', payload: '<' }),
      ],
      emit: [],
    },
  },
];

/** The pipeline run in-process, as the CLI runs it on standard input. */
async function modelOf(call: Call, title?: string): Promise<{ model: IntegrationModel; requests: CapturedRequest[] }> {
  const pipeline = await runPipeline([{ name: '<stdin>', chunks: [call.input] }], { modelDirs: [MODELS] });
  expect(pipeline.diagnostics).toEqual([]);
  const { model } = buildIntegrationModel(pipeline.operations, { constants: call.constants, from: [], queryStringPayload: call.queryStringPayload, title });
  expect(model.methods).toHaveLength(1);
  return { model, requests: pipeline.requests };
}

/**
 * The CLI on standard input. Service models come from the committed fixtures alone, as modelOf
 * reads them: with no PATH, no python3 is started to look for botocore's own.
 */
function runCli(args: string[], call: Call): Promise<CliRun> {
  return cli(args, call.input, { PATH: '' });
}

/** `<stdin>:line:col: severity CODE: message` (a mapping problem at its call's place), or of a whole source (`<arguments>: ...`). */
const DIAGNOSTIC = /^(?:<stdin>|<arguments>|<model>)(?::\d+:\d+)?: (?:error|warning|info) [A-Z_]+: ./;

/**
 * The CLI answered with results and diagnostics only: no internal error, no stack trace, each
 * stderr line a diagnostic, and a warning for each member whose value it could not map.
 */
function expectAnswered(run: CliRun, call: Call): void {
  for (const text of [run.stdout, run.stderr]) {
    expect(text).not.toContain('internal error');
    expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  for (const line of lines) expect(line).toMatch(DIAGNOSTIC);
  const unmapped = lines.filter((line) => /^<stdin>:\d+:\d+: warning MAPPING_STATIC_QUOTE: /.test(line));
  expect(unmapped.map((line) => /: (\w+) holds a single quote/.exec(line)?.[1]).sort()).toEqual([...call.unmappable].sort());
}

function concrete(model: IntegrationModel, map: Record<string, Templated>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, text]) => [key, withDefaults(model, text)]));
}

function mergedMap(map: Record<string, Templated>): Record<string, Templated> {
  return Object.fromEntries(Object.entries(map).map(([key, text]) => [key, merged(text)]));
}

/** Every static value of the method is one single-quoted string with no quote inside. */
function expectStaticValuesQuoted(model: IntegrationModel): void {
  for (const value of Object.values(concrete(model, model.methods[0]!.integration.requestParameters))) {
    if (!value.startsWith('method.request.')) expect(value).toMatch(/^'[^']*'$/);
  }
}

function expectOpenApi(text: string, model: IntegrationModel): void {
  const doc: Json = JSON.parse(text);
  const method = model.methods[0]!;
  const { integration } = method;
  expect(doc.info.title).toBe(model.title);
  const emitted = doc.paths[method.resourcePath][method.httpMethod.toLowerCase()]['x-amazon-apigateway-integration'];
  expect(emitted.uri).toBe(withDefaults(model, integration.uri));
  expect(emitted.credentials).toBe(withDefaults(model, integration.credentials));
  expect(emitted.requestParameters ?? {}).toEqual(concrete(model, integration.requestParameters));
  expect(emitted.requestTemplates ?? {}).toEqual(concrete(model, integration.requestTemplates));
}

/** Read with the YAML 1.1 and 1.2 schemas alone (no CloudFormation short-form tags); both must agree. */
function expectCloudFormation(text: string, model: IntegrationModel): void {
  const documents = (['1.1', '1.2'] as const).map((version) => parseDocument(text, { version }));
  for (const doc of documents) {
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
  }
  const template: Json = documents[0]!.toJS();
  expect(documents[1]!.toJS()).toEqual(template);
  const templatedOf = (value: Json): Templated => (typeof value === 'string' ? merged([value]) : value.Ref !== undefined ? [{ param: value.Ref }] : fromFnSub(value['Fn::Sub']));
  const templatedMap = (map: Json): Record<string, Templated> => Object.fromEntries(Object.entries(map ?? {}).map(([key, value]) => [key, templatedOf(value)]));
  for (const p of model.parameters) expect(template.Parameters[p.name].Default).toBe(p.placeholder ? '' : p.default);
  expect(template.Resources.Api.Properties.Name).toBe(model.title);
  const method = model.methods[0]!;
  const [emitted] = Object.values(template.Resources as Record<string, Json>).filter((r) => r.Type === 'AWS::ApiGateway::Method');
  const integration = emitted.Properties.Integration;
  expect(templatedOf(integration.Uri)).toEqual(merged(method.integration.uri));
  expect(templatedMap(integration.RequestParameters)).toEqual(mergedMap(method.integration.requestParameters));
  expect(templatedMap(integration.RequestTemplates)).toEqual(mergedMap(method.integration.requestTemplates));
  const policy = template.Resources.ExecutionRole.Properties.Policies[0].PolicyDocument;
  expect(policy.Statement.map((s: Json) => s.Resource.map(templatedOf))).toEqual(method.policy.map((s) => s.resources.map(merged)));
}

/**
 * Terraform holds every string in NFC (HCL's parser and cty normalize each one, escapes
 * included), so text written as it is, the title and static values, arrives normalized; request
 * templates and URIs escape whatever is not ASCII and must arrive exactly.
 */
function nfc(text: Templated): Templated {
  return text.map((part) => (typeof part === 'string' ? part.normalize('NFC') : part));
}

async function expectTerraform(text: string, model: IntegrationModel): Promise<void> {
  const doc: Json = await parseHcl('main.tf', text);
  const variables = variablesOf(model);
  const templated = (value: string): Templated => fromJsonTemplate(value, variables);
  const templatedMap = (map: Json): Record<string, Templated> => Object.fromEntries(Object.entries(map ?? {}).map(([key, value]) => [key, templated(value as string)]));
  for (const [name, parameter] of variables) {
    const p = model.parameters.find((q) => q.name === parameter)!;
    expect(templated(doc.variable[name][0].default)).toEqual(merged([p.placeholder ? '' : p.default]));
  }
  expect(templated(doc.resource.aws_api_gateway_rest_api.api[0].name)).toEqual(nfc(merged([model.title])));
  const [integration] = Object.values(doc.resource.aws_api_gateway_integration as Record<string, Json[]>).map((bodies) => bodies[0]);
  const method = model.methods[0]!;
  expect(templated(integration.uri)).toEqual(merged(method.integration.uri));
  expect(templatedMap(integration.request_parameters)).toEqual(Object.fromEntries(Object.entries(mergedMap(method.integration.requestParameters)).map(([k, v]) => [k, nfc(v)])));
  expect(templatedMap(integration.request_templates)).toEqual(mergedMap(method.integration.requestTemplates));
}

function expectIam(text: string, model: IntegrationModel): void {
  const files = Object.fromEntries([...text.matchAll(/^==> (.+) <==\n([^]*?)(?=^==> |(?![^]))/gm)].map((m) => [m[1]!, JSON.parse(m[2]!) as Json]));
  expect(Object.keys(files)).toEqual(['iam-role.json', 'trust-policy.json', 'permissions-policy.json']);
  expect(files['permissions-policy.json'].Statement.map((s: Json) => s.Resource)).toEqual(model.methods[0]!.policy.map((s) => s.resources.map((r) => withDefaults(model, r))));
}

/**
 * A stand-in for the AWS CLI: records each call's arguments, NUL-terminated, in `PID.argv`, and
 * a copy of each `file://` argument's file in `PID.I` (I counted from 1); answers the id queries
 * deploy.sh makes; and fails `get-method`, as for a method that does not exist yet.
 */
const AWS_STUB = [
  '#!/bin/bash',
  'i=0',
  'for arg; do',
  '  i=$((i + 1))',
  '  printf "%s\\0" "$arg" >>"$AWS_STUB_DIR/$$.argv"',
  '  case $arg in file://*) cp "${arg#file://}" "$AWS_STUB_DIR/$$.$i" ;; esac',
  'done',
  'while [ "$#" -gt 0 ] && [ "$1" != apigateway ]; do shift; done',
  'case ${2-} in',
  '  get-method) exit 1 ;;',
  '  create-rest-api) echo api0001 ;;',
  '  create-resource) echo "resource$$" ;;',
  '  create-request-validator) echo "validator$$" ;;',
  '  get-resources) case "$*" in *"path==\'/\'"*) echo root0001 ;; esac ;;',
  'esac',
].join('\n');

interface AwsCall {
  args: string[];
  /** Argument index (from 0) -> the content of the file it named. */
  files: Map<number, string>;
}

const ROLE = 'arn:aws:iam::123456789012:role/apigw-hostile';

/** Runs deploy.sh with bash and the stub on PATH; returns what each `aws` call was given. */
function runDeployScript(script: string): { status: number | null; stderr: string; calls: AwsCall[] } {
  const dir = mkdtempSync(join(tmpdir(), 'injection-'));
  try {
    const bin = join(dir, 'bin');
    const record = join(dir, 'record');
    for (const d of [bin, record]) mkdirSync(d);
    writeFileSync(join(bin, 'aws'), AWS_STUB, { mode: 0o755 });
    writeFileSync(join(dir, 'deploy.sh'), script);
    // No stdin: bash run with a socket for stdin reads ~/.bashrc as if started by sshd.
    const run = spawnSync('bash', [join(dir, 'deploy.sh')], {
      env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir, AWS_STUB_DIR: record, EXECUTION_ROLE_ARN: ROLE },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const calls = readdirSync(record)
      .filter((file) => file.endsWith('.argv'))
      .map((file): AwsCall => {
        const pid = file.slice(0, -'.argv'.length);
        const args = readFileSync(join(record, file), 'utf8').split('\0').slice(0, -1);
        const files = new Map<number, string>();
        args.forEach((_arg, i) => {
          const copy = join(record, `${pid}.${i + 1}`);
          if (existsSync(copy)) files.set(i, readFileSync(copy, 'utf8'));
        });
        return { args, files };
      });
    return { status: run.status, stderr: run.stderr, calls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectDeployScript(text: string, model: IntegrationModel): void {
  const run = runDeployScript(text);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const named = (command: string): AwsCall[] => run.calls.filter((c) => c.args[c.args.indexOf('apigateway') + 1] === command);
  const option = (c: AwsCall, name: string): string | undefined => {
    const at = c.args.indexOf(name);
    return at === -1 ? undefined : c.args[at + 1];
  };
  const fileOption = (c: AwsCall, name: string): unknown => {
    const at = c.args.indexOf(name);
    return at === -1 ? {} : JSON.parse(c.files.get(at + 1)!);
  };
  const [api] = named('create-rest-api');
  expect(option(api!, '--name')).toBe(model.title);
  const puts = named('put-integration');
  expect(puts).toHaveLength(1);
  const { integration } = model.methods[0]!;
  expect(option(puts[0]!, '--uri')).toBe(withDefaults(model, integration.uri));
  expect(option(puts[0]!, '--credentials')).toBe(ROLE);
  expect(fileOption(puts[0]!, '--request-parameters')).toEqual(concrete(model, integration.requestParameters));
  expect(fileOption(puts[0]!, '--request-templates')).toEqual(concrete(model, integration.requestTemplates));
}

/**
 * A title, as a command line can give it (argv strings cannot hold NUL) and as --title takes it:
 * a blank name is refused, as API Gateway refuses it.
 */
const title = hostile.filter((text) => !text.includes('\u0000') && text.trim() !== '');

describe('hostile values in a log reach every output exactly', () => {
  test.each(KINDS)('$name: verify rebuilds the captured call, each value in its place', async ({ calls, regressions }) => {
    await fc.assert(
      fc.asyncProperty(calls, async (call) => {
        const run = await runCli(['verify', ...mappingFlags(call)], call);
        expectAnswered(run, call);
        const { model, requests } = await modelOf(call);
        const [result] = verifyModel(model, requests);
        expect(result!.refused).toBeUndefined();
        call.expectRebuilt(result!.rebuilt!);
        if (call.matches) {
          expect(result!.comparison!.differences).toEqual([]);
          expect(run.stdout).toMatch(/^✓ /);
          expect(run.code).toBe(0);
        } else {
          expect(result!.comparison!.differences).not.toEqual([]);
          expect(run.stdout).toMatch(/^✗ /);
          expect(run.code).toBe(1);
        }
      }),
      { numRuns: 20, examples: regressions.verify.map((call) => [call]) },
    );
  });

  test.each(KINDS)('$name: verify --body puts the client body where it belongs', async ({ calls, bodies }) => {
    await fc.assert(
      fc.asyncProperty(calls.filter((call) => call.expectLanded !== undefined), bodies, async (call, body) => {
        const run = await runCli(['verify', ...mappingFlags(call), `--body=${body}`], call);
        expectAnswered(run, call);
        expect(run.stdout).toMatch(/^• .*nothing captured to compare it with\n/);
        expect(run.code).toBe(0);
        const { model, requests } = await modelOf(call);
        const [result] = verifyModel(model, requests, { body });
        call.expectLanded!(result!.rebuilt!, body);
      }),
      { numRuns: 15 },
    );
  });

  test.each(KINDS)('$name: every format, read back by its own parser, holds the integration model', async ({ calls, regressions }) => {
    await fc.assert(
      fc.asyncProperty(calls, title, async (call, name) => {
        const { model } = await modelOf(call, name);
        expectStaticValuesQuoted(model);
        const emit = async (format: string): Promise<string> => {
          const run = await runCli(['--format', format, `--title=${name}`, ...mappingFlags(call)], call);
          expectAnswered(run, call);
          expect(run.code).toBe(0);
          return run.stdout;
        };
        expectOpenApi(await emit('openapi2'), model);
        expectOpenApi(await emit('openapi3'), model);
        expectCloudFormation(await emit('cloudformation'), model);
        await expectTerraform(await emit('terraform'), model);
        expectIam(await emit('iam'), model);
        expectDeployScript(await emit('cli'), model);
        await emit('markdown');
      }),
      { numRuns: 10, examples: regressions.emit.map((call) => [call, 'api']) },
    );
  });
});

describe('a leading byte order mark', () => {
  // A TextDecoder drops a leading BOM unless told not to; the payload is the bytes as sent.
  test('a Lambda payload that starts with a BOM keeps it', async () => {
    const { model, requests } = await modelOf(lambdaInvokeCall({ fn: 'my-fn', qualifier: 'v1', type: 'Event', payload: `${BOM}{}` }));
    expect(verifyModel(model, requests)[0]!.rebuilt!.body).toBe(`${BOM}{}`);
  });
});

describe('the writers of the test input', () => {
  // Each case is checked by python3 itself: literal_eval reads back what was written, and repr
  // (where python3's unicode tables know every character), json.dumps and quote write the same text.
  (requireTool('python3') ? test : test.skip)('write what python3 reads back and writes itself', () => {
    const values = fc.sample(hostile, { numRuns: 300, seed: 20261125 });
    const cases = values.map((value) => ({
      value,
      repr: strRepr(value),
      bytes: bytesRepr(Buffer.from(value)),
      dict: pyRepr({ [value]: [value, Buffer.from(value), null, true, false, 1] }),
      json: pyJsonDumps({ k: value, [value]: [value, 1, null] }),
      url: percentEncode(value),
      greedy: percentEncode(value, '/~'),
    }));
    const check = [
      'import ast, json, sys, unicodedata, urllib.parse',
      'failures = []',
      'for c in json.load(sys.stdin):',
      '    v = c["value"]',
      '    known = all(unicodedata.category(ch) != "Cn" for ch in v)',
      '    checks = {',
      '        "repr": ast.literal_eval(c["repr"]) == v and (not known or repr(v) == c["repr"]),',
      '        "bytes": ast.literal_eval(c["bytes"]) == v.encode() and repr(v.encode()) == c["bytes"],',
      '        "dict": ast.literal_eval(c["dict"]) == {v: [v, v.encode(), None, True, False, 1]} and (not known or repr({v: [v, v.encode(), None, True, False, 1]}) == c["dict"]),',
      '        "json": json.dumps({"k": v, v: [v, 1, None]}) == c["json"],',
      '        "url": urllib.parse.quote(v.encode(), safe="") == c["url"] and urllib.parse.quote(v.encode(), safe="/~") == c["greedy"],',
      '    }',
      '    failures += [[name, v] for name, ok in checks.items() if not ok]',
      'print(json.dumps(failures))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', check], { input: JSON.stringify(cases), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});
