/**
 * The verify stage over the committed samples: every mapping infer-mapping builds from a real
 * capture, rendered as API Gateway renders it, is the request the AWS CLI sent. And the other
 * way round: a mapping broken on purpose (wrong target, a header missing, the wrong encoding, the
 * wrong action) is reported, naming what differs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapturedRequest } from '../../src/capture/types.js';
import { buildIntegrationModel } from '../../src/integrate/integrate.js';
import type { IntegrationModel, MethodModel } from '../../src/integrate/types.js';
import type { FromFlag } from '../../src/integrate/sources.js';
import { runPipeline } from '../../src/pipeline.js';
import { withDefaults } from '../../src/emit/templated.js';
import { exampleRequest } from '../../src/integrate/example.js';
import { renderTemplate } from '../../src/verify/vtl.js';
import { formatVerification, verifyModel } from '../../src/verify/verify.js';
import { cli } from '../support/cli.js';
import { manifest, MODELS, SAMPLES } from '../support/samples.js';

/**
 * Samples that cannot verify clean, and why. None today: every sample's call has an integration
 * (the CBOR capture is reached through CloudWatch's JSON protocol, which the verify stage compares
 * by meaning), and a streamed S3 body the log does not show is noted, not failed.
 */
const UNVERIFIABLE: Record<string, string> = {};

