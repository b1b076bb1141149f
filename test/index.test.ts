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
