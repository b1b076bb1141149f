/** Every output format, each an emitter over the same IntegrationModel. */
import type { IntegrationModel } from '../integrate/types.js';

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
