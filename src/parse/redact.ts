import { isUtf8 } from 'node:buffer';
import { decode as decodeCbor, encode as encodeCbor } from 'cbor-x';

/**
 * Credential redaction, applied as records are read so that nothing downstream ever holds a
 * credential. What is not secret is kept: the credential scope (date/region/service) of an
 * Authorization header or X-Amz-Credential is evidence inference needs.
 */

export const REDACTED = 'REDACTED';
/** What stands for a secret blob (base64 text in the infer stage): REDACTED's bytes, so it still decodes. */
export const REDACTED_BLOB = Buffer.from(REDACTED).toString('base64');

/** Whether text holds a redacted secret. */
export function holdsRedacted(text: string): boolean {
  return text.includes(REDACTED) || text === REDACTED_BLOB;
}

/** AWS access key IDs: long-term (AKIA) and temporary (ASIA), plus the other documented prefixes. */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{12,}\b/g;
/** `Signature=<hex>` in an Authorization header, `X-Amz-Signature=<hex>` in a presigned query. */
const SIGNATURE = /((?:X-Amz-)?Signature=)[0-9a-fA-F]{16,}/g;
/**
 * The access key ID of a credential, up to the first `/` of its scope: `%2F` in a presigned query,
 * whose scope is percent-encoded, so only the key goes there too.
 */
const KEY_ID = String.raw`(?:(?!%2F)[^/\s,&=])+`;
/** `Credential=<key id>/` keeps its scope; the key id goes. */
const CREDENTIAL = new RegExp(String.raw`((?:X-Amz-)?Credential=)${KEY_ID}(?=/|%2F)`, 'gi');
const CREDENTIAL_VALUE = new RegExp(`^${KEY_ID}`, 'i');

/**
 * What a field's name ends with when its value is a secret: passwords (`Password`, `NewPassword`,
 * `MasterUserPassword`...), secret keys, session, auth and bearer tokens, secret values, private keys
 * and S3's customer-provided encryption keys (`SSECustomerKey`).
 * Names that only mention one hold identifiers inference needs, and are kept: `SecretId`,
 * `ClientRequestToken` (idempotency), `NextToken` (paging), `TokenCode` (a one-time MFA code,
 * spent once it is sent).
 */
const SECRET_NAME_ENDS = [
  'Password',
  'Passphrase',
  'SecretAccessKey',
  'SecretKey',
  'SecretString',
  'SecretBinary',
  'ClientSecret',
  // Cognito's SECRET_HASH: an HMAC keyed with the app client's secret, which signs in as the user.
  'SecretHash',
  'PrivateKey',
  'SSECustomerKey',
  'SessionToken',
  // A presigned URL's X-Amz-Security-Token (Lambda GetFunction's Code.Location, in a response body).
  'SecurityToken',
  'AuthToken',
  'AuthorizationToken',
  'AccessToken',
  'RefreshToken',
  'IdToken',
]
  // Also in snake and kebab case (`aws_secret_access_key` in `aws configure set`, `X-Amz-Security-Token`).
  .map((name) => name.replace(/(?<=[a-z])(?=[A-Z])/g, '[-_]?'))
  .join('|');
/** A secret field's name, in any case (`password`, `secretAccessKey` in JSON). */
const SECRET_NAME = String.raw`[\w.-]*?(?:${SECRET_NAME_ENDS})`;
const SECRET_FIELD_NAME = new RegExp(`^${SECRET_NAME}$`, 'i');
/**
 * The start of a value that is a mapping template's code, not data: the templates this tool writes
 * put a secret member's value there by reference (`$util.urlEncode($param_Password)`, `${Password}`),
 * and the last pass over every output must leave them working.
 */
const NOT_TEMPLATE_CODE = String.raw`(?!\$(?:util|input|context|stageVariables)\.|\$\{)`;
/**
 * A form field's `true` or `false`: the on/off settings named after a secret
 * (`ManageMasterUserPassword`, `AllowUsersToChangePassword`) hold no secret, and a template needs
 * them. A form value ends at `&`, whitespace, or the `##` that ends a template's line.
 */
const NOT_SWITCH = String.raw`(?!(?:true|false)(?![^&\s#]|#(?!#)))`;

/**
 * A secret field's value, as XML, JSON, JSON inside a JSON string (`\"Password\": \"...\"`: a
 * Step Functions input, a body printed as JSON) and a form field (query protocol bodies, CLI
 * `--password=...`). A JSON string inside a JSON string is read by its escapes, so a quote in the
 * secret (`\\\"`) does not end it.
 */
const SECRET_FIELD = new RegExp(
  [
    String.raw`(<(${SECRET_NAME})>)${NOT_TEMPLATE_CODE}[^<]*(<\/\2>)`,
    String.raw`("${SECRET_NAME}"\s*:\s*")${NOT_TEMPLATE_CODE}(?:[^"\\]|\\.)*(")`,
    String.raw`(\\"${SECRET_NAME}\\"\s*:\s*\\")${NOT_TEMPLATE_CODE}(?:[^"\\]|\\[^"\\]|\\\\(?:[^"\\]|\\[^"\\]|\\\\|\\"))*(\\")`,
    // After `,` too: the CLI's shorthand (`--auth-parameters USERNAME=bob,PASSWORD=...`).
    String.raw`((?<=^|[\s&?,])${SECRET_NAME}=)${NOT_TEMPLATE_CODE}${NOT_SWITCH}(?:[^&\s#]|#(?!#))*`,
  ].join('|'),
  'gi',
);

