/**
 * `deploy.sh`: a bash script of `aws apigateway` commands that builds the model's REST API.
 *
 * Text that may hold anything (mapping templates, parameter maps, response templates) reaches the
 * AWS CLI only as JSON files written through quoted here-documents (`<<'JSON'`: no expansion), never
 * as a shell word. Deploy-time parameters are shell variables defaulting to the model's values;
 * where one stands inside a JSON document, the script JSON-escapes it at run time.
 * The script runs under bash 3.2 (macOS) too: no empty arrays under `set -u`, no `mapfile`.
 */
import { VALIDATOR_CHECKS, type IntegrationModel, type MethodModel, type MethodRequest, type Templated } from '../integrate/types.js';
import type { Emitter } from './registry.js';
import { resourceKey, resourceTree } from './resources.js';
import { snakeCase } from '../integrate/names.js';
import { hasParameters } from './templated.js';

/** Variables the script itself reads from the environment. */
const OWN_VARIABLES = ['AWS_REGION', 'AWS_ENDPOINT_URL', 'REST_API_ID', 'STAGE_NAME'];

/**
 * Names a parameter's variable must not take: the shell's own, and ones the AWS CLI (Python)
 * reads when exported, since assigning an inherited variable changes what `aws` sees.
 */
const RESERVED = new Set([
  ...OWN_VARIABLES,
  ...'CDPATH COLUMNS DIRSTACK EDITOR ENV EUID FUNCNAME GLOBIGNORE GROUPS HISTFILE HOME HOSTNAME HOSTTYPE HTTPS_PROXY HTTP_PROXY IFS LANG LANGUAGE LINENO LINES LOGNAME MACHTYPE MAIL MAILPATH NO_PROXY OLDPWD OPTARG OPTERR OPTIND OSTYPE PAGER PATH PIPESTATUS PPID PS1 PS2 PS3 PS4 PWD RANDOM REPLY REQUESTS_CA_BUNDLE SECONDS SHELL SHELLOPTS SHLVL SSL_CERT_FILE TERM TMPDIR TZ UID USER'.split(' '),
]);
const RESERVED_PREFIXES = ['AWS_', 'BASH', 'LC_', 'LD_', 'PYTHON'];

function validatorFlags(kind: NonNullable<MethodRequest['validator']>): string {
  const checks = VALIDATOR_CHECKS[kind];
  return `--${checks.parameters ? '' : 'no-'}validate-request-parameters --${checks.body ? '' : 'no-'}validate-request-body`;
}

/** One word for the shell: bare when no character in it means anything to the shell, else single-quoted. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A comment line: control characters (a newline would end the comment) become spaces. */
function comment(text: string): string {
  return `# ${text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')}`.trimEnd();
}

/** The shell variable of each model parameter: UPPER_SNAKE_CASE, kept clear of reserved and duplicate names. */
function shellVariables(model: IntegrationModel): Map<string, string> {
  const variables = new Map<string, string>();
  const taken = new Set<string>();
  for (const parameter of model.parameters) {
    let name = snakeCase(parameter.name).toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    if (!/^[A-Z_]/.test(name) || RESERVED.has(name) || RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) name = `PARAM_${name}`;
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}_${n}`;
    taken.add(unique);
    variables.set(parameter.name, unique);
  }
  return variables;
}

/** A piece of a JSON document: final text, or a parameter the script escapes into a JSON string. */
type JsonPiece = { text: string } | { variable: string };

/**
 * A JSON object of Templated strings, pretty-printed like JSON.stringify(…, null, 2), with each
 * parameter left as a piece of its own inside the string that holds it.
 */
function templatedJson(map: Record<string, Templated>, variables: Map<string, string>): JsonPiece[] {
  const pieces: JsonPiece[] = [];
  const text = (t: string): void => {
    const last = pieces.at(-1);
    if (last && 'text' in last) last.text += t;
    else pieces.push({ text: t });
  };
  const entries = Object.entries(map);
  text('{');
  entries.forEach(([key, value], i) => {
    text(`\n  ${JSON.stringify(key)}: "`);
    for (const part of value) {
      if (typeof part === 'string') text(JSON.stringify(part).slice(1, -1));
      else pieces.push({ variable: variables.get(part.param) ?? missing(part.param) });
    }
    text(i < entries.length - 1 ? '",' : '"');
  });
  text('\n}');
  return pieces;
}

function missing(name: string): never {
  throw new Error(`unknown template parameter ${name}`);
}

/** A here-document delimiter that no line of the text equals. */
function delimiter(text: string): string {
  const lines = new Set(text.split('\n'));
  let word = 'JSON';
  while (lines.has(word)) word += '_';
  return word;
}

