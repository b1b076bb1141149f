/**
 * The integration model: the API Gateway semantics every emitter relies on, checked on real
 * samples, plus properties that no value can break out of its place in a template.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { EMITTERS, emitterFor } from '../../src/emit/registry.js';
import { withDefaults } from '../../src/emit/templated.js';
import { buildIntegrationModel, type IntegrateOptions } from '../../src/integrate/integrate.js';
import { jsonTemplate } from '../../src/integrate/templates.js';
import type { IntegrationModel, MemberMapping, MethodModel } from '../../src/integrate/types.js';
import type { InferredOperation } from '../../src/infer/types.js';
import { runPipeline } from '../../src/pipeline.js';
import { renderTemplate } from '../../src/verify/vtl.js';
import { cli } from '../support/cli.js';
import { MODELS, rawModel, SAMPLES, sampleText } from '../support/samples.js';

const NO_FLAGS: IntegrateOptions = { constants: [], from: [], queryStringPayload: false };

async function operations(file: string, modelDirs = [MODELS]): Promise<InferredOperation[]> {
  return (await runPipeline([{ name: file, chunks: [sampleText(file)] }], { modelDirs })).operations;
}

async function method(file: string, options: Partial<IntegrateOptions> = {}): Promise<{ model: IntegrationModel; method: MethodModel }> {
  const { model } = buildIntegrationModel(await operations(file), { ...NO_FLAGS, ...options });
  return { model, method: model.methods[0]! };
}

const text = (model: IntegrationModel, value: MethodModel['integration']['uri']): string => withDefaults(model, value);

describe('SNS Publish (query protocol), as the AWS article maps it', () => {
  test('action URI, quoted static headers, form template ended by ##, payload from the body', async () => {
    const { model, method: m } = await method('sns-publish.log');
    expect(text(model, m.integration.uri)).toBe('arn:aws:apigateway:us-east-1:sns:action/Publish');
    expect(text(model, m.integration.requestParameters['integration.request.header.Content-Type']!)).toBe("'application/x-www-form-urlencoded'");
    const template = text(model, m.integration.requestTemplates['application/json']!);
    expect(template.split('\n').filter(Boolean).every((line) => line.endsWith('##'))).toBe(true);
    expect(template).toContain('&Message=$util.urlEncode($input.body)##');
    expect(m.members.find((x) => x.member === 'TopicArn')!.source).toEqual({ kind: 'constant', value: 'arn:aws:sns:us-east-1:123456789012:orders' });
    expect(model.parameters.map((p) => p.name)).toEqual(['TopicArn', 'ExecutionRoleArn']);
  });

  test('the rendered template is the form body botocore sent', async () => {
    const { model, method: m } = await method('sns-publish.log');
    const body = renderTemplate(text(model, m.integration.requestTemplates['application/json']!), { body: 'hi', path: {}, querystring: {}, header: {} }).output;
    expect([...new URLSearchParams(body)]).toEqual([
      ['Action', 'Publish'],
      ['Version', '2010-03-31'],
      ['TopicArn', 'arn:aws:sns:us-east-1:123456789012:orders'],
      ['Message', 'hi'],
    ]);
  });

  test('asks for JSON and unwraps the envelope; error selection patterns are strings', async () => {
    const { model, method: m } = await method('sns-publish.log');
    expect(text(model, m.integration.requestParameters['integration.request.header.Accept']!)).toBe("'application/json'");
    const [ok, client, server] = m.integration.responses;
    expect(ok!.responseTemplates['application/json']).toBe("$input.json('$.PublishResponse.PublishResult')");
    expect([client!.selectionPattern, server!.selectionPattern]).toEqual(['4\\d{2}', '5\\d{2}']);
    expect(m.responses.map((r) => r.statusCode)).toEqual(['200', '400', '500']);
  });

  test('least privilege: sns:Publish on the topic', async () => {
    const { model, method: m } = await method('sns-publish.log');
    expect(m.policy).toEqual([{ actions: ['sns:Publish'], resources: [[{ param: 'TopicArn' }]] }]);
    expect(withDefaults(model, m.policy[0]!.resources[0]!)).toBe('arn:aws:sns:us-east-1:123456789012:orders');
  });

  test('the payload never goes into the URL unless asked; asked, it warns', async () => {
    const plain = await method('sns-publish.log');
    expect(Object.keys(plain.method.integration.requestParameters).some((k) => k.startsWith('integration.request.querystring.'))).toBe(false);
    const { model, diagnostics } = buildIntegrationModel(await operations('sns-publish.log'), { ...NO_FLAGS, queryStringPayload: true });
    const m = model.methods[0]!;
    expect(m.integration.requestParameters['integration.request.querystring.Message']).toEqual(['method.request.querystring.Message']);
    expect(m.warnings.join(' ')).toMatch(/10,240/);
    expect(diagnostics.map((d) => d.code)).toContain('PAYLOAD_IN_URL');
  });

  test('asked, a constant map travels in the URL as the fields botocore serialized', async () => {
    const { model } = buildIntegrationModel(await operations('sns-publish-attributes.log'), { ...NO_FLAGS, queryStringPayload: true });
    const parameters = model.methods[0]!.integration.requestParameters;
    const fields = Object.keys(parameters).filter((k) => k.startsWith('integration.request.querystring.MessageAttributes.'));
    expect(fields).toHaveLength(6);
    expect(text(model, parameters['integration.request.querystring.MessageAttributes.entry.2.Value.StringValue']!)).toBe("'9.99'");
  });

  test('a call that changes state is a POST even when the client sends no body; a read without one is a GET', async () => {
    const { method: publish } = await method('sns-publish.log', { constants: ['Message'] });
    expect(publish.members.every((x) => x.source.kind === 'constant')).toBe(true);
    expect(publish.httpMethod).toBe('POST');
    expect(publish.decisions.find((d) => d.subject === 'method')?.choice).toBe('POST, without a body');
    expect((await method('sqs-list-queues.log')).method.httpMethod).toBe('GET');
  });

  test('only query-protocol services take it: a JSON service keeps its body', async () => {
    const plain = await method('sqs-send-message.log');
    const asked = await method('sqs-send-message.log', { queryStringPayload: true });
    expect(asked.method.request.parameters).toEqual(plain.method.request.parameters);
    expect(asked.method.integration.requestTemplates).toEqual(plain.method.integration.requestTemplates);
  });
});

describe('JSON protocol services carry their X-Amz-Target', () => {
  test.each([
    ['dynamodb-put-item.log', 'application/x-amz-json-1.0', 'DynamoDB_20120810.PutItem'],
    ['kinesis-put-record.log', 'application/x-amz-json-1.1', 'Kinesis_20131202.PutRecord'],
    ['events-put-events.log', 'application/x-amz-json-1.1', 'AWSEvents.PutEvents'],
    ['stepfunctions-start-execution.log', 'application/x-amz-json-1.0', 'AWSStepFunctions.StartExecution'],
    ['sqs-send-message.log', 'application/x-amz-json-1.0', 'AmazonSQS.SendMessage'],
    ['rekognition-detect-labels.log', 'application/x-amz-json-1.1', 'RekognitionService.DetectLabels'],
  ])('%s', async (file, contentType, target) => {
    const { model, method: m } = await method(file);
    expect(text(model, m.integration.requestParameters['integration.request.header.Content-Type']!)).toBe(`'${contentType}'`);
    expect(text(model, m.integration.requestParameters['integration.request.header.X-Amz-Target']!)).toBe(`'${target}'`);
    const rendered = renderTemplate(text(model, m.integration.requestTemplates['application/json']!), { body: '{"x":1}', path: {}, querystring: {}, header: {} }).output;
    expect(() => JSON.parse(rendered)).not.toThrow();
  });
});

describe('REST services are addressed by path', () => {
  test('Lambda Invoke: the function in the URI path, as a deploy-time parameter', async () => {
    const { model, method: m } = await method('lambda-invoke.log');
    expect(m.integration.uri).toEqual(['arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/', { param: 'FunctionName' }, '/invocations']);
    expect(text(model, m.integration.uri)).toBe('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/my-fn/invocations');
    expect(m.policy[0]!.actions).toEqual(['lambda:InvokeFunction']);
  });

  test('S3 PutObject: the key from a greedy path parameter, bytes passed through', async () => {
    const { model, method: m } = await method('s3api-put-object.log');
    expect(m.resourcePath).toBe('/s3/put-object/{Key+}');
    expect(text(model, m.integration.uri)).toBe('arn:aws:apigateway:us-east-1:s3:path/my-bucket/{Key}');
    expect(m.integration.requestParameters['integration.request.path.Key']).toEqual(['method.request.path.Key']);
    expect(m.integration.passthroughBehavior).toBe('WHEN_NO_MATCH');
    expect(model.binaryMediaTypes).toEqual(['*/*']);
    // Checksums and lengths of the logged body would be wrong for any new body.
    expect(m.members.map((x) => x.member)).not.toEqual(expect.arrayContaining(['ContentLength', 'ChecksumCRC32']));
  });

  test("S3 PutObject over HTTPS: the SDK's aws-chunked framing is not the object's coding, and the SSE-C key, a secret, stays the header S3 reads it from", async () => {
    const [op] = await operations('s3api-put-object-sse-c-gzip.log');
    expect(op!.parameters.find((p) => p.name === 'ContentEncoding')!.example).toBe('gzip');
    const { method: m } = await method('s3api-put-object-sse-c-gzip.log');
    const key = m.members.find((x) => x.member === 'SSECustomerKey')!;
    expect(key.source).toEqual({ kind: 'header', name: 'x-amz-server-side-encryption-customer-key' });
    expect(m.integration.requestParameters['integration.request.header.x-amz-server-side-encryption-customer-key']).toEqual(['method.request.header.x-amz-server-side-encryption-customer-key']);
    // The object's bytes are still the whole body, passed through.
    expect(m.members.filter((x) => x.source.kind === 'body').map((x) => x.member)).toEqual(['Body']);
    expect(m.integration.passthroughBehavior).toBe('WHEN_NO_MATCH');
  });

  test("Pinpoint SendMessages: a structure payload is the client's JSON body itself, not an object naming the member", async () => {
    const [op] = await operations('pinpoint-send-messages.log');
    expect(op!.parameters.filter((p) => p.payload).map((p) => p.name)).toEqual(['MessageRequest']);
    const { model, method: m } = await method('pinpoint-send-messages.log');
    expect(m.members.find((x) => x.member === 'MessageRequest')!.source).toEqual({ kind: 'body' });
    const template = text(model, m.integration.requestTemplates['application/json']!);
    const body = '{"Addresses":{"+15555550100":{"ChannelType":"SMS"}},"MessageConfiguration":{"SMSMessage":{"Body":"hi"}}}';
    expect(JSON.parse(renderTemplate(template, { body, path: {}, querystring: {}, header: {} }).output)).toEqual(JSON.parse(body));
  });

  test("S3 GetObject: the object's bytes pass through, every Accept type binary; beside a templated method only application/octet-stream", async () => {
    const { model, method: m } = await method('s3api-get-object.log');
    expect(m.operation.streamsResponse).toBe(true);
    expect(model.binaryMediaTypes).toEqual(['*/*']);
    expect(m.decisions.find((d) => d.subject === 'responses')!.choice).toBe("the service's bytes are passed through");
    expect(m.integration.responses[0]!.responseParameters['method.response.header.Content-Type']).toBe('integration.response.header.Content-Type');

    const mixed = buildIntegrationModel([...(await operations('s3api-get-object.log')), ...(await operations('sns-publish.log'))], NO_FLAGS).model;
    expect(mixed.binaryMediaTypes).toEqual(['application/octet-stream']);
    expect(mixed.methods[0]!.warnings).toContainEqual(expect.stringMatching(/the client sends Accept: application\/octet-stream to get the bytes as they are$/));
    // A document answer is no stream.
    expect((await method('s3api-list-objects-v2-paginated.log')).method.operation.streamsResponse).toBe(false);
  });

  test("Polly SynthesizeSpeech: audio answered to a templated JSON body, whose template must not get base64, so only application/octet-stream is binary", async () => {
    const { model, method: m } = await method('polly-synthesize-speech.log');
    expect(m.operation.streamsResponse).toBe(true);
    expect(Object.keys(m.integration.requestTemplates)).toEqual(['application/json', 'text/plain']);
    expect(model.binaryMediaTypes).toEqual(['application/octet-stream']);
    expect(m.warnings).toContainEqual(expect.stringMatching(/the client sends Accept: application\/octet-stream to get the bytes as they are$/));
  });

  test('Lambda UntagResource: a list read from a repeated query parameter is one the client repeats, every value passed on', async () => {
    const { method: m } = await method('lambda-untag-resource.log');
    expect(m.request.parameters.find((p) => p.member === 'TagKeys')).toEqual({ location: 'querystring', name: 'tagKeys', required: true, member: 'TagKeys', multiValue: true });
    expect(m.integration.requestParameters).toMatchObject({ 'integration.request.multivaluequerystring.tagKeys': ['method.request.multivaluequerystring.tagKeys'] });
    expect(m.integration.requestParameters['integration.request.querystring.tagKeys']).toBeUndefined();
    const openapi2 = JSON.parse(emitterFor('openapi2')!.emit((await method('lambda-untag-resource.log')).model)[0]!.content);
    expect(Object.values(openapi2.paths)[0]).toMatchObject({ delete: { parameters: expect.arrayContaining([{ name: 'tagKeys', in: 'query', required: true, type: 'array', items: { type: 'string' }, collectionFormat: 'multi' }]) } });
  });

  test('S3 GetObjectAttributes: a list header stays one header, which the client sends comma-separated as the SDK does', async () => {
    const { method: m } = await method('s3api-get-object-attributes.log');
    expect(m.request.parameters.find((p) => p.member === 'ObjectAttributes')).toEqual({ location: 'header', name: 'x-amz-object-attributes', required: true, member: 'ObjectAttributes' });
    expect(m.integration.requestParameters['integration.request.header.x-amz-object-attributes']).toEqual(['method.request.header.x-amz-object-attributes']);
  });

  test("S3 PutObject's Metadata: a header per key the log shows, which the client sends, or with --constant a static header each", async () => {
    const { method: m } = await method('s3api-put-object-metadata.log');
    const meta = m.request.parameters.filter((p) => p.member === 'Metadata');
    expect(meta).toEqual([
      { location: 'header', name: 'x-amz-meta-owner', required: false, member: 'Metadata' },
      { location: 'header', name: 'x-amz-meta-source-system', required: false, member: 'Metadata' },
    ]);
    expect(m.integration.requestParameters).toMatchObject({
      'integration.request.header.x-amz-meta-owner': ['method.request.header.x-amz-meta-owner'],
      'integration.request.header.x-amz-meta-source-system': ['method.request.header.x-amz-meta-source-system'],
    });
    expect(Object.keys(m.integration.requestParameters).filter((k) => k.endsWith('x-amz-meta-'))).toEqual([]);
    expect(m.decisions.map((d) => d.subject)).toEqual(expect.arrayContaining(['Metadata.owner', 'Metadata.source-system']));

    const fixed = (await method('s3api-put-object-metadata.log', { constants: ['Metadata'] })).method;
    expect(fixed.request.parameters.filter((p) => p.member === 'Metadata')).toEqual([]);
    expect(fixed.integration.requestParameters).toMatchObject({ 'integration.request.header.x-amz-meta-owner': ["'ops'"], 'integration.request.header.x-amz-meta-source-system': ["'erp'"] });
  });

  test('a template-less GET is not refused with 415', async () => {
    const { method: m } = await method('s3-ls.log');
    expect(Object.keys(m.integration.requestTemplates)).toEqual([]);
    expect(m.integration.passthroughBehavior).toBe('WHEN_NO_TEMPLATES');
  });

  test("an IoT topic's levels: a greedy label takes the slashes as the client writes them, and verify reads them as botocore's %2F", async () => {
    const { model, method: m } = await method('iot-data-publish-topic-levels.log');
    expect(m.resourcePath).toBe('/iotdata/publish/{topic+}');
    expect(text(model, m.integration.uri)).toBe('arn:aws:apigateway:us-east-1:iotdata:path/topics/{topic}');
    expect(m.integration.requestParameters['integration.request.path.topic']).toEqual(['method.request.path.topic']);
    expect(m.decisions).toContainEqual(expect.objectContaining({ subject: 'topic', choice: 'greedy label {topic+}' }));
    expect(m.warnings.filter((w) => w.includes("holds '/'"))).toEqual([]);
    const r = await cli(['verify', join(SAMPLES, 'iot-data-publish-topic-levels.log')]);
    expect(r.stdout).toContain('✓ IotdataPublish (POST /iotdata/publish/{topic+}): the integration request matches the captured call');
    expect(r.stdout).toContain('POST https://iotdata.us-east-1.amazonaws.com/topics/sensors/berlin/room%201/temperature?qos=1');
    expect(r.code).toBe(0);
  });

  test("IoT's data plane needs the account's endpoint as the URI's subdomain: a call to the shared host is warned of", async () => {
    const [op] = await operations('iot-data-publish-topic-levels.log');
    const shared = buildIntegrationModel([op!], NO_FLAGS).model;
    expect(shared.methods[0]!.warnings).toContainEqual(expect.stringMatching(/^IoT's data plane answers at your account's endpoint, .* this call went to data-ats\.iot\.us-east-1\.amazonaws\.com, which names none: capture it with --endpoint-url /));
    const own = buildIntegrationModel([{ ...op!, host: 'a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com' }], NO_FLAGS).model;
    expect(text(own, own.methods[0]!.integration.uri)).toBe('arn:aws:apigateway:us-east-1:a1b2c3d4e5f6g7-ats.iotdata:path/topics/{topic}');
    expect(own.methods[0]!.warnings.filter((w) => w.startsWith("IoT's data plane"))).toEqual([]);
  });

  test("a slash in another service's path value: greedy too, with a warning that the service gets it as segments", async () => {
    const [op] = await operations('lambda-untag-resource.log');
    const resource = op!.parameters.find((p) => p.location === 'path')!;
    resource.example = 'arn:aws:sqs:us-east-1:123456789012:a/b';
    const m = buildIntegrationModel([op!], NO_FLAGS).model.methods[0]!;
    expect(m.resourcePath).toBe(`/lambda/untag-resource/{${resource.name}+}`);
    expect(m.warnings).toContainEqual(`${resource.name} holds '/', which reaches lambda as path segments, not as %2F as botocore sends it: lambda may not read it as one value`);
  });
});

