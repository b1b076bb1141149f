/**
 * Terraform: a module (no provider block: the caller's provider and region apply) with the REST
 * API, resources, validators, methods, integrations and responses, deployment, stage, and an
 * execution role made when none is given.
 */
import { VALIDATOR_CHECKS, type IntegrationModel, type MethodModel, type Templated } from '../integrate/types.js';
import { hclCall, hclExpression, renderHcl, type HclBlock, type HclExpression, type HclValue } from './hcl.js';
import { TRUST_POLICY } from './iam.js';
import type { Emitter } from './registry.js';
import { resourceKey, resourceTree } from './resources.js';
import { snakeCase } from '../integrate/names.js';
import { soleParameter, toHclString } from './templated.js';

/** Resource names: unique per resource type, a letter or underscore first. */
class Names {
  private readonly taken = new Set<string>();

  take(type: string, wanted: string): string {
    const cleaned = wanted.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || type.replace(/^aws_/, '');
    const base = /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
    let name = base;
    for (let n = 2; this.taken.has(`${type}.${name}`); n++) name = `${base}_${n}`;
    this.taken.add(`${type}.${name}`);
    return name;
  }
}

/** A single parameter is the variable itself; anything else a quoted template. */
function hclValue(text: Templated): HclExpression {
  const only = soleParameter(text);
  return hclExpression(only === null ? toHclString(text) : `var.${snakeCase(only)}`);
}

function hclMap(values: Record<string, Templated>): Record<string, HclValue> {
  return Object.fromEntries(Object.entries(values).map(([key, text]) => [key, hclValue(text)]));
}

/** Attributes whose value is undefined or an empty map are left out. */
function attributes(values: Record<string, HclValue | undefined>): Record<string, HclValue> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, HclValue] => {
      const value = entry[1];
      return value !== undefined && !(typeof value === 'object' && value.constructor === Object && Object.keys(value).length === 0);
    }),
  );
}

function resource(type: string, name: string, values: Record<string, HclValue | undefined>, extra: Partial<HclBlock> = {}): HclBlock {
  return { type: 'resource', labels: [type, name], attributes: attributes(values), ...extra };
}

function ref(type: string, name: string, attribute: string): HclExpression {
  return hclExpression(`${type}.${name}.${attribute}`);
}