/** Builds the script text; collects the helper functions it turns out to need. */
class Script {
  readonly lines: string[] = [];
  readonly helpers = new Set<'chunk' | 'json_chars' | 'child_resource' | 'request_validator'>();
  private files = 0;

  constructor(private readonly variables: Map<string, string>) {}

  add(...lines: string[]): void {
    this.lines.push(...lines);
  }

  /** Writes a JSON document to a new file under "$work" and returns the `file://` word for it. */
  json(kind: string, document: unknown): string {
    const file = this.file(kind);
    const text = JSON.stringify(document, null, 2);
    const end = delimiter(text);
    this.add(`cat >"${file}" <<'${end}'`, text, end);
    return `"file://${file}"`;
  }

  /** Like json(), for a map of Templated values: parameters are JSON-escaped as the script runs. */
  templatedJson(kind: string, map: Record<string, Templated>): string {
    if (!Object.values(map).some(hasParameters)) return this.json(kind, Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.join('')])));
    const pieces = templatedJson(map, this.variables);
    const file = this.file(kind);
    this.helpers.add('chunk').add('json_chars');
    this.add('{');
    for (const piece of pieces) {
      if ('variable' in piece) {
        this.add(`  json_chars "$${piece.variable}"`);
      } else {
        const end = delimiter(piece.text);
        this.add(`  chunk <<'${end}'`, piece.text, end);
      }
    }
    this.add(`} >"${file}"`);
    return `"file://${file}"`;
  }

  /** A templated value as one shell word: literal text quoted, parameters expanded in double quotes. */
  word(text: Templated): string {
    const literal = text.filter((part): part is string => typeof part === 'string').join('');
    const variable = (name: string): string => `\${${this.variables.get(name) ?? missing(name)}}`;
    if (!/[$`\\"!]/.test(literal)) return `"${text.map((part) => (typeof part === 'string' ? part : variable(part.param))).join('')}"`;
    return text.map((part) => (typeof part === 'string' ? shellQuote(part) : `"${variable(part.param)}"`)).join('');
  }

  private file(kind: string): string {
    this.files += 1;
    return `$work/${this.files}-${kind}.json`;
  }
}

const HELPERS: Record<'chunk' | 'json_chars' | 'child_resource' | 'request_validator', string[]> = {
  chunk: [
    '# Copies standard input but its last newline, the one every here-document ends with.',
    'chunk() {',
    '  local text',
    "  IFS= read -r -d '' text || true",
    "  printf '%s' \"${text%$'\\n'}\"",
    '}',
  ],
  json_chars: [
    '# Prints $1 as the inside of a JSON string: backslash, quote and control characters escaped.',
    'json_chars() {',
    '  local text=$1 char i',
    '  for ((i = 0; i < ${#text}; i++)); do',
    '    char=${text:i:1}',
    '    case $char in',
    "      \\\\) printf '%s' '\\\\' ;;",
    "      \\\") printf '%s' '\\\"' ;;",
    "      [[:cntrl:]]) printf '\\\\u%04x' \"'$char\" ;;",
    "      *) printf '%s' \"$char\" ;;",
    '    esac',
    '  done',
    '}',
  ],
  child_resource: [
    '# Sets the variable named $1 to the resource under resource $2 with path part $3, creating it when the API lacks it.',
    '# $resources lists the API as it was: a new resource\'s children are new too, and no pair is asked for twice.',
    'child_resource() {',
    '  local parent part id',
    "  while IFS=$'\\t' read -r parent part id; do",
    '    if [ "$parent" = "$2" ] && [ "$part" = "$3" ]; then',
    "      printf -v \"$1\" '%s' \"$id\"",
    '      return',
    '    fi',
    '  done <<<"$resources"',
    '  id=$(apigateway create-resource --rest-api-id "$rest_api_id" --parent-id "$2" --path-part "$3" --query id --output text)',
    "  printf -v \"$1\" '%s' \"$id\"",
    '}',
  ],
  request_validator: [
    '# Sets the variable named $1 to the request validator named $2, creating it with the flags that follow when the API lacks it.',
    'request_validator() {',
    '  local listing name id variable=$1 wanted=$2',
    '  shift 2',
    "  listing=$(apigateway get-request-validators --rest-api-id \"$rest_api_id\" --query 'items[].[name,id]' --output text)",
    "  while IFS=$'\\t' read -r name id; do",
    '    if [ "$name" = "$wanted" ]; then',
    "      printf -v \"$variable\" '%s' \"$id\"",
    '      return',
    '    fi',
    '  done <<<"$listing"',
    '  id=$(apigateway create-request-validator --rest-api-id "$rest_api_id" --name "$wanted" "$@" --query id --output text)',
    "  printf -v \"$variable\" '%s' \"$id\"",
    '}',
  ],
};

/** JSON Pointer escaping of a patch path segment (`/` and `~`). */
function pointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function header(model: IntegrationModel, variables: Map<string, string>): string[] {
  const region = model.methods[0]?.operation.region;
  const lines = [
    '#!/usr/bin/env bash',
    comment(`Builds the REST API "${model.title}" with \`aws apigateway\` commands and deploys it to a stage.`),
    '# Generated by infer-mapping. Re-running it on the same API (REST_API_ID) replaces the methods it defines.',
    '#',
    '# Environment, each defaulting to what the log showed:',
    '#   AWS_REGION        the region of the REST API',
    '#   REST_API_ID       add the methods to this existing REST API instead of creating one',
    '#   AWS_ENDPOINT_URL  the API Gateway endpoint to call instead of the region\'s (an emulator, say)',
    '#   STAGE_NAME        the stage to deploy to',
    ...model.parameters.map((p) => comment(`  ${variables.get(p.name)}  ${p.description}`)),
    'set -euo pipefail',
    '',
    // `: "${X:='v'}"` would keep the single quotes (they are literal inside double quotes); an assignment does not.
    `AWS_REGION=\${AWS_REGION:-${shellQuote(region ?? 'us-east-1')}}`,
    `STAGE_NAME=\${STAGE_NAME:-${shellQuote(model.stage)}}`,
    ...model.parameters.flatMap((p) => {
      const variable = variables.get(p.name)!;
      if (!p.placeholder) return [`${variable}=\${${variable}:-${shellQuote(p.default)}}`];
      // A placeholder names nothing that exists yet: deploying it would fail only when called.
      const message = `${variable} is not set: the log gives ${p.name} no value, only the placeholder ${p.default} (create what it names, then set ${variable})`;
      return [`if [ -z "\${${variable}:-}" ]; then`, `  echo ${shellQuote(message)} >&2`, '  exit 1', 'fi'];
    }),
    '',
    '# The AWS CLI v1 reads no endpoint from the environment, so AWS_ENDPOINT_URL is passed on.',
    'apigateway() {',
    '  aws --region "$AWS_REGION" ${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"} apigateway "$@"',
    '}',
  ];
  return lines;
}