/**
 * An Authorization value of any scheme but SigV4's (`AWS4-HMAC-SHA256 Credential=...`, whose
 * scope inference reads and whose key id and signature the patterns above take): SigV2's
 * `AWS KEY:SIGNATURE`, `Bearer TOKEN`, `Basic ...`. The scheme stays, the credential goes; as a
 * header line, a Python dict entry (`'Authorization': b'AWS ...'`) or JSON.
 */
const AUTHORIZATION = /(\bAuthorization\\?['"]?\s*[:=]\s*b?\\?['"]?)(?!AWS4-)([A-Za-z][\w-]*) +[^'"\\\s,}]+/gi;
/** Header names whose whole value is a credential. */
const SECRET_HEADERS = new Set([
  'x-api-key',
  'x-amz-security-token',
  'x-amz-signature',
  // The IAM Identity Center portal's bearer token (aws sso get-role-credentials, list-accounts).
  'x-amz-sso_bearer_token',
  // S3's customer-provided encryption keys (SSE-C): whoever has one reads the object.
  'x-amz-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key',
]);
const SECRET_HEADER_NAMES = [...SECRET_HEADERS].join('|');
/**
 * Such a header's value in text, in the forms AUTHORIZATION reads, and as a canonical request
 * writes it (`x-amz-security-token:VALUE`, which a service's error may echo).
 */
const SECRET_HEADER_VALUE = new RegExp(String.raw`(\b(?:${SECRET_HEADER_NAMES})\\?['"]?\s*:\s*b?\\?['"]?)[^'"\\\s,}]+`, 'gi');

/**
 * What every pattern above needs somewhere in the text (case aside): one scan tells the many
 * header values and bodies that hold no credential, which are then left alone.
 */
const MAYBE_SECRET = new RegExp(`A(?:KIA|SIA|IDA|ROA|IPA|NPA|NVA|PKA)|Signature=|Credential=|Authorization|${SECRET_HEADER_NAMES}|${SECRET_NAME_ENDS}`, 'i');

/** Redacts every credential that text shows by its form. */
export function redactText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text
    .replace(ACCESS_KEY_ID, REDACTED)
    .replace(SIGNATURE, `$1${REDACTED}`)
    .replace(CREDENTIAL, `$1${REDACTED}`)
    .replace(AUTHORIZATION, `$1$2 ${REDACTED}`)
    .replace(SECRET_HEADER_VALUE, `$1${REDACTED}`)
    .replace(SECRET_FIELD, (...groups: Array<string | undefined>) => {
      const [xmlOpen, , xmlClose, jsonOpen, jsonClose, nestedOpen, nestedClose, formOpen] = groups.slice(1);
      return (xmlOpen ?? jsonOpen ?? nestedOpen ?? formOpen) + REDACTED + (xmlClose ?? jsonClose ?? nestedClose ?? '');
    });
}

/**
 * Whether a field of this name holds a secret (a params dict's body, a CLI option): the names
 * redactText knows in XML, JSON and form bodies.
 */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD_NAME.test(name);
}

/** Redacts one header value by its name, and by its form whatever the name. */
export function redactHeader(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (SECRET_HEADERS.has(lower)) return REDACTED;
  if (lower === 'authorization' && !/^AWS4-/i.test(value)) return value.replace(/^(?:([A-Za-z][\w-]*) +)?\S.*$/s, (_all, scheme: string | undefined) => (scheme ? `${scheme} ${REDACTED}` : REDACTED));
  return redactText(value);
}

/** Redacts query parameters that carry credentials (presigned URLs). */
export function redactQueryValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (SECRET_HEADERS.has(lower) || isSecretField(name)) return REDACTED;
  if (lower === 'x-amz-credential') return value.replace(CREDENTIAL_VALUE, REDACTED);
  return redactText(value);
}

/**
 * A secret shorter than this is replaced only where it stands whole (a whole value, a whole JSON
 * string, a whole form value or value of the CLI's shorthand `Key=value,...`): replacing every `bob` inside other text would garble it.
 */
const SHORTEST_ANYWHERE = 6;

/**
 * The spellings a value takes in a call's evidence: as it is (a params dict's value, a header),
 * inside a JSON string (botocore's `json.dumps`, which escapes non-ASCII as `\uXXXX`), and
 * percent-encoded in a form body or URL (`quote_plus` and `quote`).
 */
