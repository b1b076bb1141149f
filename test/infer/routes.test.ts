/**
 * A REST call that the input does not name (a raw HTTP request, an API-reference URL) is named
 * by its route in the service model: HTTP method, requestUri, and the query keys that tell
 * routes apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapturedRequest } from '../../src/capture/types.js';
import { runPipeline } from '../../src/pipeline.js';
import { cli } from '../support/cli.js';
import { manifest, MODELS, SAMPLES } from '../support/samples.js';

interface Named {
  operation: string;
  parameters: Array<{ name: string; example: unknown }>;
}

async function inferred(input: string): Promise<{ code: number; requests: Named[]; stderr: string }> {
  const run = await cli(['--format', 'json', '--model-dir', MODELS], input);
  return { code: run.code, requests: run.stdout ? (JSON.parse(run.stdout) as { requests: Named[] }).requests : [], stderr: run.stderr };
}

const raw = (method: string, target: string, host: string, body = ''): string =>
  `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\n${body ? 'Content-Type: application/json\r\n' : ''}\r\n${body}`;

test.each([
  ['S3, path-style', raw('GET', '/my-bucket/reports/q3.txt', 's3.us-east-1.amazonaws.com'), 'GetObject', { Bucket: 'my-bucket', Key: 'reports/q3.txt' }],
  ["S3, a required query member (ListParts' uploadId) on GetObject's route", raw('GET', '/my-bucket/big.bin?uploadId=u-1', 's3.us-east-1.amazonaws.com'), 'ListParts', { UploadId: 'u-1' }],
  ["S3, a route's own query key", raw('DELETE', '/my-bucket/k.txt?tagging', 's3.us-east-1.amazonaws.com'), 'DeleteObjectTagging', { Key: 'k.txt' }],
  ["S3, a required header member (CopyObject's x-amz-copy-source) on PutObject's route", raw('PUT', '/my-bucket/copy.txt', 's3.us-east-1.amazonaws.com').replace('\r\n\r\n', '\r\nx-amz-copy-source: /other/src.txt\r\n\r\n'), 'CopyObject', { CopySource: '/other/src.txt' }],
  ['S3, the same route without it', raw('PUT', '/my-bucket/new.txt', 's3.us-east-1.amazonaws.com'), 'PutObject', { Key: 'new.txt' }],
  ['S3, virtual-hosted', raw('GET', '/photo.jpg', 'my-bucket.s3.amazonaws.com'), 'GetObject', { Bucket: 'my-bucket', Key: 'photo.jpg' }],
  ['S3, virtual-hosted bucket listing', raw('GET', '/?list-type=2&prefix=logs/', 'my-bucket.s3.us-east-1.amazonaws.com'), 'ListObjectsV2', { Bucket: 'my-bucket', Prefix: 'logs/' }],
  ['Lambda, a payload', raw('POST', '/2015-03-31/functions/my-fn/invocations', 'lambda.us-east-1.amazonaws.com', '{"a":1}'), 'Invoke', { FunctionName: 'my-fn' }],
  ['Lambda, a repeated query key', raw('DELETE', '/2017-03-31/tags/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-fn?tagKeys=a&tagKeys=b', 'lambda.us-east-1.amazonaws.com'), 'UntagResource', { TagKeys: ['a', 'b'] }],
  ['Route 53, a global service', raw('GET', '/2013-04-01/hostedzone', 'route53.amazonaws.com'), 'ListHostedZones', {}],
  ['an API-reference URL', 'https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/my-fn?Qualifier=1\n', 'GetFunction', { FunctionName: 'my-fn', Qualifier: '1' }],
])('%s', async (_name, input, operation, examples) => {
  const r = await inferred(input);
  expect(r.requests.map((q) => q.operation)).toEqual([operation]);
  const values = Object.fromEntries(r.requests[0]!.parameters.map((p) => [p.name, p.example]));
  expect(values).toMatchObject(examples);
});

test('a request no route of the service fits is not named, and says so', async () => {
  const r = await inferred(raw('GET', '/no/such/route', 'lambda.us-east-1.amazonaws.com'));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('cannot tell the operation name');
});

/** A captured call as the raw HTTP request it put on the wire. */
function asRawRequest(call: CapturedRequest): string {
  const url = new URL(call.sent!.url);
  // A streamed body is not in the log: the request is shown without it, and so without its length.
  const headers = call.sent!.headers.filter(([name]) => name.toLowerCase() !== 'host' && (call.sent!.body !== null || name.toLowerCase() !== 'content-length'));
  return `${call.sent!.method} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${call.sent!.body ?? ''}`;
}

// A SigV2 call (no CanonicalRequest) signs without a scope: its raw request to a local endpoint names no service.
const restSamples = manifest.filter((e) => (e.wire_protocol === 'rest-json' || e.wire_protocol === 'rest-xml') && e.canonical_requests > 0).map((e) => e.file);

test('the REST samples are many services', () => {
  expect(new Set(manifest.filter((e) => restSamples.includes(e.file)).map((e) => e.service)).size).toBeGreaterThanOrEqual(4);
});

test.each(restSamples)('%s: each call, as the raw request it sent, is named as its log names it', async (file) => {
  const { requests } = await runPipeline([{ name: file, chunks: [readFileSync(join(SAMPLES, file), 'utf8')] }], { modelDirs: [MODELS], fallbackModelDirs: [] });
  const sent = requests.filter((call) => call.sent);
  expect(sent.length).toBeGreaterThan(0);
  for (const call of sent) {
    const r = await inferred(asRawRequest(call));
    expect({ file, operations: r.requests.map((q) => q.operation) }).toEqual({ file, operations: [call.operation] });
  }
});

test("a raw request without a signature is signed for the model's signing name, not its host's prefix: IAM's actions go by it (Pinpoint signs as mobiletargeting)", async () => {
  const input = raw('POST', '/v1/apps/0f1e2d3c4b5a69788796a5b4c3d2e1f0/messages', 'pinpoint.us-east-1.amazonaws.com', '{"MessageRequest":{"Addresses":{"+15555550100":{"ChannelType":"SMS"}}}}');
  const run = await cli(['--format', 'json', '--model-dir', MODELS], input);
  expect(JSON.parse(run.stdout)).toMatchObject({ requests: [{ service: 'mobiletargeting', operation: 'SendMessages', endpointPrefix: 'pinpoint' }] });
  const iam = await cli(['--format', 'iam', '--model-dir', MODELS], input);
  expect(iam.stdout).toContain('"mobiletargeting:SendMessages"');
  expect(iam.stdout).not.toContain('pinpoint:');
});

test('S3 refuses an object put with Object Lock settings without a digest of its body, which no model says: the call is marked as needing one', async () => {
  const locked = raw('PUT', '/my-bucket/k.txt', 's3.us-east-1.amazonaws.com').replace('\r\n\r\n', '\r\nx-amz-object-lock-mode: GOVERNANCE\r\nx-amz-object-lock-retain-until-date: 2027-01-01T00:00:00Z\r\n\r\n');
  const json = async (input: string): Promise<unknown> => JSON.parse((await cli(['--format', 'json', '--model-dir', MODELS], input)).stdout);
  expect(await json(locked)).toMatchObject({ requests: [{ operation: 'PutObject', checksumRequired: true }] });
  expect(await json(raw('PUT', '/my-bucket/k.txt', 's3.us-east-1.amazonaws.com'))).toMatchObject({ requests: [{ operation: 'PutObject', checksumRequired: false }] });
});
