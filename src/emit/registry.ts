/**
 * The registry of output formats: each an emitter over the same IntegrationModel, listed in the
 * order `--help` shows them; the first is the default.
 */
import type { IntegrationModel } from '../integrate/types.js';
import { cliScript } from './cli-script.js';
import { cloudformation } from './cloudformation.js';
import { iam } from './iam.js';
import { markdown } from './markdown.js';
import { openapi2 } from './openapi2.js';
import { openapi3 } from './openapi3.js';
import { terraform } from './terraform.js';

/** One file of output. `name` is the file name used with `--out DIR`. */
export interface Artifact {
  name: string;
  content: string;
}

export interface Emitter {
  format: string;
  description: string;
  emit(model: IntegrationModel): Artifact[];
}

export const EMITTERS: Emitter[] = [openapi2, openapi3, cloudformation, terraform, cliScript, iam, markdown];

export function emitterFor(format: string): Emitter | undefined {
  return EMITTERS.find((e) => e.format === format);
}
