/**
 * The curl command of request-shapes.md, run by bash with `curl` a function that prints its
 * arguments and stdin: what it would send must be the client request it was made from, for every
 * sample and for any text in any place (quotes, `$`, backslashes, newlines, unicode).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { curlCommand } from '../../src/emit/curl.js';
import { digestHeader, exampleRequest, md5Base64 } from '../../src/integrate/example.js';
import type { ClientRequest, MethodModel } from '../../src/integrate/types.js';
import { sampleModel } from '../support/golden.js';
import { manifest } from '../support/samples.js';
import { lambdaInvokeModel } from './fixtures.js';

const INVOKE_URL = 'https://abc123.execute-api.us-east-1.amazonaws.com/dev';

/** What curl would be asked to send: its method, URL, headers, body (bytes from stdin or text). */
interface Sent {
  method: string;
  url: URL;
  headers: Array<[string, string]>;
  data?: string;
  stdin?: Buffer;
}

/** What the body files a command may read hold, in the directory the commands run in. */
const BODY_FILE = '<a>body & "file"</a>';

/** Runs the commands under bash with a curl that prints each argument, and stdin, as hex. */
function run(commands: string[]): Sent[] {
  const dir = mkdtempSync(join(tmpdir(), 'curl-test-'));
  for (const file of ['body', 'body.xml']) writeFileSync(join(dir, file), BODY_FILE);
  try {
    return runIn(dir, commands);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runIn(dir: string, commands: string[]): Sent[] {
  const stub = `curl() { for a in "$@"; do printf '%s' "$a" | od -An -v -tx1 | tr -d ' \\n'; echo; done; if [ "\${!#}" = @- ]; then echo STDIN; od -An -v -tx1 | tr -d ' \\n'; echo; fi; echo END; }`;
  const script = [stub, `INVOKE_URL=${INVOKE_URL}`, ...commands].join('\n');
  const result = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`bash failed: ${result.stderr}`);
  const calls: Sent[] = [];
  let args: string[] = [];
  let stdin: Buffer | undefined;
  const lines = result.stdout.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === 'END') {
      const sent: Sent = { method: '', url: new URL(INVOKE_URL), headers: [] };
      for (let j = 0; j < args.length; j++) {
        if (args[j] === '-X') sent.method = args[++j]!;
        else if (args[j] === '-H') {
          // As curl reads -H: `name;` sends the header empty, and `name:` with nothing after it sends none.
          const header = args[++j]!;
          const empty = /^([^:;\s]+);$/.exec(header);
          if (empty) sent.headers.push([empty[1]!, '']);
          else if (!/^[^:]+:\s*$/.test(header)) sent.headers.push([header.slice(0, header.indexOf(':')), header.slice(header.indexOf(':') + 1).replace(/^ /, '')]);
        } else if (args[j] === '--data-binary') sent.data = args[++j]!;
        else if (args[j]!.startsWith('https://')) sent.url = new URL(args[j]!);
      }
      if (stdin) sent.stdin = stdin;
      calls.push(sent);
      args = [];
      stdin = undefined;
    } else if (line === 'STDIN') stdin = Buffer.from(lines[++i]!, 'hex');
    else if (line !== '') args.push(Buffer.from(line, 'hex').toString('utf8'));
  }
  return calls;
}

/** The client request curl would send for a method, as the method's path template reads it back. */
function received(method: MethodModel, sent: Sent): ClientRequest {
  const path: Record<string, string> = {};
  const labels = method.resourcePath.split('/');
  const segments = sent.url.pathname.slice(new URL(INVOKE_URL).pathname.length).split('/');
  labels.forEach((label, i) => {
    const match = /^\{([^}+]+)(\+?)\}$/.exec(label);
    if (match) path[match[1]!] = decodeURIComponent(match[2] ? segments.slice(i).join('/') : segments[i]!);
  });
  const querystring: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of sent.url.searchParams) {
    querystring[name] = value;
    (multi[name] ??= []).push(value);
  }
  const request: ClientRequest = { body: sent.data ?? '', path, querystring, header: Object.fromEntries(sent.headers) };
  if (Object.values(multi).some((values) => values.length > 1)) request.multiValueQuerystring = Object.fromEntries(Object.entries(multi).filter(([, v]) => v.length > 1));
  if (sent.stdin) {
    request.body = '';
    request.bodyBytes = sent.stdin;
  }
  return request;
}

/** The parts of a request curl must reproduce; a Content-Type curl adds is checked on its own. */
function comparable(request: ClientRequest, headersOf: ClientRequest): unknown {
  const header = Object.fromEntries(Object.entries(request.header).filter(([name]) => name in headersOf.header));
  return { ...request, header, bodyBytes: request.bodyBytes ? Buffer.from(request.bodyBytes).toString('hex') : undefined };
}

// bash, od, openssl and base64: the commands the curl command and the stub that reads it use.
const shellTools = spawnSync('bash', ['-c', 'command -v od && command -v openssl && command -v base64'], { encoding: 'utf8' }).status === 0;
const describeWithShell = shellTools || process.env.CI === 'true' ? describe : describe.skip;

