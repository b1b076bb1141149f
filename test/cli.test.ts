import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { run } from '../src/cli/run.js';
import { StageWriter } from '../src/cli/stages.js';
import { cli } from './support/cli.js';
import { manifest, MODELS, SAMPLES, sampleText } from './support/samples.js';

const sample = (file: string): string => join(SAMPLES, file);

describe('bad input: one line per problem with file:line:column, exit code 2', () => {
  test('empty input', async () => {
    const r = await cli([], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:1:1: error EMPTY_INPUT: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('text with no AWS call', async () => {
    const r = await cli([], 'hello\nthis is not a log\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:1:1: error NO_AWS_CALL: /);
  });

  test('a truncated params dict points at where it ends', async () => {
    const r = await cli([], "note\n{'url_path': '/', 'method': 'POST', 'body': {'Action': 'Publish',");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>:2:\d+: error REPR_TRUNCATED: .*expected/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('binary data', async () => {
    const r = await cli([], Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<stdin>: error BINARY_INPUT: /);
  });

  test('a file that does not exist', async () => {
    const r = await cli(['no-such-file.log']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read no-such-file\.log: no such file/);
  });

  test('files that cannot be read among others: each is reported, the others are read (exit 1)', async () => {
    const r = await cli(['--format', 'json', 'no-such-file.log', sample('sns-publish.log'), SAMPLES, sample('sqs-send-message.log')]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toEqual(['no-such-file.log: error FILE_UNREADABLE: cannot read no-such-file.log: no such file', `${SAMPLES}: error FILE_UNREADABLE: cannot read ${SAMPLES}: it is a directory`, '']);
    expect((JSON.parse(r.stdout) as { requests: Array<{ operation: string }> }).requests.map((op) => op.operation)).toEqual(['Publish', 'SendMessage']);
  });

  test('a --model-dir that is not there (a typo would silently read other models)', async () => {
    const r = await cli(['--model-dir', 'no-such-models', sample('sns-publish.log')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('infer-mapping: --model-dir no-such-models: no such file or directory\nRun infer-mapping --help for usage.\n');
  });

  test.each([
    [['--title', ' '], '--title takes a name for the API: API Gateway refuses an empty one'],
    [['--stage', 'my stage'], '--stage takes letters, digits, hyphens and underscores (up to 128), as API Gateway\'s stage names do, not "my stage"'],
    [['--role-arn', 'my-role'], '--role-arn takes an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), not "my-role"'],
    [['--timeout-ms', '60000'], '--timeout-ms 60000: the API is edge-optimized, whose integrations API Gateway lets wait 29000 ms at most'],
    [['--resource-path', '/fn/{name}/{name}'], '--resource-path /fn/{name}/{name}: {name} is in it twice, and a path parameter has one value'],
    [['--resource-path', '/a/../b'], '--resource-path /a/../b: a segment ".." is resolved away by clients before a request is sent'],
  ])('%j, which would fail only at deploy time', async (args, message) => {
    const r = await cli([...args, sample('sns-publish.log')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`infer-mapping: ${message}\nRun infer-mapping --help for usage.\n`);
    for (const good of [['--stage', 'prod-2_a'], ['--role-arn', 'arn:aws-cn:iam::123456789012:role/service-role/api+gw']]) expect((await cli([...good, sample('sns-publish.log')])).code).toBe(0);
  });

  test.each([
    [['--title', 'a', '--title', 'b'], '--title is given more than once (a, b)'],
    [['--resource-path', '/a', '--resource-path', '/b'], '--resource-path is given more than once (/a, /b)'],
    [['--format', 'json', '-f', 'openapi3'], '--format is given more than once (json, openapi3)'],
    [['--constant', 'Message', '--from', 'body', 'Message'], 'Message is given both --constant and --from body'],
    [['--from', 'query', 'Message', '--from', 'header', 'Message'], '--from is given twice for Message'],
    [['--resource-path', '/a//b'], '--resource-path /a//b: a resource path has no empty segment ("//")'],
    [['--resource-path', '/a b'], '--resource-path /a b: segment "a b" is neither a {label} nor letters, digits and ._-:'],
    [['--resource-path', '/{key+}/x'], '--resource-path /{key+}/x: the greedy {key+} must be the last segment'],
    [['verify', '--out', 'dir'], 'verify prints its report; --out is for the default command'],
    [['verify', '--format', 'json'], 'verify prints its report; --format is for the default command'],
    [['--out', ''], '--out takes a directory to write the output files into'],
  ])('%j: arguments that cannot all hold', async (args, message) => {
    const r = await cli([...args, sample('sns-publish.log')]);
    expect(r.stderr).toBe(`infer-mapping: ${message}\nRun infer-mapping --help for usage.\n`);
    expect(r.code).toBe(2);
  });

  test('--out where no directory can be made fails at once (exit 74), where mkdir -p would spin', async () => {
    const r = await cli(['--out', '/proc/infer-mapping-out', sample('sns-publish.log')]);
    expect(r.code).toBe(74);
    expect(r.stderr).toMatch(/^infer-mapping: cannot write \/proc\/infer-mapping-out: ENOENT/);
  });

  test('an integration timeout under 50 ms', async () => {
    const r = await cli(['--timeout-ms', '10', join(SAMPLES, 'sns-publish.log')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout-ms takes a whole number of milliseconds, 50 or more/);
  });

  test('an unknown option', async () => {
    const r = await cli(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument/);
  });
});

test('a log where one call cannot be read yields the others and a diagnostic, exit code 1', async () => {
  // Cut one real call's params dict short, leaving the rest of the real log intact.
  const good = sampleText('sns-publish.log');
  const broken = sampleText('dynamodb-put-item.log').replace(/(with params: \{'url_path': '\/', 'query_string': '', 'method': 'POST', 'headers': \{)[^\n]*/, '$1');
  const r = await cli(['--format', 'json'], good + broken + good);
  expect(r.code).toBe(1);
  const doc = JSON.parse(r.stdout) as { requests: Array<{ operation: string }> };
  expect(doc.requests.map((x) => x.operation)).toEqual(['Publish', 'PutItem', 'Publish']);
  expect(r.stderr).toMatch(/^<stdin>:\d+:\d+: error REPR_TRUNCATED/m);
});

test('standard input is read where "-" stands among the files, and so are files after "--"', async () => {
  const operations = (r: { stdout: string }): string[] => (JSON.parse(r.stdout) as { requests: Array<{ operation: string }> }).requests.map((x) => x.operation);
  const sns = sampleText('sns-publish.log');
  expect(operations(await cli(['--format', 'json', '-', sample('sqs-send-message.log')], sns))).toEqual(['Publish', 'SendMessage']);
  expect(operations(await cli(['--format', 'json', sample('sqs-send-message.log'), '-'], sns))).toEqual(['SendMessage', 'Publish']);
  expect(operations(await cli(['--format', 'json', sample('sqs-send-message.log'), '--', sample('sns-publish.log')]))).toEqual(['SendMessage', 'Publish']);
  const twice = await cli(['-', '-'], sns);
  expect([twice.code, twice.stderr]).toEqual([2, 'infer-mapping: standard input (-) can be read only once\nRun infer-mapping --help for usage.\n']);
});

test('several files are read in order', async () => {
  const r = await cli(['--format', 'json', sample('sns-publish.log'), sample('sqs-send-message.log')]);
  expect(r.code).toBe(0);
  expect((JSON.parse(r.stdout) as { requests: Array<{ operation: string }> }).requests.map((x) => x.operation)).toEqual(['Publish', 'SendMessage']);
});

test('streamed input in tiny chunks gives the same result as whole input', async () => {
  const text = sampleText('s3api-list-objects-v2-paginated.log');
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 37) chunks.push(text.slice(i, i + 37));
  const whole = await cli(['--format', 'json'], text);
  const streamed = await cli(['--format', 'json'], chunks);
  expect(streamed.stdout).toBe(whole.stdout);
  expect(JSON.parse(whole.stdout).requests).toHaveLength(3);
});

test('each stage can be shown', async () => {
  const records = JSON.parse((await cli(['--format', 'records', sample('sns-publish.log')])).stdout) as { records: Array<{ kind: string }> };
  expect(records.records.map((r) => r.kind)).toEqual(expect.arrayContaining(['make-request', 'canonical-request', 'string-to-sign', 'sending-request', 'response']));
  const requests = JSON.parse((await cli(['--format', 'requests', sample('sns-publish.log')])).stdout) as { requests: Array<{ operation: string; attempts: number }> };
  expect(requests.requests).toMatchObject([{ operation: 'Publish', attempts: 1 }]);
});

describe('which service model is read', () => {
  // The log names the model file botocore loaded; here, the committed copy of it.
  const log = sampleText('sns-publish.log').replace(/Loading JSON file: \S*\/sns\/2010-03-31\/service-2\.json\.gz/, `Loading JSON file: ${join(MODELS, 'sns/2010-03-31/service-2.json.gz')}`);
  const shape = async (args: string[]): Promise<{ requiredFrom: string; model: string | null }> =>
    (JSON.parse((await cli(['--format', 'json', ...args], log)).stdout) as { requests: Array<{ requiredFrom: string; model: string | null }> }).requests[0]!;

  test('the model file the log names, when no --model-dir has the service', async () => {
    const other = mkdtempSync(join(tmpdir(), 'infer-mapping-other-models-'));
    try {
      cpSync(join(MODELS, 'sqs'), join(other, 'sqs'), { recursive: true });
      expect(await shape(['--model-dir', other])).toMatchObject({ requiredFrom: 'model', model: join(MODELS, 'sns/2010-03-31/service-2.json.gz') });
    } finally {
      rmSync(other, { recursive: true });
    }
  });

  test("--model-dir: a service's directory, an API version's, or a model file of any name", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infer-mapping-model-dirs-'));
    try {
      const renamed = join(dir, 'sns.json');
      writeFileSync(renamed, gunzipSync(readFileSync(join(MODELS, 'sns/2010-03-31/service-2.json.gz'))));
      for (const given of [join(MODELS, 'sns'), join(MODELS, 'sns/2010-03-31'), renamed]) {
        const expected = given === renamed ? renamed : join(MODELS, 'sns/2010-03-31/service-2.json.gz');
        expect(await shape(['--model-dir', given])).toMatchObject({ requiredFrom: 'model', model: expected });
      }
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('--model-dir naming a directory that holds no model is refused (exit 2): the run would quietly use others', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'infer-mapping-no-models-'));
    try {
      const r = await cli(['--model-dir', empty], log);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`infer-mapping: --model-dir ${empty}: holds no botocore service model`);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  test('--no-models: none, not even the one the log names', async () => {
    expect(await shape(['--no-models'])).toMatchObject({ requiredFrom: 'protocol', model: null });
  });
});

describe('credentials never leave', () => {
  /** Every credential the log shows, found with plain regexes over the raw text. */
  function secretsOf(log: string): string[] {
    const found = new Set<string>();
    for (const m of log.matchAll(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g)) found.add(m[0]);
    for (const m of log.matchAll(/Signature=([0-9a-f]{64})/g)) found.add(m[1]!);
    for (const m of log.matchAll(/Signature:\s+([0-9a-f]{64})/g)) found.add(m[1]!);
    for (const m of log.matchAll(/'X-Amz-Security-Token': b?'([^']+)'/g)) found.add(m[1]!);
    return [...found];
  }

  // An unsigned call (--no-sign-request) carries no credential to look for.
  const signed = manifest.map((e) => e.file).filter((file) => /'Authorization'/.test(sampleText(file)));
  test.each(signed)('%s, every stage format', async (file) => {
    const secrets = secretsOf(sampleText(file));
    expect(secrets.length).toBeGreaterThan(0);
    for (const format of ['records', 'requests', 'json']) {
      const r = await cli(['--format', format, '--verbose', sample(file)]);
      for (const secret of secrets) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
    }
  });
});

test('stage formats print bytes as UTF-8 text, a leading byte order mark kept', () => {
  const body = Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);
  let printed = '';
  const writer = new StageWriter('records', (text) => (printed += text));
  writer.add({ kind: 'params-dict', body });
  writer.end();
  expect((JSON.parse(printed) as { records: Array<{ body: string }> }).records[0]!.body).toBe('\ufeff{}');
});

test("--timeout-ms sets every method's integration timeout", async () => {
  const r = await cli(['--format', 'openapi3', '--timeout-ms', '5000', join(SAMPLES, 'sns-publish.log')]);
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout) as { paths: Record<string, Record<string, { 'x-amazon-apigateway-integration': { timeoutInMillis: number } }>> };
  expect(Object.values(doc.paths).flatMap((p) => Object.values(p)).map((m) => m['x-amazon-apigateway-integration'].timeoutInMillis)).toEqual([5000]);
});

const STDIN_HINT = 'infer-mapping: reading standard input: paste a botocore --debug log (or a params dict, a raw HTTP request, an AWS API URL), then press Ctrl-D; --help for usage\n';

test('standard input on a terminal gets a hint first (a terminal would wait in silence for the paste), a pipe none', async () => {
  const log = sampleText('sns-publish.log');
  const runWith = async (isTTY: boolean): Promise<{ code: number; stderr: string; stdout: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const sink = (into: string[]): Writable => new Writable({ write: (chunk: Buffer, _enc, done) => (into.push(chunk.toString()), done()) });
    const stdin = Object.assign(Readable.from([log]), { isTTY });
    const code = await run(['--model-dir', MODELS, '--format', 'json'], { stdin, stdout: sink(out), stderr: sink(err), env: { INFER_MAPPING_MODEL_DIR: '' } });
    return { code, stdout: out.join(''), stderr: err.join('') };
  };
  const terminal = await runWith(true);
  const pipe = await runWith(false);
  expect(terminal.stderr).toBe(STDIN_HINT);
  expect(pipe.stderr).toBe('');
  expect(terminal.stdout).toBe(pipe.stdout);
  expect(terminal.code).toBe(0);
});

describe('a paste into a terminal is read in raw mode, where no line is cut at the terminal\'s line buffer', () => {
  /** A terminal's stdin giving `chunks`, recording the modes it is set to. */
  const terminal = (chunks: string[]): { stdin: Readable; modes: boolean[] } => {
    const modes: boolean[] = [];
    const stdin = Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { isTTY: true as const, setRawMode: (mode: boolean) => modes.push(mode) });
    return { stdin, modes };
  };
  const runOn = async (stdin: Readable, stderrIsTTY = false): Promise<{ code: number; stdout: string; stderr: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const sink = (into: string[], isTTY: boolean): Writable => Object.assign(new Writable({ write: (chunk: Buffer, _enc, done) => (into.push(chunk.toString()), done()) }), { isTTY });
    const code = await run(['--model-dir', MODELS, '--format', 'json'], { stdin, stdout: sink(out, false), stderr: sink(err, stderrIsTTY), env: { INFER_MAPPING_MODEL_DIR: '' } });
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  test('line breaks arrive as CR (a CRLF as one), Ctrl-D ends the input wherever it comes, and the terminal is back in line mode after', async () => {
    const log = sampleText('sns-publish.log');
    const piped = await cli(['--format', 'json'], log);
    const typed = log.replace(/\n/g, '\r');
    const { stdin, modes } = terminal([typed.slice(0, 1000), `${typed.slice(1000, 3000).replace(/\r/g, '\r\n')}`, `${typed.slice(3000)}\u0004ignored after Ctrl-D`]);
    const r = await runOn(stdin);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: piped.stdout });
    expect(modes).toEqual([true, false]);
  });

  test('a CR ending one chunk and its LF starting the next are one line break', async () => {
    const { stdin } = terminal(['https://sns.us-east-1.amazonaws.com/?Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At&Message=hi&Version=2010-03-31\r', '\nhttps://sqs.us-east-1.amazonaws.com/123456789012/q?Action=SendMessage&MessageBody=x&Version=2012-11-05\r\u0004']);
    const r = await runOn(stdin);
    expect((JSON.parse(r.stdout) as { requests: Array<{ operation: string; location: string }> }).requests.map((q) => [q.operation, q.location])).toEqual([
      ['Publish', '<stdin>:1:1'],
      ['SendMessage', '<stdin>:2:1'],
    ]);
  });

  test('Ctrl-C stops the command: exit 130, one line, the terminal back in line mode', async () => {
    const { stdin, modes } = terminal([sampleText('sns-publish.log').slice(0, 500), 'x\u0003more']);
    const r = await runOn(stdin);
    expect(r).toEqual({ code: 130, stdout: '', stderr: `${STDIN_HINT}infer-mapping: interrupted\n` });
    expect(modes).toEqual([true, false]);
  });

  test('on a terminal stderr, a count of the bytes pasted stands in for the echo, and is cleared at the end', async () => {
    const url = 'https://sns.us-east-1.amazonaws.com/?Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3At&Message=hi&Version=2010-03-31';
    const { stdin } = terminal([`${url}\r\u0004`]);
    const r = await runOn(stdin, true);
    expect(r.stderr).toBe(`${STDIN_HINT}\r\u001b[Kinfer-mapping: ${url.length + 1} bytes pasted; Ctrl-D when done\r\u001b[K`);
  });
});

describe('failures outside the input: one line each, never a stack trace unless --verbose', () => {
  test.each([
    [['--param', 'querystring.Nope=1', sample('sns-publish.log')], '--param querystring.Nope: no method takes it (the method takes none)'],
    [['--param', 'querystring.topicarn=x', '--from', 'query', 'TopicArn', sample('sns-publish.log')], '--param querystring.topicarn: no method takes it (the method takes querystring.TopicArn)'],
    [['--constant', 'Message', '--body', 'changed', sample('sns-publish.log')], '--body: no method reads a body from the client (each member is a constant or comes from the URI or headers)'],
  ])('verify %j: a value no method reads is refused (exit 2), not dropped while the report says it was used', async (args, message) => {
    const r = await cli(['verify', '--model-dir', MODELS, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`infer-mapping: ${message}\n`);
    expect(r.stdout).toBe('');
  });

  test('verify --send to an endpoint that refuses the connection says so per method (exit 1)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const r = await cli(['verify', '--send', `http://127.0.0.1:${port}/`, sample('sns-publish.log')], '', { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`SnsPublish: could not send to http://127.0.0.1:${port}/: connect ECONNREFUSED 127.0.0.1:${port}\n`);
    expect(r.stderr).toBe('');
  });

  test('verify --send sends no empty body in place of one the log does not show (an S3 object from a file), unless --body gives one', async () => {
    let requests = 0;
    const server = createServer((request, response) => {
      requests++;
      request.resume();
      request.on('end', () => response.writeHead(200).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const env = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };
      const refused = await cli(['verify', '--model-dir', MODELS, '--send', `http://127.0.0.1:${port}/`, sample('s3-cp.log')], '', env);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('S3PutObject: not sent: the log does not show the body the call sent; give the body to send with --body\n');
      expect(requests).toBe(0);
      const sent = await cli(['verify', '--model-dir', MODELS, '--body', 'new content', '--send', `http://127.0.0.1:${port}/`, sample('s3-cp.log')], '', env);
      expect(sent.stdout).toContain(`S3PutObject: sent to http://127.0.0.1:${port}/: HTTP 200`);
      expect(requests).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test("verify --send shows an answer's bytes that are not text as what they are, not as garbled text", async () => {
    const png = Buffer.from('89504e470d0a1a0a00ff', 'hex');
    const server = createServer((_request, response) => response.writeHead(200, { 'Content-Type': 'image/png' }).end(png));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await cli(['verify', '--model-dir', MODELS, '--send', `http://127.0.0.1:${port}/`, sample('s3api-get-object.log')], '', { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`S3GetObject: sent to http://127.0.0.1:${port}/: HTTP 200\n(10 bytes of image/png, not text: not shown)\n`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('verify --send shows no credential it signed with, though the answer echoes the signed request (as S3\'s SignatureDoesNotMatch does)', async () => {
    const credentials = { AWS_ACCESS_KEY_ID: 'ASIAQWERTYUIOPASDFGH', AWS_SECRET_ACCESS_KEY: 'c2VjcmV0IGtleQ', AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE+/token==' };
    // The echo: the request's headers as a canonical request shows them, the token in a query too, and every credential as it is.
    const server = createServer((request, response) => {
      request.resume();
      const lines = Object.entries(request.headers).map(([name, value]) => `${name}:${String(value)}`);
      const echoed = `<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>${lines.join('\n')}</CanonicalRequest><Echo>${Object.values(credentials).join(' ')} ?X-Amz-Security-Token=${encodeURIComponent(credentials.AWS_SESSION_TOKEN)}</Echo></Error>`;
      request.on('end', () => response.writeHead(403, { 'Content-Type': 'application/xml' }).end(echoed));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await cli(['verify', '--model-dir', MODELS, '--send', `http://127.0.0.1:${port}/`, sample('sns-publish.log')], '', credentials);
      expect(r.stdout).toContain(`SnsPublish: sent to http://127.0.0.1:${port}/: HTTP 403\n<Error><Code>SignatureDoesNotMatch</Code>`);
      expect(r.stdout).toContain('x-amz-security-token:REDACTED');
      for (const secret of [...Object.values(credentials), encodeURIComponent(credentials.AWS_SESSION_TOKEN)]) expect(r.stdout).not.toContain(secret);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('standard input that fails mid-read is reported as unreadable, what came before it read', async () => {
    const stdin = new Readable({ read() {} });
    stdin.push(sampleText('sns-publish.log'));
    setImmediate(() => stdin.destroy(new Error('EIO: i/o error, read')));
    const out: string[] = [];
    const err: string[] = [];
    const sink = (into: string[]): Writable => new Writable({ write: (chunk: Buffer, _enc, done) => (into.push(chunk.toString()), done()) });
    const code = await run(['--model-dir', MODELS, '--format', 'json'], { stdin, stdout: sink(out), stderr: sink(err), env: { INFER_MAPPING_MODEL_DIR: '' } });
    expect(code).toBe(1);
    expect(err.join('')).toBe('<stdin>: error FILE_UNREADABLE: cannot read <stdin>: EIO: i/o error, read\n');
    expect((JSON.parse(out.join('')) as { requests: Array<{ operation: string }> }).requests.map((op) => op.operation)).toEqual(['Publish']);
  });

  test.each([[false], [true]])('a bug is an internal error, exit 70, its stack shown with --verbose only (--verbose: %s)', async (verbose) => {
    const stdout = new Writable({ write: (_chunk, _enc, done) => done() });
    stdout.write = () => {
      throw new TypeError('a bug');
    };
    const err: string[] = [];
    const stderr = new Writable({ write: (chunk: Buffer, _enc, done) => (err.push(chunk.toString()), done()) });
    const code = await run(['--model-dir', MODELS, '--format', 'json', ...(verbose ? ['--verbose'] : []), sample('sns-publish.log')], { stdin: Readable.from([]), stdout, stderr, env: { INFER_MAPPING_MODEL_DIR: '' } });
    expect(code).toBe(70);
    const text = err.join('');
    expect(text.startsWith('infer-mapping: internal error: a bug\n')).toBe(true);
    if (verbose) expect(text).toContain('TypeError: a bug\n    at ');
    else expect(text).toBe('infer-mapping: internal error: a bug\nRun with --verbose for the stack trace, and please report it with the input.\n');
  });
});

describe('a broken model among those --model-dir names is a warning, and the call is inferred from another', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'infer-mapping-broken-model-'));
    mkdirSync(join(dir, 'sns/2010-03-31'), { recursive: true });
    writeFileSync(join(dir, 'sns/2010-03-31/service-2.json'), '{"version": "2.0",');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['another --model-dir', ['--model-dir', MODELS], {}],
    ['the models found on the machine', [], { INFER_MAPPING_MODEL_DIR: MODELS }],
  ])('%s', async (_name, more, env) => {
    const r = await cli(['--format', 'json', '--model-dir', dir, ...more, sample('sns-publish.log')], '', env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^\\S+sns-publish\\.log: warning MODEL_UNREADABLE: cannot read the botocore model ${join(dir, 'sns/2010-03-31/service-2.json')}: .*\\n$`));
    expect((JSON.parse(r.stdout) as { requests: Array<{ requiredFrom: string }> }).requests[0]!.requiredFrom).toBe('model');
  });
});

test('a raw HTTP request with a form body (a query-protocol POST) names its action there', async () => {
  const request = 'POST / HTTP/1.1\r\nHost: sns.us-east-1.amazonaws.com\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nAction=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aorders&Message=hi';
  const r = await cli(['--format', 'json', '--model-dir', MODELS], request);
  expect(r.code).toBe(0);
  const [op] = (JSON.parse(r.stdout) as { requests: Array<{ operation: string; parameters: Array<{ name: string }> }> }).requests;
  expect([op?.operation, op?.parameters.map((p) => p.name)]).toEqual(['Publish', ['TopicArn', 'Message']]);
});

test('a UTF-16 log (PowerShell\'s `>` writes one), with or without a byte order mark, reads as its UTF-8 twin', async () => {
  const text = sampleText('sns-publish.log');
  const utf8 = await cli(['--format', 'json'], text);
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), Buffer.concat([Buffer.from([0xfe, 0xff]), be]), le]) {
    // In odd-sized pieces, so that characters are cut between chunks.
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 4097) chunks.push(bytes.subarray(i, i + 4097));
    const r = await cli(['--format', 'json'], chunks);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: utf8.stdout });
  }
});