function restApi(model: IntegrationModel, script: Script): void {
  const patch =
    model.binaryMediaTypes.length > 0 ? script.json('binary-media-types', model.binaryMediaTypes.map((type) => ({ op: 'add', path: `/binaryMediaTypes/${pointer(type)}` }))) : null;
  script.add('if [ -n "${REST_API_ID:-}" ]; then', '  rest_api_id=$REST_API_ID');
  if (patch) script.add(`  apigateway update-rest-api --rest-api-id "$rest_api_id" --patch-operations ${patch} >/dev/null`);
  const binary = model.binaryMediaTypes.length > 0 ? ` --binary-media-types ${model.binaryMediaTypes.map(shellQuote).join(' ')}` : '';
  script.add(
    'else',
    `  rest_api_id=$(apigateway create-rest-api --name ${shellQuote(model.title)}${binary} --query id --output text)`,
    'fi',
    `resource_root=$(apigateway get-resources --rest-api-id "$rest_api_id" --query "items[?path=='/'].id | [0]" --output text)`,
  );
}

function method(m: MethodModel, script: Script, resources: Map<string, string>, validators: Map<string, string>): void {
  const resource = `"$${resources.get(resourceKey(m.resourcePath))}"`;
  const target = `--rest-api-id "$rest_api_id" --resource-id ${resource} --http-method ${shellQuote(m.httpMethod)}`;
  const integration = m.integration;
  script.add('', comment(`${m.id}: ${m.operation.service} ${m.operation.operation} as ${m.httpMethod} ${m.resourcePath}`));
  // What to read before running it, beside the method, as every format carries it.
  for (const warning of m.warnings) script.add(comment(`WARNING: ${warning}`));
  script.add(`if apigateway get-method ${target} >/dev/null 2>&1; then`, `  apigateway delete-method ${target}`, 'fi');

  const put = [`apigateway put-method ${target} --authorization-type NONE`];
  if (m.request.validator) put.push(`--request-validator-id "$${validators.get(m.request.validator)}"`);
  if (m.request.parameters.length > 0) {
    const parameters = Object.fromEntries(m.request.parameters.map((p) => [`method.request.${p.location}.${p.name}`, p.required]));
    put.push(`--request-parameters ${script.json('method-request-parameters', parameters)}`);
  }
  script.add(`${put.join(' \\\n  ')} >/dev/null`);

  const args = [
    `apigateway put-integration ${target}`,
    `--type ${shellQuote(integration.type)} --integration-http-method ${shellQuote(integration.httpMethod)}`,
    `--uri ${script.word(integration.uri)}`,
    `--credentials ${script.word(integration.credentials)}`,
  ];
  if (Object.keys(integration.requestParameters).length > 0) {
    args.push(`--request-parameters ${script.templatedJson('integration-request-parameters', integration.requestParameters)}`);
  }
  if (Object.keys(integration.requestTemplates).length > 0) {
    args.push(`--request-templates ${script.templatedJson('request-templates', integration.requestTemplates)}`);
  }
  args.push(`--passthrough-behavior ${shellQuote(integration.passthroughBehavior)}`);
  if (integration.contentHandling) args.push(`--content-handling ${integration.contentHandling}`);
  args.push(`--timeout-in-millis ${integration.timeoutInMillis}`);
  script.add(`${args.join(' \\\n  ')} >/dev/null`);

  for (const response of m.responses) {
    const put = [`apigateway put-method-response ${target} --status-code ${shellQuote(response.statusCode)}`];
    if (Object.keys(response.responseParameters).length > 0) put.push(`--response-parameters ${script.json('method-response-parameters', response.responseParameters)}`);
    script.add(`${put.join(' \\\n  ')} >/dev/null`);
  }
  for (const response of integration.responses) {
    const put = [`apigateway put-integration-response ${target} --status-code ${shellQuote(response.statusCode)}`];
    // The `=` form keeps a pattern that starts with "-" from reading as an option.
    if (response.selectionPattern !== undefined) put.push(`--selection-pattern=${shellQuote(response.selectionPattern)}`);
    if (Object.keys(response.responseTemplates).length > 0) put.push(`--response-templates ${script.json('response-templates', response.responseTemplates)}`);
    if (Object.keys(response.responseParameters).length > 0) put.push(`--response-parameters ${script.json('integration-response-parameters', response.responseParameters)}`);
    script.add(`${put.join(' \\\n  ')} >/dev/null`);
  }
}

