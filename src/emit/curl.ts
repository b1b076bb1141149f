/**
 * A curl command that calls a deployed method with a client request (integrate/example.ts): the
 * request the verify stage renders the method's mapping with, so what it proves is what this
 * sends. The stage's URL is left to `$INVOKE_URL`, which the CLI script prints once it deploys.
 */
import { bodyUnshown, digestHeader, passesXmlThrough } from '../integrate/example.js';
import type { ClientRequest, MethodModel } from '../integrate/types.js';
import { shellQuote } from './cli-script.js';

/** A path segment's text, percent-encoded where RFC 3986 wants it (an ARN keeps its colons). */
function segment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/g, ':').replace(/%40/g, '@');
}

/** A resource path with the request's path values in it; a greedy label's value keeps its slashes. */
function resolvedPath(resourcePath: string, values: Record<string, string>): string {
  return resourcePath.replace(/\{([^}+]+)(\+?)\}/g, (label, name: string, greedy: string) => {
    const value = values[name];
    if (value === undefined) return label;
    return greedy ? value.split('/').map(segment).join('/') : segment(value);
  });
}

/** The query string of a request: every value of a repeated parameter, in the order given. */
function queryString(request: ClientRequest): string {
  const pairs: Array<[string, string]> = [];
  const names = new Set([...Object.keys(request.querystring), ...Object.keys(request.multiValueQuerystring ?? {})]);
  for (const name of names) {
    for (const value of request.multiValueQuerystring?.[name] ?? [request.querystring[name]!]) pairs.push([name, value]);
  }
  return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The media type to send a body as. A request that names none is read by API Gateway as
 * application/json, which curl would send as a form; text that is not JSON goes as text/plain
 * where the method maps it as it maps JSON, so a reader sees the body for what it is.
 */
function contentType(method: MethodModel, request: ClientRequest, fromFile: boolean): string | undefined {
  const given = Object.keys(request.header).find((name) => name.toLowerCase() === 'content-type');
  if (given !== undefined) return undefined;
  // A body from a file goes as the type the method takes (XML passed through), or as API Gateway's default.
  if (fromFile) return method.request.contentTypes.find((type) => !type.includes('*')) ?? 'application/json';
  if (request.bodyBytes === undefined && request.body === '') return undefined;
  const templates = method.integration.requestTemplates;
  const plain = templates['text/plain'] !== undefined && templates['text/plain'] === templates['application/json'];
  return plain && request.bodyBytes === undefined && !isJson(request.body) ? 'text/plain' : 'application/json';
}

/**
 * A curl command, and the file it reads the body from when the request does not hold the body:
 * `body.xml` for an XML body passed through, `body` for the bytes of a payload.
 */
export interface CurlCommand {
  /** The command, its words joined by backslash-newline. */
  command: string;
  bodyFile?: 'body' | 'body.xml';
}

/**
 * The command for a request. A body the log does not show (S3's object from a file, an XML body
 * passed through) the command reads from a file.
 */
export function curlCommand(method: MethodModel, request: ClientRequest): CurlCommand {
  // A shell word cannot hold a NUL, and curl reads `@name` as a file's name: such text goes as bytes.
  const bytes = request.bodyBytes ?? (request.body.includes('\0') || request.body.startsWith('@') ? Buffer.from(request.body, 'utf8') : undefined);
  const query = queryString(request);
  const target = `${resolvedPath(method.resourcePath, request.path)}${query ? `?${query}` : ''}`;
  const words = [`curl -X ${method.httpMethod} "$INVOKE_URL"${shellQuote(target)}`];
  const bodyFile = bytes === undefined && bodyUnshown(method, request) ? (passesXmlThrough(method) ? 'body.xml' : 'body') : undefined;
  const type = contentType(method, request, bodyFile !== undefined);
  const headers = type === undefined ? request.header : { 'Content-Type': type, ...request.header };
  // `-H 'name:'` makes curl drop the header; `name;` is how it sends one with an empty value.
  for (const [name, value] of Object.entries(headers)) words.push(`-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  // The digest of a body only the file holds is the file's, computed as the command runs.
  const digest = digestHeader(method);
  if (bodyFile !== undefined && digest !== undefined) words.push(`-H "${digest}: $(openssl dgst -md5 -binary ${bodyFile} | base64)"`);
  if (bytes !== undefined) words.push('--data-binary @-');
  else if (bodyFile !== undefined) words.push(`--data-binary @${bodyFile}`);
  else if (request.body !== '') words.push(`--data-binary ${shellQuote(request.body)}`);
  const command = words.join(' \\\n  ');
  // Bytes that are not text cannot be spelt in a shell word: they arrive on stdin from their base64.
  if (bytes !== undefined) return { command: `printf %s ${shellQuote(Buffer.from(bytes).toString('base64'))} | base64 -d |\n${command}` };
  return bodyFile === undefined ? { command } : { command, bodyFile };
}
