/**
 * `verify --send URL`: signs a rebuilt integration request with SigV4, as API Gateway signs it
 * with its execution role, and sends it to an endpoint such as a local AWS emulator.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IntegrationRequest } from './rebuild.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SendResult {
  status: number;
  headers: Array<[string, string]>;
  /** The answer's bytes, which may not be text (S3 GetObject's object). */
  body: Uint8Array;
}

/** The credentials the environment holds, as the AWS SDKs read them. */
export function credentialsFromEnv(env: Record<string, string | undefined>): Credentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

/**
 * Sends `request` to `endpoint` (scheme, host and port replace the service's), signed for its
 * signing name and region.
 */
export async function sendSigned(request: IntegrationRequest, endpoint: string, credentials: Credentials): Promise<SendResult> {
  const target = new URL(request.url);
  const { signingName: service, region } = request;
  const base = new URL(endpoint);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of target.searchParams) {
    const existing = query[k];
    query[k] = existing === undefined ? v : [...[existing].flat(), v];
  }
  const unsigned = new HttpRequest({
    method: request.method,
    protocol: base.protocol,
    hostname: base.hostname,
    port: base.port ? Number(base.port) : undefined,
    path: `${base.pathname.replace(/\/$/, '')}${target.pathname}`,
    query,
    headers: { host: base.host, ...Object.fromEntries(request.headers) },
    body: request.body,
  });
  const signer = new SignatureV4({ credentials, region, service, sha256: Hash.bind(null, 'sha256'), uriEscapePath: service !== 's3' });
  const signed = await signer.sign(unsigned);
  const url = `${base.protocol}//${base.host}${signed.path}${target.search}`;
  const response = await fetch(url, {
    method: signed.method,
    headers: Object.fromEntries(Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host')),
    body: ['GET', 'HEAD'].includes(signed.method) ? undefined : request.body,
  });
  return { status: response.status, headers: [...response.headers.entries()], body: new Uint8Array(await response.arrayBuffer()) };
}
