/**
 * The OpenAPI 2.0 and 3.0 emitters: the hand-built fixtures field by field, adversarial values
 * through serialization, golden files for every sample (rewritten with UPDATE_GOLDEN=1), and
 * every output validated by swagger-parser and, when installed, openapi-spec-validator.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { openapi2 } from '../../src/emit/openapi2.js';
import { openapi3 } from '../../src/emit/openapi3.js';
import type { Emitter } from '../../src/emit/registry.js';
import { buildIntegrationModel } from '../../src/integrate/integrate.js';
import type { IntegrationModel } from '../../src/integrate/types.js';
import { runPipeline } from '../../src/pipeline.js';
import { manifest, MODELS, ROOT, sampleText } from '../support/samples.js';
import { requireTool } from '../support/tools.js';
import { fixtureModel, lambdaInvokeModel, snsPublishModel } from './fixtures.js';

// Documents are read loosely: the tests check the JSON, whatever its static shape.
type Json = any;

const EMITTERS = [openapi2, openapi3] as const;

function emitOne(emitter: Emitter, model: IntegrationModel): { name: string; content: string; doc: Json } {
  const artifacts = emitter.emit(model);
  expect(artifacts).toHaveLength(1);
  const [artifact] = artifacts;
  return { ...artifact!, doc: JSON.parse(artifact!.content) };
}

/**
 * The document as generic validators must see it. API Gateway writes a greedy path variable as
 * `{Key+}` with a parameter named `Key` (its own export does so too); OpenAPI has no greedy
 * variables and would look for a parameter named `Key+`, so the `+` is dropped here.
 */
function validatable(doc: Json): Json {
  return { ...doc, paths: Object.fromEntries(Object.entries(doc.paths).map(([path, item]) => [path.replace(/\{([^/}]+)\+\}/g, '{$1}'), item])) };
}

function operationOf(doc: Json, path: string, verb: string): Json {
  return doc.paths[path][verb];
}

const FIXTURES: Array<[string, () => IntegrationModel]> = [
  ['sns', snsPublishModel],
  ['lambda', lambdaInvokeModel],
  ['both', fixtureModel],
];