describe('S3 calls it refuses without a digest of the body (Content-MD5), which API Gateway cannot compute', () => {
  const DIGEST = 'integration.request.header.Content-MD5';

  test("DeleteObjects: the client's XML body passes through, with the client's Content-MD5, required", async () => {
    const { method: m } = await method('s3api-delete-objects.log');
    expect(m.operation.checksumRequired).toBe(true);
    expect(m.members.find((x) => x.member === 'Delete')!.source).toEqual({ kind: 'body' });
    expect(m.request.contentTypes).toEqual(['application/xml']);
    expect(m.integration.passthroughBehavior).toBe('WHEN_NO_MATCH');
    expect(m.request.parameters).toContainEqual({ location: 'header', name: 'Content-MD5', required: true, member: 'Content-MD5', bodyHeader: 'digest' });
    expect(m.request.validator).toBe('params');
    expect(m.integration.requestParameters[DIGEST]).toEqual(['method.request.header.Content-MD5']);
    // The structure is the client's body, never a constant fixed to the log's value.
    expect(m.warnings.join('\n')).not.toMatch(/fixed to the/);
    expect(m.warnings).toContainEqual(expect.stringMatching(/^s3 refuses DeleteObjects without a digest of its body: the client sends Content-MD5/));
  });

  test('PutBucketAcl without a body: the MD5 of no bytes, static', async () => {
    const { method: m } = await method('s3api-put-bucket-acl.log');
    expect(m.integration.requestParameters[DIGEST]).toEqual(["'1B2M2Y8AsgTpgAmY7PhCfg=='"]);
    expect(m.request.parameters.map((p) => p.name)).toEqual(['x-amz-acl']);
    expect(m.request.contentTypes).toEqual([]);
  });

  test('an operation without the requirement gets no digest', async () => {
    const { method: m } = await method('s3api-put-object.log');
    expect(m.operation.checksumRequired).toBe(false);
    expect(Object.keys(m.integration.requestParameters).filter((k) => /md5/i.test(k))).toEqual([]);
  });

  test('a digest the log sent as a member and the client is to send is mapped once, as that member', async () => {
    const [op] = await operations('s3api-put-bucket-tagging.log');
    const sent = { ...op!, parameters: [...op!.parameters, { name: 'ContentMD5', location: 'header' as const, required: false, type: 'string', wireName: 'Content-MD5', example: 'dx2fCjDVR/OGeqlqbb6y3g==' }] };
    const m = buildIntegrationModel([sent], { ...NO_FLAGS, from: [{ source: 'header', member: 'ContentMD5' }] }).model.methods[0]!;
    expect(m.integration.requestParameters[DIGEST]).toEqual(['method.request.header.Content-MD5']);
    expect(m.request.parameters.filter((p) => p.name === 'Content-MD5')).toEqual([{ location: 'header', name: 'Content-MD5', required: false, member: 'ContentMD5' }]);
    expect(m.decisions.find((d) => d.subject === 'body digest')!.choice).toBe('Content-MD5 as mapped');
  });

  test('a body a template writes cannot carry one: the method says the service will refuse it', async () => {
    const [op] = await operations('stepfunctions-start-execution.log');
    const m = buildIntegrationModel([{ ...op!, checksumRequired: true }], NO_FLAGS).model.methods[0]!;
    expect(Object.keys(m.integration.requestParameters).filter((k) => /md5/i.test(k))).toEqual([]);
    expect(m.warnings).toContainEqual(expect.stringMatching(/for a body its template writes: states will refuse these requests$/));
  });

  test('--constant or --from query on an XML body member is not followed, and says so', async () => {
    const ops = await operations('s3api-delete-objects.log');
    for (const flags of [{ constants: ['Delete'] }, { from: [{ source: 'query' as const, member: 'Delete' }] }]) {
      const { model, diagnostics } = buildIntegrationModel(ops, { ...NO_FLAGS, ...flags });
      expect(model.methods[0]!.members.find((x) => x.member === 'Delete')!.source).toEqual({ kind: 'body' });
      expect(diagnostics.map((d) => d.code)).toEqual(['MAPPING_XML_BODY']);
    }
  });
});