describe('every sample verifies clean', () => {
  test('the manifest lists every sample', () => {
    expect(manifest.length).toBeGreaterThan(0);
  });

  test.each(manifest.map((e) => e.file).filter((f) => !(f in UNVERIFIABLE)))('%s', async (file) => {
    const run = await cli(['verify', join(SAMPLES, file), '--model-dir', MODELS]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toMatchObject({ code: 0 });
    expect(run.stdout).not.toContain('✗');
    // One ✓ per distinct operation of the sample.
    const operations = new Set(manifest.find((e) => e.file === file)!.operations);
    expect(run.stdout.match(/^✓ .*: the integration request matches the captured call$/gm)).toHaveLength(operations.size);
  });
});

describe('--no-models: every sample verifies clean from what its protocol proves', () => {
  // API Gateway sends no CBOR: a CBOR call is reached through the JSON protocol, which only a model gives.
  const samples = manifest.filter((e) => e.wire_protocol !== 'smithy-rpc-v2-cbor').map((e) => e.file);

  test.each(samples)('%s', async (file) => {
    const run = await cli(['verify', '--no-models', join(SAMPLES, file)]);
    expect({ code: run.code, stdout: run.stdout }).toMatchObject({ code: 0 });
    expect(run.stdout).not.toContain('✗');
  });

  test('what a model would have said, the wire shows: a raw payload, a repeated query key, a literal query, the host', async () => {
    const shapes = async (file: string): Promise<Record<string, unknown>> => {
      const run = await cli(['--format', 'json', '--no-models', join(SAMPLES, file)]);
      const [request] = (JSON.parse(run.stdout) as { requests: Array<{ bodyEncoding: string; parameters: Array<{ name: string; type: string; example: unknown }> }> }).requests;
      return { bodyEncoding: request!.bodyEncoding, ...Object.fromEntries(request!.parameters.map((p) => [p.name, [p.type, p.example]])) };
    };
    // Sent without a Content-Type, a rest-json body is a raw payload, not a JSON document.
    expect(await shapes('lambda-invoke.log')).toEqual({ bodyEncoding: 'binary', Body: ['blob', '{"a":1}'] });
    expect(await shapes('lambda-untag-resource.log')).toEqual({ bodyEncoding: 'none', tagKeys: ['list', ['env', 'team']] });
    expect(await shapes('s3-ls.log')).toMatchObject({ 'list-type': ['string', '2'] });
    const uri = async (file: string): Promise<string> => (await cli(['--format', 'openapi3', '--no-models', join(SAMPLES, file)])).stdout.match(/"uri": "([^"]+)"/)![1]!;
    expect(await uri('s3control-put-public-access-block.log')).toBe('arn:aws:apigateway:us-east-1:123456789012.s3-control:path/v20180820/configuration/publicAccessBlock');
    expect(await uri('s3api-put-object-sse-c-gzip.log')).toBe('arn:aws:apigateway:us-east-1:s3:path/orders-archive/2026/12/order-1042.json.gz');
    expect(await uri('lex-runtime-post-content.log')).toMatch(/^arn:aws:apigateway:us-east-1:runtime\.lex:path\//);
  });
});

test("each method is compared with its operation's first call, the one it is built from: a log twice over verifies as once", async () => {
  const text = ['sqs-send-message.log', 'sns-publish.log'].map((f) => readFileSync(join(SAMPLES, f), 'utf8')).join('');
  const once = await cli(['verify', '--model-dir', MODELS], text);
  expect(once.stdout.match(/^✓ /gm)).toHaveLength(2);
  expect(await cli(['verify', '--model-dir', MODELS], text + text)).toEqual(once);
});

describe('where the rebuilt request goes', () => {
  test.each([
    ['iam-list-users-global.log', 'POST https://iam.amazonaws.com/?Action=ListUsers'],
    ['route53-list-hosted-zones.log', 'GET https://route53.amazonaws.com/2013-04-01/hostedzone'],
    ['iam-list-users-eu-west-1-moto.log', 'POST https://iam.eu-west-1.amazonaws.com/?Action=ListUsers'],
    ['sns-publish.log', 'POST https://sns.us-east-1.amazonaws.com/?Action=Publish'],
    ['sns-publish-china.log', 'POST https://sns.cn-north-1.amazonaws.com.cn/?Action=Publish'],
  ])('%s: %s (a global service at its global endpoint, when the call went there)', async (file, line) => {
    const run = await cli(['verify', join(SAMPLES, file), '--model-dir', MODELS]);
    expect(run.stdout.split('\n')).toContain(`  ${line}`);
  });
});

test.each([
  ['sqs-send-message-legacy-queue-url.log', "the call went to queue.amazonaws.com, SQS's legacy endpoint, which the queue URL names; API Gateway reaches the service at its standard endpoint, sqs.us-east-1.amazonaws.com"],
  ['dynamodb-put-item-table-arn.log', "the call went to 123456789012.ddb.us-east-1.amazonaws.com, the account's own endpoint; API Gateway reaches the service at its standard endpoint, dynamodb.us-east-1.amazonaws.com"],
])('%s: another endpoint of the same service is noted, not a difference', async (file, note) => {
  const run = await cli(['verify', join(SAMPLES, file), '--model-dir', MODELS]);
  expect(run.stdout).toContain(`  note: ${note}\n`);
  expect(run.code).toBe(0);
});

test('a payload of bytes that are not UTF-8 has no text example: noted, never rebuilt from a decoding that changed it', async () => {
  const run = await cli(['verify', join(SAMPLES, 'lambda-invoke-binary-payload.log'), '--model-dir', MODELS]);
  expect(run.stdout).toContain("  note: the log does not show the body as text (a streamed file, bytes that are not UTF-8, or a log without the call's params dict), so it is not compared\n");
  expect(run.stdout).not.toContain('\ufffd');
  const json = await cli(['--format', 'json', join(SAMPLES, 'lambda-invoke-binary-payload.log'), '--model-dir', MODELS]);
  expect(JSON.parse(json.stdout).requests[0].parameters.find((p: { name: string }) => p.name === 'Payload').example).toBeNull();
});

test('another host of another service is still a difference', async () => {
  const { model, calls } = await modelOf('dynamodb-put-item-table-arn.log');
  const [call] = calls;
  const moved = { ...model, methods: model.methods.map((m) => ({ ...m, operation: { ...m.operation, host: 'kinesis-fips.us-east-1.amazonaws.com' } })) };
  expect(verifyModel(moved, [call!])[0]!.comparison?.differences.map((d) => d.field)).toEqual(['host']);
});

test('verify --param repeated for a list query parameter sends each value, in order', async () => {
  const run = await cli(['verify', join(SAMPLES, 'lambda-untag-resource.log'), '--model-dir', MODELS, '--param', 'querystring.tagKeys=owner', '--param', 'querystring.tagKeys=cost center']);
  expect(run.stdout).toMatch(/^ {2}DELETE \S+\?tagKeys=owner&tagKeys=cost\+center$/m);
  const once = await cli(['verify', join(SAMPLES, 'lambda-untag-resource.log'), '--model-dir', MODELS, '--param', 'querystring.tagKeys=owner']);
  expect(once.stdout).toMatch(/^ {2}DELETE \S+\?tagKeys=owner$/m);
});

test("a list header's example is the header botocore writes: items joined by commas, one holding a comma or a quote quoted", async () => {
  const { model } = await modelOf('s3api-get-object-attributes.log');
  const method = model.methods[0]!;
  method.operation.parameters.find((p) => p.name === 'ObjectAttributes')!.example = ['ETag', 'a,b', 'say "hi"'];
  expect(exampleRequest(method).header['x-amz-object-attributes']).toBe('ETag,"a,b","say \\"hi\\""');
});

describe('--query-string-payload: every query-protocol sample verifies, its members in the URL', () => {
  const formSamples = manifest.filter((e) => e.wire_protocol === 'query' || e.wire_protocol === 'ec2').map((e) => e.file);

  test.each(formSamples)('%s', async (file) => {
    const run = await cli(['verify', '--query-string-payload', join(SAMPLES, file), '--model-dir', MODELS]);
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).toMatch(/^✓ .*: the integration request matches the captured call$/m);
    expect(run.stdout).toContain('the parameters travel in the integration URL');
  });

  test('an API-reference URL too: its parameters were in the URL all along', async () => {
    const run = await cli(['verify', '--query-string-payload', '--model-dir', MODELS], 'https://sns.us-east-1.amazonaws.com/?Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At&Message=hi&Version=2010-03-31\n');
    expect(run.stdout).toMatch(/^✓ .*: the integration request matches the captured call$/m);
  });
});

