/**
 * deploy.sh: shell syntax, where arbitrary text may stand, and — with moto_server and the AWS CLI —
 * that every command passes the CLI's own validation and builds exactly the model's integrations.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliScript, renderCliScript, shellQuote } from '../../src/emit/cli-script.js';
import { withDefaults } from '../../src/emit/templated.js';
import type { IntegrationModel } from '../../src/integrate/types.js';
import { awsJson, startMoto, type Moto } from '../support/moto.js';
import { requireTool } from '../support/tools.js';
import { golden, goldenPath, sampleModel } from '../support/golden.js';
import { manifest } from '../support/samples.js';
import { fixtureModel, lambdaInvokeModel, snsPublishModel } from './fixtures.js';

/** Text that breaks any unquoted or double-quoted shell word, a JSON string and a here-document. */
const NASTY = `it's "q" \\ \`touch pwned-backtick\` $(touch pwned-subst) \${HOME} $HOME ! * ~ \t tab\nJSON\n'JSON'\n\`\`\` | end`;

/** The SNS fixture with hostile text in the templates, a parameter default and the title. */
function hostileModel(): IntegrationModel {
  const model = snsPublishModel();
  model.title = `api it's $(touch pwned-title) "q"`;
  model.parameters.find((p) => p.name === 'SnsPublishTopicArn')!.default = `arn:aws:sns:us-east-1:123456789012:t ${NASTY.replaceAll('pwned', 'param')}`;
  const integration = model.methods[0]!.integration;
  integration.requestTemplates = {
    'application/json': [`#set($m = "${NASTY}")\n`, { param: 'SnsPublishTopicArn' }, 'JSON', { param: 'SnsPublishTopicArn' }, `\n${NASTY}`],
    'text/plain': [NASTY],
  };
  integration.responses[1]!.responseTemplates = { 'application/json': NASTY };
  return model;
}

/** Lines of a script outside here-document bodies (the only places arbitrary text may not stand). */
function outsideHereDocuments(script: string): string[] {
  const outside: string[] = [];
  let end: string | null = null;
  for (const line of script.split('\n')) {
    if (end !== null) {
      if (line === end) end = null;
      continue;
    }
    outside.push(line);
    end = /<<'([^']+)'$/.exec(line)?.[1] ?? null;
  }
  return outside;
}

