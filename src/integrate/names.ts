/**
 * Names made from member, operation and path names, one rule per case, for every output that
 * names things (method IDs, resource paths, CloudFormation logical IDs, Terraform and shell
 * variables).
 */

/** `sns Publish` and `/sns/publish` -> `SnsPublish`: words (runs of letters and digits) capitalized and joined. */
export function pascalCase(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]+$/, '');
}

/** `PutItem` -> `put-item`, `SSEKMSKeyId` -> `ssekms-key-id`: camel-case words split and lowered. */
export function kebabCase(text: string): string {
  return splitCamel(text, '-');
}

/** `ExecutionRoleArn` -> `execution_role_arn` (Terraform variables, shell variables). */
export function snakeCase(text: string): string {
  return splitCamel(text, '_');
}

function splitCamel(text: string, separator: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, `$1${separator}$2`).replace(/([A-Z])([A-Z][a-z])/g, `$1${separator}$2`).toLowerCase();
}