describe("a blob from the client's body (Kinesis Data)", () => {
  test('text as application/json, base64-encoded by the template; bytes as application/octet-stream, base64-encoded by API Gateway', async () => {
    const { model, method: m } = await method('kinesis-put-record.log');
    expect(m.request.contentTypes).toEqual(['application/json', 'application/octet-stream']);
    expect(m.integration.contentHandling).toBe('CONVERT_TO_TEXT');
    expect(model.binaryMediaTypes).toEqual(['application/octet-stream']);
    const [json, octets] = ['application/json', 'application/octet-stream'].map((type) => withDefaults(model, m.integration.requestTemplates[type]!));
    const request = { path: {}, querystring: { PartitionKey: 'cam-1' }, header: {} };
    const bytes = Buffer.from([0x89, 0x50, 0x00, 0xff]);
    expect(JSON.parse(renderTemplate(octets!, { ...request, body: bytes.toString('base64') }).output)).toMatchObject({ Data: bytes.toString('base64') });
    expect(JSON.parse(renderTemplate(json!, { ...request, body: 'click' }).output)).toMatchObject({ Data: Buffer.from('click').toString('base64') });
  });

  test('beside a method that passes bytes through (S3 PutObject), application/octet-stream is the one binary media type', async () => {
    const ops = [...(await operations('kinesis-put-record.log')), ...(await operations('s3api-put-object.log'))];
    const { model } = buildIntegrationModel(ops, NO_FLAGS);
    expect(model.binaryMediaTypes).toEqual(['application/octet-stream']);
  });
});

