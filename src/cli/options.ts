/**
 * The command line as data: every option once, with its type and help, and pure checks over
 * the parsed arguments. jest-cli's args.ts is the model.
 */
import type { Options } from 'yargs';
import { EMITTERS } from '../emit/registry.js';
import type { FromFlag } from '../integrate/sources.js';
import { DEFAULT_TIMEOUT, MAX_TIMEOUT } from '../integrate/integrate.js';

/** Formats that show a pipeline stage; `json` is the public contract of the infer stage. */
export const STAGE_FORMATS = ['records', 'requests', 'json'] as const;
export type StageFormat = (typeof STAGE_FORMATS)[number];

export function isStageFormat(format: string): format is StageFormat {
  return (STAGE_FORMATS as readonly string[]).includes(format);
}

const FROM_SOURCES: ReadonlyArray<FromFlag['source']> = ['body', 'query', 'path', 'header'];

export const options = {
  format: {
    alias: 'f',
    choices: [...EMITTERS.map((e) => e.format), ...STAGE_FORMATS],
    // No yargs default, so that verify can tell a --format it does not take from none given.
    description: `What to print: ${EMITTERS.map((e) => `${e.format} (${e.description})`).join(', ')}; or a pipeline stage: json (the inferred request shapes), requests, records. Default: ${EMITTERS[0]!.format}`,
    type: 'string',
  },
  out: {
    alias: 'o',
    description: 'Write the output files into this directory instead of printing them',
    type: 'string',
    requiresArg: true,
  },
  'resource-path': {
    description: 'API Gateway resource path of the (first) method, e.g. /notify',
    type: 'string',
    requiresArg: true,
  },
  'role-arn': {
    description: 'Execution role API Gateway assumes to call the service (default: a placeholder to replace)',
    type: 'string',
    requiresArg: true,
  },
  constant: {
    description: 'Keep this member fixed to the value seen in the log (repeatable)',
    type: 'string',
    requiresArg: true,
  },
  from: {
    description: 'Take a member from the client: --from body|query|path|header NAME (repeatable)',
    type: 'string',
    nargs: 2,
  },
  'query-string-payload': {
    description: 'Query and ec2 services: pass members through the integration URL\'s query string, as the AWS article\'s first style (short values only: URLs are capped)',
    type: 'boolean',
    default: false,
  },
  title: {
    description: 'The API\'s name',
    type: 'string',
    requiresArg: true,
  },
  'timeout-ms': {
    description: 'The integration timeout in milliseconds, 50 to 29000 (the most API Gateway allows an edge-optimized API)',
    type: 'number',
    default: DEFAULT_TIMEOUT,
    requiresArg: true,
  },
  stage: {
    description: 'The stage to deploy to',
    type: 'string',
    default: 'dev',
    requiresArg: true,
  },
  'model-dir': {
    description: 'A botocore data directory (or a service\'s or API version\'s directory in it), or a service-2.json[.gz] file of any name, to read service models from (repeatable); tried before python3\'s botocore',
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

/** Options of `infer-mapping verify` only. */
export const verifyOptions = {
  send: {
    description: 'Sign each rebuilt integration request with SigV4 (credentials from the environment) and send it to this endpoint, e.g. http://127.0.0.1:5000 for a local emulator',
    type: 'string',
    requiresArg: true,
  },
  body: {
    description: 'The method request body to render the templates with, instead of the value seen in the log',
    type: 'string',
    requiresArg: true,
  },
  param: {
    description: 'A method request parameter instead of the log\'s: querystring.NAME=VALUE, header.NAME=VALUE or path.NAME=VALUE (repeatable)',
    type: 'string',
    requiresArg: true,
  },
} satisfies Record<string, Options>;

export interface CliArguments {
  /** `verify`: rebuild and compare instead of emitting. */
  verify: boolean;
  send?: string;
  body?: string;
  params: string[];
  files: string[];
  /** An emitter's format or a stage's. */
  format: string;
  /** Whether --format was given (verify prints its own report, in no format). */
  formatGiven: boolean;
  out?: string;
  resourcePath?: string;
  roleArn?: string;
  constants: string[];
  /** `--from` values as yargs gives them: source and member, pair after pair. */
  from: string[];
  queryStringPayload: boolean;
  title?: string;
  timeoutMs: number;
  stage: string;
  modelDir: string[];
  models: boolean;
  verbose: boolean;
  color?: boolean;
}

/** API Gateway's stage names (CreateStage). */
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
/** An IAM role's ARN, in any partition, its name with an optional path. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Checks what yargs cannot: returns an error message, or undefined when the arguments are usable. */
export function check(argv: CliArguments): string | undefined {
  if (argv.files.filter((f) => f === '-').length > 1) return 'standard input (-) can be read only once';
  if (!argv.models && argv.modelDir.length > 0) return '--no-models and --model-dir contradict each other';
  for (let i = 0; i < argv.from.length; i += 2) {
    if (!FROM_SOURCES.includes(argv.from[i] as FromFlag['source'])) return `--from takes a source (${FROM_SOURCES.join(', ')}) and a member name, not "${argv.from[i]}"`;
  }
  if (argv.verify && (argv.out !== undefined || argv.formatGiven)) return `verify prints its report; ${argv.out !== undefined ? '--out' : '--format'} is for the default command`;
  const fromTwice = fromFlags(argv).find((f, i, all) => all.findIndex((g) => g.member === f.member) !== i);
  if (fromTwice) return `--from is given twice for ${fromTwice.member}`;
  const both = fromFlags(argv).find((f) => argv.constants.includes(f.member));
  if (both) return `${both.member} is given both --constant and --from ${both.source}`;
  if (argv.resourcePath !== undefined) {
    const problem = resourcePathProblem(argv.resourcePath);
    if (problem) return `--resource-path ${argv.resourcePath}: ${problem}`;
  }
  for (const param of argv.params) {
    if (!/^(querystring|header|path)\.[^=]+=/.test(param)) return `--param takes querystring.NAME=VALUE, header.NAME=VALUE or path.NAME=VALUE, not "${param}"`;
  }
  if (!Number.isInteger(argv.timeoutMs) || argv.timeoutMs < 50) return `--timeout-ms takes a whole number of milliseconds, 50 or more${Number.isNaN(argv.timeoutMs) ? '' : `, not ${argv.timeoutMs}`}`;
  // Only a Regional or private API may wait longer (with a quota increase); the API made here is edge-optimized.
  if (argv.timeoutMs > MAX_TIMEOUT) return `--timeout-ms ${argv.timeoutMs}: the API is edge-optimized, whose integrations API Gateway lets wait ${MAX_TIMEOUT} ms at most`;
  if (argv.send !== undefined && !/^https?:\/\//.test(argv.send)) return `--send takes an http(s) URL, not "${argv.send}"`;
  if (argv.out !== undefined && argv.out.trim() === '') return '--out takes a directory to write the output files into';
  // What API Gateway and IAM accept; anything else fails only at deploy time.
  if (argv.title !== undefined && argv.title.trim() === '') return '--title takes a name for the API: API Gateway refuses an empty one';
  if (!STAGE_NAME.test(argv.stage)) return `--stage takes letters, digits, hyphens and underscores (up to 128), as API Gateway's stage names do, not "${argv.stage}"`;
  if (argv.roleArn !== undefined && !ROLE_ARN.test(argv.roleArn)) return `--role-arn takes an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), not "${argv.roleArn}"`;
  return undefined;
}

/**
 * What API Gateway refuses in a resource path (CreateResource's pathPart: letters, digits and
 * `._-:`, or one `{label}`, greedy `{label+}` only last), or undefined.
 */
function resourcePathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'a resource path starts with "/"';
  const parts = path.replace(/\/+$/, '').split('/').slice(1);
  const labels = new Set<string>();
  for (const [i, part] of parts.entries()) {
    if (part === '') return 'a resource path has no empty segment ("//")';
    // A client (curl, a browser) resolves dot segments before sending, so no request would reach such a resource.
    if (part === '.' || part === '..') return `a segment "${part}" is resolved away by clients before a request is sent`;
    const label = /^\{([A-Za-z0-9._-]+)(\+?)\}$/.exec(part);
    if (label && labels.has(label[1]!)) return `{${label[1]}} is in it twice, and a path parameter has one value`;
    if (label) labels.add(label[1]!);
    if (label?.[2] && i !== parts.length - 1) return `the greedy {${label[1]}+} must be the last segment`;
    if (!label && !/^[A-Za-z0-9._:-]+$/.test(part)) return `segment "${part}" is neither a {label} nor letters, digits and ._-:`;
  }
  return undefined;
}

/** `--from` pairs as flags. */
export function fromFlags(argv: CliArguments): FromFlag[] {
  const flags: FromFlag[] = [];
  for (let i = 0; i + 1 < argv.from.length; i += 2) flags.push({ source: argv.from[i] as FromFlag['source'], member: argv.from[i + 1]! });
  return flags;
}
