/** The library surface: the stages chained by hand give what the CLI prints. */
import { buildIntegrationModel, emitterFor, runPipeline } from '../src/index.js';
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
