/**
 * The command line as data: every option once, with its type and help, and pure checks over
 * the parsed arguments. jest-cli's args.ts is the model.
 */
import type { Options } from 'yargs';

/** Formats that show a pipeline stage; `json` is the public contract of the infer stage. */
export const STAGE_FORMATS = ['records', 'requests', 'json'] as const;
export type StageFormat = (typeof STAGE_FORMATS)[number];

export const options = {
  format: {
    alias: 'f',
    choices: [...STAGE_FORMATS],
    default: 'json',
    description: 'What to print: a stage of the pipeline (records, requests) or the inferred request shapes (json)',
    type: 'string',
  },
  'model-dir': {
    description: 'A botocore data directory or service-2.json[.gz] file to read service models from (repeatable); tried before python3\'s botocore',
    type: 'string',
    requiresArg: true,
  },
  models: {
    description: 'Read botocore service models (--no-models: infer only what the protocol proves)',
    type: 'boolean',
    default: true,
  },
  verbose: {
    alias: 'v',
    description: 'Print info diagnostics, and stack traces of internal errors',
    type: 'boolean',
    default: false,
  },
  color: {
    description: 'Colour diagnostics (default: when stderr is a terminal)',
    type: 'boolean',
  },
} satisfies Record<string, Options>;

export interface CliArguments {
  files: string[];
  format: StageFormat;
  modelDir: string[];
  models: boolean;
  verbose: boolean;
  color?: boolean;
}

/** Checks what yargs cannot: returns an error message, or undefined when the arguments are usable. */
export function check(argv: CliArguments): string | undefined {
  if (argv.files.filter((f) => f === '-').length > 1) return 'standard input (-) can be read only once';
  if (!argv.models && argv.modelDir.length > 0) return '--no-models and --model-dir contradict each other';
  return undefined;
}
