/**
 * The verify stage: for each method of the model, render its mapping like API Gateway with an
 * example method request and compare the integration request with the one the log captured.
 */
import type { CapturedRequest } from '../capture/types.js';
import type { IntegrationModel, MethodModel } from '../integrate/types.js';
import { bytesToString } from '../parse/python-repr.js';
import { compareRequests, type Comparison } from './diff.js';
import { checkDigest } from './digest.js';
import { exampleRequest, type ExampleOverrides } from '../integrate/example.js';
import { rebuildRequest, type IntegrationRequest } from './rebuild.js';
import type { MethodRequest } from './vtl.js';

export interface MethodVerification {
  method: MethodModel;
  example: MethodRequest;
  rebuilt?: IntegrationRequest;
  /** Why API Gateway would refuse the example request. */
  refused?: string;
  /** Why the service would refuse the integration request whatever the capture shows (a wrong digest of its body). */
  serviceRefusal?: string;
  /** What was not checked of the integration request on its own, and why. */
  notes?: string[];
  comparison?: Comparison;
}

/** The body a call sent, as text, when the log shows it as text or bytes. */
function capturedText(call: CapturedRequest): string | undefined {
  const body = call.params ? call.params.body : (call.sent?.body ?? undefined);
  if (typeof body === 'string') return body;
  return body && typeof body === 'object' && !Array.isArray(body) && body.type === 'bytes' ? bytesToString(body) : undefined;
}

/** Verifies every method of the model against the calls it was built from. */
export function verifyModel(model: IntegrationModel, calls: CapturedRequest[], overrides: ExampleOverrides = {}): MethodVerification[] {
  return model.methods.map((method) => {
    const call = calls.find((c) => c.index === method.operation.call);
    const example = exampleRequest(method, overrides, call ? capturedText(call) : undefined);
    const rebuilt = rebuildRequest(model, method, example);
    if (!rebuilt.request) return { method, example, refused: rebuilt.refused };
    // With values of the user's own (a body or any parameter), nothing captured shows that request.
    const own = overrides.body !== undefined || [overrides.querystring, overrides.header, overrides.path].some((values) => values && Object.keys(values).length > 0);
    const comparison = call && !own ? compareRequests(rebuilt.request, call, method.operation, method.integration.protocol) : undefined;
    const digest = checkDigest(rebuilt.request, method.operation);
    return { method, example, rebuilt: rebuilt.request, comparison, ...(digest.refusal ? { serviceRefusal: digest.refusal } : {}), ...(digest.note ? { notes: [digest.note] } : {}) };
  });
}

/** Human-readable report; `ok` is false when any method differs or is refused. */
export function formatVerification(results: MethodVerification[]): { text: string; ok: boolean } {
  const lines: string[] = [];
  let ok = true;
  for (const r of results) {
    const name = `${r.method.id} (${r.method.httpMethod} ${r.method.resourcePath})`;
    if (r.refused) {
      ok = false;
      lines.push(`✗ ${name}: API Gateway would refuse the request: ${r.refused}`);
      continue;
    }
    const differences = r.comparison?.differences ?? [];
    if (differences.length > 0 || r.serviceRefusal) ok = false;
    if (r.serviceRefusal) lines.push(`✗ ${name}: ${r.method.operation.service} would refuse the integration request: ${r.serviceRefusal}`);
    if (!r.comparison) lines.push(`• ${name}: the integration request is rendered from the given method request; nothing captured to compare it with`);
    else lines.push(differences.length === 0 ? `${r.serviceRefusal ? '•' : '✓'} ${name}: the integration request matches the captured call` : `✗ ${name}: the integration request differs from the captured call`);
    for (const d of differences) {
      lines.push(`  ${d.field}:`);
      for (const line of d.captured.split('\n')) lines.push(`    - ${line}`);
      for (const line of d.rebuilt.split('\n')) lines.push(`    + ${line}`);
    }
    for (const note of [...(r.comparison?.notes ?? []), ...(r.notes ?? [])]) lines.push(`  note: ${note}`);
    if (r.rebuilt) {
      lines.push(`  ${r.rebuilt.method} ${r.rebuilt.url}`);
      for (const [k, v] of r.rebuilt.headers) lines.push(`  ${k}: ${v}`);
      if (r.rebuilt.body) lines.push('', ...r.rebuilt.body.split('\n').map((l) => `  ${l}`));
    }
  }
  return { text: `${lines.join('\n')}\n`, ok };
}
