/** External tools some tests need (cfn-lint, openapi-spec-validator, moto_server, aws). */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Whether `command` is an executable on PATH. A developer machine without the tool skips the
 * test that needs it, but CI must run every test, so with CI=true a missing tool throws.
 */
export function requireTool(command: string): boolean {
  const found = (process.env.PATH ?? '').split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!found && process.env.CI === 'true') throw new Error(`${command} is not on PATH, and CI=true requires every external tool`);
  return found;
}
