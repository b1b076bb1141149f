/**
 * Hand-built IntegrationModels for emitter tests, independent of the integrate stage: the SNS
 * Publish integration of the AWS knowledge-center article (query protocol, `action/` URI, form
 * body built by a template) and a Lambda Invoke one (rest-json, `path/` URI with a path
 * parameter, a query string and a header from the method request). Each call returns a fresh
 * object, so a test may change it.
 */
import type { InferredOperation } from '../../src/infer/types.js';
import type { IntegrationModel, MethodModel } from '../../src/integrate/types.js';

const ROLE = { name: 'ExecutionRoleArn', description: 'The IAM role API Gateway assumes to call the services', default: 'arn:aws:iam::123456789012:role/infer-mapping-apigateway' };

function snsPublishOperation(): InferredOperation {
  return {
    service: 'sns', region: 'us-east-1', operation: 'Publish', protocol: 'query', httpMethod: 'POST', path: '/',
    contentType: 'application/x-www-form-urlencoded; charset=utf-8', bodyEncoding: 'form', target: null, apiVersion: '2010-03-31',
    parameters: [
      { name: 'TopicArn', location: 'body', required: false, type: 'string', wireName: 'TopicArn', example: 'arn:aws:sns:us-east-1:123456789012:orders' },
      { name: 'Message', location: 'body', required: true, type: 'string', wireName: 'Message', example: 'hi' },
    ],
    requiredFrom: 'model', host: 'sns.us-east-1.amazonaws.com', requestUri: '/', protocols: ['query'], model: 'sns/2010-03-31/service-2.json.gz', endpointPrefix: 'sns', json: null,
    attempts: 1, responseStatus: 200, location: 'sns-publish.log:53:1', call: 0, responseHeaders: [],
  };
}

function lambdaInvokeOperation(): InferredOperation {
  return {
    service: 'lambda', region: 'us-east-1', operation: 'Invoke', protocol: 'rest-json', httpMethod: 'POST', path: '/2015-03-31/functions/my-fn/invocations',
    contentType: null, bodyEncoding: 'binary', target: null, apiVersion: '2015-03-31',
    parameters: [
      { name: 'FunctionName', location: 'path', required: true, type: 'string', wireName: 'FunctionName', example: 'my-fn' },
      { name: 'InvocationType', location: 'header', required: false, type: 'string', wireName: 'X-Amz-Invocation-Type', example: 'RequestResponse' },
      { name: 'Qualifier', location: 'querystring', required: false, type: 'string', wireName: 'Qualifier', example: '$LATEST' },
      { name: 'Payload', location: 'body', required: false, type: 'blob', wireName: 'Payload', example: '{"a":1}' },
    ],
    requiredFrom: 'model', host: 'lambda.us-east-1.amazonaws.com', requestUri: '/2015-03-31/functions/{FunctionName}/invocations', protocols: ['rest-json'],
    model: 'lambda/2015-03-31/service-2.json.gz', endpointPrefix: 'lambda', json: null, attempts: 1, responseStatus: 200, location: 'lambda-invoke.log:52:1', call: 0,
    responseHeaders: [
      { name: 'FunctionError', header: 'X-Amz-Function-Error' },
      { name: 'LogResult', header: 'X-Amz-Log-Result' },
      { name: 'ExecutedVersion', header: 'X-Amz-Executed-Version' },
    ],
  };
}