describe("a structure of one member, which the client's body is (Firehose's Record, SES's RawMessage: their Data)", () => {
  test('Firehose PutRecord: Record is {"Data": the body}, text base64-encoded by the template, bytes by API Gateway', async () => {
    const { model, method: m } = await method('firehose-put-record.log');
    expect(m.members.find((x) => x.member === 'Record')).toMatchObject({ source: { kind: 'body' }, inner: { name: 'Data', wireName: 'Data', type: 'blob' } });
    expect(m.request.contentTypes).toEqual(['application/json', 'application/octet-stream']);
    const [json, octets] = ['application/json', 'application/octet-stream'].map((type) => withDefaults(model, m.integration.requestTemplates[type]!));
    const request = { path: {}, querystring: {}, header: {} };
    const line = '{"page":"/cart","user":"u-7"}\n';
    expect(JSON.parse(renderTemplate(json!, { ...request, body: line }).output)).toEqual({ DeliveryStreamName: 'clickstream', Record: { Data: Buffer.from(line).toString('base64') } });
    const bytes = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff]);
    expect(JSON.parse(renderTemplate(octets!, { ...request, body: bytes.toString('base64') }).output)).toEqual({ DeliveryStreamName: 'clickstream', Record: { Data: bytes.toString('base64') } });
  });

  test('SES SendRawEmail: the MIME message the client sends is RawMessage.Data, in base64, in the form body', async () => {
    const { model, method: m } = await method('ses-send-raw-email.log');
    const template = withDefaults(model, m.integration.requestTemplates['application/json']!);
    expect(template).toContain('&RawMessage.Data=$util.urlEncode($util.base64Encode($input.body))##');
    const mime = 'From: a@example.com\nTo: b@example.com\nSubject: Zoë & co\n\nHi.\n';
    const body = renderTemplate(template, { body: mime, path: {}, querystring: {}, header: {} }).output;
    expect(new URLSearchParams(body).get('RawMessage.Data')).toBe(Buffer.from(mime).toString('base64'));
  });

  test('SES SendRawEmail: a MIME message of bytes that are not UTF-8 goes as application/octet-stream, which API Gateway hands the template in base64', async () => {
    const { model, method: m } = await method('ses-send-raw-email.log');
    expect(m.request.contentTypes).toEqual(['application/json', 'application/octet-stream']);
    const template = withDefaults(model, m.integration.requestTemplates['application/octet-stream']!);
    const bytes = Buffer.concat([Buffer.from('Subject: x\nContent-Transfer-Encoding: 8bit\n\n'), Buffer.from([0xe9, 0xff, 0x00])]);
    const body = renderTemplate(template, { body: bytes.toString('base64'), path: {}, querystring: {}, header: {} }).output;
    expect(new URLSearchParams(body).get('RawMessage.Data')).toBe(bytes.toString('base64'));
  });

  test('a structure of one member that is not the payload stays whole (EC2 Monitoring is {"Enabled": true}, not true)', async () => {
    const ops = (await operations('firehose-put-record.log')).map((op) => ({ ...op, parameters: op.parameters.map((p) => (p.name === 'Record' ? { ...p, name: 'Settings', wireName: 'Settings' } : p)) }));
    const { model } = buildIntegrationModel(ops, { ...NO_FLAGS, from: [{ source: 'body', member: 'Settings' }] });
    const m = model.methods[0]!;
    expect(m.members.find((x) => x.member === 'Settings')).toMatchObject({ source: { kind: 'body' } });
    expect(m.members.find((x) => x.member === 'Settings')!.inner).toBeUndefined();
    const rendered = renderTemplate(withDefaults(model, m.integration.requestTemplates['application/json']!), { body: '{"Data":"YQ=="}', path: {}, querystring: {}, header: {} }).output;
    expect(JSON.parse(rendered)).toEqual({ DeliveryStreamName: 'clickstream', Settings: { Data: 'YQ==' } });
  });

  test('taken with another member from the body, it is a field of the client\'s JSON, that member on its own', async () => {
    const { model, method: m } = await method('firehose-put-record.log', { from: [{ source: 'body', member: 'DeliveryStreamName' }] });
    const json = withDefaults(model, m.integration.requestTemplates['application/json']!);
    const rendered = renderTemplate(json, { body: '{"DeliveryStreamName":"other","Record":"a line"}', path: {}, querystring: {}, header: {} }).output;
    expect(JSON.parse(rendered)).toEqual({ DeliveryStreamName: 'other', Record: { Data: Buffer.from('a line').toString('base64') } });
  });
});

describe('CBOR', () => {
  test('a CBOR call is mapped through the JSON protocol its model also accepts', async () => {
    const { model, method: m } = await method('cloudwatch-put-metric-data-cbor.log');
    expect(text(model, m.integration.requestParameters['integration.request.header.X-Amz-Target']!)).toBe("'GraniteServiceVersion20100801.PutMetricData'");
    expect(m.decisions.find((d) => d.subject === 'protocol')?.reason).toMatch(/CBOR/);
  });

  test('without a model, it fails with a reason', async () => {
    const { model, diagnostics } = buildIntegrationModel(await operations('cloudwatch-put-metric-data-cbor.log', []), NO_FLAGS);
    expect(model.methods).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: 'INTEGRATION_UNSUPPORTED', severity: 'error' }]);
  });
});

