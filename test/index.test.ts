/** The library surface: the stages chained by hand give what the CLI prints. */
import { buildIntegrationModel, CallDigest, emitterFor, parseText, runPipeline } from '../src/index.js';
import { cli } from './support/cli.js';
import { MODELS, sampleText } from './support/samples.js';

test('runPipeline, buildIntegrationModel and an emitter reproduce the CLI output', async () => {
  const result = await runPipeline([{ name: 'sns-publish.log', chunks: [sampleText('sns-publish.log')] }], { modelDirs: [MODELS] });
  const { model } = buildIntegrationModel(result.operations, { constants: [], from: [], queryStringPayload: false });
  const [artifact] = emitterFor('openapi2')!.emit(model);
  expect(artifact!.content).toBe((await cli([], sampleText('sns-publish.log'))).stdout);
});

test('operations handed out as inferred (keepOperations: false) are the kept ones, and --format json prints them', async () => {
  const text = ['sns-publish.log', 'sqs-send-message.log', 'dynamodb-put-item.log'].map(sampleText).join('');
  const kept = await runPipeline([{ name: 'x.log', chunks: [text] }], { modelDirs: [MODELS] });
  const handed: unknown[] = [];
  const streamed = await runPipeline([{ name: 'x.log', chunks: [text] }], { modelDirs: [MODELS], keepOperations: false, onOperation: (op) => handed.push(op) });
  expect(kept.operations).toHaveLength(3);
  expect(streamed.operations).toEqual([]);
  expect(streamed.inferred).toBe(3);
  expect(handed).toEqual(kept.operations);
  // The streamed document is the one JSON.stringify would print whole.
  const printed = await cli(['--format', 'json'], text);
  expect(printed.stdout).toBe(`${JSON.stringify({ version: 1, requests: kept.operations.map((op) => ({ ...op, location: op.location.replace('x.log', '<stdin>') })) }, null, 2)}\n`);
});

test('records and requests handed out as they come (onRecord, onRequest) are the kept ones, and their formats print them', async () => {
  const text = ['sns-publish.log', 'sqs-send-message.log', 'dynamodb-put-item.log'].map(sampleText).join('');
  const kept = await runPipeline([{ name: '<stdin>', chunks: [text] }], { modelDirs: [MODELS], keepRecords: true });
  const records: unknown[] = [];
  const requests: unknown[] = [];
  const streamed = await runPipeline([{ name: '<stdin>', chunks: [text] }], { modelDirs: [MODELS], keepRequests: false, onRecord: (r) => records.push(r), onRequest: (r) => requests.push(r) });
  expect(kept.requests).toHaveLength(3);
  expect(streamed.records).toEqual([]);
  expect(streamed.requests).toEqual([]);
  expect(streamed.calls).toBe(3);
  expect(records).toEqual(kept.records);
  expect(requests).toEqual(kept.requests);
  const bytesAsText = (_key: string, value: unknown): unknown => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value);
  expect((await cli(['--format', 'records'], text)).stdout).toBe(`${JSON.stringify({ version: 1, records: kept.records }, bytesAsText, 2)}\n`);
  expect((await cli(['--format', 'requests'], text)).stdout).toBe(`${JSON.stringify({ version: 1, requests: kept.requests }, bytesAsText, 2)}\n`);
});

test('records come out in log order, however the log arrives, without the values their calls\' models mark sensitive', async () => {
  const secret = 'Tr0ub4dor-and-3';
  const text = ['sns-publish.log', 'ssm-put-parameter-securestring.log', 'sqs-send-message.log', 'ssm-put-parameter-securestring.log'].map(sampleText).join('');
  expect(text).toContain(secret);
  const whole = parseText(text, '<stdin>').records;
  for (const size of [text.length, 4096, 97]) {
    const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
    const result = await runPipeline([{ name: '<stdin>', chunks }], { modelDirs: [MODELS], keepRecords: true });
    expect(result.records.map((r) => [r.kind, r.pos.offset])).toEqual(whole.map((r) => [r.kind, r.pos.offset]));
    expect(JSON.stringify(result.records, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value))).not.toContain(secret);
  }
});

test('a digest of the operations, gathered as they are inferred, integrates as the operations do, holding one call per operation', async () => {
  const text = ['sns-publish.log', 'sqs-send-message.log', 'sns-publish.log', 'sqs-send-message.log'].map(sampleText).join('');
  const calls = new CallDigest();
  const result = await runPipeline([{ name: 'x.log', chunks: [text] }], { modelDirs: [MODELS], onOperation: (op) => calls.add(op) });
  expect(result.operations).toHaveLength(4);
  expect(calls.firstCalls).toEqual([result.operations[0], result.operations[1]]);
  const options = { constants: ['Nope'], from: [], queryStringPayload: false };
  expect(buildIntegrationModel(calls, options)).toEqual(buildIntegrationModel(result.operations, options));
});
