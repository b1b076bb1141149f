/**
 * A moto_server for tests that run the AWS CLI against it: it listens on 127.0.0.1 at a free port
 * and is stopped by the test that started it. Callers check `requireTool('moto_server')` first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Moto {
  endpoint: string;
  /** Environment for `aws` and generated scripts: fake credentials, no local config, this endpoint. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export interface MotoOptions {
  /**
   * More environment for moto_server itself, e.g. `INITIAL_NO_AUTH_ACTION_COUNT` (after that many
   * requests moto checks each request's SigV4 signature and IAM permissions).
   */
  serverEnv?: Record<string, string>;
}

/** Starts moto_server and resolves once it accepts connections (rejects if it exits or takes over 30 s). */
export async function startMoto(options: MotoOptions = {}): Promise<Moto> {
  const port = await freePort();
  // A log file, not a pipe: tests block in spawnSync, and a full pipe would stall the server.
  const logDir = mkdtempSync(join(tmpdir(), 'moto-'));
  const log = openSync(join(logDir, 'moto.log'), 'w');
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', log, log], env: { ...process.env, ...options.serverEnv } });
  closeSync(log);
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await stopped(child);
    rmSync(logDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const output = readFileSync(join(logDir, 'moto.log'), 'utf8');
      await stop();
      throw new Error(`moto_server did not start on 127.0.0.1:${port}: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ENDPOINT_URL: endpoint,
  };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  return { endpoint, env, stop };
}

/** Runs `aws ARGS --output json` against the server and parses its output; throws with stderr on failure. */
export function awsJson(moto: Moto, args: string[]): unknown {
  const run = spawnSync('aws', ['--endpoint-url', moto.endpoint, '--output', 'json', ...args], { env: moto.env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`aws ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run.stdout.trim() === '' ? null : JSON.parse(run.stdout);
}
