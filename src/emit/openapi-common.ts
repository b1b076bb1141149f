/**
 * What the OpenAPI 2.0 and 3.0 emitters share: the API Gateway extensions, which have the same
 * shape in both versions, and the walk over methods that groups them into path items.
 */
import { VALIDATOR_CHECKS, type IntegrationModel, type MethodModel, type MethodRequest, type RequestLocation, type Templated } from '../integrate/types.js';
import { nonEmpty, withDefaults } from './templated.js';

/** `info.version` is required; a fixed value keeps the output reproducible (import only stores it). */
export const API_VERSION = '1.0';

/** OpenAPI's `in` for each method-request location. */
export const PARAMETER_IN: Record<RequestLocation, 'query' | 'header' | 'path'> = { querystring: 'query', header: 'header', path: 'path' };

const RESPONSE_HEADER = 'method.response.header.';

/** The JSON text of a document, as every JSON artifact is written. */
export function serialize(document: object): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Import substitutes nothing but `${AWS::…}` pseudo parameters, so parameters take their values here. */
function concrete(model: IntegrationModel, map: Record<string, Templated>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, text]) => [key, withDefaults(model, text)]));
}

/**
 * The method's response header names. OpenAPI has no required flag for response headers, so the
 * flag of `method.response.header.X` is lost: import declares every header as optional.
 */
export function responseHeaders(responseParameters: Record<string, boolean>): string[] {
  return Object.keys(responseParameters).map((key) => {
    if (!key.startsWith(RESPONSE_HEADER)) throw new Error(`method response parameter ${key} is not a header`);
    return key.slice(RESPONSE_HEADER.length);
  });
}

/**
 * OpenAPI demands `required: true` of path parameters, and API Gateway cannot match a resource
 * path with an empty segment anyway.
 */
export function isRequired(parameter: MethodRequest['parameters'][number]): boolean {
  return parameter.location === 'path' || parameter.required;
}

/** `x-amazon-apigateway-integration` of one method. */
function integrationExtension(model: IntegrationModel, method: MethodModel): object {
  const integration = method.integration;
  const keys = new Set<string>();
  const responses = integration.responses.map((response) => {
    const key = response.selectionPattern ?? 'default';
    if (keys.has(key)) throw new Error(`method ${method.id} has two integration responses selected by ${key}`);
    keys.add(key);
    const rendered = { statusCode: response.statusCode, responseParameters: nonEmpty(response.responseParameters), responseTemplates: nonEmpty(response.responseTemplates) };
    return [key, rendered] as const;
  });
  return {
    type: 'aws',
    httpMethod: integration.httpMethod,
    uri: withDefaults(model, integration.uri),
    credentials: withDefaults(model, integration.credentials),
    requestParameters: nonEmpty(concrete(model, integration.requestParameters)),
    requestTemplates: nonEmpty(concrete(model, integration.requestTemplates)),
    // The OpenAPI extension spells the enum in lower case, unlike the REST API and CloudFormation.
    passthroughBehavior: integration.passthroughBehavior.toLowerCase(),
    contentHandling: integration.contentHandling,
    timeoutInMillis: integration.timeoutInMillis,
    // fromEntries, because a selection pattern is any regex, `__proto__` included.
    responses: Object.fromEntries(responses),
  };
}

/** The root extensions: the validators the methods name, and the binary media types. */
export function rootExtensions(model: IntegrationModel): object {
  const used = new Set(model.methods.map((method) => method.request.validator));
  const validators = Object.fromEntries(
    Object.entries(VALIDATOR_CHECKS)
      .filter(([name]) => used.has(name as keyof typeof VALIDATOR_CHECKS))
      .map(([name, checks]) => [name, { validateRequestParameters: checks.parameters, validateRequestBody: checks.body }]),
  );
  return {
    'x-amazon-apigateway-request-validators': nonEmpty(validators),
    'x-amazon-apigateway-binary-media-types': model.binaryMediaTypes.length > 0 ? model.binaryMediaTypes : undefined,
  };
}

/** The extensions every operation carries, after its version-specific fields. */
export function operationExtensions(model: IntegrationModel, method: MethodModel): object {
  return {
    'x-amazon-apigateway-request-validator': method.request.validator ?? undefined,
    'x-amazon-apigateway-integration': integrationExtension(model, method),
  };
}

/** `paths`: one path item per resource path, in model order, one operation per verb. */
export function paths(model: IntegrationModel, operation: (method: MethodModel) => object): Record<string, Record<string, object>> {
  const items: Record<string, Record<string, object>> = {};
  for (const method of model.methods) {
    const item = (items[method.resourcePath] ??= {});
    const verb = method.httpMethod.toLowerCase();
    if (verb in item) throw new Error(`two methods ${method.httpMethod} ${method.resourcePath}`);
    item[verb] = operation(method);
  }
  return items;
}

/** What the operation proxies, and what to read before deploying it (the model's warnings). */
export function summaryOf(method: MethodModel): { summary: string; description?: string } {
  const summary = `${method.operation.service} ${method.operation.operation}`;
  return method.warnings.length > 0 ? { summary, description: method.warnings.map((w) => `Warning: ${w}`).join('\n') } : { summary };
}
