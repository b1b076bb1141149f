/**
 * The README's examples are real output: each `<!-- example: ARGS -->` block must be what
 * `infer-mapping ARGS` prints now. `UPDATE_README=1 npm test -- test/readme` rewrites them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './support/cli.js';
import { ROOT } from './support/samples.js';

const README = join(ROOT, 'README.md');
const EXAMPLE = /<!-- example: (.+?) -->\n(`{3,})(\w*)\n[\s\S]*?\n?\2\n/g;

test('every README example is what the tool prints', async () => {
  const text = readFileSync(README, 'utf8');
  const examples = [...text.matchAll(EXAMPLE)];
  expect(examples.length).toBeGreaterThanOrEqual(6);
  let updated = text;
  for (const [block, args, fence, lang] of examples) {
    const run = await cli(args!.split(' '));
    expect(run.code).toBe(0);
    const fresh = `<!-- example: ${args} -->\n${fence}${lang}\n${run.stdout.replace(/\n$/, '')}\n${fence}\n`;
    if (process.env.UPDATE_README === '1') updated = updated.replace(block, fresh);
    else expect(block).toBe(fresh);
  }
  if (updated !== text) writeFileSync(README, updated);
});
