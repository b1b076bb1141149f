/**
 * CloudFormation: one deployable template (REST API, resources, validators, methods, deployment,
 * stage, and an execution role made when none is given), in YAML.
 */
import { createHash } from 'node:crypto';
import { Document, isMap, isScalar, visit, type Pair } from 'yaml';
import { VALIDATOR_CHECKS, type IntegrationModel, type MethodModel, type Templated } from '../integrate/types.js';
import { pascalCase } from '../integrate/names.js';
import { TRUST_POLICY } from './iam.js';
import type { Emitter } from './registry.js';
import { resourceKey, resourceTree } from './resources.js';
import { nonEmpty, soleParameter, toFnSub } from './templated.js';

/** Template values; properties left undefined are not written (the `yaml` package skips them). */
type Json = string | number | boolean | Json[] | { [key: string]: Json | undefined };

interface Resource {
  Type: string;
  Condition?: string;
  DependsOn?: string[];
  Properties: { [key: string]: Json | undefined };
}

/** Logical IDs: alphanumeric, unique across parameters and resources (they share `Ref`). */
class LogicalIds {
  private readonly taken = new Set<string>();

  constructor(reserved: string[]) {
    for (const id of reserved) this.taken.add(id);
  }

  take(wanted: string): string {
    const base = wanted.replace(/[^A-Za-z0-9]/g, '') || 'Resource';
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}${n}`;
    this.taken.add(id);
    return id;
  }
}

/** A single parameter is a `Ref`; anything else goes through `Fn::Sub`. */
function cfnValue(text: Templated): Json {
  const parameter = soleParameter(text);
  return parameter ? { Ref: parameter } : toFnSub(text);
}

function cfnMap(values: Record<string, Templated>): { [key: string]: Json } {
  return Object.fromEntries(Object.entries(values).map(([key, text]) => [key, cfnValue(text)]));
}

interface ExecutionRole {
  condition: string;
  logicalId: string;
  methods: MethodModel[];
}

function policyDocument(method: MethodModel): Json {
  return {
    Version: '2012-10-17',
    Statement: method.policy.map((statement) => ({ Effect: 'Allow', Action: statement.actions, Resource: statement.resources.map(cfnValue) })),
  };
}

function roleResource(role: ExecutionRole): Resource {
  return {
    Type: 'AWS::IAM::Role',
    Condition: role.condition,
    Properties: {
      AssumeRolePolicyDocument: TRUST_POLICY,
      Policies: role.methods.filter((method) => method.policy.length > 0).map((method) => ({ PolicyName: method.id, PolicyDocument: policyDocument(method) })),
    },
  };
}

function methodResource(method: MethodModel, restApiId: Json, resourceId: Json, validatorId: string | undefined, credentials: Json): Resource {
  const integration = method.integration;
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      RestApiId: restApiId,
      ResourceId: resourceId,
      HttpMethod: method.httpMethod,
      AuthorizationType: 'NONE',
      RequestParameters: nonEmpty(Object.fromEntries(method.request.parameters.map((p) => [`method.request.${p.location}.${p.name}`, p.required]))),
      RequestValidatorId: validatorId === undefined ? undefined : { Ref: validatorId },
      MethodResponses: method.responses.map((response) => ({ StatusCode: response.statusCode, ResponseParameters: nonEmpty(response.responseParameters) })),
      Integration: {
        Type: integration.type,
        IntegrationHttpMethod: integration.httpMethod,
        Uri: cfnValue(integration.uri),
        Credentials: credentials,
        RequestParameters: nonEmpty(cfnMap(integration.requestParameters)),
        RequestTemplates: nonEmpty(cfnMap(integration.requestTemplates)),
        PassthroughBehavior: integration.passthroughBehavior,
        ContentHandling: integration.contentHandling,
        TimeoutInMillis: integration.timeoutInMillis,
        IntegrationResponses: integration.responses.map((response) => ({
          StatusCode: response.statusCode,
          SelectionPattern: response.selectionPattern,
          ResponseTemplates: nonEmpty(response.responseTemplates),
          ResponseParameters: nonEmpty(response.responseParameters),
        })),
      },
    },
  };
}

interface Template {
  AWSTemplateFormatVersion: string;
  Description: string;
  Parameters?: { [name: string]: Json };
  Conditions?: { [name: string]: Json };
  Resources: { [id: string]: Resource };
  Outputs: { [name: string]: Json };
}

/** The template and, per method logical ID, the warnings to show beside it. */
function buildTemplate(model: IntegrationModel): { template: Template; warnings: Map<string, string[]> } {
  const ids = new LogicalIds(model.parameters.map((p) => p.name));
  const resources: { [id: string]: Resource } = {};
  const api = ids.take('Api');
  const restApiId = { Ref: api };
  resources[api] = {
    Type: 'AWS::ApiGateway::RestApi',
    Properties: model.binaryMediaTypes.length > 0 ? { Name: model.title, BinaryMediaTypes: model.binaryMediaTypes } : { Name: model.title },
  };

  const resourceIds = new Map<string, Json>([['/', { 'Fn::GetAtt': [api, 'RootResourceId'] }]]);
  for (const { path, parent, part } of resourceTree(model)) {
    const id = ids.take(`Resource${pascalCase(path)}`);
    resources[id] = { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: restApiId, ParentId: resourceIds.get(parent)!, PathPart: part } };
    resourceIds.set(path, { Ref: id });
  }
  const methodResourceIds = model.methods.map((method) => resourceIds.get(resourceKey(method.resourcePath))!);

  const validatorIds = new Map<string, string>();
  for (const kind of new Set(model.methods.map((method) => method.request.validator))) {
    if (kind === null) continue;
    const id = ids.take(`Validator${pascalCase(kind)}`);
    resources[id] = { Type: 'AWS::ApiGateway::RequestValidator', Properties: { RestApiId: restApiId, Name: kind, ValidateRequestParameters: VALIDATOR_CHECKS[kind].parameters, ValidateRequestBody: VALIDATOR_CHECKS[kind].body } };
    validatorIds.set(kind, id);
  }

  const roles = new Map<string, ExecutionRole>();
  for (const method of model.methods) {
    const parameter = soleParameter(method.integration.credentials);
    if (parameter === null) continue;
    const base = parameter.replace(/Arn$/, '') || parameter;
    if (!roles.has(parameter)) roles.set(parameter, { condition: `Create${base}`, logicalId: ids.take(base), methods: [] });
    roles.get(parameter)!.methods.push(method);
  }

  const warnings = new Map<string, string[]>();
  const methodIds = model.methods.map((method, index) => {
    const role = roles.get(soleParameter(method.integration.credentials) ?? '');
    const given = cfnValue(method.integration.credentials);
    const credentials = role ? { 'Fn::If': [role.condition, { 'Fn::GetAtt': [role.logicalId, 'Arn'] }, given] } : given;
    const validator = method.request.validator === null ? undefined : validatorIds.get(method.request.validator);
    const id = ids.take(`${method.id}Method`);
    resources[id] = methodResource(method, restApiId, methodResourceIds[index]!, validator, credentials);
    if (method.warnings.length > 0) warnings.set(id, method.warnings);
    return id;
  });
  for (const role of roles.values()) resources[role.logicalId] = roleResource(role);

  // A deployment is a snapshot: CloudFormation only makes a new one when its logical ID changes,
  // so the ID carries a hash of everything it snapshots. A changed parameter value updates the
  // methods in place without a new snapshot (no template text can follow a parameter's value into
  // a logical ID), so the RedeployCommand output says how to take one.
  const hash = createHash('sha256').update(JSON.stringify(resources)).digest('hex').slice(0, 10);
  const deployment = ids.take(`Deployment${hash}`);
  resources[deployment] = { Type: 'AWS::ApiGateway::Deployment', DependsOn: methodIds, Properties: { RestApiId: restApiId } };
  const stage = ids.take('Stage');
  resources[stage] = { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: restApiId, DeploymentId: { Ref: deployment }, StageName: model.stage } };

  const template: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `${model.title}: Amazon API Gateway AWS-service integrations inferred by infer-mapping`,
    ...(model.parameters.length > 0 && {
      Parameters: Object.fromEntries(model.parameters.map((p) => [p.name, { Type: 'String', Default: p.placeholder ? '' : p.default, Description: p.placeholder ? `${p.description}; empty: this template creates it` : p.description }])),
    }),
    ...(roles.size > 0 && { Conditions: Object.fromEntries([...roles].map(([parameter, role]) => [role.condition, { 'Fn::Equals': [{ Ref: parameter }, ''] }])) }),
    Resources: resources,
    Outputs: {
      InvokeUrl: {
        Description: 'The URL of the stage; each method is below it at its resource path',
        Value: { 'Fn::Sub': `https://\${${api}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/\${${stage}}` },
      },
      RestApiId: { Description: 'The REST API', Value: restApiId },
      RedeployCommand: {
        Description: 'Run after a stack update that changes only parameter values: it updates the methods, not the deployed stage',
        Value: { 'Fn::Sub': `aws apigateway create-deployment --region \${AWS::Region} --rest-api-id \${${api}} --stage-name \${${stage}}` },
      },
    },
  };
  return { template, warnings };
}