describe.each(EMITTERS.map((e) => [e.format, e] as const))('%s', (format, emitter) => {
  test('one JSON artifact named after the format, 2-space indent and a trailing newline', () => {
    const { name, content, doc } = emitOne(emitter, fixtureModel());
    expect(name).toBe(`${format}.json`);
    expect(content).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });

  test('the SNS Publish integration of the AWS article', () => {
    const { doc } = emitOne(emitter, snsPublishModel());
    const op = operationOf(doc, '/sns/publish', 'post');
    expect(op.operationId).toBe('SnsPublish');
    expect(op.parameters).toBeUndefined();
    expect(op['x-amazon-apigateway-request-validator']).toBe('body');
    expect(doc['x-amazon-apigateway-request-validators']).toEqual({ body: { validateRequestParameters: false, validateRequestBody: true } });
    expect(op['x-amazon-apigateway-integration']).toEqual({
      type: 'aws',
      httpMethod: 'POST',
      uri: 'arn:aws:apigateway:us-east-1:sns:action/Publish',
      credentials: 'arn:aws:iam::123456789012:role/infer-mapping-apigateway',
      requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
      requestTemplates: {
        'application/json': "Action=Publish&TopicArn=$util.urlEncode('arn:aws:sns:us-east-1:123456789012:orders')&Message=$util.urlEncode($input.body)",
      },
      passthroughBehavior: 'never',
      timeoutInMillis: 29000,
      responses: {
        default: { statusCode: '200' },
        '4\\d{2}': { statusCode: '400', responseTemplates: { 'application/json': "$input.json('$')" } },
        '5\\d{2}': { statusCode: '500', responseTemplates: { 'application/json': "$input.json('$')" } },
      },
    });
    expect(Object.keys(op.responses)).toEqual(['200', '400', '500']);
    expect(op.responses['400'].description).toBe('400 response');
    expect(doc.info).toEqual({ title: 'infer-mapping sns', version: '1.0' });
    expect(doc['x-amazon-apigateway-binary-media-types']).toBeUndefined();
  });

  test('the Lambda Invoke integration: path, query string and header parameters, a response header', () => {
    const { doc } = emitOne(emitter, lambdaInvokeModel());
    const op = operationOf(doc, '/lambda/functions/{FunctionName}/invocations', 'post');
    const schema = format === 'openapi2' ? { type: 'string' } : { schema: { type: 'string' } };
    expect(op.parameters).toEqual([
      { name: 'FunctionName', in: 'path', required: true, ...schema },
      { name: 'Qualifier', in: 'query', required: false, ...schema },
      { name: 'X-Amz-Invocation-Type', in: 'header', required: false, ...schema },
    ]);
    expect(op.responses['200'].headers).toEqual({ 'X-Amz-Function-Error': schema });
    expect(op.responses['400'].headers).toBeUndefined();
    const integration = op['x-amazon-apigateway-integration'];
    expect(integration.uri).toBe('arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FunctionName}/invocations');
    expect(integration.requestParameters).toEqual({
      'integration.request.path.FunctionName': 'method.request.path.FunctionName',
      'integration.request.querystring.Qualifier': 'method.request.querystring.Qualifier',
      'integration.request.header.X-Amz-Invocation-Type': 'method.request.header.X-Amz-Invocation-Type',
    });
    expect(integration.requestTemplates).toBeUndefined();
    expect(integration.passthroughBehavior).toBe('when_no_match');
    expect(integration.responses.default).toEqual({
      statusCode: '200',
      responseParameters: { 'method.response.header.X-Amz-Function-Error': 'integration.response.header.X-Amz-Function-Error' },
    });
    expect(doc['x-amazon-apigateway-request-validators']).toEqual({ params: { validateRequestParameters: true, validateRequestBody: false } });
  });

  test('a path parameter is required even where the model leaves it optional', () => {
    const model = lambdaInvokeModel();
    model.methods[0]!.request.parameters[0]!.required = false;
    const op = operationOf(emitOne(emitter, model).doc, '/lambda/functions/{FunctionName}/invocations', 'post');
    expect(op.parameters[0]).toMatchObject({ in: 'path', required: true });
  });

  test('the root validator map holds exactly the validators the methods name', () => {
    const model = fixtureModel();
    model.methods[0]!.request.validator = 'params-and-body';
    expect(emitOne(emitter, model).doc['x-amazon-apigateway-request-validators']).toEqual({
      'params-and-body': { validateRequestParameters: true, validateRequestBody: true },
      params: { validateRequestParameters: true, validateRequestBody: false },
    });
    for (const method of model.methods) method.request.validator = null;
    const { doc } = emitOne(emitter, model);
    expect(doc['x-amazon-apigateway-request-validators']).toBeUndefined();
    expect(operationOf(doc, '/sns/publish', 'post')['x-amazon-apigateway-request-validator']).toBeUndefined();
  });

  test('binary media types', () => {
    const model = lambdaInvokeModel();
    model.binaryMediaTypes = ['application/octet-stream', 'image/*'];
    const { doc } = emitOne(emitter, model);
    expect(doc['x-amazon-apigateway-binary-media-types']).toEqual(['application/octet-stream', 'image/*']);
  });

  test('methods on one resource path share its path item', () => {
    const model = fixtureModel();
    const [sns, lambda] = model.methods;
    Object.assign(lambda!, { resourcePath: sns!.resourcePath, httpMethod: 'PUT', request: { ...lambda!.request, parameters: [] } });
    delete lambda!.integration.requestParameters['integration.request.path.FunctionName'];
    const { doc } = emitOne(emitter, model);
    expect(Object.keys(doc.paths)).toEqual(['/sns/publish']);
    expect(Object.keys(doc.paths['/sns/publish'])).toEqual(['post', 'put']);
    expect(doc.paths['/sns/publish'].put.operationId).toBe('LambdaInvoke');
  });

  test('a model with two methods on one verb and path, or two responses on one selection pattern, is a bug', () => {
    const twice = fixtureModel();
    Object.assign(twice.methods[1]!, { resourcePath: '/sns/publish', httpMethod: 'POST' });
    expect(() => emitter.emit(twice)).toThrow('two methods POST /sns/publish');
    const patterns = snsPublishModel();
    patterns.methods[0]!.integration.responses[2]!.selectionPattern = '4\\d{2}';
    expect(() => emitter.emit(patterns)).toThrow('two integration responses selected by 4\\d{2}');
  });

  test('adversarial values survive serialization exactly', () => {
    const nasty = `'"\`$#\\\n\r\t\u0000\u2028\u2029 \${x} \${AWS::Region} $\${ */ /* -- é ü 漢字 😀 \ud800 %{y} ##`;
    const model = snsPublishModel();
    model.title = nasty;
    model.parameters[1]!.default = nasty;
    const method = model.methods[0]!;
    method.integration.requestParameters['integration.request.header.X-Nasty'] = [`'${nasty}'`];
    method.integration.requestTemplates[nasty] = [nasty, { param: 'SnsPublishTopicArn' }, nasty];
    method.integration.responses[0]!.responseTemplates['application/json'] = nasty;
    method.integration.responses[1]!.selectionPattern = nasty;
    const { doc } = emitOne(emitter, model);
    const integration = operationOf(doc, '/sns/publish', 'post')['x-amazon-apigateway-integration'];
    expect(doc.info.title).toBe(nasty);
    expect(integration.requestParameters['integration.request.header.X-Nasty']).toBe(`'${nasty}'`);
    expect(integration.requestTemplates[nasty]).toBe(nasty + nasty + nasty);
    expect(integration.requestTemplates['application/json']).toBe(`Action=Publish&TopicArn=$util.urlEncode('${nasty}')&Message=$util.urlEncode($input.body)`);
    expect(integration.responses.default.responseTemplates['application/json']).toBe(nasty);
    expect(integration.responses[nasty]).toEqual({ statusCode: '400', responseTemplates: { 'application/json': "$input.json('$')" } });
  });

  test('a selection pattern named like an object property stays a plain key', () => {
    const model = snsPublishModel();
    model.methods[0]!.integration.responses[1]!.selectionPattern = '__proto__';
    const { doc } = emitOne(emitter, model);
    const responses = operationOf(doc, '/sns/publish', 'post')['x-amazon-apigateway-integration'].responses;
    expect(Object.keys(responses)).toEqual(['default', '__proto__', '5\\d{2}']);
  });

  test.each(FIXTURES)('the %s fixture validates with swagger-parser', async (_name, model) => {
    await expect(SwaggerParser.validate(validatable(emitOne(emitter, model()).doc))).resolves.toBeDefined();
  });
});

