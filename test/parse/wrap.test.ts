/**
 * Logs hard-wrapped at a terminal's or an email's width: told apart from logs as botocore wrote
 * them, and read joined again where a line broke after the first words of its message.
 */
import { WrapDetector } from '../../src/parse/wrap.js';
import { cli } from '../support/cli.js';
import { manifest, sampleText } from '../support/samples.js';

/** What `fold -w width` does: every line longer than `width` broken into lines of `width` characters. */
function fold(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => line.match(new RegExp(`.{1,${width}}`, 'gs'))?.join('\n') ?? '')
    .join('\n');
}

function detect(text: string): ReturnType<WrapDetector['result']> {
  const detector = new WrapDetector();
  // In pieces, as a stream arrives.
  for (let i = 0; i < text.length; i += 1000) detector.push(text.slice(i, i + 1000));
  return detector.result();
}

const files = manifest.map((e) => e.file).filter((f) => !f.includes('oneline'));

test('no sample as botocore wrote it looks wrapped', () => {
  for (const file of manifest.map((e) => e.file)) expect({ file, wrapping: detect(sampleText(file)) }).toEqual({ file, wrapping: undefined });
});

test.each([80, 100, 160])('a sample folded at %i columns looks wrapped at that width, from its first line that long', (width) => {
  const folded = fold(sampleText('sns-publish.log'), width);
  const first = folded.split('\n').findIndex((line) => line.length === width);
  expect(detect(folded)).toEqual({ width, line: first, offset: folded.split('\n').slice(0, first).reduce((n, line) => n + line.length + 1, 0) });
});

/** The requests of `--format json`, without where they were read (folding moves them) and the response status (urllib3's status line can break before its status). */
async function requests(text: string): Promise<{ code: number; requests: unknown[]; stderr: string }> {
  const r = await cli(['--format', 'json'], text);
  const doc = JSON.parse(r.stdout) as { requests: Array<Record<string, unknown>> };
  return { code: r.code, requests: doc.requests.map(({ location: _location, responseStatus: _status, ...rest }) => rest), stderr: r.stderr };
}

test.each(files)('%s folded at 110 and 160 columns reads as the log itself, and says it was wrapped', async (file) => {
  const text = sampleText(file);
  const plain = await requests(text);
  for (const width of [110, 160]) {
    const folded = await requests(fold(text, width));
    expect({ width, code: folded.code, requests: folded.requests }).toEqual({ width, code: plain.code, requests: plain.requests });
    expect(folded.stderr).toContain(`warning LOG_HARD_WRAPPED: the log looks hard-wrapped at ${width} columns`);
    expect(folded.stderr.match(/LOG_LINES_WRAPPED/g)?.length ?? 0).toBeLessThanOrEqual(1);
  }
});

test('at 80 columns a record broken before its message is lost, and the warning says why', async () => {
  const r = await cli(['--format', 'json'], fold(sampleText('sns-publish.log'), 80));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('LOG_HARD_WRAPPED: the log looks hard-wrapped at 80 columns');
  expect(r.stderr).toContain('a record broken before the first words of its message is not read');
});
