/**
 * The digest a service checks a body against (S3's DeleteObjects, PutBucketTagging...): the
 * Content-MD5 a client computes for the body it sends, and whether an integration request
 * carries a right one.
 */
import { headerValue } from '../infer/protocols.js';
import type { InferredOperation } from '../infer/types.js';
import { md5Base64 } from '../integrate/example.js';
import type { IntegrationRequest } from './rebuild.js';

/** The flexible checksum headers (`x-amz-checksum-crc32`...) of a request. */
function checksumHeaders(headers: Array<[string, string]>): string[] {
  return headers.filter(([k]) => /^x-amz-checksum-[a-z0-9]+$/i.test(k)).map(([k]) => k.toLowerCase());
}

/**
 * Why the service would refuse an integration request of an operation it refuses without a
 * digest of the body, if it would: no digest at all, or a Content-MD5 that is not the MD5 of the
 * body sent (the service checks it against the bytes it receives). A flexible checksum is only
 * seen to be there: `note` says so.
 */
export function checkDigest(rebuilt: IntegrationRequest, op: InferredOperation): { refusal?: string; note?: string } {
  if (!op.checksumRequired) return {};
  const sent = headerValue(rebuilt.headers, 'content-md5');
  if (sent !== null) {
    const md5 = md5Base64(rebuilt.body);
    return sent === md5 ? {} : { refusal: `Content-MD5 is ${sent}, but the MD5 of the body is ${md5}` };
  }
  const checksums = checksumHeaders(rebuilt.headers);
  if (checksums.length > 0) return { note: `${checksums.join(', ')} is passed on; its value is not checked` };
  return { refusal: `${op.operation} goes without Content-MD5 or x-amz-checksum-*, and ${op.service} refuses it without a digest of its body` };
}