describe('flags move members', () => {
  test('--from query and --constant', async () => {
    const { method: m } = await method('sqs-send-message.log', { from: [{ source: 'query', member: 'MessageBody' }] });
    expect(m.members.find((x) => x.member === 'MessageBody')!.source).toEqual({ kind: 'querystring', name: 'MessageBody' });
    expect(m.request.parameters).toEqual([{ location: 'querystring', name: 'MessageBody', required: true, member: 'MessageBody' }]);
    expect(m.request.validator).toBe('params');
    const fixed = await method('sqs-send-message.log', { constants: ['MessageBody'] });
    expect(fixed.method.members.find((x) => x.member === 'MessageBody')!.source).toEqual({ kind: 'constant', value: 'Hello' });
  });

  test('a URI label taken from the query string or a header fills the URI by a parameter mapping from there', async () => {
    const { model, method: m } = await method('s3api-put-object.log', { from: [{ source: 'query', member: 'Key' }] });
    expect(m.resourcePath).toBe('/s3/put-object');
    expect(m.integration.requestParameters['integration.request.path.Key']).toEqual(['method.request.querystring.Key']);
    const lambda = await method('lambda-invoke.log', { from: [{ source: 'header', member: 'FunctionName' }] });
    expect(text(lambda.model, lambda.method.integration.uri)).toBe('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FunctionName}/invocations');
    expect(lambda.method.integration.requestParameters['integration.request.path.FunctionName']).toEqual(['method.request.header.FunctionName']);
    expect(text(model, m.integration.uri)).toContain('/{Key}');
  });

  test('--from body is refused for a URI label, and beside a payload passed on as it is', async () => {
    const [invoke] = await operations('lambda-invoke.log');
    const ops = [{ ...invoke!, parameters: [...invoke!.parameters, { name: 'InvocationType', location: 'header' as const, required: false, type: 'string', wireName: 'X-Amz-Invocation-Type', example: 'Event' }] }];
    const messages = (from: string): string[] => buildIntegrationModel(ops, { ...NO_FLAGS, from: [{ source: 'body', member: from }] }).diagnostics.map((d) => d.message);
    expect(messages('FunctionName')).toEqual(['Invoke: FunctionName (string) cannot come from a client body: a URI label is filled by a request parameter (--from path, query or header), not by a template; it stays the constant seen in the log']);
    expect(messages('InvocationType')).toEqual(['Invoke: InvocationType (string) cannot come from a client body: the body is Payload, passed on as it is, so no other member can come from it; it stays the header parameter X-Amz-Invocation-Type']);
  });

  test('--constant on a raw payload: the body is the log\'s text as it is, whatever the client sends', async () => {
    const render = (model: IntegrationModel, m: MethodModel, body: string): string =>
      renderTemplate(text(model, m.integration.requestTemplates['application/json']!), { body, path: {}, querystring: {}, header: {} }).output;
    const lambda = await method('lambda-invoke.log', { constants: ['Payload'] });
    expect(lambda.method.integration.requestTemplates['application/json']).toEqual(['{"a":1}']);
    expect(render(lambda.model, lambda.method, '{"b":2}')).toBe('{"a":1}');
    // Botocore sent no Content-Type for it, so none is made up.
    expect(lambda.method.integration.requestParameters['integration.request.header.Content-Type']).toBeUndefined();

    // Text Velocity would read as code goes through $util.base64Decode, as does text beyond ASCII.
    const [invoke] = await operations('lambda-invoke.log');
    for (const payload of ['{"price":"$5 #1 \\\\o/"}', '{"name":"Zoë"}']) {
      const ops = [{ ...invoke!, parameters: invoke!.parameters.map((p) => (p.name === 'Payload' ? { ...p, example: payload } : p)) }];
      const { model } = buildIntegrationModel(ops, { ...NO_FLAGS, constants: ['Payload'] });
      const [template] = model.methods[0]!.integration.requestTemplates['application/json']!;
      expect(template).toMatch(/^\$util\.base64Decode\('[A-Za-z0-9+/=]+'\)$/);
      expect(render(model, model.methods[0]!, '{}')).toBe(payload);
    }

    // A string payload (S3's bucket policy) the same, with the Content-MD5 S3 requires of that body.
    const policy = await method('s3api-put-bucket-policy.log', { constants: ['Policy'] });
    const [fixed] = policy.method.integration.requestTemplates['application/json']!;
    expect(JSON.parse(fixed as string)).toMatchObject({ Version: '2012-10-17' });
    expect(policy.method.integration.requestParameters['integration.request.header.Content-MD5']).toEqual([`'${createHash('md5').update(fixed as string).digest('base64')}'`]);
  });

  test('--constant on a raw payload the log does not show is not followed, and says so', async () => {
    const { model, diagnostics } = buildIntegrationModel(await operations('s3api-put-object.log'), { ...NO_FLAGS, constants: ['Body'] });
    expect(model.methods[0]!.members.find((x) => x.member === 'Body')!.source).toEqual({ kind: 'body' });
    expect(diagnostics.map((d) => d.code)).toEqual(['MAPPING_CONSTANT_UNSEEN']);
  });

  test('an optional member from the client\'s JSON is sent only when the client sent it', async () => {
    const { model, method: m } = await method('python-howto-sns-publish.log', { from: [{ source: 'body', member: 'Subject' }] });
    const render = (body: string): string[][] => [...new URLSearchParams(renderTemplate(text(model, m.integration.requestTemplates['application/json']!), { body, path: {}, querystring: {}, header: {} }).output)];
    expect(render('{"Message":"m"}').map(([k]) => k)).toEqual(['Action', 'Version', 'TopicArn', 'Message']);
    expect(render('{"Message":"m","Subject":"s"}').at(-1)).toEqual(['Subject', 's']);
    const sfn = await method('stepfunctions-start-execution.log', { from: [{ source: 'body', member: 'name' }] });
    const json = (body: string): unknown => JSON.parse(renderTemplate(text(sfn.model, sfn.method.integration.requestTemplates['application/json']!), { body, path: {}, querystring: {}, header: {} }).output);
    expect(json('{"input":"{}"}')).not.toHaveProperty('name');
  });

  test('an optional structure that is the whole client body is left out for an empty body, which API Gateway reads as {}', async () => {
    const { model, method: m } = await method('cloudwatch-put-metric-data.log');
    const json = (body: string): unknown => JSON.parse(renderTemplate(text(model, m.integration.requestTemplates['application/json']!), { body, path: {}, querystring: {}, header: {} }).output);
    expect(json('')).toEqual({ Namespace: 'App' });
    expect(json('[{"MetricName":"Hits","Value":1}]')).toEqual({ Namespace: 'App', MetricData: [{ MetricName: 'Hits', Value: 1 }] });
  });

  test('several body members become fields of a JSON body', async () => {
    const { model, method: m } = await method('stepfunctions-start-execution.log', { from: [{ source: 'body', member: 'name' }] });
    const rendered = renderTemplate(text(model, m.integration.requestTemplates['application/json']!), { body: '{"input":"{}","name":"n-2"}', path: {}, querystring: {}, header: {} }).output;
    expect(JSON.parse(rendered)).toMatchObject({ input: '{}', name: 'n-2' });
  });

  test('a list stays constant unless --from body takes it from the client, whose JSON the form template writes as form fields', async () => {
    const fixed = await method('ec2-describe-instances.log');
    expect(fixed.method.members.find((x) => x.member === 'Filters')!.reason).toBe("a list does not fit in a query parameter; it stays as seen in the log (use --from body Filters to take it from the client's JSON body)");
    expect(fixed.method.warnings).toContain("Filters is fixed to the list seen in the log; every request sends that same value (use --from body Filters to take it from the client's JSON body)");
    const { model, method: m } = await method('ec2-describe-instances.log', { from: [{ source: 'body', member: 'Filters' }] });
    expect(m.members.find((x) => x.member === 'Filters')!.source).toEqual({ kind: 'body' });
    const client = [{ Name: 'tag:team', Values: ['a b', 'c&d'] }, { Name: 'instance-state-name', Values: ['running'] }];
    const body = renderTemplate(text(model, m.integration.requestTemplates['application/json']!), { body: JSON.stringify(client), path: {}, querystring: {}, header: {} }).output;
    expect([...new URLSearchParams(body)].filter(([k]) => k.startsWith('Filter.'))).toEqual([
      ['Filter.1.Name', 'tag:team'],
      ['Filter.1.Value.1', 'a b'],
      ['Filter.1.Value.2', 'c&d'],
      ['Filter.2.Name', 'instance-state-name'],
      ['Filter.2.Value.1', 'running'],
    ]);
  });

  test('without a model, no form layout is known: the list stays constant, and the warning for --from says why', async () => {
    const ops = (await runPipeline([{ name: 'ec2.log', chunks: [sampleText('ec2-describe-instances.log')] }], { modelDirs: [MODELS], noModels: true })).operations;
    // Without a model, members are named as the wire names them.
    const { model, diagnostics } = buildIntegrationModel(ops, { ...NO_FLAGS, from: [{ source: 'body', member: 'Filter' }] });
    expect(model.methods[0]!.members.find((x) => x.member === 'Filter')!.source.kind).toBe('constant');
    expect(diagnostics.map((d) => d.message)).toContain(
      "DescribeInstances: Filter (list) cannot come from a client body: a form template writes a list from the client's JSON by its shape, and no service model gives its form fields; it stays the constant seen in the log",
    );
  });

  test('--from query for a list the service reads from the query string already (a repeated parameter) is taken as it is, without a warning', async () => {
    const { method: m, diagnostics } = await (async () => {
      const ops = await operations('lambda-untag-resource.log');
      const built = buildIntegrationModel(ops, { ...NO_FLAGS, from: [{ source: 'query', member: 'TagKeys' }] });
      return { method: built.model.methods[0]!, diagnostics: built.diagnostics };
    })();
    expect(diagnostics).toEqual([]);
    expect(m.request.parameters).toContainEqual(expect.objectContaining({ location: 'querystring', member: 'TagKeys', multiValue: true }));
  });

  test('a flag naming no member is reported', async () => {
    const { diagnostics } = buildIntegrationModel(await operations('sns-publish.log'), { ...NO_FLAGS, constants: ['Nope'] });
    expect(diagnostics).toMatchObject([{ code: 'MAPPING_FLAG_UNKNOWN_MEMBER' }]);
  });
});