describe('an API-reference URL: its parameters, in the URL, are compared with the form body the integration sends', () => {
  test.each([
    ['SNS Publish', 'https://sns.us-east-1.amazonaws.com/?Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At&Message=hi&Version=2010-03-31\n', []],
    ['EC2 RunInstances, without a Version (left to AUTHPARAMS)', 'https://ec2.amazonaws.com/?Action=RunInstances\n&ImageId=ami-0abcdef1234567890\n&MaxCount=1\n&MinCount=1\n&AUTHPARAMS\n', ["the capture gives no Version; the integration sends the model's, 2016-11-15"]],
  ])('%s verifies', async (_, url, notes) => {
    const run = await cli(['verify', '--model-dir', MODELS], url);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ .*: the integration request matches the captured call$/m);
    expect(run.stdout).toContain("the parameters travel in a form body instead of the captured URL's query string");
    for (const note of notes as string[]) expect(run.stdout).toContain(note);
  });

  test("SQS's example URL, the queue in its path: the queue is QueueUrl, and fields the model has no member for are said, not dropped unseen", async () => {
    // As the SQS API reference writes SendMessage, message attributes in the query API's names.
    const url = 'https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue/\n?Action=SendMessage\n&MessageBody=This+is+a+test+message\n&MessageAttribute.1.Name=my_attribute_name_1\n&MessageAttribute.1.Value.StringValue=my_attribute_value_1\n&MessageAttribute.1.Value.DataType=String\n&Version=2012-11-05\n&AUTHPARAMS\n';
    const json = await cli(['--format', 'json', '--model-dir', MODELS], url);
    const [request] = (JSON.parse(json.stdout) as { requests: Array<{ parameters: Array<{ name: string; example: unknown }> }> }).requests;
    expect(request!.parameters.map((p) => [p.name, p.example])).toEqual([
      ['QueueUrl', 'https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue'],
      ['MessageBody', 'This is a test message'],
    ]);
    expect(json.stderr).toMatch(/warning CALL_FIELDS_UNKNOWN: call 1 \(SendMessage\): MessageAttribute match(?:es)? no member of SendMessage in the service model/);
    const iam = await cli(['--format', 'iam', '--model-dir', MODELS], url);
    expect(iam.stdout).toContain('"arn:aws:sqs:us-east-2:123456789012:MyQueue"');
    const run = await cli(['verify', '--model-dir', MODELS], url);
    expect(run.stdout).toContain("note: the captured URL's path names the queue, which the integration sends as QueueUrl, as botocore does");
    // What the mapping leaves out is the one difference.
    expect(run.stdout).toMatch(/^ {2}body:\n {4}- MessageAttribute\.1\.Name=my_attribute_name_1\n/m);
  });

  test('a parameter the template gets wrong is still caught', async () => {
    const url = 'https://sns.us-east-1.amazonaws.com/?Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At&Message=hi&Version=2010-03-31\n';
    const result = await runPipeline([{ name: '<stdin>', chunks: [url] }], { modelDirs: [MODELS], fallbackModelDirs: [] });
    const { model } = buildIntegrationModel(result.operations, { constants: [], from: [], queryStringPayload: false });
    const templates = model.methods[0]!.integration.requestTemplates;
    for (const type of Object.keys(templates)) templates[type] = (templates[type] as string[]).map((part) => (typeof part === 'string' ? part.replace('&Message=', '&Subject=') : part));
    const results = verifyModel(model, result.requests);
    expect(results[0]!.comparison?.differences.map((d) => d.field)).toEqual(['body']);
  });
});

