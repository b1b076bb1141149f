/** Prints a pipeline stage for `--format records|requests|json`. */
import type { PipelineResult } from '../pipeline.js';
import type { StageFormat } from './options.js';

/** Bytes print as text (they are log text: bodies, header values), everything else as is. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return value;
}

/** The JSON document of one stage; `json` is the public contract (version 1). */
export function renderStage(format: StageFormat, result: PipelineResult): string {
  const doc =
    format === 'records' ? { version: 1, records: result.records }
    : format === 'requests' ? { version: 1, requests: result.requests }
    : { version: 1, requests: result.operations };
  return `${JSON.stringify(doc, replacer, 2)}\n`;
}