const HEADER = [
  ' Generated by infer-mapping. Deploy with:',
  '   aws cloudformation deploy --template-file cloudformation.yaml --stack-name NAME --capabilities CAPABILITY_IAM',
  ' Leave the execution role parameter empty to have the stack create the role.',
  ' After a stack update that changes only parameter values, run the RedeployCommand output to deploy them.',
].join('\n');

/**
 * Characters the `yaml` package writes as they are but YAML readers refuse (DEL and the C1
 * controls are not printable) or read as line breaks (YAML 1.1: NEL, LS, PS), and the BOM.
 */
const UNSAFE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
/** Those, and the tab, which PyYAML (cfn-lint's reader) refuses in a plain scalar. */
const NEEDS_DOUBLE_QUOTES = /[\t\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

function escaped(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A warning as comment lines: each line break starts a comment line; other controls are shown escaped. */
function commentText(warning: string): string {
  return `WARNING: ${warning}`
    .split(/\r\n|[\r\n\u0085\u2028\u2029]/)
    .map((line) => ` ${line.replace(UNSAFE, escaped).replace(/[\u0000-\u0008\u000b-\u001f]/g, escaped)}`)
    .join('\n');
}

/** The template as YAML 1.1, the YAML CloudFormation reads: `yes`, `no`, `on` and `off` stay strings. */
function serialize(template: Template, warnings: Map<string, string[]>): string {
  // No anchors: a value used twice (the root resource) is written out twice.
  const doc = new Document(template, { version: '1.1', aliasDuplicateObjects: false });
  doc.commentBefore = HEADER;
  const resources = doc.get('Resources', true);
  if (isMap(resources)) {
    for (const pair of resources.items as Pair[]) {
      const list = isScalar(pair.key) ? warnings.get(String(pair.key.value)) : undefined;
      if (list) (pair.key as { commentBefore?: string }).commentBefore = list.map(commentText).join('\n');
    }
  }
  // Scalars holding an unsafe character are double-quoted, where an escape can stand for it; so
  // once written, every such character in the text is inside double quotes.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && NEEDS_DOUBLE_QUOTES.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 }).replace(UNSAFE, escaped);
}

export const cloudformation: Emitter = {
  format: 'cloudformation',
  description: 'A CloudFormation template (YAML) that deploys the REST API, its stage and an execution role',
  emit: (model) => {
    const { template, warnings } = buildTemplate(model);
    return [{ name: 'cloudformation.yaml', content: serialize(template, warnings) }];
  },
};
