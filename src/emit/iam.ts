/**
 * The execution role as IAM JSON documents: `trust-policy.json` and `permissions-policy.json`
 * for `aws iam create-role` / `put-role-policy`, and `iam-role.json`, both together with the
 * role's name in the shape of CloudFormation's AWS::IAM::Role properties.
 */
import type { IntegrationModel } from '../integrate/types.js';
import type { Emitter } from './registry.js';
import { withDefaults } from './templated.js';

interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
}

// A type alias, not an interface: the CloudFormation and Terraform writers take it as plain JSON.
type PolicyDocument<S> = {
  Version: '2012-10-17';
  Statement: S[];
};

/** API Gateway may assume the execution role; every format that creates the role writes this. */
export const TRUST_POLICY: PolicyDocument<{ Effect: 'Allow'; Principal: { Service: string }; Action: string }> = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

/** IAM role names: 1-64 characters of `[\w+=,.@-]`. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * The role the methods name, so that a role created from these documents is the one the other
 * formats refer to: the name in the execution role parameter's ARN, else one made from the title.
 */
export function roleName(model: IntegrationModel): string {
  const credentials = model.methods[0]?.integration.credentials;
  const arn = credentials ? withDefaults(model, credentials) : '';
  const fromArn = /^arn:[^:]+:iam::\d*:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  if (fromArn && ROLE_NAME.test(fromArn)) return fromArn;
  const base = model.title.replace(/[^\w+=,.@-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base.slice(0, 64 - '-apigateway'.length)}-apigateway`.replace(/^-/, '');
}

/** One statement per policy entry of each method, in model order; exact repeats are dropped. */
export function permissionsPolicy(model: IntegrationModel): PolicyDocument<Statement> {
  const statements: Statement[] = [];
  const seen = new Set<string>();
  for (const method of model.methods) {
    method.policy.forEach((entry, i) => {
      const Action = [...entry.actions];
      const Resource = entry.resources.map((resource) => withDefaults(model, resource));
      const key = JSON.stringify([Action, Resource]);
      if (seen.has(key)) return;
      seen.add(key);
      const Sid = `${method.id}${i > 0 ? i + 1 : ''}`.replace(/[^A-Za-z0-9]/g, '');
      statements.push({ Sid, Effect: 'Allow', Action, Resource });
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export const iam: Emitter = {
  format: 'iam',
  description: 'The execution role: trust and permissions policies for aws iam, and both with the role name (iam-role.json)',
  emit(model) {
    const name = roleName(model);
    const permissions = permissionsPolicy(model);
    const actions = [...new Set(permissions.Statement.flatMap((s) => s.Action))];
    const role = {
      RoleName: name,
      Description: `Assumed by API Gateway to call ${actions.join(', ')}`.slice(0, 1000),
      AssumeRolePolicyDocument: TRUST_POLICY,
      Policies: [{ PolicyName: `${name}-permissions`, PolicyDocument: permissions }],
    };
    return [
      { name: 'iam-role.json', content: json(role) },
      { name: 'trust-policy.json', content: json(TRUST_POLICY) },
      { name: 'permissions-policy.json', content: json(permissions) },
    ];
  },
};
