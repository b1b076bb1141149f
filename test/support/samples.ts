/**
 * Test support: the committed samples and their manifest, the committed botocore models, and
 * helpers that read the models directly (so expectations come from botocore, not from the tool).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { basename, dirname, join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const SAMPLES = join(ROOT, 'samples');
export const MODELS = join(ROOT, 'test/fixtures/botocore-data');

export interface SampleEntry {
  file: string;
  command: string;
  protocol: string;
  wire_protocol: string;
  operations: string[];
  service: string;
  region: string;
  attempts: number;
  http_status: number[];
  /** CanonicalRequest records: none for a SigV2 (S3 HmacV1) capture. */
  canonical_requests: number;
}

export const manifest: SampleEntry[] = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8'));

export function sampleText(file: string): string {
  return readFileSync(join(SAMPLES, file), 'utf8');
}

interface RawModel {
  metadata: { apiVersion: string; protocol: string; protocols?: string[]; targetPrefix?: string; jsonVersion?: string; signingName?: string; endpointPrefix: string };
  operations: Record<string, { http: { method: string; requestUri: string }; input?: { shape: string } }>;
  shapes: Record<string, { type: string; required?: string[]; members?: Record<string, { shape: string; location?: string; locationName?: string }> }>;
}

/** The committed model of a service directory (the newest API version there). */
export function rawModel(serviceDir: string): RawModel {
  const dir = join(MODELS, serviceDir);
  const version = readdirSync(dir).sort().at(-1)!;
  return JSON.parse(gunzipSync(readFileSync(join(dir, version, 'service-2.json.gz'))).toString('utf8')) as RawModel;
}

/** The service directory of the committed model an operation was inferred with (`<dir>/<version>/service-2.json.gz`). */
export function modelDirOf(op: { model: string | null }): string {
  return basename(dirname(dirname(op.model!)));
}

/** The input shape of an operation, straight from the model. */
export function inputShape(serviceDir: string, operation: string): { required: string[]; members: Record<string, { shape: string; location?: string; locationName?: string }> } {
  const model = rawModel(serviceDir);
  const input = model.operations[operation]?.input;
  const shape = input ? model.shapes[input.shape] : undefined;
  return { required: shape?.required ?? [], members: shape?.members ?? {} };
}

/** Every value of a header as the log's `Sending http request` lines show it (read with a plain regex). */
export function sentHeader(log: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`'${name}': b?'([^']*)'`, 'gi');
  for (const line of log.split(/\r?\n|(?= \d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - )/)) {
    if (!line.includes('Sending http request')) continue;
    const m = re.exec(line);
    re.lastIndex = 0;
    if (m) out.push(m[1]!);
  }
  return out;
}