describe('calls of one operation share the method built from the first', () => {
  const twoTopics = (): string => sampleText('sns-publish.log') + sampleText('sns-publish.log').replaceAll(':orders', ':returns');

  test("a constant a later call sent otherwise is said, with the flag that takes it from the client", async () => {
    const ops = (await runPipeline([{ name: 'two.log', chunks: [twoTopics()] }], { modelDirs: [MODELS] })).operations;
    expect(ops).toHaveLength(2);
    const { model, diagnostics } = buildIntegrationModel(ops, NO_FLAGS);
    expect(model.methods).toHaveLength(1);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'sns Publish: calls 1 and 2 of the log differ in TopicArn ("arn:aws:sns:us-east-1:123456789012:orders", then "arn:aws:sns:us-east-1:123456789012:returns"), which the method fixes to the first call\'s value, as it is built from that call: to take it from the client, pass --from query TopicArn',
    ]);
    expect(buildIntegrationModel(ops, { ...NO_FLAGS, from: [{ source: 'query', member: 'TopicArn' }] }).diagnostics).toEqual([]);
  });

  test('a constant a later call did not send is said too: the method sends it always', async () => {
    const text = sampleText('sns-publish-attributes.log') + sampleText('sns-publish.log');
    const ops = (await runPipeline([{ name: 'two.log', chunks: [text] }], { modelDirs: [MODELS] })).operations;
    const messages = buildIntegrationModel(ops, NO_FLAGS).diagnostics.map((d) => d.message);
    expect(messages).toContainEqual(expect.stringMatching(/^sns Publish: calls 1 and 2 of the log differ in MessageAttributes \(\{"store".*, then none\), which the method fixes to the first call's value, as it is built from that call: to take it from the client, pass --from body MessageAttributes$/));
  });

  test('a constant map a later call sent otherwise is said too, with the flag that takes it from the client\'s JSON', async () => {
    const text = sampleText('sns-publish-attributes.log');
    const ops = (await runPipeline([{ name: 'two.log', chunks: [text + text.replaceAll('example_corp', 'other_corp')] }], { modelDirs: [MODELS] })).operations;
    expect(buildIntegrationModel(ops, NO_FLAGS).diagnostics.map((d) => d.message)).toEqual([
      'sns Publish: calls 1 and 2 of the log differ in MessageAttributes ({"store":{"DataType":"String","StringValue":"example_corp"}…, then {"store":{"DataType":"String","StringValue":"other_corp"},"…), which the method fixes to the first call\'s value, as it is built from that call: to take it from the client, pass --from body MessageAttributes',
    ]);
    expect(buildIntegrationModel(ops, { ...NO_FLAGS, from: [{ source: 'body', member: 'MessageAttributes' }] }).diagnostics).toEqual([]);
  });

  test('a member the client sends anyway, or calls that agree, say nothing', async () => {
    const text = sampleText('sns-publish.log');
    const ops = (await runPipeline([{ name: 'two.log', chunks: [text + text.replace("'Message': 'hi'", "'Message': 'bye'")] }], { modelDirs: [MODELS] })).operations;
    expect(ops.map((o) => o.parameters.find((p) => p.name === 'Message')?.example)).toEqual(['hi', 'bye']);
    expect(buildIntegrationModel(ops, NO_FLAGS).diagnostics).toEqual([]);
  });
});

test("--resource-path that is another method's path numbers that method's, as one verb on one resource holds one method", async () => {
  const ops = [...(await operations('sns-publish.log')), ...(await operations('sqs-send-message.log'))];
  const { model } = buildIntegrationModel(ops, { ...NO_FLAGS, resourcePath: '/sqs/send-message' });
  expect(model.methods.map((m) => `${m.httpMethod} ${m.resourcePath}`)).toEqual(['POST /sqs/send-message', 'POST /sqs/send-message-2']);
  expect(model.methods[1]!.decisions).toContainEqual({ subject: 'resource path', choice: '/sqs/send-message-2', reason: "POST /sqs/send-message is another method's (--resource-path gave it that path)" });
  for (const emitter of EMITTERS) expect(() => emitter.emit(model)).not.toThrow();
});

test('every format that builds a method carries its warnings (the iam format holds policies only)', async () => {
  const { model, method: m } = await method('sns-publish.log');
  m.warnings = ['give the real topic before deploying', 'a second thing to read'];
  for (const emitter of EMITTERS.filter((e) => e.format !== 'iam')) {
    const text = emitter.emit(model).map((artifact) => artifact.content).join('\n');
    expect({ format: emitter.format, carries: m.warnings.map((w) => text.includes(w)) }).toEqual({ format: emitter.format, carries: [true, true] });
  }
});

test("a table given as its ARN is the execution role's resource as it is", async () => {
  const { model, method: m } = await method('dynamodb-put-item-table-arn.log');
  expect(m.policy[0]!.resources.map((arn) => text(model, arn))).toEqual(['arn:aws:dynamodb:us-east-1:123456789012:table/Orders']);
});

describe('members only later calls of an operation sent (a page token)', () => {
  test('are optional client parameters: pages after the first can be asked for', async () => {
    const { model, method: m } = await method('dynamodb-list-tables-paginated.log');
    expect(m.request.parameters).toEqual([
      { location: 'querystring', name: 'Limit', required: false, member: 'Limit' },
      { location: 'querystring', name: 'ExclusiveStartTableName', required: false, member: 'ExclusiveStartTableName' },
    ]);
    const render = (querystring: Record<string, string>): unknown =>
      JSON.parse(renderTemplate(withDefaults(model, m.integration.requestTemplates['application/json']!), { body: '', path: {}, querystring, header: {} }).output);
    expect(render({ Limit: '2' })).toEqual({ Limit: 2 });
    expect(render({ Limit: '2', ExclusiveStartTableName: 'orders' })).toEqual({ Limit: 2, ExclusiveStartTableName: 'orders' });
    const s3 = await method('s3api-list-objects-v2-paginated.log');
    expect(s3.method.integration.requestParameters['integration.request.querystring.continuation-token']).toEqual(['method.request.querystring.continuation-token']);
  });

  test('are left out, not fixed, where the client cannot send them, unless --constant says so', async () => {
    const first = (await operations('sqs-send-message.log'))[0]!;
    const attributes = { name: 'MessageAttributes', location: 'body', required: false, type: 'map', wireName: 'MessageAttributes', example: { k: { DataType: 'String', StringValue: 'v' } } } as const;
    const later = { ...first, parameters: [...first.parameters, attributes] };
    const m = methodOf([first, later]);
    expect(m.members.map((x) => x.member)).not.toContain('MessageAttributes');
    expect(m.decisions).toContainEqual(expect.objectContaining({ subject: 'MessageAttributes', choice: 'left out' }));
    const fixed = methodOf([first, later], { constants: ['MessageAttributes'] });
    expect(fixed.members.find((x) => x.member === 'MessageAttributes')!.source).toEqual({ kind: 'constant', value: attributes.example });
  });

  test('--from moves them like any member, as its check of the flag says it can', async () => {
    const { diagnostics, model } = buildIntegrationModel(await operations('dynamodb-list-tables-paginated.log'), { ...NO_FLAGS, from: [{ source: 'header', member: 'ExclusiveStartTableName' }] });
    expect(diagnostics).toEqual([]);
    expect(model.methods[0]!.members.find((x) => x.member === 'ExclusiveStartTableName')!.source).toEqual({ kind: 'header', name: 'ExclusiveStartTableName' });
  });
});

function methodOf(ops: InferredOperation[], options: Partial<IntegrateOptions> = {}): MethodModel {
  return buildIntegrationModel(ops, { ...NO_FLAGS, ...options }).model.methods[0]!;
}

test('a number from a query parameter cannot inject JSON members', async () => {
  const { model, method: m } = await method('dynamodb-list-tables-paginated.log');
  const render = (limit: string): unknown =>
    JSON.parse(renderTemplate(withDefaults(model, m.integration.requestTemplates['application/json']!), { body: '', path: {}, querystring: { Limit: limit }, header: {} }).output);
  expect(render('2')).toMatchObject({ Limit: 2 });
  expect(render('1,"X":1')).toEqual({ Limit: '1,"X":1' });
  expect(render('}')).toEqual({ Limit: '}' });
});

describe('no value breaks out of its place in a template', () => {
  /** An operation whose identifier and optional member carry `value`. */
  async function withValue(file: string, member: string, value: string): Promise<InferredOperation[]> {
    return (await operations(file)).map((op) => ({
      ...op,
      parameters: op.parameters.map((p) => (p.name === member ? { ...p, example: value, formFields: undefined } : p)),
    }));
  }

  const hostile = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.constantFrom("it's", '$input.body', '#set($x = 1)', '## comment', '#* block *#', '\\\\u0024', '${TopicArn}', '*/', 'a\nb\r\nc', '"quoted"', '日本 😀', '%{x}'),
  );

  test('form templates: a constant comes back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (value) => {
        const { model } = buildIntegrationModel(await withValue('sns-publish.log', 'TopicArn', value), NO_FLAGS);
        const m = model.methods[0]!;
        const body = renderTemplate(withDefaults(model, m.integration.requestTemplates['application/json']!), { body: 'm', path: {}, querystring: {}, header: {} }).output;
        expect(new URLSearchParams(body).get('TopicArn')).toBe(value);
      }),
      { numRuns: 200 },
    );
  });

  test('JSON templates: a constant and a client value come back exactly', async () => {
    await fc.assert(
      // An empty method body reads as `{}` in API Gateway (src/verify/vtl.ts), so messages are non-empty.
      fc.asyncProperty(hostile, hostile.filter((m) => m !== ''), async (value, message) => {
        const { model } = buildIntegrationModel(await withValue('sqs-send-message.log', 'QueueUrl', value), NO_FLAGS);
        const m = model.methods[0]!;
        const body = renderTemplate(withDefaults(model, m.integration.requestTemplates['application/json']!), { body: message, path: {}, querystring: {}, header: {} }).output;
        expect(JSON.parse(body)).toEqual({ QueueUrl: value, MessageBody: message });
      }),
      { numRuns: 200 },
    );
  });
});

