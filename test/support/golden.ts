/**
 * Golden files: each committed sample run through parse, capture, infer and integrate, and an
 * emitter's output compared with the reviewed file under test/golden/<format>/ (rewritten when
 * UPDATE_GOLDEN=1).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildIntegrationModel } from '../../src/integrate/integrate.js';
import type { IntegrationModel } from '../../src/integrate/types.js';
import { runPipeline } from '../../src/pipeline.js';
import { MODELS, ROOT, sampleText } from './samples.js';

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** The integration model of a sample with the CLI's default mapping flags. */
export async function sampleModel(file: string): Promise<IntegrationModel> {
  const { operations } = await runPipeline([{ name: file, chunks: [sampleText(file)] }], { modelDirs: [MODELS] });
  return buildIntegrationModel(operations, { constants: [], from: [], queryStringPayload: false }).model;
}

/** The golden file of a sample: `test/golden/<format>/<sample without .log>.<ext>`. */
export function goldenPath(format: string, sample: string, ext: string): string {
  return join(ROOT, 'test/golden', format, `${sample.replace(/\.log$/, '')}.${ext}`);
}

/** The reviewed content of a golden file, first rewritten with `content` when UPDATE_GOLDEN=1. */
export function golden(path: string, content: string): string {
  if (UPDATE_GOLDEN) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return readFileSync(path, 'utf8');
}
