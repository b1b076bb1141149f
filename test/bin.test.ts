/**
 * The built package. The command, as `npm start` and the `infer-mapping` bin run it: the bundle
 * (with its chunks) answers as the in-process CLI does, for the default command and for verify,
 * whose code the bundle loads only when asked. And the README's library example, run against the
 * package's main module, prints what the command does.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli } from './support/cli.js';
import { MODELS, ROOT, SAMPLES } from './support/samples.js';

const BIN = join(ROOT, 'dist/src/cli/bin.js');
const built = (args: string[]): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [BIN, '--model-dir', MODELS, ...args], { encoding: 'utf8', env: { ...process.env, INFER_MAPPING_MODEL_DIR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** The newest modification time of the sources the bundle is built from. */
function newestSource(): number {
  return Math.max(
    ...['src', 'grammars', 'scripts'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((file) => statSync(join(ROOT, dir, file)).mtimeMs),
    ),
  );
}

beforeAll(() => {
  // npm install and npm ci build it (the prepare script); a checkout that skipped that, or whose
  // sources changed since, builds here, so the bundle compared is the one of these sources.
  if (!existsSync(BIN) || statSync(BIN).mtimeMs < newestSource()) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
});

/** Arguments, a sample's name last. */
test.each([
  '--format json sns-publish.log',
  'sqs-send-message.log',
  'verify dynamodb-put-item.log',
  'verify --body hi sns-publish.log',
])('%s', async (line) => {
  const words = line.split(' ');
  const args = [...words.slice(0, -1), join(SAMPLES, words.at(-1)!)];
  const expected = await cli(args);
  expect(built(args)).toEqual({ code: expected.code, stdout: expected.stdout, stderr: expected.stderr });
});

test('--version prints the version of package.json, from the bundle as from the sources', async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(built(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
});

test("the README's library example prints what the command prints", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const code = /<!-- library example: [^\n]* -->\n```js\n([\s\S]*?)\n```\n/.exec(readme)?.[1];
  expect(code).toContain("from 'infer-mapping'");
  const dir = mkdtempSync(join(tmpdir(), 'infer-mapping-library-'));
  try {
    const script = join(dir, 'example.mjs');
    writeFileSync(script, code!.replace("from 'infer-mapping'", `from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/index.js')).href)}`));
    const env = { ...process.env, INFER_MAPPING_MODEL_DIR: MODELS };
    for (const sample of ['sns-publish.log', 'dynamodb-list-tables-paginated.log']) {
      const library = spawnSync(process.execPath, [script, join(SAMPLES, sample)], { encoding: 'utf8', env });
      const command = spawnSync(process.execPath, [BIN, '--format', 'openapi3', join(SAMPLES, sample)], { encoding: 'utf8', env });
      expect(command.status).toBe(0);
      expect({ stdout: library.stdout, stderr: library.stderr, status: library.status }).toEqual({ stdout: command.stdout, stderr: command.stderr, status: 0 });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reader that stops reading (`| head`) ends the command quietly, exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infer-mapping-head-'));
  try {
    const file = join(dir, 'calls.log');
    writeFileSync(file, readFileSync(join(SAMPLES, 'sns-publish.log'), 'utf8').repeat(2000));
    const child = spawn(process.execPath, [BIN, '--model-dir', MODELS, '--format', 'json', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like head: the first piece, then the pipe closed.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
