/**
 * Runs the stages over streamed sources: text -> records -> captured requests -> inferred
 * operations. Records are consumed as they complete, so no source is held whole.
 */
import { diagnostic, type Diagnostic } from './diagnostics.js';
import { Capturer } from './capture/capture.js';
import type { CapturedRequest } from './capture/types.js';
import { inferOperation, type InferOptions } from './infer/infer.js';
import type { InferredOperation } from './infer/types.js';
import { RecordReader } from './parse/records.js';
import type { LogRecord } from './parse/types.js';

/** One input: a name for diagnostics and its text as it arrives. */
export interface Source {
  name: string;
  chunks: AsyncIterable<string> | Iterable<string>;
}

export interface PipelineOptions extends InferOptions {
  /** Keep the parse stage's records (for `--format records`); off by default to bound memory. */
  keepRecords?: boolean;
  /** Called as each chunk is consumed (progress display). */
  onProgress?: (progress: { source: string; bytes: number; calls: number }) => void;
}

export interface PipelineResult {
  records: LogRecord[];
  requests: CapturedRequest[];
  operations: InferredOperation[];
  diagnostics: Diagnostic[];
}

/** Characters that never appear in a text log: NUL and most C0 controls. */
const BINARY = /[\u0000-\u0008\u000e-\u001a]/;

/** Runs parse, capture and infer over every source, in order. */
export async function runPipeline(sources: Source[], options: PipelineOptions): Promise<PipelineResult> {
  const result: PipelineResult = { records: [], requests: [], operations: [], diagnostics: [] };
  for (const source of sources) {
    const capturer = new Capturer(result.requests.length);
    const reader = new RecordReader(source.name);
    let bytes = 0;
    let sawText = false;
    let binary = false;
    const take = (parsed: { records: LogRecord[]; diagnostics: Diagnostic[] }): void => {
      result.diagnostics.push(...parsed.diagnostics);
      for (const record of parsed.records) {
        if (options.keepRecords) result.records.push(record);
        capturer.push(record);
      }
    };
    for await (const chunk of source.chunks) {
      if (!sawText && BINARY.test(chunk.slice(0, 4096))) {
        binary = true;
        const at = BINARY.exec(chunk)!.index;
        result.diagnostics.push(diagnostic('BINARY_INPUT', source.name, undefined, { reason: `control byte 0x${chunk.charCodeAt(at).toString(16).padStart(2, '0')} at offset ${bytes + at}` }));
        break;
      }
      sawText ||= chunk.trim() !== '';
      bytes += chunk.length;
      take(reader.push(chunk));
      options.onProgress?.({ source: source.name, bytes, calls: capturer.finish().length });
    }
    if (binary) continue;
    take(reader.end());
    if (!sawText) {
      result.diagnostics.push(diagnostic('EMPTY_INPUT', source.name, { offset: 0, line: 1, column: 1 }));
      continue;
    }
    const calls = capturer.finish();
    if (calls.length === 0 && !result.diagnostics.some((d) => d.source === source.name && d.severity === 'error')) {
      result.diagnostics.push(diagnostic('NO_AWS_CALL', source.name, { offset: 0, line: 1, column: 1 }));
    }
    for (const call of calls) {
      result.requests.push(call);
      const inferred = inferOperation(call, options);
      result.diagnostics.push(...inferred.diagnostics);
      if (inferred.operation) result.operations.push(inferred.operation);
    }
  }
  return result;
}