describeWithShell('the curl command of request-shapes.md', () => {
  test('every sample: curl sends the example request, at the method, with a Content-Type API Gateway maps', async () => {
    const methods: MethodModel[] = [];
    for (const { file } of manifest) methods.push(...(await sampleModel(file)).methods);
    const requests = methods.map((m) => exampleRequest(m));
    const commands = methods.map((m, i) => curlCommand(m, requests[i]!));
    const sent = run(commands.map((c) => c.command));
    expect(sent).toHaveLength(methods.length);
    methods.forEach((m, i) => {
      const request = requests[i]!;
      const got = sent[i]!;
      expect({ id: m.id, method: got.method }).toEqual({ id: m.id, method: m.httpMethod });
      const back = received(m, got);
      const bodyFile = commands[i]!.bodyFile;
      if (bodyFile) {
        expect({ id: m.id, data: got.data }).toEqual({ id: m.id, data: `@${bodyFile}` });
        back.body = request.body;
        // The digest the command computes is the file's.
        const digest = digestHeader(m);
        if (digest) expect({ id: m.id, digest: back.header[digest] }).toEqual({ id: m.id, digest: md5Base64(BODY_FILE) });
      }
      expect({ id: m.id, request: comparable(back, request) }).toEqual({ id: m.id, request: comparable(request, request) });
      const contentType = Object.entries(back.header).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
      const hasBody = got.data !== undefined || got.stdin !== undefined;
      expect({ id: m.id, contentType: hasBody ? contentType !== undefined : contentType }).toEqual({ id: m.id, contentType: hasBody ? true : request.header['Content-Type'] });
      const templates = Object.keys(m.integration.requestTemplates);
      if (hasBody && contentType && templates.length > 0 && m.integration.passthroughBehavior !== 'WHEN_NO_MATCH') {
        expect({ id: m.id, mapped: templates.includes(contentType.split(';')[0]!) }).toEqual({ id: m.id, mapped: true });
      }
    });
  });

  test('text that is not JSON goes as text/plain where the method maps it as JSON; JSON and bytes as their own', async () => {
    const method = (await sampleModel('sns-publish.log')).methods[0]!;
    const types = run([
      curlCommand(method, { body: 'hi', path: {}, querystring: {}, header: {} }).command,
      curlCommand(method, { body: '{"a":1}', path: {}, querystring: {}, header: {} }).command,
      curlCommand(method, { body: '', bodyBytes: Uint8Array.of(0xff, 0, 1), path: {}, querystring: {}, header: { 'Content-Type': 'application/octet-stream' } }).command,
    ]).map((s) => s.headers.find(([name]) => name === 'Content-Type')?.[1]);
    expect(types).toEqual(['text/plain', 'application/json', 'application/octet-stream']);
  });

  test('a greedy path label keeps its slashes; an ARN keeps its colons; a repeated query parameter goes once per value', () => {
    const method = { ...lambdaInvokeModel().methods[0]!, resourcePath: '/things/{name}/{key+}' };
    const { command } = curlCommand(method, { body: '', path: { name: 'arn:aws:sns:us-east-1:1:t', key: 'a b/c%d/é' }, querystring: { tag: 'z' }, multiValueQuerystring: { tag: ['y', 'z'] }, header: {} });
    expect(command).toContain(`"$INVOKE_URL"'/things/arn:aws:sns:us-east-1:1:t/a%20b/c%25d/%C3%A9?tag=y&tag=z'`);
  });

  test('property: any text in the body, a header, the path or the query string reaches curl exactly', () => {
    const method = { ...lambdaInvokeModel().methods[0]!, resourcePath: '/things/{name}/{key+}' };
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom("'", '@body', '$(id)', '\\', '\0', 'a\nb', '${x}', '--', '-H'));
    // A header value holds no line break or NUL (HTTP forbids them) and no leading or trailing space (HTTP trims it).
    const headerValue = fc.string({ unit: 'grapheme', maxLength: 40 }).map((v) => v.replace(/[\0\r\n]/g, '').trim());
    const requests = fc.sample(
      fc.record({ body: text.filter((v) => v !== ''), key: text, name: text.filter((v) => v !== ''), query: text, header: headerValue }),
      { numRuns: 100, seed: 7 },
    );
    const made = requests.map(({ body, key, name, query, header }): ClientRequest => ({ body, path: { name, key }, querystring: { q: query }, header: { 'X-Value': header } }));
    const sent = run(made.map((r) => curlCommand(method, r).command));
    made.forEach((request, i) => {
      const back = received(method, sent[i]!);
      const body = back.bodyBytes ? Buffer.from(back.bodyBytes).toString('utf8') : back.body;
      expect({ body, path: back.path, querystring: back.querystring, header: back.header['X-Value'] }).toEqual({ body: request.body, path: request.path, querystring: request.querystring, header: request.header['X-Value'] });
    });
  });
});
