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

/** Header names whose whole value is a credential. */
const SECRET_HEADERS = new Set([
  'x-amz-security-token',
  'x-amz-signature',
  // The IAM Identity Center portal's bearer token (aws sso get-role-credentials, list-accounts).
  'x-amz-sso_bearer_token',
  // S3's customer-provided encryption keys (SSE-C): whoever has one reads the object.
  'x-amz-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key',
]);

/**
 * What every pattern above needs somewhere in the text (case aside): one scan tells the many
 * header values and bodies that hold no credential, which are then left alone.
 */
const MAYBE_SECRET = new RegExp(`A(?:KIA|SIA|IDA|ROA|IPA|NPA|NVA|PKA)|Signature=|Credential=|${SECRET_NAME_ENDS}`, 'i');

/** Redacts every credential that text shows by its form. */
export function redactText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text
    .replace(ACCESS_KEY_ID, REDACTED)
    .replace(SIGNATURE, `$1${REDACTED}`)
    .replace(CREDENTIAL, `$1${REDACTED}`)
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
  if (SECRET_HEADERS.has(name.toLowerCase())) return REDACTED;
  return redactText(value);
}

/** Redacts query parameters that carry credentials (presigned URLs). */
export function redactQueryValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (SECRET_HEADERS.has(lower) || isSecretField(name)) return REDACTED;
  if (lower === 'x-amz-credential') return value.replace(CREDENTIAL_VALUE, REDACTED);
  return redactText(value);
}