describe('the execution role', () => {
  test('one for the whole API: every method of a two-service log assumes it, and no role parameter goes unused', async () => {
    const ops = [...(await operations('sns-publish.log')), ...(await operations('lambda-invoke.log'))];
    const { model } = buildIntegrationModel(ops, NO_FLAGS);
    expect(model.methods.map((m) => m.operation.service)).toEqual(['sns', 'lambda']);
    const roles = model.parameters.filter((p) => p.name.startsWith('ExecutionRoleArn'));
    expect(roles).toEqual([expect.objectContaining({ name: 'ExecutionRoleArn', default: 'arn:aws:iam::123456789012:role/apigateway-integration', placeholder: true })]);
    for (const m of model.methods) {
      expect(m.integration.credentials).toEqual([{ param: 'ExecutionRoleArn' }]);
      expect(m.warnings.filter((w) => w.startsWith('no --role-arn'))).toEqual([expect.stringContaining('role/apigateway-integration,')]);
    }
  });

  test("a call whose service reads an S3 object as the caller (Rekognition's image) lets the role read the bucket's objects", async () => {
    const { method: m } = await method('rekognition-detect-labels.log');
    expect(m.policy).toEqual([
      { actions: ['rekognition:DetectLabels'], resources: [['*']] },
      { actions: ['s3:GetObject'], resources: [['arn:aws:s3:::my-bucket/*']] },
    ]);
    expect((await method('sns-publish.log')).method.policy.flatMap((statement) => statement.actions)).toEqual(['sns:Publish']);
  });

  test('a constant member named like the role parameter takes another name', async () => {
    const ops = await operations('sns-publish.log');
    const renamed = ops.map((op) => ({ ...op, parameters: op.parameters.map((p) => (p.name === 'TopicArn' ? { ...p, name: 'ExecutionRoleArn' } : p)) }));
    const { model } = buildIntegrationModel(renamed, { ...NO_FLAGS, constants: ['ExecutionRoleArn'], roleArn: 'arn:aws:iam::123456789012:role/r' });
    expect(model.parameters.map((p) => [p.name, p.default])).toEqual([
      ['ExecutionRoleArn2', 'arn:aws:sns:us-east-1:123456789012:orders'],
      ['ExecutionRoleArn', 'arn:aws:iam::123456789012:role/r'],
    ]);
  });
});

test("optional members named like API Gateway's own variables keep theirs intact", () => {
  // `#set($input = ...)` would turn every later $input.params into a string's method call.
  const names = ['input', 'util', 'context', 'comma', 'stageVariables'];
  const mapping = (member: string): MemberMapping => ({ member, location: 'body', wireName: member, type: 'string', required: false, source: { kind: 'querystring', name: member }, reason: '' });
  const template = withDefaults({ parameters: [] } as unknown as IntegrationModel, jsonTemplate(names.map(mapping), () => undefined));
  const querystring = Object.fromEntries(names.map((n) => [n, `${n} value`]));
  const rendered = renderTemplate(template, { body: '', path: {}, querystring, header: {} });
  expect(JSON.parse(rendered.output)).toEqual(querystring);
});