/** The deploy script for a model. */
export function renderCliScript(model: IntegrationModel): string {
  const variables = shellVariables(model);
  const script = new Script(variables);
  script.add('', 'work=$(mktemp -d)', `trap 'rm -rf "$work"' EXIT`, '');
  restApi(model, script);

  const resources = new Map<string, string>([['/', 'resource_root']]);
  const tree = resourceTree(model);
  if (tree.length > 0) {
    script.helpers.add('child_resource');
    script.add(`resources=$(apigateway get-resources --rest-api-id "$rest_api_id" --query 'items[].[parentId,pathPart,id]' --output text)`);
  }
  tree.forEach(({ path, parent, part }, i) => {
    resources.set(path, `resource_${i + 1}`);
    script.add(`child_resource resource_${i + 1} "$${resources.get(parent)}" ${shellQuote(part)}  ${comment(path)}`);
  });

  const validators = new Map<string, string>();
  for (const m of model.methods) {
    const kind = m.request.validator;
    if (!kind || validators.has(kind)) continue;
    const variable = `validator_${validators.size + 1}`;
    validators.set(kind, variable);
    script.helpers.add('request_validator');
    script.add(`request_validator ${variable} ${shellQuote(kind)} ${validatorFlags(kind)}`);
  }

  for (const m of model.methods) method(m, script, resources, validators);

  script.add('');
  if (model.methods.length > 0) script.add('apigateway create-deployment --rest-api-id "$rest_api_id" --stage-name "$STAGE_NAME" >/dev/null');
  else script.add('# The model has no methods, and API Gateway deploys no API without one.');
  script.add(
    `printf 'REST_API_ID=%s\\n' "$rest_api_id"`,
    `printf 'INVOKE_URL=https://%s.execute-api.%s.amazonaws.com/%s\\n' "$rest_api_id" "$AWS_REGION" "$STAGE_NAME"`,
  );

  const helpers = (['chunk', 'json_chars', 'child_resource', 'request_validator'] as const).filter((h) => script.helpers.has(h)).flatMap((h) => ['', ...HELPERS[h]]);
  return [...header(model, variables), ...helpers, ...script.lines].join('\n') + '\n';
}

export const cliScript: Emitter = {
  format: 'cli',
  description: 'A bash script of aws apigateway commands that builds and deploys the API (deploy.sh)',
  emit: (model) => [{ name: 'deploy.sh', content: renderCliScript(model) }],
};
