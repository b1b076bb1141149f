/**
 * The four inputs of the AWS article, as the web page shows them (newlines lost, markdown
 * escapes, placeholders): each yields the call the article describes.
 */
import { join } from 'node:path';
import { cli } from './support/cli.js';
import { ROOT } from './support/samples.js';

const article = (file: string): string => join(ROOT, 'test/fixtures/article', file);

async function inferred(file: string): Promise<Array<Record<string, unknown>>> {
  const r = await cli(['--format', 'json', article(file)]);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { requests: Array<Record<string, unknown>> }).requests;
}

test('a debug log pasted on one line, cut mid-record', async () => {
  expect(await inferred('sns-publish-oneline.log')).toMatchObject([
    {
      service: 'sns', region: 'us-east-1', operation: 'Publish', protocol: 'query', httpMethod: 'POST', path: '/',
      contentType: 'application/x-www-form-urlencoded; charset=utf-8', bodyEncoding: 'form', target: null, apiVersion: '2010-03-31',
      parameters: [
        { name: 'TopicArn', location: 'body', example: 'arn:aws:sns:us-east-1:123456789012:test' },
        { name: 'Message', location: 'body', required: true, example: 'hello' },
      ],
    },
  ]);
});

test('a bare params dict with markdown-escaped underscores and the legacy SQS host', async () => {
  expect(await inferred('sqs-params-dict.txt')).toMatchObject([
    {
      service: 'sqs', region: 'ap-southeast-2', operation: 'SendMessage', protocol: 'query', apiVersion: '2012-11-05',
      parameters: [
        { name: 'QueueUrl', required: true, example: 'https://sqs.ap-southeast-2.amazonaws.com/123456789012/test01' },
        { name: 'MessageBody', required: true, example: 'Hello' },
      ],
    },
  ]);
});

test('a raw HTTP request with its newlines lost: the credential scope survives redaction', async () => {
  expect(await inferred('rekognition-http-request.txt')).toMatchObject([
    { service: 'rekognition', region: 'us-west-2', operation: 'ListCollections', protocol: 'json', target: 'RekognitionService.ListCollections', contentType: 'application/x-amz-json-1.1', bodyEncoding: 'json', parameters: [] },
  ]);
});

test('an API-reference example URL: parameters in the query string, AUTHPARAMS dropped', async () => {
  const [call] = await inferred('sns-example-url.txt');
  expect(call).toMatchObject({ service: 'sns', region: 'us-west-2', operation: 'Publish', protocol: 'query', httpMethod: 'GET', apiVersion: '2010-03-31' });
  expect(call!.parameters).toMatchObject([
    { name: 'TargetArn', location: 'querystring', example: 'arn:aws:sns:us-west-2:803981987763:endpoint/APNS_SANDBOX/pushapp/98e9ced9-f136-3893-9d60-776547eafebb' },
    { name: 'Message', location: 'querystring', required: true },
  ]);
  expect(JSON.parse((call!.parameters as Array<{ example: string }>)[1]!.example)).toMatchObject({ default: 'This is the default Message' });
});

test('the URL example maps to a form body, never to the integration URL', async () => {
  const r = await cli([article('sns-example-url.txt')]);
  const integration = JSON.parse(r.stdout).paths['/sns/publish'].post['x-amazon-apigateway-integration'];
  expect(integration.httpMethod).toBe('POST');
  expect(Object.keys(integration.requestParameters)).not.toContain('integration.request.querystring.Message');
  expect(integration.requestTemplates['application/json']).toContain('&Message=$util.urlEncode($input.body)##');
});