describe('--query-string-payload, review cases', () => {
  const fromUrl = async (url: string): Promise<InferredOperation[]> => (await runPipeline([{ name: 'url', chunks: [url] }], { modelDirs: [MODELS] })).operations;

  test('a number constant travels in the URL as its one field, with no empty PAYLOAD_IN_URL', async () => {
    const ops = await fromUrl('https://iam.amazonaws.com/?Action=ListUsers&MaxItems=5&Version=2010-05-08');
    const { model, diagnostics } = buildIntegrationModel(ops, { ...NO_FLAGS, queryStringPayload: true, constants: ['MaxItems'] });
    expect(text(model, model.methods[0]!.integration.requestParameters['integration.request.querystring.MaxItems']!)).toBe("'5'");
    expect(diagnostics.map((d) => d.code)).not.toContain('PAYLOAD_IN_URL');
  });

  test('a secret travels in the URL with the rest, and says where it goes, where the pass-through forwarded the client body without it', async () => {
    const { method: m } = await method('iam-create-login-profile.log', { queryStringPayload: true });
    const password = m.members.find((x) => x.member === 'Password')!;
    expect(password.source).toEqual({ kind: 'querystring', name: 'Password' });
    expect(password.reason).toContain('access logs may record it');
    expect(m.integration.requestParameters['integration.request.querystring.Password']).toEqual(['method.request.querystring.Password']);
    // By default it is the client's body, which no URL shows.
    expect((await method('iam-create-login-profile.log')).method.members.find((x) => x.member === 'Password')!.source).toEqual({ kind: 'body' });
  });

  test('no template reads the client body: a structure stays the constant seen in the log, and --from body is refused, the member kept where it was', async () => {
    const { method: m, model } = await method('ses-send-email.log', { queryStringPayload: true });
    expect(m.members.find((x) => x.member === 'Message')).toMatchObject({ source: { kind: 'constant' }, reason: expect.stringContaining('the query-string pass-through (--query-string-payload) writes no template') });
    expect(text(model, m.integration.requestParameters['integration.request.querystring.Message.Subject.Data']!)).toBe("'Order 42 shipped'");
    const { diagnostics } = buildIntegrationModel(await operations('ses-send-email.log'), { ...NO_FLAGS, queryStringPayload: true, from: [{ source: 'body', member: 'Destination' }, { source: 'body', member: 'Source' }] });
    expect(diagnostics.filter((d) => d.code === 'MAPPING_KEPT_CONSTANT').map((d) => d.message)).toEqual([
      "SendEmail: Source (string) cannot come from a client body: the query-string pass-through (--query-string-payload) writes no template, so nothing reads the client's body; it stays the querystring parameter Source",
      "SendEmail: Destination (structure) cannot come from a client body: the query-string pass-through (--query-string-payload) writes no template, so nothing reads the client's body; it stays the constant seen in the log",
    ]);
  });

  test('the default role names only the services that get a method', async () => {
    const cbor = await runPipeline([{ name: 'c', chunks: [sampleText('cloudwatch-put-metric-data-cbor.log')] }], { modelDirs: [MODELS], noModels: true });
    const { model, diagnostics } = buildIntegrationModel([...cbor.operations, ...(await operations('sns-publish.log'))], NO_FLAGS);
    expect(diagnostics.map((d) => d.code)).toContain('INTEGRATION_UNSUPPORTED');
    expect(model.parameters.find((p) => p.name === 'ExecutionRoleArn')!.default).toBe('arn:aws:iam::123456789012:role/apigateway-sns-integration');
  });
});

describe('response headers', () => {
  /** The output members botocore parses from named response headers, read from the model file itself. */
  function headerMembers(serviceDir: string, operation: string): string[] {
    const model = rawModel(serviceDir) as unknown as {
      operations: Record<string, { output?: { shape: string } }>;
      shapes: Record<string, { members?: Record<string, { location?: string; locationName?: string }> }>;
    };
    const output = model.operations[operation]!.output!.shape;
    return Object.entries(model.shapes[output]!.members!)
      .filter(([, ref]) => ref.location === 'header')
      .map(([name, ref]) => ref.locationName ?? name);
  }

  test.each([
    ['lambda-invoke.log', 'lambda', 'Invoke'],
    ['s3api-put-object.log', 's3', 'PutObject'],
  ])('%s: each header-bound output member is declared by the 200 method response and mapped from the integration response', async (file, serviceDir, operation) => {
    const { method: m } = await method(file);
    const headers = headerMembers(serviceDir, operation);
    expect(headers.length).toBeGreaterThan(0);
    expect(m.responses[0]).toEqual({ statusCode: '200', responseParameters: Object.fromEntries(headers.map((h) => [`method.response.header.${h}`, false])) });
    expect(m.integration.responses[0]!.responseParameters).toEqual(Object.fromEntries(headers.map((h) => [`method.response.header.${h}`, `integration.response.header.${h}`])));
    expect(m.decisions.find((d) => d.subject === 'response headers')?.choice).toBe(`passed on: ${headers.join(', ')}`);
    // Error responses carry the service's error document, not the output's headers.
    expect(m.responses.slice(1).every((r) => Object.keys(r.responseParameters).length === 0)).toBe(true);
  });

  test.each(['sns-publish.log', 'dynamodb-put-item.log', 'lambda-get-function.log'])('%s: none, when the output has no header-bound member or the protocol none', async (file) => {
    const { method: m } = await method(file);
    expect(m.responses.map((r) => r.responseParameters)).toEqual([{}, {}, {}]);
    expect(m.decisions.some((d) => d.subject === 'response headers')).toBe(false);
  });
});

test("a Lambda invocation's error response is selected by errorMessage, which status patterns would never match", async () => {
  const { method: lambda } = await method('lambda-invoke.log');
  expect(lambda.integration.responses.map((r) => [r.statusCode, r.selectionPattern])).toEqual([
    ['200', undefined],
    ['500', '(.|\\n)+'],
  ]);
  const pattern = new RegExp(`^(?:${lambda.integration.responses[1]!.selectionPattern})$`);
  expect(pattern.test('Task timed out after 3.00 seconds\nmore')).toBe(true);
  const { method: sqs } = await method('sqs-send-message.log');
  expect(sqs.integration.responses.map((r) => r.selectionPattern)).toEqual([undefined, '4\\d{2}', '5\\d{2}']);
});

test('a member taken from the path is a required path parameter, whether or not the member is', async () => {
  const { method: sqs } = await method('python-basicconfig-sqs-send-message.log', { from: [{ source: 'path', member: 'DelaySeconds' }] });
  expect(sqs.members.find((m) => m.member === 'DelaySeconds')?.required).toBe(false);
  expect(sqs.request.parameters.filter((p) => p.location === 'path').map((p) => [p.name, p.required])).toEqual([['DelaySeconds', true]]);
});

test("a header the SDK adds for the service and no member carries (Glacier's API version) is a static header", async () => {
  const { method: glacier } = await method('glacier-list-vaults.log');
  expect(glacier.operation.serviceHeaders).toEqual([{ name: 'x-amz-glacier-version', value: '2012-06-01' }]);
  expect(glacier.integration.requestParameters['integration.request.header.x-amz-glacier-version']).toEqual(["'2012-06-01'"]);
  const { method: sns } = await method('sns-publish.log');
  expect(sns.operation.serviceHeaders).toEqual([]);
});