/** The model and captured calls of a sample, as `infer-mapping verify` builds them. */
async function modelOf(file: string, from: FromFlag[] = []): Promise<{ model: IntegrationModel; calls: CapturedRequest[] }> {
  const result = await runPipeline([{ name: file, chunks: [readFileSync(join(SAMPLES, file), 'utf8')] }], { modelDirs: [MODELS], fallbackModelDirs: [] });
  const { model } = buildIntegrationModel(result.operations, { constants: [], from, queryStringPayload: false });
  expect(model.methods).toHaveLength(1);
  return { model, calls: result.requests };
}

/** Verifies after `mutate`; returns the fields reported as different and the printed report. */
async function broken(file: string, mutate: (method: MethodModel) => void): Promise<{ fields: string[]; text: string; ok: boolean }> {
  const { model, calls } = await modelOf(file);
  mutate(model.methods[0]!);
  const results = verifyModel(model, calls);
  const report = formatVerification(results);
  return { fields: (results[0]!.comparison?.differences ?? []).map((d) => d.field), ...report };
}

describe('a deliberately broken mapping is caught', () => {
  test.each(['sns-publish.log', 'dynamodb-put-item.log', 'kinesis-put-record.log'])('the unbroken mapping of %s verifies (control)', async (file) => {
    const { model, calls } = await modelOf(file);
    const results = verifyModel(model, calls);
    // Compared with the captured call (not merely rendered), and equal to it.
    expect(results.map((r) => r.comparison?.differences)).toEqual([[]]);
    expect(formatVerification(results).ok).toBe(true);
  });

  test('wrong X-Amz-Target', async () => {
    const r = await broken('dynamodb-put-item.log', (m) => {
      m.integration.requestParameters['integration.request.header.X-Amz-Target'] = ["'DynamoDB_20120810.UpdateItem'"];
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['target']);
    expect(r.text).toContain('✗ DynamodbPutItem');
    expect(r.text).toMatch(/ {2}target:\n {4}- DynamoDB_20120810\.PutItem\n {4}\+ DynamoDB_20120810\.UpdateItem\n/);
  });

  test("a header the service needs and no member carries missing (Glacier's API version)", async () => {
    const r = await broken('glacier-list-vaults.log', (m) => {
      delete m.integration.requestParameters['integration.request.header.x-amz-glacier-version'];
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['headers']);
  });

  test('the Content-MD5 S3 requires missing, or not the MD5 of the body sent', async () => {
    const missing = await broken('s3api-delete-objects.log', (m) => {
      delete m.integration.requestParameters['integration.request.header.Content-MD5'];
    });
    expect(missing.ok).toBe(false);
    expect(missing.text).toContain('✗ S3DeleteObjects (POST /s3/delete-objects): s3 would refuse the integration request: DeleteObjects goes without Content-MD5 or x-amz-checksum-*');
    const stale = await broken('s3api-put-bucket-acl.log', (m) => {
      m.integration.requestParameters['integration.request.header.Content-MD5'] = ["'dx2fCjDVR/OGeqlqbb6y3g=='"];
    });
    expect(stale.ok).toBe(false);
    expect(stale.text).toContain('s3 would refuse the integration request: Content-MD5 is dx2fCjDVR/OGeqlqbb6y3g==, but the MD5 of the body is 1B2M2Y8AsgTpgAmY7PhCfg==');
  });

  test("a client's own body with a Content-MD5 of another body is caught though nothing captured shows that request", async () => {
    const log = join(SAMPLES, 's3api-delete-objects.log');
    const right = await cli(['verify', log, '--model-dir', MODELS, '--body', '<Delete/>']);
    expect(right.code).toBe(0);
    expect(right.stdout).toContain(`Content-MD5: ${createHash('md5').update('<Delete/>').digest('base64')}\n`);
    const wrong = await cli(['verify', log, '--model-dir', MODELS, '--body', '<Delete/>', '--param', 'header.Content-MD5=1B2M2Y8AsgTpgAmY7PhCfg==']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^✗ S3DeleteObjects .*: s3 would refuse the integration request: Content-MD5 is 1B2M2Y8AsgTpgAmY7PhCfg==, but the MD5 of the body is /m);
  });

  test('X-Amz-Target header missing', async () => {
    const r = await broken('dynamodb-put-item.log', (m) => {
      delete m.integration.requestParameters['integration.request.header.X-Amz-Target'];
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['target']);
    expect(r.text).toMatch(/ {2}target:\n {4}- DynamoDB_20120810\.PutItem\n {4}\+ \(none\)\n/);
  });

  test('Content-Type header mapping missing (a form body sent without its media type)', async () => {
    const r = await broken('sns-publish.log', (m) => {
      delete m.integration.requestParameters['integration.request.header.Content-Type'];
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['content-type']);
    expect(r.text).toMatch(/ {2}content-type:\n {4}- application\/x-www-form-urlencoded\n {4}\+ \n/);
  });

  test('wrong encoding: a form-protocol template that writes JSON', async () => {
    const r = await broken('sns-publish.log', (m) => {
      m.integration.requestTemplates['application/json'] = [
        '{"Action": "Publish", "Version": "2010-03-31", "TopicArn": "arn:aws:sns:us-east-1:123456789012:orders", "Message": "$util.escapeJavaScript($input.body)"}',
      ];
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['body']);
    expect(r.text).toMatch(/ {2}body:\n {4}- Action=Publish\n/);
  });

  test('wrong encoding: a blob member not base64-encoded', async () => {
    const r = await broken('kinesis-put-record.log', (m) => {
      const template = m.integration.requestTemplates['application/json']!;
      m.integration.requestTemplates['application/json'] = template.map((part) => (typeof part === 'string' ? part.replace(/\$util\.base64Encode\(([^)]*)\)/g, '$1') : part));
      expect(m.integration.requestTemplates['application/json']).not.toEqual(template);
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['body']);
    expect(r.text).toMatch(/^ {4}- {3}"Data": "YUdWc2JHOD0="/m);
    expect(r.text).toMatch(/^ {4}\+ {3}"Data": "aGVsbG8="/m);
  });

  test("the model's host prefix dropped from the URI (Data Exchange's api-fulfill.): the rebuilt request goes to another host", async () => {
    const r = await broken('dataexchange-send-api-asset.log', (m) => {
      expect(m.integration.uri).toEqual(['arn:aws:apigateway:us-east-1:api-fulfill.dataexchange:path/v1']);
      m.integration.uri = ['arn:aws:apigateway:us-east-1:dataexchange:path/v1'];
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['host']);
    expect(r.text).toMatch(/ {2}host:\n {4}- api-fulfill\.dataexchange\.amazonaws\.com\n {4}\+ dataexchange\.amazonaws\.com\n/);
  });

  test("a querystring map's entries sent as one parameter named after the member, not a query key each", async () => {
    const r = await broken('dataexchange-send-api-asset.log', (m) => {
      const parameters = m.integration.requestParameters;
      expect(parameters['integration.request.querystring.q1']).toEqual(['method.request.querystring.q1']);
      delete parameters['integration.request.querystring.q1'];
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['uri']);
  });

  test('wrong action in the URI', async () => {
    const r = await broken('sns-publish.log', (m) => {
      m.integration.uri = ['arn:aws:apigateway:us-east-1:sns:action/Subscribe'];
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['uri']);
    expect(r.text).toMatch(/ {2}uri:\n {4}- \/\n {4}\+ \/\?Action=Subscribe\n/);
  });

  test('a list read from a repeated query parameter mapped single-valued (its last value alone passed on)', async () => {
    const r = await broken('lambda-untag-resource.log', (m) => {
      const parameters = m.integration.requestParameters;
      expect(parameters['integration.request.multivaluequerystring.tagKeys']).toEqual(['method.request.multivaluequerystring.tagKeys']);
      delete parameters['integration.request.multivaluequerystring.tagKeys'];
      parameters['integration.request.querystring.tagKeys'] = ['method.request.querystring.tagKeys'];
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['uri']);
    expect(r.text).toMatch(/ {4}- \S+\?tagKeys=env&tagKeys=team\n {4}\+ \S+\?tagKeys=team\n/);
  });

  test('wrong HTTP method', async () => {
    const r = await broken('sqs-send-message.log', (m) => {
      m.integration.httpMethod = 'GET';
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['method']);
  });

  test('a template that drops a member', async () => {
    const r = await broken('sqs-send-message.log', (m) => {
      m.integration.requestTemplates['application/json'] = ['{"QueueUrl": "http://127.0.0.1:5055/123456789012/jobs"}'];
    });
    expect(r.ok).toBe(false);
    expect(r.fields).toEqual(['body']);
    expect(r.text).toMatch(/^ {4}- {3}"MessageBody": "Hello"/m);
  });
});

test("a form body's decimal numbers are compared by value (API Gateway writes them as Java does), and a difference lists only the fields that differ", async () => {
  const log = join(SAMPLES, 'autoscaling-put-scaling-policy.log');
  const run = await cli(['verify', '--model-dir', MODELS, '--from', 'body', 'TargetTrackingConfiguration', log]);
  expect({ code: run.code, stdout: run.stdout }).toMatchObject({ code: 0, stdout: expect.stringContaining('TargetTrackingConfiguration.TargetValue=1.23456789E7') });
  expect(run.stdout).toContain('note: decimal numbers are compared by value');
  // A field the template names wrong is a difference, shown alone.
  const { model, calls } = await modelOf('autoscaling-put-scaling-policy.log', [{ source: 'body', member: 'TargetTrackingConfiguration' }]);
  const template = model.methods[0]!.integration.requestTemplates['application/json'] as string[];
  model.methods[0]!.integration.requestTemplates['application/json'] = template.map((part) => (typeof part === 'string' ? part.replace('.TargetValue=', '.TargetValu=') : part));
  const [difference] = verifyModel(model, calls)[0]!.comparison!.differences;
  expect(difference).toEqual({ field: 'body', captured: 'TargetTrackingConfiguration.TargetValue=12345678.9', rebuilt: 'TargetTrackingConfiguration.TargetValu=1.23456789E7' });
});

test("an idempotency token the client leaves out is API Gateway's request id, one per request; the client's own is sent as it is", async () => {
  const { model } = await modelOf('ec2-run-instances-user-data.log');
  const method = model.methods[0]!;
  expect(method.members.find((m) => m.member === 'ClientToken')).toMatchObject({ source: { kind: 'querystring', name: 'ClientToken' }, orRequestId: true });
  const template = withDefaults(model, method.integration.requestTemplates['application/json']!);
  const request = exampleRequest(method);
  const own = renderTemplate(template, request).output;
  expect(own).toContain(`&ClientToken=${String(request.querystring['ClientToken'])}`);
  const { ClientToken: _, ...without } = request.querystring;
  expect(renderTemplate(template, { ...request, querystring: without }).output).toContain('&ClientToken=c0ffee00-0000-4000-8000-000000000000');
});