function snsPublishMethod(): MethodModel {
  return {
    id: 'SnsPublish',
    operation: snsPublishOperation(),
    resourcePath: '/sns/publish',
    httpMethod: 'POST',
    request: { parameters: [], validator: 'body', contentTypes: ['application/json'] },
    members: [
      { member: 'TopicArn', location: 'body', wireName: 'TopicArn', type: 'string', required: false, source: { kind: 'constant', value: 'arn:aws:sns:us-east-1:123456789012:orders' }, reason: 'the same topic for every request' },
      { member: 'Message', location: 'body', wireName: 'Message', type: 'string', required: true, source: { kind: 'body' }, reason: 'the payload: kept out of the URL' },
    ],
    integration: {
      type: 'AWS',
      protocol: 'query',
      httpMethod: 'POST',
      uri: ['arn:aws:apigateway:us-east-1:sns:action/Publish'],
      credentials: [{ param: 'ExecutionRoleArn' }],
      requestParameters: { 'integration.request.header.Content-Type': ["'application/x-www-form-urlencoded'"] },
      requestTemplates: { 'application/json': ["Action=Publish&TopicArn=$util.urlEncode('", { param: 'SnsPublishTopicArn' }, "')&Message=$util.urlEncode($input.body)"] },
      passthroughBehavior: 'NEVER',
      timeoutInMillis: 29000,
      responses: [
        { statusCode: '200', responseTemplates: {}, responseParameters: {} },
        { statusCode: '400', selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': "$input.json('$')" }, responseParameters: {} },
        { statusCode: '500', selectionPattern: '5\\d{2}', responseTemplates: { 'application/json': "$input.json('$')" }, responseParameters: {} },
      ],
    },
    responses: [
      { statusCode: '200', responseParameters: {} },
      { statusCode: '400', responseParameters: {} },
      { statusCode: '500', responseParameters: {} },
    ],
    policy: [{ actions: ['sns:Publish'], resources: [[{ param: 'SnsPublishTopicArn' }]] }],
    decisions: [{ subject: 'Message', choice: 'request body', reason: 'a message in the URL is capped by the URL length' }],
    warnings: [],
  };
}

function lambdaInvokeMethod(): MethodModel {
  return {
    id: 'LambdaInvoke',
    operation: lambdaInvokeOperation(),
    resourcePath: '/lambda/functions/{FunctionName}/invocations',
    httpMethod: 'POST',
    request: {
      parameters: [
        { location: 'path', name: 'FunctionName', required: true, member: 'FunctionName' },
        { location: 'querystring', name: 'Qualifier', required: false, member: 'Qualifier' },
        { location: 'header', name: 'X-Amz-Invocation-Type', required: false, member: 'InvocationType' },
      ],
      validator: 'params',
      contentTypes: ['application/json'],
    },
    members: [
      { member: 'FunctionName', location: 'path', wireName: 'FunctionName', type: 'string', required: true, source: { kind: 'path', name: 'FunctionName' }, reason: 'a URI label' },
      { member: 'InvocationType', location: 'header', wireName: 'X-Amz-Invocation-Type', type: 'string', required: false, source: { kind: 'header', name: 'X-Amz-Invocation-Type' }, reason: 'a header' },
      { member: 'Qualifier', location: 'querystring', wireName: 'Qualifier', type: 'string', required: false, source: { kind: 'querystring', name: 'Qualifier' }, reason: 'a query string' },
      { member: 'Payload', location: 'body', wireName: 'Payload', type: 'blob', required: false, source: { kind: 'body' }, reason: 'the payload is the body' },
    ],
    integration: {
      type: 'AWS',
      protocol: 'rest-json',
      httpMethod: 'POST',
      uri: ['arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FunctionName}/invocations'],
      credentials: [{ param: 'ExecutionRoleArn' }],
      requestParameters: {
        'integration.request.path.FunctionName': ['method.request.path.FunctionName'],
        'integration.request.querystring.Qualifier': ['method.request.querystring.Qualifier'],
        'integration.request.header.X-Amz-Invocation-Type': ['method.request.header.X-Amz-Invocation-Type'],
      },
      requestTemplates: {},
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
      responses: [
        { statusCode: '200', responseTemplates: {}, responseParameters: { 'method.response.header.X-Amz-Function-Error': 'integration.response.header.X-Amz-Function-Error' } },
        { statusCode: '400', selectionPattern: '4\\d{2}', responseTemplates: {}, responseParameters: {} },
        { statusCode: '500', selectionPattern: '5\\d{2}', responseTemplates: {}, responseParameters: {} },
      ],
    },
    responses: [
      { statusCode: '200', responseParameters: { 'method.response.header.X-Amz-Function-Error': false } },
      { statusCode: '400', responseParameters: {} },
      { statusCode: '500', responseParameters: {} },
    ],
    policy: [{ actions: ['lambda:InvokeFunction'], resources: [['arn:aws:lambda:us-east-1:123456789012:function:*']] }],
    decisions: [{ subject: 'Payload', choice: 'passed through', reason: 'Invoke takes the body as is' }],
    warnings: [],
  };
}

/** The SNS Publish integration of the AWS article. */
export function snsPublishModel(): IntegrationModel {
  return {
    title: 'infer-mapping sns',
    stage: 'dev',
    parameters: [ROLE, { name: 'SnsPublishTopicArn', description: 'TopicArn of every Publish call', default: 'arn:aws:sns:us-east-1:123456789012:orders' }].map((p) => ({ ...p })),
    methods: [snsPublishMethod()],
    binaryMediaTypes: [],
  };
}

/** A Lambda Invoke integration: rest-json, a `path/` URI, method request parameters in all three places. */
export function lambdaInvokeModel(): IntegrationModel {
  return { title: 'infer-mapping lambda', stage: 'dev', parameters: [{ ...ROLE }], methods: [lambdaInvokeMethod()], binaryMediaTypes: [] };
}

/** Both methods in one API. */
export function fixtureModel(): IntegrationModel {
  const sns = snsPublishModel();
  return { ...sns, title: 'infer-mapping', methods: [...sns.methods, lambdaInvokeMethod()] };
}
