/**
 * OpenAPI 2.0 (Swagger) with the API Gateway extensions: the default output, and the format the
 * AWS knowledge-center procedure imports (`aws apigateway import-rest-api`).
 */
import type { IntegrationModel, MethodModel } from '../integrate/types.js';
import { API_VERSION, isRequired, operationExtensions, PARAMETER_IN, paths, responseHeaders, rootExtensions, serialize, summaryOf } from './openapi-common.js';
import type { Emitter } from './registry.js';

/** The schema of every method response, as API Gateway exports it: import maps it to the built-in `Empty` model. */
const EMPTY = { $ref: '#/definitions/Empty' };

function operation(model: IntegrationModel, method: MethodModel): object {
  const { parameters, contentTypes } = method.request;
  return {
    operationId: method.id,
    ...summaryOf(method),
    consumes: contentTypes.length > 0 ? contentTypes : undefined,
    produces: ['application/json'],
    parameters:
      parameters.length > 0
        ? parameters.map((p) => ({ name: p.name, in: PARAMETER_IN[p.location], required: isRequired(p), ...(p.multiValue ? { type: 'array', items: { type: 'string' }, collectionFormat: 'multi' } : { type: 'string' }) }))
        : undefined,
    responses: Object.fromEntries(
      method.responses.map((response) => {
        const headers = responseHeaders(response.responseParameters);
        return [
          response.statusCode,
          {
            description: `${response.statusCode} response`,
            schema: EMPTY,
            headers: headers.length > 0 ? Object.fromEntries(headers.map((name) => [name, { type: 'string' }])) : undefined,
          },
        ];
      }),
    ),
    ...operationExtensions(model, method),
  };
}

/** The Swagger document of the whole model. */
function openapi2Document(model: IntegrationModel): object {
  return {
    swagger: '2.0',
    info: { title: model.title, version: API_VERSION },
    basePath: `/${model.stage}`,
    schemes: ['https'],
    paths: paths(model, (method) => operation(model, method)),
    definitions: { Empty: { type: 'object', title: 'Empty Schema' } },
    ...rootExtensions(model),
  };
}

export const openapi2: Emitter = {
  format: 'openapi2',
  description: 'OpenAPI 2.0 (Swagger) with API Gateway extensions, for `aws apigateway import-rest-api`',
  emit: (model) => [{ name: 'openapi2.json', content: serialize(openapi2Document(model)) }],
};
