/** `infer-mapping verify`: prints the comparison, and with --send the service's answer. */
import type { CapturedRequest } from '../capture/types.js';
import type { IntegrationModel } from '../integrate/types.js';
import { headerValue } from '../infer/protocols.js';
import { REDACTED, redactText, redactValues } from '../parse/redact.js';
import { validUtf8Text } from '../utf8.js';
import { bodyUnshown, type ExampleOverrides } from '../integrate/example.js';
import { credentialsFromEnv, sendSigned, type SendResult } from '../verify/send.js';
import { formatVerification, verifyModel } from '../verify/verify.js';
import type { CliArguments } from './options.js';
import type { CliIo } from './run.js';

/** Each --param as its location, name and value (options.ts has checked the form). */
function paramsOf(args: CliArguments): Array<{ location: 'querystring' | 'header' | 'path'; name: string; value: string }> {
  return args.params.map((param) => {
    const [, location, name, value] = /^(querystring|header|path)\.([^=]+)=(.*)$/s.exec(param)!;
    return { location: location as 'querystring' | 'header' | 'path', name: name!, value: value! };
  });
}

function overridesOf(args: CliArguments): ExampleOverrides {
  const overrides: Required<Pick<ExampleOverrides, 'querystring' | 'header' | 'path'>> & ExampleOverrides = { querystring: {}, header: {}, path: {}, body: args.body };
  const repeated: Record<string, string[]> = {};
  for (const { location, name, value } of paramsOf(args)) {
    if (location === 'querystring') (repeated[name] ??= []).push(value);
    overrides[location][name] = value;
  }
  // A query parameter given more than once is a repeated one (a list the service reads).
  const multiValueQuerystring = Object.fromEntries(Object.entries(repeated).filter(([, values]) => values.length > 1));
  return Object.keys(multiValueQuerystring).length > 0 ? { ...overrides, multiValueQuerystring } : overrides;
}

/**
 * Why a --param or --body would change nothing, or undefined: a value no method reads would be
 * dropped silently, and the request compared as if the user had not asked for it.
 */
export function unreadOverride(model: IntegrationModel, args: CliArguments): string | undefined {
  const takes = model.methods.flatMap((m) => m.request.parameters.map((p) => `${p.location}.${p.name}`));
  for (const { location, name } of paramsOf(args)) {
    const read = model.methods.some((m) => m.request.parameters.some((p) => p.location === location && (location === 'header' ? p.name.toLowerCase() === name.toLowerCase() : p.name === name)));
    const they = model.methods.length === 1 ? 'the method takes' : 'the methods take';
    if (!read) return `--param ${location}.${name}: no method takes it (${they} ${takes.length > 0 ? [...new Set(takes)].join(', ') : 'none'})`;
  }
  const readsBody = model.methods.some((m) => m.members.some((member) => member.source.kind === 'body' || member.source.kind === 'body-field'));
  if (args.body !== undefined && !readsBody) return '--body: no method reads a body from the client (each member is a constant or comes from the URI or headers)';
  return undefined;
}

/** An answer's body as text, or what it is when its bytes are not text, which a terminal would garble. */
function shownBody(response: SendResult): string {
  const text = validUtf8Text(response.body);
  if (text !== undefined) return text;
  const type = headerValue(response.headers, 'content-type');
  return `(${response.body.length} bytes${type ? ` of ${type}` : ''}, not text: not shown)`;
}

/** Resolves to whether every method matched (and, with --send, every send succeeded). */
export async function runVerify(model: IntegrationModel, calls: CapturedRequest[], args: CliArguments, io: CliIo): Promise<boolean> {
  const results = verifyModel(model, calls, overridesOf(args));
  const report = formatVerification(results);
  io.stdout.write(redactText(report.text));
  if (!args.send) return report.ok;
  const credentials = credentialsFromEnv(io.env);
  if (!credentials) {
    io.stderr.write('infer-mapping: --send needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment\n');
    return false;
  }
  // The service's answer may echo what was signed (S3's SignatureDoesNotMatch shows the canonical
  // request, session token and all): the credentials signed with go from it, in any spelling.
  const signedWith = [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken ?? ''].map((value) => ({ value, replacement: REDACTED }));
  const shown = (text: string): string => redactValues(redactText(text), signedWith);
  let ok = report.ok;
  for (const r of results) {
    if (!r.rebuilt) continue;
    // An empty body in place of the one the log does not show would write nothing where the call wrote something (an S3 object).
    if (args.body === undefined && bodyUnshown(r.method, r.example)) {
      io.stdout.write(`${r.method.id}: not sent: the log does not show the body the call sent; give the body to send with --body\n`);
      ok = false;
      continue;
    }
    let response: SendResult;
    try {
      response = await sendSigned(r.rebuilt, args.send, credentials);
    } catch (error) {
      // fetch says only `fetch failed`; its cause says why (ECONNREFUSED, a bad certificate...).
      const { message, cause } = error as Error & { cause?: Error };
      io.stdout.write(shown(`${r.method.id}: could not send to ${args.send}: ${cause?.message ?? message}\n`));
      ok = false;
      continue;
    }
    ok &&= response.status < 300;
    io.stdout.write(shown(`${r.method.id}: sent to ${args.send}: HTTP ${response.status}\n${shownBody(response)}\n`));
  }
  return ok;
}