describe('version-specific fields', () => {
  test('OpenAPI 2.0: basePath, schemes, consumes and produces, definitions', () => {
    const { doc } = emitOne(openapi2, snsPublishModel());
    expect(doc.swagger).toBe('2.0');
    expect(doc.basePath).toBe('/dev');
    expect(doc.schemes).toEqual(['https']);
    expect(doc.definitions).toEqual({ Empty: { type: 'object', title: 'Empty Schema' } });
    const op = operationOf(doc, '/sns/publish', 'post');
    expect(op.consumes).toEqual(['application/json']);
    expect(op.produces).toEqual(['application/json']);
    expect(op.responses['200']).toEqual({ description: '200 response', schema: { $ref: '#/definitions/Empty' } });
  });

  test('OpenAPI 3.0: the stage as the basePath server variable, request body media types, components', () => {
    const { doc } = emitOne(openapi3, snsPublishModel());
    expect(doc.openapi).toBe('3.0.1');
    expect(doc.servers).toEqual([{ url: '/{basePath}', variables: { basePath: { default: 'dev' } } }]);
    expect(doc.components).toEqual({ schemas: { Empty: { type: 'object', title: 'Empty Schema' } } });
    const op = operationOf(doc, '/sns/publish', 'post');
    expect(op.requestBody).toEqual({ content: { 'application/json': {} } });
    expect(op.responses['200']).toEqual({ description: '200 response', content: { 'application/json': { schema: { $ref: '#/components/schemas/Empty' } } } });
  });

  test('no request body without content types', () => {
    const model = lambdaInvokeModel();
    model.methods[0]!.request.contentTypes = [];
    expect(operationOf(emitOne(openapi3, model).doc, '/lambda/functions/{FunctionName}/invocations', 'post').requestBody).toBeUndefined();
    expect(operationOf(emitOne(openapi2, model).doc, '/lambda/functions/{FunctionName}/invocations', 'post').consumes).toBeUndefined();
  });
});

/** Runs openapi-spec-validator over files: one line per file, `FILE: OK` or the error, which a failing expectation then shows. */
function specValidator(files: string[]): string {
  const run = spawnSync('openapi-spec-validator', files, { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`;
}

const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';
const GOLDEN = join(ROOT, 'test/golden');

function goldenFile(emitter: Emitter, sample: string): string {
  return join(GOLDEN, emitter.format, sample.replace(/\.log$/, '.json'));
}

async function sampleModel(file: string): Promise<IntegrationModel> {
  const { operations } = await runPipeline([{ name: file, chunks: [sampleText(file)] }], { modelDirs: [MODELS] });
  return buildIntegrationModel(operations, { constants: [], from: [], queryStringPayload: false }).model;
}

describe.each(manifest.map((entry) => [entry.file] as const))('golden %s', (file) => {
  let model: IntegrationModel;
  beforeAll(async () => {
    model = await sampleModel(file);
  });

  test.each(EMITTERS.map((e) => [e.format, e] as const))('%s matches the reviewed file and validates', async (_format, emitter) => {
    const { content, doc } = emitOne(emitter, model);
    const golden = goldenFile(emitter, file);
    if (UPDATE_GOLDEN) {
      mkdirSync(join(GOLDEN, emitter.format), { recursive: true });
      writeFileSync(golden, content);
    }
    expect(content).toBe(readFileSync(golden, 'utf8'));
    await expect(SwaggerParser.validate(validatable(doc))).resolves.toBeDefined();
  });
});

describe('openapi-spec-validator', () => {
  const available = requireTool('openapi-spec-validator');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'infer-mapping-openapi-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function check(documents: Array<[string, Json]>): void {
    const files = documents.map(([name, doc]) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(validatable(doc)));
      return file;
    });
    const output = specValidator(files);
    for (const file of files) expect(output).toContain(`${file}: OK`);
  }

  (available ? test : test.skip)('accepts every fixture in both versions', () => {
    check(EMITTERS.flatMap((emitter) => FIXTURES.map(([name, model]) => [`${name}.${emitter.format}.json`, emitOne(emitter, model()).doc] as [string, Json])));
  });

  (available ? test : test.skip)('accepts every golden file', () => {
    check(
      EMITTERS.flatMap((emitter) =>
        manifest.map((entry) => [`golden-${emitter.format}-${entry.file}.json`, JSON.parse(readFileSync(goldenFile(emitter, entry.file), 'utf8'))] as [string, Json]),
      ),
    );
  });
});