function terraformBlocks(model: IntegrationModel): HclBlock[] {
  const names = new Names();
  const blocks: HclBlock[] = model.parameters.map((p) => ({
    type: 'variable',
    labels: [snakeCase(p.name)],
    attributes: { type: hclExpression('string'), description: p.placeholder ? `${p.description}; empty: this module creates it` : p.description, default: p.placeholder ? '' : p.default },
  }));

  const api = names.take('aws_api_gateway_rest_api', 'api');
  const restApiId = ref('aws_api_gateway_rest_api', api, 'id');
  blocks.push(
    resource('aws_api_gateway_rest_api', api, { name: model.title, binary_media_types: model.binaryMediaTypes.length > 0 ? model.binaryMediaTypes : undefined }),
  );

  const resourceIds = new Map<string, HclExpression>([['/', ref('aws_api_gateway_rest_api', api, 'root_resource_id')]]);
  for (const { path, parent, part } of resourceTree(model)) {
    const name = names.take('aws_api_gateway_resource', snakeCase(path.replace(/[^A-Za-z0-9]+/g, '_')));
    blocks.push(resource('aws_api_gateway_resource', name, { rest_api_id: restApiId, parent_id: resourceIds.get(parent)!, path_part: part }));
    resourceIds.set(path, ref('aws_api_gateway_resource', name, 'id'));
  }
  const methodResourceIds = model.methods.map((method) => resourceIds.get(resourceKey(method.resourcePath))!);

  const validatorIds = new Map<string, HclExpression>();
  for (const kind of new Set(model.methods.map((method) => method.request.validator))) {
    if (kind === null) continue;
    const name = names.take('aws_api_gateway_request_validator', kind);
    blocks.push(resource('aws_api_gateway_request_validator', name, { rest_api_id: restApiId, name: kind, validate_request_parameters: VALIDATOR_CHECKS[kind].parameters, validate_request_body: VALIDATOR_CHECKS[kind].body }));
    validatorIds.set(kind, ref('aws_api_gateway_request_validator', name, 'id'));
  }

  // One role per role parameter, made only when the variable is left empty; the integrations use
  // whichever ARN applies through a local value.
  const roles = new Map<string, { name: string; local: string; count: HclExpression; methods: MethodModel[] }>();
  for (const method of model.methods) {
    const parameter = soleParameter(method.integration.credentials);
    if (parameter === null) continue;
    if (!roles.has(parameter)) {
      const base = snakeCase(parameter.replace(/Arn$/, '') || parameter);
      roles.set(parameter, {
        name: names.take('aws_iam_role', base),
        local: snakeCase(parameter),
        count: hclExpression(`var.${snakeCase(parameter)} == "" ? 1 : 0`),
        methods: [],
      });
    }
    roles.get(parameter)!.methods.push(method);
  }
  if (roles.size > 0) {
    blocks.push({
      type: 'locals',
      labels: [],
      attributes: Object.fromEntries(
        [...roles].map(([parameter, role]) => [
          role.local,
          hclExpression(`var.${snakeCase(parameter)} == "" ? aws_iam_role.${role.name}[0].arn : var.${snakeCase(parameter)}`),
        ]),
      ),
    });
  }

  const deployed: HclExpression[] = [];
  for (const [index, method] of model.methods.entries()) {
    const role = roles.get(soleParameter(method.integration.credentials) ?? '');
    const base = snakeCase(method.id);
    const name = names.take('aws_api_gateway_method', base);
    const at = { rest_api_id: restApiId, resource_id: methodResourceIds[index]!, http_method: ref('aws_api_gateway_method', name, 'http_method') };
    blocks.push(
      resource(
        'aws_api_gateway_method',
        name,
        {
          rest_api_id: restApiId,
          resource_id: methodResourceIds[index]!,
          http_method: method.httpMethod,
          authorization: 'NONE',
          request_parameters: Object.fromEntries(method.request.parameters.map((p) => [`method.request.${p.location}.${p.name}`, p.required])),
          request_validator_id: method.request.validator === null ? undefined : validatorIds.get(method.request.validator),
        },
        method.warnings.length > 0 ? { comment: method.warnings.map((warning) => `WARNING: ${warning}`).join('\n') } : {},
      ),
    );
    const integration = method.integration;
    const integrationName = names.take('aws_api_gateway_integration', base);
    blocks.push(
      resource('aws_api_gateway_integration', integrationName, {
        ...at,
        type: integration.type,
        integration_http_method: integration.httpMethod,
        uri: hclValue(integration.uri),
        credentials: role ? hclExpression(`local.${role.local}`) : hclValue(integration.credentials),
        request_parameters: hclMap(integration.requestParameters),
        request_templates: hclMap(integration.requestTemplates),
        passthrough_behavior: integration.passthroughBehavior,
        content_handling: integration.contentHandling,
        timeout_milliseconds: integration.timeoutInMillis,
      }),
    );
    deployed.push(hclExpression(`aws_api_gateway_method.${name}`), hclExpression(`aws_api_gateway_integration.${integrationName}`));
    // An integration response names its method response's status code, so it is made after it.
    const statusCodes = new Map<string, HclExpression>();
    for (const response of method.responses) {
      const responseName = names.take('aws_api_gateway_method_response', `${base}_${response.statusCode}`);
      blocks.push(resource('aws_api_gateway_method_response', responseName, { ...at, status_code: response.statusCode, response_parameters: response.responseParameters }));
      deployed.push(hclExpression(`aws_api_gateway_method_response.${responseName}`));
      statusCodes.set(response.statusCode, ref('aws_api_gateway_method_response', responseName, 'status_code'));
    }
    for (const response of integration.responses) {
      const responseName = names.take('aws_api_gateway_integration_response', `${base}_${response.statusCode}`);
      blocks.push(
        resource('aws_api_gateway_integration_response', responseName, {
          ...at,
          status_code: statusCodes.get(response.statusCode) ?? response.statusCode,
          selection_pattern: response.selectionPattern,
          response_templates: response.responseTemplates,
          response_parameters: response.responseParameters,
          // API Gateway refuses an integration response before the integration exists.
          depends_on: [hclExpression(`aws_api_gateway_integration.${integrationName}`)],
        }),
      );
      deployed.push(hclExpression(`aws_api_gateway_integration_response.${responseName}`));
    }
  }

  for (const [parameter, role] of roles) {
    blocks.push(
      resource('aws_iam_role', role.name, {
        count: role.count,
        name_prefix: 'infer-mapping-',
        description: `Assumed by API Gateway to call the services (made because ${snakeCase(parameter)} is empty)`,
        assume_role_policy: hclCall('jsonencode', TRUST_POLICY),
      }),
    );
    for (const method of role.methods.filter((m) => m.policy.length > 0)) {
      const name = names.take('aws_iam_role_policy', snakeCase(method.id));
      const statements = method.policy.map((statement) => ({ Effect: 'Allow', Action: statement.actions, Resource: statement.resources.map(hclValue) }));
      blocks.push(
        resource('aws_iam_role_policy', name, {
          count: role.count,
          name: method.id,
          role: hclExpression(`aws_iam_role.${role.name}[0].id`),
          policy: hclCall('jsonencode', { Version: '2012-10-17', Statement: statements }),
        }),
      );
      deployed.push(hclExpression(`aws_iam_role_policy.${name}`));
    }
  }

  const deployment = names.take('aws_api_gateway_deployment', 'api');
  blocks.push(
    resource(
      'aws_api_gateway_deployment',
      deployment,
      {
        rest_api_id: restApiId,
        // A deployment is a snapshot: a hash of every resource it snapshots (whole resources, so
        // that an in-place change, a changed variable included, makes a new one).
        triggers: { redeployment: hclCall('sha1', hclCall('jsonencode', deployed)) },
      },
      { blocks: [{ type: 'lifecycle', labels: [], attributes: { create_before_destroy: true } }] },
    ),
  );
  const stage = names.take('aws_api_gateway_stage', 'api');
  blocks.push(
    resource('aws_api_gateway_stage', stage, { rest_api_id: restApiId, deployment_id: ref('aws_api_gateway_deployment', deployment, 'id'), stage_name: model.stage }),
  );

  blocks.push(
    { type: 'output', labels: ['invoke_url'], attributes: { description: 'The URL of the stage; each method is below it at its resource path', value: ref('aws_api_gateway_stage', stage, 'invoke_url') } },
    { type: 'output', labels: ['rest_api_id'], attributes: { description: 'The REST API', value: restApiId } },
  );
  return blocks;
}

const HEADER = [
  'Generated by infer-mapping: a module without a provider block, so the caller\'s AWS provider',
  '(and its region) applies. Leave the execution role variable empty to have the module create the role.',
].join('\n');

export const terraform: Emitter = {
  format: 'terraform',
  description: 'A Terraform module (HCL) that deploys the REST API, its stage and an execution role',
  emit: (model) => [{ name: 'main.tf', content: renderHcl(terraformBlocks(model), HEADER) }],
};
