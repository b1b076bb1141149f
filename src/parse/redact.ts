/**
 * Credential redaction, applied as records are read so that nothing downstream ever holds a
 * credential. What is not secret is kept: the credential scope (date/region/service) of an
 * Authorization header or X-Amz-Credential is evidence inference needs.
 */

export const REDACTED = 'REDACTED';

/** AWS access key IDs: long-term (AKIA) and temporary (ASIA), plus the other documented prefixes. */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{12,}\b/g;
/** `Signature=<hex>` in an Authorization header, `X-Amz-Signature=<hex>` in a presigned query. */
const SIGNATURE = /((?:X-Amz-)?Signature=)[0-9a-fA-F]{16,}/g;
/**
 * The access key ID of a credential, up to the first `/` of its scope: `%2F` in a presigned query,
 * whose scope is percent-encoded, so only the key goes there too.
 */
const KEY_ID = String.raw`(?:(?!%2F)[^/\s,&])+`;
/** `Credential=<key id>/` keeps its scope; the key id goes. */
const CREDENTIAL = new RegExp(String.raw`((?:X-Amz-)?Credential=)${KEY_ID}(?=/|%2F)`, 'gi');
const CREDENTIAL_VALUE = new RegExp(`^${KEY_ID}`, 'i');
/** Secrets a response or body may carry (STS, IAM CreateAccessKey, Cognito...), as XML or JSON fields. */
const SECRET_FIELD =
  /(<(SecretAccessKey|SessionToken|SecretKey|Password)>)[^<]*(<\/\2>)|("(?:SecretAccessKey|SessionToken|SecretKey|Password|secretAccessKey|sessionToken)"\s*:\s*")(?:[^"\\]|\\.)*(")/g;

/** Header names whose whole value is a credential. */
const SECRET_HEADERS = new Set(['x-amz-security-token', 'x-amz-signature']);

/**
 * What every pattern above needs somewhere in the text (case aside): one scan tells the many
 * header values and bodies that hold no credential, which are then left alone.
 */
const MAYBE_SECRET = /A(?:KIA|SIA|IDA|ROA|IPA|NPA|NVA|PKA)|Signature=|Credential=|SecretAccessKey|SessionToken|SecretKey|Password/i;

/** Redacts every credential that text shows by its form. */
export function redactText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text
    .replace(ACCESS_KEY_ID, REDACTED)
    .replace(SIGNATURE, `$1${REDACTED}`)
    .replace(CREDENTIAL, `$1${REDACTED}`)
    .replace(SECRET_FIELD, (_m, xmlOpen?: string, _name?: string, xmlClose?: string, jsonOpen?: string, jsonClose?: string) =>
      xmlOpen ? `${xmlOpen}${REDACTED}${xmlClose}` : `${jsonOpen}${REDACTED}${jsonClose}`,
    );
}

/** Redacts one header value by its name, and by its form whatever the name. */
export function redactHeader(name: string, value: string): string {
  if (SECRET_HEADERS.has(name.toLowerCase())) return REDACTED;
  return redactText(value);
}

/** Redacts query parameters that carry credentials (presigned URLs). */
export function redactQueryValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'x-amz-security-token' || lower === 'x-amz-signature') return REDACTED;
  if (lower === 'x-amz-credential') return value.replace(CREDENTIAL_VALUE, REDACTED);
  return redactText(value);
}
