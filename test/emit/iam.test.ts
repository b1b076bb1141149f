/**
 * The execution role documents: their shape, least privilege, and — with moto_server and the AWS
 * CLI — that IAM accepts them as they are written (`file://` documents to create-role,
 * update-assume-role-policy and put-role-policy, which moto validates).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iam, permissionsPolicy, roleName } from '../../src/emit/iam.js';
import type { IntegrationModel } from '../../src/integrate/types.js';
import { awsJson, startMoto, type Moto } from '../support/moto.js';
import { requireTool } from '../support/tools.js';
import { golden, goldenPath, sampleModel } from '../support/golden.js';
import { manifest } from '../support/samples.js';
import { fixtureModel, lambdaInvokeModel, snsPublishModel } from './fixtures.js';

function documents(model: IntegrationModel): Record<string, any> {
  return Object.fromEntries(iam.emit(model).map((a) => [a.name, JSON.parse(a.content)]));
}

describe('iam', () => {
  test('emits the role, the trust policy and the permissions policy as JSON', () => {
    const artifacts = iam.emit(fixtureModel());
    expect(iam.format).toBe('iam');
    expect(artifacts.map((a) => a.name)).toEqual(['iam-role.json', 'trust-policy.json', 'permissions-policy.json']);
    for (const a of artifacts) expect(a.content.endsWith('}\n')).toBe(true);
  });

  test('the trust policy lets only API Gateway assume the role', () => {
    expect(documents(fixtureModel())['trust-policy.json']).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
  });

  test('one statement per policy entry, resources with parameter defaults', () => {
    expect(documents(fixtureModel())['permissions-policy.json']).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'SnsPublish', Effect: 'Allow', Action: ['sns:Publish'], Resource: ['arn:aws:sns:us-east-1:123456789012:orders'] },
        { Sid: 'LambdaInvoke', Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: ['arn:aws:lambda:us-east-1:123456789012:function:*'] },
      ],
    });
  });

  test('least privilege: no wildcard action, no action outside the methods\' policies', () => {
    const model = fixtureModel();
    const actions = documents(model)['permissions-policy.json'].Statement.flatMap((s: { Action: string[] }) => s.Action);
    for (const action of actions) expect(action).not.toMatch(/\*/);
    expect(new Set(actions)).toEqual(new Set(model.methods.flatMap((m) => m.policy.flatMap((p) => p.actions))));
  });

  test('a method with several entries gets numbered Sids; an exact repeat is dropped', () => {
    const model = fixtureModel();
    model.methods[0]!.policy.push({ actions: ['sns:GetTopicAttributes'], resources: [['arn:aws:sns:us-east-1:123456789012:orders']] });
    model.methods[1]!.policy.push({ actions: ['sns:Publish'], resources: [[{ param: 'SnsPublishTopicArn' }]] });
    expect(permissionsPolicy(model).Statement.map((s) => s.Sid)).toEqual(['SnsPublish', 'SnsPublish2', 'LambdaInvoke']);
  });

  test('iam-role.json holds the name, both documents and a policy name', () => {
    const model = fixtureModel();
    const role = documents(model)['iam-role.json'];
    expect(role).toEqual({
      RoleName: 'infer-mapping-apigateway',
      Description: 'Assumed by API Gateway to call sns:Publish, lambda:InvokeFunction',
      AssumeRolePolicyDocument: documents(model)['trust-policy.json'],
      Policies: [{ PolicyName: 'infer-mapping-apigateway-permissions', PolicyDocument: documents(model)['permissions-policy.json'] }],
    });
  });

  test('the role name follows the execution role ARN, else the title, always a valid IAM name', () => {
    const model = snsPublishModel();
    model.parameters[0]!.default = 'arn:aws:iam::123456789012:role/service-role/my-role';
    expect(roleName(model)).toBe('my-role');
    model.parameters[0]!.default = 'not an arn';
    model.title = 'my API: "orders" | ü';
    expect(roleName(model)).toBe('my-API-orders-apigateway');
    model.title = 'x'.repeat(100);
    expect(roleName(model)).toMatch(/^[\w+=,.@-]{64}$/);
  });
});

describe('iam golden files', () => {
  test.each(manifest.map((entry) => [entry.file] as const))('%s matches the reviewed role', async (file) => {
    const model = await sampleModel(file);
    const docs = documents(model);
    const content = iam.emit(model)[0]!.content;
    expect(content).toBe(golden(goldenPath('iam', file, 'json'), content));
    expect(docs['trust-policy.json']).toEqual(docs['iam-role.json'].AssumeRolePolicyDocument);
    expect(docs['permissions-policy.json']).toEqual(docs['iam-role.json'].Policies[0].PolicyDocument);
    for (const statement of docs['permissions-policy.json'].Statement) for (const action of statement.Action) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
  });
});

const haveMoto = requireTool('moto_server') && requireTool('aws');

(haveMoto ? describe : describe.skip)('iam documents against moto_server', () => {
  let moto: Moto;
  let dir: string;
  beforeAll(async () => {
    moto = await startMoto();
    dir = mkdtempSync(join(tmpdir(), 'iam-'));
  });
  afterAll(async () => {
    await moto?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['fixture', fixtureModel],
    ['lambda', lambdaInvokeModel],
  ])('%s: create-role, update-assume-role-policy and put-role-policy accept the files', (name, build) => {
    const model = build();
    model.parameters.find((p) => p.name === 'ExecutionRoleArn')!.default = `arn:aws:iam::123456789012:role/${name}-role`;
    const files = Object.fromEntries(iam.emit(model).map((a) => {
      const file = join(dir, `${name}-${a.name}`);
      writeFileSync(file, a.content);
      return [a.name, file];
    }));
    const role = JSON.parse(iam.emit(model)[0]!.content) as { RoleName: string; Policies: Array<{ PolicyName: string }> };
    awsJson(moto, ['iam', 'create-role', '--role-name', role.RoleName, '--assume-role-policy-document', `file://${files['trust-policy.json']}`]);
    awsJson(moto, ['iam', 'update-assume-role-policy', '--role-name', role.RoleName, '--policy-document', `file://${files['trust-policy.json']}`]);
    awsJson(moto, ['iam', 'put-role-policy', '--role-name', role.RoleName, '--policy-name', role.Policies[0]!.PolicyName, '--policy-document', `file://${files['permissions-policy.json']}`]);
    const stored = awsJson(moto, ['iam', 'get-role-policy', '--role-name', role.RoleName, '--policy-name', role.Policies[0]!.PolicyName]) as { PolicyDocument: unknown };
    expect(stored.PolicyDocument).toEqual(permissionsPolicy(model));
  });
});