function bashSyntax(script: string): { status: number | null; stderr: string } {
  const run = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

describe('cliScript', () => {
  test('emits one artifact, deploy.sh, a bash script with strict options', () => {
    const artifacts = cliScript.emit(fixtureModel());
    expect(artifacts.map((a) => a.name)).toEqual(['deploy.sh']);
    expect(cliScript.format).toBe('cli');
    const lines = artifacts[0]!.content.split('\n');
    expect(lines[0]).toBe('#!/usr/bin/env bash');
    expect(lines).toContain('set -euo pipefail');
  });

  test.each([
    ['fixture', fixtureModel],
    ['sns', snsPublishModel],
    ['lambda', lambdaInvokeModel],
    ['hostile', hostileModel],
  ])('%s: bash -n accepts it', (_name, build) => {
    expect(bashSyntax(renderCliScript(build()))).toEqual({ status: 0, stderr: '' });
  });

  test('template and response text stands only inside quoted here-documents', () => {
    const script = renderCliScript(hostileModel());
    const outside = outsideHereDocuments(script).join('\n');
    expect(outside).not.toContain('pwned-backtick');
    expect(outside).not.toContain('#set(');
    expect(script).toContain('pwned-backtick');
    expect(outside).toContain(`--name 'api it'\\''s $(touch pwned-title) "q"'`);
    for (const line of outsideHereDocuments(script)) if (/(?<!<)<<(?!<)/.test(line)) expect(line).toMatch(/<<'[A-Z_]+'$/);
  });

  test('a here-document never ends early on a line that equals its delimiter', () => {
    const model = snsPublishModel();
    model.methods[0]!.integration.requestTemplates = { 'application/json': [{ param: 'SnsPublishTopicArn' }, 'JSON', { param: 'SnsPublishTopicArn' }] };
    const script = renderCliScript(model);
    expect(script).toContain("chunk <<'JSON_'\nJSON\nJSON_\n");
    expect(bashSyntax(script).status).toBe(0);
  });

  test('parameters are variables defaulting to the model, single-quoted, and overridable', () => {
    const script = renderCliScript(hostileModel());
    expect(script).toContain('EXECUTION_ROLE_ARN=${EXECUTION_ROLE_ARN:-arn:aws:iam::123456789012:role/infer-mapping-apigateway}');
    expect(script).toContain(`SNS_PUBLISH_TOPIC_ARN=\${SNS_PUBLISH_TOPIC_ARN:-${shellQuote(`arn:aws:sns:us-east-1:123456789012:t ${NASTY.replaceAll('pwned', 'param')}`)}}`);
    expect(script).toContain('AWS_REGION=${AWS_REGION:-us-east-1}');
    expect(script).toContain('json_chars "$SNS_PUBLISH_TOPIC_ARN"');
    expect(script).toContain('--credentials "${EXECUTION_ROLE_ARN}"');
  });

  test('a parameter whose name is the shell\'s or the CLI\'s gets a prefix; clashing names a suffix', () => {
    const model = snsPublishModel();
    model.parameters.push(
      { name: 'Path', description: 'p', default: '/x' },
      { name: 'AwsProfile', description: 'a', default: 'x' },
      { name: 'ExecutionROLEArn', description: 'e', default: 'x' },
    );
    const script = renderCliScript(model);
    expect(script).toContain('PARAM_PATH=${PARAM_PATH:-/x}');
    expect(script).toContain('PARAM_AWS_PROFILE=${PARAM_AWS_PROFILE:-x}');
    expect(script).toContain('EXECUTION_ROLE_ARN_2=${EXECUTION_ROLE_ARN_2:-x}');
    expect(script).not.toMatch(/^PATH=/m);
  });

  test('a placeholder parameter must be set: the script stops before any call', () => {
    const model = snsPublishModel();
    model.parameters[0]!.placeholder = true;
    const script = renderCliScript(model);
    const env = { PATH: process.env.PATH ?? '' };
    // No stdin: bash run with a socket for stdin reads ~/.bashrc as if started by sshd.
    const run = spawnSync('bash', ['-c', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('EXECUTION_ROLE_ARN is not set: the log gives ExecutionRoleArn no value, only the placeholder arn:aws:iam::123456789012:role/infer-mapping-apigateway (create what it names, then set EXECUTION_ROLE_ARN)\n');
  });

  test('helpers appear only when the script calls them', () => {
    const lambda = renderCliScript(lambdaInvokeModel());
    expect(lambda).not.toContain('json_chars()');
    expect(lambda).not.toContain('chunk()');
    expect(lambda).toContain('request_validator()');
    const sns = renderCliScript(snsPublishModel());
    expect(sns).toContain('json_chars()');
  });

  test('the parameter substitution writes the JSON string the value spells', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-script-'));
    try {
      const script = renderCliScript(snsPublishModel());
      const helpers = script.slice(script.indexOf('chunk() {'), script.indexOf('\nchild_resource() {'));
      const value = `a'b"c\\d$e\`f\ng\th\u0001i é ${NASTY}`;
      writeFileSync(join(dir, 't.sh'), `${helpers}\n{\n  chunk <<'JSON'\n{"v": "<\nJSON\n  json_chars "$V"\n  chunk <<'JSON'\n>"}\nJSON\n}\n`);
      const run = spawnSync('bash', [join(dir, 't.sh')], { encoding: 'utf8', env: { ...process.env, V: value, LC_ALL: 'C.UTF-8' } });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({ v: `<${value}>` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy.sh golden files', () => {
  test.each(manifest.map((entry) => [entry.file] as const))('%s matches the reviewed script, which bash -n accepts', async (file) => {
    const content = renderCliScript(await sampleModel(file));
    expect(content).toBe(golden(goldenPath('cli', file, 'sh'), content));
    expect(bashSyntax(content)).toEqual({ status: 0, stderr: '' });
  });
});

const haveMoto = requireTool('moto_server') && requireTool('aws');

(haveMoto ? describe : describe.skip)('deploy.sh against moto_server', () => {
  let moto: Moto;
  let dir: string;
  beforeAll(async () => {
    moto = await startMoto();
    dir = mkdtempSync(join(tmpdir(), 'deploy-sh-'));
  });
  afterAll(async () => {
    await moto?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function deploy(model: IntegrationModel, env: Record<string, string> = {}): string {
    const file = join(dir, `deploy-${Math.random().toString(36).slice(2)}.sh`);
    writeFileSync(file, renderCliScript(model));
    const run = spawnSync('bash', [file], { cwd: dir, env: { ...moto.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (run.status !== 0) throw new Error(`deploy.sh exited ${run.status}:\n${run.stderr}`);
    return /^REST_API_ID=(\S+)$/m.exec(run.stdout)![1]!;
  }

  type Resource = { id: string; path: string };
  function resources(api: string): Resource[] {
    return (awsJson(moto, ['apigateway', 'get-resources', '--rest-api-id', api]) as { items: Resource[] }).items;
  }

  /** What get-method returns for each method of the model, compared with the model (parameters as given). */
  function expectDeployed(api: string, model: IntegrationModel): void {
    const byPath = new Map(resources(api).map((r) => [r.path, r.id]));
    const validators = (awsJson(moto, ['apigateway', 'get-request-validators', '--rest-api-id', api]) as { items: Array<{ id: string; name: string; validateRequestParameters: boolean; validateRequestBody: boolean }> }).items;
    for (const m of model.methods) {
      const resourceId = byPath.get(m.resourcePath);
      expect(resourceId).toBeDefined();
      const target = ['--rest-api-id', api, '--resource-id', resourceId!, '--http-method', m.httpMethod];
      const method = awsJson(moto, ['apigateway', 'get-method', ...target]) as Record<string, any>;
      expect(method.requestParameters ?? {}).toEqual(Object.fromEntries(m.request.parameters.map((p) => [`method.request.${p.location}.${p.name}`, p.required])));
      expect(validators.find((v) => v.id === method.requestValidatorId)?.name).toBe(m.request.validator ?? undefined);
      expect(Object.keys(method.methodResponses ?? {}).sort()).toEqual(m.responses.map((r) => r.statusCode).sort());

      const integration = awsJson(moto, ['apigateway', 'get-integration', ...target]) as Record<string, any>;
      const i = m.integration;
      expect(integration).toMatchObject({
        type: i.type,
        httpMethod: i.httpMethod,
        uri: withDefaults(model, i.uri),
        credentials: withDefaults(model, i.credentials),
        passthroughBehavior: i.passthroughBehavior,
        timeoutInMillis: i.timeoutInMillis,
      });
      expect(integration.contentHandling).toBeUndefined();
      expect(integration.requestParameters ?? {}).toEqual(Object.fromEntries(Object.entries(i.requestParameters).map(([k, v]) => [k, withDefaults(model, v)])));
      expect(integration.requestTemplates ?? {}).toEqual(Object.fromEntries(Object.entries(i.requestTemplates).map(([k, v]) => [k, withDefaults(model, v)])));
      for (const response of i.responses) {
        const got = integration.integrationResponses[response.statusCode];
        expect(got.selectionPattern).toBe(response.selectionPattern);
        expect(got.responseTemplates ?? {}).toEqual(response.responseTemplates);
        expect(got.responseParameters ?? {}).toEqual(response.responseParameters);
      }
    }
  }

  let fixtureApi: string;

  test('builds the fixture API exactly as modelled, and deploys it', () => {
    const model = fixtureModel();
    // moto drops binaryMediaTypes on create-rest-api, so this shows only that the CLI accepts them.
    model.binaryMediaTypes = ['image/png', '*/*'];
    fixtureApi = deploy(model);
    expectDeployed(fixtureApi, model);
    const stages = awsJson(moto, ['apigateway', 'get-stages', '--rest-api-id', fixtureApi]) as { item: Array<{ stageName: string }> };
    expect(stages.item.map((s) => s.stageName)).toEqual([model.stage]);
  });

  test('hostile text and parameter values set from the environment arrive unchanged', () => {
    const model = hostileModel();
    const topic = `arn:aws:sns:us-east-1:123456789012:from-env ${NASTY}`;
    const role = `arn:aws:iam::123456789012:role/from-env`;
    const api = deploy(model, { SNS_PUBLISH_TOPIC_ARN: topic, EXECUTION_ROLE_ARN: role, STAGE_NAME: 'prod' });
    model.parameters.find((p) => p.name === 'SnsPublishTopicArn')!.default = topic;
    model.parameters.find((p) => p.name === 'ExecutionRoleArn')!.default = role;
    expectDeployed(api, model);
    const rest = awsJson(moto, ['apigateway', 'get-rest-api', '--rest-api-id', api]) as { name: string };
    expect(rest.name).toBe(model.title);
    const stages = awsJson(moto, ['apigateway', 'get-stages', '--rest-api-id', api]) as { item: Array<{ stageName: string }> };
    expect(stages.item.map((s) => s.stageName)).toEqual(['prod']);
  });

  // One sample per feature: query form template with a parameter, binary pass-through with a greedy
  // path and a header, JSON template with an optional query parameter, a static query string, a URI
  // with a parameter.
  test.each(['sns-publish-attributes.log', 's3api-put-object.log', 'stepfunctions-start-execution.log', 's3-ls.log', 'lambda-invoke.log'])(
    'the golden script of %s builds its model',
    async (file) => {
      const model = await sampleModel(file);
      const role = 'arn:aws:iam::123456789012:role/golden';
      const api = deploy(model, { EXECUTION_ROLE_ARN: role });
      model.parameters.find((p) => p.name === 'ExecutionRoleArn')!.default = role;
      expectDeployed(api, model);
    },
  );

  test('run again on the same API (REST_API_ID), it reuses resources and validators and replaces the methods', () => {
    const model = fixtureModel();
    model.binaryMediaTypes = ['image/png'];
    const before = resources(fixtureApi).length;
    model.methods[0]!.integration.timeoutInMillis = 10000;
    model.methods[1]!.integration.requestTemplates = { 'application/json': ['$input.body'] };
    expect(deploy(model, { REST_API_ID: fixtureApi })).toBe(fixtureApi);
    expect(resources(fixtureApi)).toHaveLength(before);
    const validators = awsJson(moto, ['apigateway', 'get-request-validators', '--rest-api-id', fixtureApi]) as { items: unknown[] };
    expect(validators.items).toHaveLength(2);
    expectDeployed(fixtureApi, model);
  });
});
