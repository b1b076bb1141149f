/**
 * The built command, as `npm start` and the `infer-mapping` bin run it: the bundle (with its
 * chunks) answers as the in-process CLI does, for the default command and for verify, whose code
 * the bundle loads only when asked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
