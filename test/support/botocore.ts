/**
 * python3's botocore, the ground truth of every protocol: its data directory (the real service
 * models) and its serializers, run on parameters a test gives. Tests that need it are skipped on
 * a machine without it, and fail in CI (CI=true), which must run them.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Protocol } from '../../src/infer/model.js';
import { requireTool } from './tools.js';

const BOTOCORE = requireTool('python3')
  ? (spawnSync('python3', ['-c', "import importlib.util as u;print(u.find_spec('botocore').submodule_search_locations[0])"], { encoding: 'utf8' }).stdout ?? '').trim()
  : '';
if (BOTOCORE === '' && process.env.CI === 'true') throw new Error("python3's botocore is not installed, and CI=true requires it");

/** botocore's `data` directory ('' joined onto nothing when botocore is absent: tests using it are skipped). */
export const BOTOCORE_DATA = path.join(BOTOCORE, 'data');
export const describeWithBotocore = BOTOCORE === '' ? describe.skip : describe;

/** Parameters for botocore to serialize, as `client.<operation>(**params)` takes them. */
export interface SerializeCase {
  service: string;
  operation: string;
  /** A protocol the model also accepts; the model's resolved protocol when absent. */
  protocol?: Protocol;
  params: Record<string, unknown>;
}

/** A request as botocore's serializer built it (`serialize_to_request`). */
export interface Serialized {
  protocol: Protocol;
  method: string;
  path: string;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  body: { kind: 'form'; fields: Array<[string, string]> } | { kind: 'bytes'; base64: string };
}

const SERIALIZE = `
import base64, json, sys
import botocore.session
from botocore import serialize
session = botocore.session.get_session()
out = []
for case in json.load(sys.stdin):
    model = session.get_service_model(case['service'])
    op = model.operation_model(case['operation'])
    protocol = case.get('protocol') or model.resolved_protocol
    req = serialize.create_serializer(protocol).serialize_to_request(case['params'], op)
    body = req['body']
    if isinstance(body, dict):
        body = {'kind': 'form', 'fields': [[k, str(v)] for k, v in body.items()]}
    else:
        body = {'kind': 'bytes', 'base64': base64.b64encode(body).decode()}
    pairs = []
    if isinstance(req['query_string'], dict):
        for k, v in req['query_string'].items():
            for item in (v if isinstance(v, list) else [v]):
                pairs.append([k, str(item)])
    out.append({'protocol': protocol, 'method': req['method'], 'path': req['url_path'], 'query': pairs,
                'headers': [[k, str(v)] for k, v in req['headers'].items()], 'body': body})
print(json.dumps(out))
`;

/** Each case serialized by botocore, in order; `stderr` says why when botocore failed (then none is). */
export function serializeWithBotocore(cases: SerializeCase[]): { serialized: Serialized[]; stderr: string } {
  const run = spawnSync('python3', ['-c', SERIALIZE], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 24 });
  return { serialized: run.status === 0 ? (JSON.parse(run.stdout) as Serialized[]) : [], stderr: run.stderr };
}
