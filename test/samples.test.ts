/**
 * Every committed sample, end to end through parse, capture and infer, checked field by field
 * against what the log itself and the botocore model say.
 */
import { runPipeline } from '../src/pipeline.js';
import { inputShape, manifest, modelDirOf, MODELS, rawModel, sampleText, sentHeader } from './support/samples.js';

async function inferSample(file: string, modelDirs = [MODELS]) {
  return runPipeline([{ name: file, chunks: [sampleText(file)] }], { modelDirs });
}

describe.each(manifest.map((entry) => [entry.file, entry] as const))('%s', (file, entry) => {
  let result: Awaited<ReturnType<typeof inferSample>>;
  beforeAll(async () => {
    result = await inferSample(file);
  });

  test('one entry per call, in log order, with no error', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.operations.map((o) => o.operation)).toEqual(entry.operations);
  });

  test('service and region are the credential scope of the log', () => {
    for (const op of result.operations) expect([op.service, op.region]).toEqual([entry.service, entry.region]);
  });

  test('protocol is the one on the wire and one the model accepts', () => {
    for (const op of result.operations) {
      const model = rawModel(modelDirOf(op));
      expect(op.protocol).toBe(entry.wire_protocol);
      expect(model.metadata.protocols ?? [model.metadata.protocol]).toContain(op.protocol);
    }
  });

  test('retries are one entry with their attempts counted', () => {
    const total = result.operations.reduce((n, op) => n + op.attempts, 0);
    expect(total).toBe(entry.attempts);
  });

  test('method, target, content type and API version match the model and the sent headers', () => {
    const log = sampleText(file);
    const contentTypes = sentHeader(log, 'Content-Type');
    result.operations.forEach((op) => {
      const model = rawModel(modelDirOf(op));
      expect(op.httpMethod).toBe(model.operations[op.operation]!.http.method);
      expect(op.apiVersion).toBe(model.metadata.apiVersion);
      expect(op.target).toBe(op.protocol === 'json' ? `${model.metadata.targetPrefix}.${op.operation}` : null);
      expect(op.contentType).toBe(contentTypes.length > 0 ? contentTypes[0] : null);
      expect(op.model).not.toBeNull();
      expect(op.requiredFrom).toBe('model');
    });
  });

  test("the 'Making request' lines alone name the same services and operations, when the calls went to AWS hosts", async () => {
    const lines = sampleText(file).split(/\r?\n/).filter((line) => line.includes('Making request for OperationModel'));
    // The params dict names its host; a local endpoint (moto) names no service.
    if (lines.length === 0 || !lines.every((line) => /'url': 'https:\/\/[^/']*\.amazonaws\.com/.test(line))) return;
    const bare = await runPipeline([{ name: file, chunks: [lines.join('\n')] }], { modelDirs: [MODELS] });
    expect(bare.operations.map((o) => [o.service, o.operation, o.model])).toEqual(result.operations.map((o) => [o.service, o.operation, o.model]));
  });

  test('parameters are top-level input members, required as the model says', () => {
    for (const op of result.operations) {
      const shape = inputShape(modelDirOf(op), op.operation);
      for (const p of op.parameters) {
        expect(Object.keys(shape.members)).toContain(p.name);
        expect(p.required).toBe(shape.required.includes(p.name));
        expect(p.name).not.toMatch(/\./);
      }
      // Every required member was sent (the CLI refuses to call without them).
      for (const name of shape.required) expect(op.parameters.map((p) => p.name)).toContain(name);
    }
  });
});
