/**
 * Redaction: no access key ID, signature, session token, secret key, Authorization value or
 * password of the input comes out of the CLI, in any output format it offers (read from its
 * options at test time, so formats added later are covered), diagnostics and --verbose included.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { options } from '../../src/cli/options.js';
import { cli } from '../support/cli.js';
import { SAMPLES, sampleText } from '../support/samples.js';

const FORMATS: string[] = [...options.format.choices];
const FILES = readdirSync(SAMPLES).filter((f) => f.endsWith('.log')).sort();
/** The samples whose calls were signed: an unsigned one (--no-sign-request) holds no credential to replace. */
const SIGNED = FILES.filter((f) => /'Authorization'/.test(sampleText(f)));

/** Every credential the text shows, by the forms botocore logs them in. */
function secretsOf(text: string): string[] {
  const found = new Set<string>(['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY']);
  const add = (re: RegExp, group = 1): void => {
    for (const m of text.matchAll(re)) if (m[group]) found.add(m[group]!);
  };
  add(/\b((?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{12,})\b/g);
  add(/Signature=([0-9a-fA-F]{16,})/g);
  // botocore.auth logs the signature itself as a record: `Signature:\n<hex>`.
  add(/Signature:\s+([0-9a-f]{64})\b/g);
  add(/'X-Amz-Security-Token': b?'([^']+)'/gi);
  add(/x-amz-security-token:([^\s]+)/gi);
  add(/'Authorization': b?'([^']+)'/g);
  // SigV2 (S3's HmacV1): `AWS KEY:SIGNATURE`.
  add(/'Authorization': b?'AWS [^':]+:([^']+)'/g);
  add(/X-Amz-(?:Signature|Security-Token)=([^&\s'"]+)/g);
  return [...found];
}

function expectNoSecret(output: string, secrets: string[]): void {
  const leaked = secrets.filter((s) => output.includes(s));
  expect(leaked).toEqual([]);
}

test('the samples hold credentials to redact', () => {
  const secrets = secretsOf(FILES.map(sampleText).join('\n'));
  expect(secrets).toEqual(expect.arrayContaining(['AKIAIOSFODNN7EXAMPLE', 'FQoGZXIvYXdzEXAMPLETOKEN']));
  expect(secrets.filter((s) => /^[0-9a-f]{64}$/.test(s)).length).toBeGreaterThan(FILES.length);
  expect(FORMATS).toEqual(expect.arrayContaining(['json', 'requests', 'records']));
});

describe('no credential of any sample appears in any output format', () => {
  const secrets = secretsOf(FILES.map(sampleText).join('\n'));
  const paths = FILES.map((f) => join(SAMPLES, f));

  test.each(FORMATS)('--format %s --verbose, every sample', async (format) => {
    const r = await cli(['--format', format, '--verbose', ...paths]);
    expect(r.stdout.length).toBeGreaterThan(0);
    expectNoSecret(r.stdout + r.stderr, secrets);
  });

  test('the default format, without --verbose', async () => {
    const r = await cli(paths);
    expectNoSecret(r.stdout + r.stderr, secrets);
  });
});

describe('random credentials put into real logs never come out', () => {
  const upperAlnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
  const credentials = fc.record({
    keyId: fc.tuple(fc.constantFrom('AKIA', 'ASIA'), fc.string({ unit: upperAlnum, minLength: 16, maxLength: 16 })).map(([p, s]) => p + s),
    signature: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
    token: fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'), minLength: 40, maxLength: 300 }),
  });

  /** The sample with its key ID, every signature and a session token replaced or added by the given ones. */
  function withCredentials(text: string, c: { keyId: string; signature: string; token: string }): string {
    return text
      .replaceAll('AKIAIOSFODNN7EXAMPLE', c.keyId)
      .replace(/(Signature=|Signature:\s+)[0-9a-f]{64}/g, `$1${c.signature}`)
      .replaceAll('FQoGZXIvYXdzEXAMPLETOKEN', c.token)
      .replace(/headers=\{/g, `headers={'X-Amz-Security-Token': b'${c.token}', `)
      .replace(/'headers': \{/g, `'headers': {'X-Amz-Security-Token': '${c.token}', `);
  }

  test('in every sample, through every format', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SIGNED), fc.constantFrom(...FORMATS), credentials, async (file, format, c) => {
        const input = withCredentials(sampleText(file), c);
        expect(input).toContain(c.keyId);
        const r = await cli(['--format', format, '--verbose'], input);
        expectNoSecret(r.stdout + r.stderr, [c.keyId, c.signature, c.token, ...secretsOf(input)]);
      }),
      { numRuns: 30 },
    );
  });
});

describe('random passwords and secrets sent in request bodies never come out', () => {
  const secret = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 12, maxLength: 40 }).map((s) => `pw${s}`);

  /**
   * The sample with the secret in every body botocore logs: a form dict (query protocol), JSON
   * bytes, JSON inside a JSON string (a Step Functions input), and the CLI's arguments.
   */
  function withSecret(text: string, name: string, value: string): string {
    return text
      .replace(/'body': \{/g, `'body': {'${name}': '${value}', `)
      .replace(/'body': b'\{/g, `'body': b'{"${name}": "${value}", `)
      .replace(/"input": "\{/g, `"input": "{\\\\"${name}\\\\": \\\\"${value}\\\\", `)
      .replace(/'--debug'\]/g, `'--debug', '--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/^-/, '')}', '${value}']`);
  }

  // The samples with a place for the secret: a boto3 script's streamed body has none, nor CLI arguments.
  const carriers = FILES.filter((file) => withSecret(sampleText(file), 'Password', 'pwX') !== sampleText(file));

  test('in every sample, through every format', async () => {
    expect(FILES.filter((file) => !carriers.includes(file))).toEqual(['boto3-s3-put-object-sigv2.log']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...carriers),
        fc.constantFrom(...FORMATS),
        fc.constantFrom('Password', 'MasterUserPassword', 'SecretString', 'SecretAccessKey', 'SessionToken', 'PrivateKey'),
        secret,
        async (file, format, name, value) => {
          const input = withSecret(sampleText(file), name, value);
          expect(input).toContain(value);
          const r = await cli(['--format', format, '--verbose'], input);
          expectNoSecret(r.stdout + r.stderr, [value]);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('each kind of body is in some sample', () => {
    const all = FILES.map(sampleText).join('\n');
    const input = withSecret(all, 'Password', 'pwX');
    for (const form of [`'Password': 'pwX'`, `b'{"Password": "pwX"`, `"input": "{\\\\"Password\\\\": \\\\"pwX\\\\"`, `'--password', 'pwX'`]) expect(input).toContain(form);
  });
});

/**
 * Values only a service model marks sensitive, as the samples hold them: `inLog` are the spellings
 * the capture shows (checked, so the test cannot pass on a sample without them), `secrets` every
 * spelling no output may hold.
 */
const SENSITIVE: Array<{ what: string; file: string; inLog: string[]; secrets: string[] }> = [
  // The --value of the capture (samples/captures.tsv).
  { what: 'an SSM SecureString', file: 'ssm-put-parameter-securestring.log', inLog: ['Tr0ub4dor-and-3'], secrets: ['Tr0ub4dor-and-3'] },
  // The --session-attributes of the capture, and the header botocore sent: their JSON in base64.
  {
    what: 'Lex session attributes, sent as a jsonvalue header',
    file: 'lex-runtime-post-content.log',
    inLog: ['{"customerId":"c-1042","tier":"gold"}', Buffer.from('{"customerId":"c-1042","tier":"gold"}').toString('base64')],
    secrets: ['{"customerId":"c-1042","tier":"gold"}', Buffer.from('{"customerId":"c-1042","tier":"gold"}').toString('base64'), 'c-1042'],
  },
  // The capture's two player ids: `u1` is short enough to show inside other text, so it is looked
  // for where it stands whole: a CBOR text item (`b` is its header byte, one of length 2), a JSON
  // string, a shorthand value.
  {
    what: "GameLift's PlayerId in a CBOR body, a short one too",
    file: 'gamelift-start-game-session-placement-cbor.log',
    inLog: ['player-7f3a9c', 'bu1', 'PlayerId=u1'],
    secrets: ['player-7f3a9c', 'bu1', '"u1"', 'PlayerId=u1'],
  },
  // The value put before the capture (samples/README.md).
  { what: "SSM GetParameter's decrypted SecureString, in the response", file: 'ssm-get-parameter-with-decryption.log', inLog: ['Zq8-GetParamSecret-77'], secrets: ['Zq8-GetParamSecret-77'] },
  // The --user-data of the capture, and its base64, as botocore sent it.
  {
    what: "EC2 RunInstances' UserData, base64-encoded by botocore",
    file: 'ec2-run-instances-user-data.log',
    inLog: ['echo hello-from-user-data', Buffer.from('echo hello-from-user-data').toString('base64')],
    secrets: ['echo hello-from-user-data', Buffer.from('echo hello-from-user-data').toString('base64')],
  },
];

describe.each(SENSITIVE)('a value only the service model marks sensitive goes from every output: $what', ({ file, inLog, secrets }) => {
  test.each(FORMATS)('--format %s', async (format) => {
    for (const secret of inLog) expect(sampleText(file)).toContain(secret);
    const r = await cli(['--format', format, '--verbose', join(SAMPLES, file)]);
    expect(r.code).toBe(0);
    expectNoSecret(r.stdout + r.stderr, secrets);
  });

  test('verify reproduces the call with it redacted on both sides', async () => {
    const r = await cli(['verify', join(SAMPLES, file)]);
    expect(r.code).toBe(0);
    expectNoSecret(r.stdout + r.stderr, secrets);
  });
});

test("a CBOR body redacted still decodes: verify reads GameLift's PlayerId back as REDACTED on both sides", async () => {
  const r = await cli(['verify', join(SAMPLES, 'gamelift-start-game-session-placement-cbor.log')]);
  expect(r.stdout).toContain('"PlayerId":"REDACTED"');
});

test('a response body redacted keeps its shape, the value replaced', async () => {
  const r = await cli(['--format', 'requests', join(SAMPLES, 'ssm-get-parameter-with-decryption.log')]);
  const body = (JSON.parse(r.stdout) as { requests: Array<{ response?: { body?: string } }> }).requests[0]!.response!.body!;
  expect(JSON.parse(body)).toMatchObject({ Parameter: { Name: '/db/password', Type: 'SecureString', Value: 'REDACTED' } });
});
