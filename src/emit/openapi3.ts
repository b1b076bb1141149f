/** OpenAPI 3.0 with the API Gateway extensions, which keep the shape they have in OpenAPI 2.0. */
import type { IntegrationModel, MethodModel } from '../integrate/types.js';
import { API_VERSION, isRequired, operationExtensions, PARAMETER_IN, paths, responseHeaders, rootExtensions, serialize, summaryOf } from './openapi-common.js';
import type { Emitter } from './registry.js';

const EMPTY = { $ref: '#/components/schemas/Empty' };

function operation(model: IntegrationModel, method: MethodModel): object {
  const { parameters, contentTypes } = method.request;
  return {
    operationId: method.id,
    ...summaryOf(method),
    parameters:
      parameters.length > 0
        ? parameters.map((p) => ({ name: p.name, in: PARAMETER_IN[p.location], required: isRequired(p), schema: p.multiValue ? { type: 'array', items: { type: 'string' } } : { type: 'string' } }))
        : undefined,
    // Media types without a schema: a schema here would become a request model, and the body
    // validator would then check the client's body against it.
    requestBody: contentTypes.length > 0 ? { content: Object.fromEntries(contentTypes.map((type) => [type, {}])) } : undefined,
    responses: Object.fromEntries(
      method.responses.map((response) => {
        const headers = responseHeaders(response.responseParameters);
        return [
          response.statusCode,
          {
            description: `${response.statusCode} response`,
            headers: headers.length > 0 ? Object.fromEntries(headers.map((name) => [name, { schema: { type: 'string' } }])) : undefined,
            content: { 'application/json': { schema: EMPTY } },
          },
        ];
      }),
    ),
    ...operationExtensions(model, method),
  };
}

/** The OpenAPI 3.0 document of the whole model. */
function openapi3Document(model: IntegrationModel): object {
  return {
    openapi: '3.0.1',
    info: { title: model.title, version: API_VERSION },
    // Import reads the stage from the `basePath` server variable, the convention API Gateway exports.
    servers: [{ url: '/{basePath}', variables: { basePath: { default: model.stage } } }],
    paths: paths(model, (method) => operation(model, method)),
    components: { schemas: { Empty: { type: 'object', title: 'Empty Schema' } } },
    ...rootExtensions(model),
  };
}

export const openapi3: Emitter = {
  format: 'openapi3',
  description: 'OpenAPI 3.0 with API Gateway extensions, for `aws apigateway import-rest-api`',
  emit: (model) => [{ name: 'openapi3.json', content: serialize(openapi3Document(model)) }],
};