function spellings(secret: string): { plain: string[]; json: string[]; form: string[] } {
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const quoted = encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return { plain: [secret], json: [json, asciiJson], form: [quoted, quoted.replaceAll('%20', '+')] };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (texts: string[]): string => [...new Set(texts)].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');

/** A value to redact wherever it shows, and what stands for it (REDACTED, or a blob's base64 of it). */
export interface Secret {
  value: string;
  replacement: string;
  /**
   * The value is a number (a sensitive coordinate, Location's BiasPosition): in JSON it stands
   * unquoted, and is replaced by the replacement as a JSON string, so the JSON still parses.
   */
  number?: true;
}

/**
 * `data` (a captured call: strings, bytes, arrays, objects) with every spelling of each secret
 * replaced: values the service model marks sensitive, found once the call's operation is known.
 * Returns `data` itself when there is nothing to redact.
 */
export function redactValues<T>(data: T, secrets: Secret[]): T {
  const kept = secrets.filter((s) => s.value !== '' && s.value !== s.replacement);
  if (kept.length === 0) return data;
  const replacementOf = new Map<string, string>();
  const anywhere: string[] = [];
  const shortJson: string[] = [];
  const shortForm: string[] = [];
  const numbers: string[] = [];
  for (const { value, replacement, number } of kept) {
    const spelled = spellings(value);
    if (number) {
      // A whole value, a form value, or a JSON number: never inside other digits.
      replacementOf.set(value, replacement);
      numbers.push(value);
      shortForm.push(...spelled.form);
      for (const form of spelled.form) replacementOf.set(form, replacement);
      continue;
    }
    for (const form of [...spelled.plain, ...spelled.json, ...spelled.form]) replacementOf.set(form, replacement);
    if (value.length >= SHORTEST_ANYWHERE) anywhere.push(...spelled.plain, ...spelled.json, ...spelled.form);
    else {
      shortJson.push(...spelled.json);
      shortForm.push(...spelled.form);
    }
  }
  const patterns = [
    anywhere.length > 0 ? `(?:${alternation(anywhere)})` : undefined,
    shortJson.length > 0 ? `(?<=")(?:${alternation(shortJson)})(?=")` : undefined,
    shortForm.length > 0 ? `(?<==)(?:${alternation(shortForm)})(?=[&,]|$)` : undefined,
    numbers.length > 0 ? `(?<=[[:,]\\s*)(?<number>${alternation(numbers)})(?=\\s*[,\\]}])` : undefined,
  ].filter((p) => p !== undefined);
  const pattern = new RegExp(patterns.join('|'), 'g');
  const replaced = (found: string, ...rest: unknown[]): string => {
    const groups = rest.at(-1) as { number?: string } | undefined;
    return groups?.number === undefined ? replacementOf.get(found)! : JSON.stringify(replacementOf.get(found)!);
  };
  const redact = (text: string): string => replacementOf.get(text) ?? text.replace(pattern, replaced);
  const redactBinary = binaryRedactor(kept, redact);
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value);
    if (value instanceof Uint8Array) {
      if (!isUtf8(value)) return redactBinary(value);
      const text = Buffer.from(value).toString('utf8');
      const redacted = redact(text);
      return redacted === text ? value : new TextEncoder().encode(redacted);
    }
    if (Array.isArray(value)) return value.map(visit);
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
    }
    return value;
  };
  return visit(data) as T;
}

/**
 * Redacts bytes that are not UTF-8 text (decoded as such, they would come back garbled). A CBOR
 * body (smithy-rpc-v2-cbor) is decoded, its strings redacted as any text is (a short secret where
 * it stands whole), and encoded again, so it still decodes; other bytes (a binary blob) lose each
 * long secret's bytes wherever they show, searched in latin1, where a character is a byte.
 */
function binaryRedactor(secrets: Secret[], redact: (text: string) => string): (bytes: Uint8Array) => Uint8Array {
  const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  const replacementOf = new Map<string, string>();
  for (const { value, replacement, number } of secrets) {
    if (!number && value.length >= SHORTEST_ANYWHERE) replacementOf.set(latin1(Buffer.from(value)), latin1(Buffer.from(replacement)));
  }
  const pattern = replacementOf.size === 0 ? undefined : new RegExp(alternation([...replacementOf.keys()]), 'g');
  const asBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  return (bytes) => {
    const cbor = decodedCbor(bytes);
    if (cbor !== undefined) {
      let changed = false;
      const visit = (value: unknown): unknown => {
        if (typeof value === 'string') {
          const redacted = redact(value);
          changed ||= redacted !== value;
          return redacted;
        }
        if (Array.isArray(value)) return value.map(visit);
        if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)]));
        return value;
      };
      const redacted = visit(cbor);
      return changed ? asBytes(encodeCbor(redacted)) : bytes;
    }
    if (pattern === undefined) return bytes;
    const text = latin1(bytes);
    const redacted = text.replace(pattern, (found) => replacementOf.get(found)!);
    return redacted === text ? bytes : asBytes(Buffer.from(redacted, 'latin1'));
  };
}

/** The map or list that bytes encode as CBOR, whole; undefined for bytes that are not one. */
function decodedCbor(bytes: Uint8Array): unknown {
  // A map or array item opens with major type 5 or 4.
  if (bytes.length === 0 || bytes[0]! < 0x80 || bytes[0]! > 0xbf) return undefined;
  try {
    const value: unknown = decodeCbor(bytes);
    return Array.isArray(value) || isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
