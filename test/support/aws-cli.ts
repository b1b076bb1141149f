/**
 * Runs the real AWS CLI against a test's moto_server (see moto.ts) and captures its `--debug`
 * log, the way a user makes the input infer-mapping reads. Callers check
 * `requireTool('aws')` first.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsJson, startMoto, type Moto } from './moto.js';

export interface DebugCapture {
  /** The file holding the CLI's whole stderr: the `--debug` log. */
  log: string;
  /** What the CLI printed (`--output json`), parsed; null when it printed nothing. */
  output: unknown;
}

/**
 * Runs `aws --endpoint-url MOTO ARGS --output json --debug` with stderr written to `dir/name`, as
 * `aws ... --debug 2> name` does; throws with the log's tail when the call fails.
 */
export function captureDebugLog(moto: Moto, args: string[], dir: string, name: string): DebugCapture {
  const run = spawnSync('aws', ['--endpoint-url', moto.endpoint, '--output', 'json', ...args, '--debug'], {
    env: moto.env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const log = join(dir, name);
  writeFileSync(log, run.stderr ?? '');
  if (run.status !== 0) throw new Error(`aws ${args.join(' ')} --debug exited ${run.status}:\n${(run.stderr ?? '').slice(-2000)}`);
  return { log, output: run.stdout.trim() === '' ? null : (JSON.parse(run.stdout) as unknown) };
}

/** The URL of a queue as moto names it (`http://127.0.0.1:PORT/123456789012/NAME`). */
export function queueUrl(moto: Moto, name: string): string {
  return `${moto.endpoint}/123456789012/${name}`;
}

/** Requests moto serves before it starts checking credentials: the three that issue the key. */
const BOOTSTRAP_REQUESTS = 3;

/**
 * Starts a moto_server that checks every request's SigV4 signature, as AWS does. moto checks
 * only after `INITIAL_NO_AUTH_ACTION_COUNT` requests and only for access keys it issued, so the
 * first requests (with the fake key) create an IAM user allowed everything and an access key for
 * it; the returned `env` holds that key. A request signed with anything else gets 403
 * (`SignatureDoesNotMatch`, or `InvalidClientTokenId` for an unknown key).
 */
export async function startSigningMoto(): Promise<Moto> {
  const moto = await startMoto({ serverEnv: { INITIAL_NO_AUTH_ACTION_COUNT: String(BOOTSTRAP_REQUESTS) } });
  try {
    awsJson(moto, ['iam', 'create-user', '--user-name', 'infer-mapping-tests']);
    awsJson(moto, ['iam', 'put-user-policy', '--user-name', 'infer-mapping-tests', '--policy-name', 'all', '--policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}']);
    const key = (awsJson(moto, ['iam', 'create-access-key', '--user-name', 'infer-mapping-tests']) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } }).AccessKey;
    return { ...moto, env: { ...moto.env, AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey } };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}
