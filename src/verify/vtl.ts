/**
 * Renders an API Gateway mapping template the way API Gateway does (REST APIs, Velocity 1.7 with
 * API Gateway's `$input`, `$util` and `$context`), so the verify stage can rebuild the integration
 * request. velocityjs parses and walks the template; this module gives it Velocity 1.7's semantics
 * where velocityjs differs, and API Gateway's variables.
 *
 * Sources for the behaviour (cited again where it is implemented):
 * - AWS, "Variables for data transformations for API Gateway" (api-gateway-mapping-template-reference):
 *   `$input.body/json/params/path`, `$util.*`, `$context.*`, the `.replaceAll("\\'","'")` idiom.
 * - AWS, "API Gateway quotas": "Number of iterations in a #foreach ... #end loop in mapping templates: 1000".
 * - AWS, "Use a mapping template to override an API's request and response parameters": overrides
 *   are final; setting one twice gives a 5XX.
 * - Apache Velocity 1.7 (Parser.jjt, Foreach, ASTSetDirective, ASTEQNode, ASTAddNode): whitespace,
 *   `directive.foreach.maxloops`, `#set` with a null right-hand side, `==`, `+`, truthiness.
 * - LocalStack's AWS-validated API Gateway tests (localstack/localstack PRs 12379, 12413, 12774 and
 *   `utils/aws/templating.py`): an empty body reads as `{}`, null references render as nothing, maps
 *   from `$input.path` render as `{k=v}` and lists as JSON.
 */
import velocity from 'velocityjs';
import { JavaException, VtlError, type VtlPosition } from './vtl-error.js';
import {
  base64Decode,
  base64Encode,
  caseInsensitiveCompare,
  escapeJavaScript,
  foldCase,
  isIntegral,
  isNumber,
  javaEquals,
  javaHashCode,
  javaMatches,
  javaReplace,
  javaSplit,
  JavaNumber,
  JavaStringArray,
  javaToString,
  javaTrim,
  JMap,
  jmapOf,
  MapEntry,
  toJava,
  toJsonText,
  truthy,
  urlDecode,
  velocityEquals,
} from './vtl-java.js';
import { formEncode } from '../integrate/templates.js';
import type { ClientRequest } from '../integrate/types.js';
import { evaluateJsonPath, parseJsonValue } from './vtl-json.js';
import { nodePosition, parseTemplate, type VtlAst, type VtlNode } from './vtl-parse.js';

export { VtlError, type VtlErrorCode, type VtlPosition } from './vtl-error.js';

/** What the client sent to API Gateway (the method request), and the context API Gateway adds. */
export interface MethodRequest extends ClientRequest {
  /**
   * `$context` values over the defaults (see `DEFAULT_CONTEXT`): nested objects
   * (`{ identity: { sourceIp: '...' } }`) or dotted keys (`{ 'identity.sourceIp': '...' }`).
   * `requestOverride` and `responseOverride` are always fresh.
   */
  context?: Record<string, unknown>;
  /** `$stageVariables`. */
  stageVariables?: Record<string, string>;
}

/** What a rendering produced. */
export interface RenderResult {
  /** The integration request body (or, in a response template, the method response body). */
  output: string;
  /**
   * `$context.requestOverride.{header,querystring,path}.NAME` values the template set, which win over
   * the integration's `requestParameters`; `status` is `$context.responseOverride.status`.
   */
  overrides: { header: Record<string, string>; querystring: Record<string, string>; path: Record<string, string>; status?: number };
  /**
   * What API Gateway does silently that may not be what the template meant, one line each, prefixed
   * with the 1-based `line:column` of the template when known: null references rendered as nothing,
   * a `#foreach` cut at 1,000 iterations, a `#set` skipped because its value was null, an unknown method.
   */
  diagnostics: string[];
}

/** `$context` when the method request does not say otherwise: fixed, so renderings are repeatable. */
export const DEFAULT_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({
  accountId: '123456789012',
  apiId: 'a1b2c3d4e5',
  authorizer: { principalId: null, claims: null },
  awsEndpointRequestId: '11111111-2222-3333-4444-555555555555',
  deploymentId: 'd1e2f3',
  domainName: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
  domainPrefix: 'a1b2c3d4e5',
  extendedRequestId: 'AbCdEfGhIjKlMnO=',
  httpMethod: 'POST',
  identity: {
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: '198.51.100.7',
    user: null,
    userAgent: 'infer-mapping-verify',
    userArn: null,
  },
  protocol: 'HTTP/1.1',
  requestId: 'c0ffee00-0000-4000-8000-000000000000',
  requestTimeEpoch: 1704067200000,
  resourceId: 'r3s0rc',
  resourcePath: '/',
  stage: 'test',
});

/** `#foreach` stops after this many iterations (API Gateway quota; Velocity's `directive.foreach.maxloops`). */
export const FOREACH_LIMIT = 1000;

// ---------------------------------------------------------------------------------------------
// Host objects: $input and $util

const NO_METHOD = Symbol('no such method');
type CallResult = unknown;

abstract class Host {
  abstract vtlToString(): string;
  abstract property(name: string): unknown;
  abstract call(name: string, args: unknown[]): CallResult;
}

function requireString(v: unknown, method: string): string {
  if (v === null || v === undefined) throw new JavaException('java.lang.NullPointerException', `${method} was given null`);
  return javaToString(v);
}

class InputHost extends Host {
  constructor(
    private readonly body: string,
    private readonly params: JMap,
  ) {
    super();
  }
  vtlToString(): string {
    return '$input';
  }
  property(name: string): unknown {
    return name === 'body' ? this.body : undefined;
  }
  call(name: string, args: unknown[]): CallResult {
    switch (`${name}/${args.length}`) {
      case 'getBody/0':
        return this.body;
      case 'json/1':
        // Compact JSON of the selection, as json-smart writes it (`null` when nothing is there).
        return toJsonText(this.select(args[0], '$input.json'));
      case 'path/1':
        return this.select(args[0], '$input.path');
      case 'params/0':
        return this.params;
      case 'params/1': {
        // "from the path, query string, or header value (searched in that order)" (AWS docs).
        const wanted = requireString(args[0], '$input.params');
        for (const where of ['path', 'querystring', 'header']) {
          const m = this.params.get(where);
          if (m instanceof JMap && m.has(wanted)) return m.get(wanted);
        }
        return '';
      }
      default:
        return NO_METHOD;
    }
  }
  private select(path: unknown, fn: string): unknown {
    const p = requireString(path, fn);
    return evaluateJsonPath(parseJsonValue(this.body), p);
  }
}

class UtilHost extends Host {
  vtlToString(): string {
    return '$util';
  }
  property(): unknown {
    return undefined;
  }
  call(name: string, args: unknown[]): CallResult {
    if (args.length !== 1) return NO_METHOD;
    const arg = args[0];
    switch (name) {
      case 'escapeJavaScript':
        return arg === null || arg === undefined ? null : escapeJavaScript(javaToString(arg));
      case 'urlEncode':
        return formEncode(requireString(arg, '$util.urlEncode'));
      case 'urlDecode':
        return urlDecode(requireString(arg, '$util.urlDecode'));
      case 'base64Encode':
        return base64Encode(requireString(arg, '$util.base64Encode'));
      case 'base64Decode':
        return base64Decode(requireString(arg, '$util.base64Decode'));
      case 'parseJson':
        try {
          return parseJsonValue(requireString(arg, '$util.parseJson'));
        } catch (e) {
          if (e instanceof JavaException && e.code === 'BODY_NOT_JSON') throw new JavaException(e.javaClass, `$util.parseJson: ${e.message}`);
          throw e;
        }
      default:
        return NO_METHOD;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Java methods on template values

class NoMatch extends Error {}

function arg(args: unknown[], k: number, kind: 'string' | 'int' | 'any'): unknown {
  const v = args[k];
  if (kind === 'any') return v ?? null;
  if (v === null || v === undefined) {
    if (kind === 'string') throw new JavaException('java.lang.NullPointerException', 'null argument');
    throw new NoMatch();
  }
  if (kind === 'string') {
    if (typeof v !== 'string') throw new NoMatch();
    return v;
  }
  if (!isIntegral(v)) throw new NoMatch();
  return Number(v);
}

function outOfBounds(cls: string, message: string): JavaException {
  return new JavaException(`java.lang.${cls}`, message);
}

function stringMethod(s: string, name: string, args: unknown[]): CallResult {
  const str = (k: number) => arg(args, k, 'string') as string;
  const int = (k: number) => arg(args, k, 'int') as number;
  const sig = `${name}/${args.length}`;
  switch (sig) {
    case 'length/0': return s.length;
    case 'isEmpty/0': return s.length === 0;
    case 'toString/0': case 'intern/0': return s;
    case 'hashCode/0': return javaHashCode(s);
    case 'toLowerCase/0': return s.toLowerCase();
    case 'toUpperCase/0': return s.toUpperCase();
    case 'trim/0': return javaTrim(s);
    case 'equals/1': return typeof args[0] === 'string' && args[0] === s;
    case 'equalsIgnoreCase/1': return typeof args[0] === 'string' && args[0].length === s.length && foldCase(args[0]) === foldCase(s);
    case 'compareTo/1': {
      const o = str(0);
      for (let k = 0; k < Math.min(s.length, o.length); k++) if (s.charCodeAt(k) !== o.charCodeAt(k)) return s.charCodeAt(k) - o.charCodeAt(k);
      return s.length - o.length;
    }
    case 'compareToIgnoreCase/1': return caseInsensitiveCompare(s, str(0));
    case 'contains/1': return s.includes(str(0));
    case 'startsWith/1': return s.startsWith(str(0));
    case 'startsWith/2': { const off = int(1); return off >= 0 && off <= s.length && s.startsWith(str(0), off); }
    case 'endsWith/1': return s.endsWith(str(0));
    case 'concat/1': return s + str(0);
    case 'charAt/1': {
      const i = int(0);
      if (i < 0 || i >= s.length) throw outOfBounds('StringIndexOutOfBoundsException', `index ${i}, length ${s.length}`);
      return s[i];
    }
    case 'substring/1': case 'substring/2': {
      const b = int(0);
      const e = args.length === 2 ? int(1) : s.length;
      if (b < 0 || e > s.length || b > e) throw outOfBounds('StringIndexOutOfBoundsException', `begin ${b}, end ${e}, length ${s.length}`);
      return s.slice(b, e);
    }
    case 'indexOf/1': case 'indexOf/2': case 'lastIndexOf/1': case 'lastIndexOf/2': {
      const target = typeof args[0] === 'string' ? args[0] : isIntegral(args[0]) ? String.fromCodePoint(Number(args[0])) : (() => { throw new NoMatch(); })();
      if (name === 'indexOf') return s.indexOf(target, args.length === 2 ? Math.max(0, int(1)) : 0);
      if (args.length === 2 && int(1) < 0) return -1;
      return s.lastIndexOf(target, args.length === 2 ? int(1) : Infinity);
    }
    case 'replace/2': {
      const [a, b] = [args[0], args[1]];
      if (typeof a !== 'string' || typeof b !== 'string') {
        if (a === null || a === undefined || b === null || b === undefined) throw new JavaException('java.lang.NullPointerException', 'null argument');
        throw new NoMatch();
      }
      if (a === '') return b + [...Array(s.length).keys()].map((k) => s[k]).join(b) + (s.length ? b : '');
      return s.split(a).join(b);
    }
    case 'replaceAll/2': return javaReplace(s, str(0), str(1), true);
    case 'replaceFirst/2': return javaReplace(s, str(0), str(1), false);
    case 'matches/1': return javaMatches(s, str(0));
    case 'split/1': return javaSplit(s, str(0));
    case 'split/2': return javaSplit(s, str(0), int(1));
    default: return NO_METHOD;
  }
}

function checkIndex(list: unknown[], i: number, size = list.length): void {
  if (i < 0 || i >= size) throw outOfBounds('IndexOutOfBoundsException', `Index ${i} out of bounds for length ${list.length}`);
}

function listMethod(list: unknown[], name: string, args: unknown[]): CallResult {
  const fixed = list instanceof JavaStringArray; // a Java array: no add/remove
  const int = (k: number) => arg(args, k, 'int') as number;
  const sig = `${name}/${args.length}`;
  if (fixed && /^(add|addAll|remove|clear|set)\//.test(sig) && sig !== 'set/2') {
    throw new JavaException('java.lang.UnsupportedOperationException', `${name} on a Java array`);
  }
  switch (sig) {
    case 'size/0': return list.length;
    case 'isEmpty/0': return list.length === 0;
    case 'toString/0': return javaToString(list);
    case 'equals/1': return javaEquals(list, args[0]);
    case 'get/1': { const i = int(0); checkIndex(list, i); return list[i]; }
    case 'contains/1': return list.some((x) => javaEquals(x, args[0]));
    case 'indexOf/1': return list.findIndex((x) => javaEquals(x, args[0]));
    case 'lastIndexOf/1': { for (let k = list.length - 1; k >= 0; k--) if (javaEquals(list[k], args[0])) return k; return -1; }
    case 'add/1': list.push(args[0] ?? null); return true;
    case 'add/2': { const i = int(0); if (i < 0 || i > list.length) checkIndex(list, i); list.splice(i, 0, args[1] ?? null); return undefined; }
    case 'addAll/1': {
      const more = args[0];
      if (!Array.isArray(more)) throw new NoMatch();
      list.push(...more);
      return more.length > 0;
    }
    case 'set/2': { const i = int(0); checkIndex(list, i); const old = list[i]; list[i] = args[1] ?? null; return old; }
    case 'remove/1': {
      if (isIntegral(args[0])) {
        const i = Number(args[0]);
        checkIndex(list, i);
        return list.splice(i, 1)[0];
      }
      const k = list.findIndex((x) => javaEquals(x, args[0]));
      if (k >= 0) list.splice(k, 1);
      return k >= 0;
    }
    case 'clear/0': list.length = 0; return undefined;
    case 'subList/2': {
      const a = int(0);
      const b = int(1);
      if (a < 0 || b > list.length || a > b) throw outOfBounds('IndexOutOfBoundsException', `fromIndex ${a}, toIndex ${b}, size ${list.length}`);
      return list.slice(a, b);
    }
    default: return NO_METHOD;
  }
}

function mapMethod(map: JMap, name: string, args: unknown[]): CallResult {
  switch (`${name}/${args.length}`) {
    case 'get/1': return map.get(args[0] ?? null);
    case 'getOrDefault/2': return map.has(args[0] ?? null) ? map.get(args[0] ?? null) : args[1];
    case 'put/2': return map.put(args[0] ?? null, args[1] ?? null);
    case 'putAll/1': {
      if (!(args[0] instanceof JMap)) throw new NoMatch();
      for (const e of args[0].list()) map.put(e.key, e.value);
      return undefined;
    }
    case 'containsKey/1': return map.has(args[0] ?? null);
    case 'containsValue/1': return map.values().some((v) => javaEquals(v, args[0]));
    case 'keySet/0': return map.keys();
    case 'values/0': return map.values();
    case 'entrySet/0': return map.list();
    case 'size/0': return map.size;
    case 'isEmpty/0': return map.size === 0;
    case 'remove/1': return map.remove(args[0] ?? null);
    case 'clear/0': map.clear(); return undefined;
    case 'toString/0': return javaToString(map);
    case 'equals/1': return javaEquals(map, args[0]);
    default: return NO_METHOD;
  }
}

function scalarMethod(v: unknown, name: string, args: unknown[]): CallResult {
  switch (`${name}/${args.length}`) {
    case 'toString/0': return javaToString(v);
    case 'equals/1': return javaEquals(v, args[0]);
    default: break;
  }
  if (v instanceof MapEntry) {
    if (name === 'getKey' && args.length === 0) return v.key;
    if (name === 'getValue' && args.length === 0) return v.value;
  }
  if (isNumber(v) && args.length === 0) {
    const n = Number(v);
    if (name === 'intValue' || name === 'longValue') return Math.trunc(n);
    if (name === 'doubleValue' || name === 'floatValue') return new JavaNumber(n, 'double');
  }
  if (typeof v === 'boolean' && name === 'booleanValue' && args.length === 0) return v;
  return NO_METHOD;
}

/** Calls a Java method on a template value; `NO_METHOD` when the value's class has no such method. */
function invoke(base: unknown, name: string, args: unknown[]): CallResult {
  try {
    if (base instanceof Host) return base.call(name, args);
    if (typeof base === 'string') return stringMethod(base, name, args);
    if (Array.isArray(base)) return listMethod(base, name, args);
    if (base instanceof JMap) return mapMethod(base, name, args);
    return scalarMethod(base, name, args);
  } catch (e) {
    if (e instanceof NoMatch) return NO_METHOD;
    throw e;
  }
}

/** `$x.name` as Velocity's introspection resolves it for the value's class. */
function getProperty(base: unknown, name: string): unknown {
  if (base instanceof Host) return base.property(name);
  if (base instanceof JMap) return base.get(name);
  if (base instanceof MapEntry) return name === 'key' ? base.key : name === 'value' ? base.value : undefined;
  // `isEmpty()` is the only bean property of a String or a List that templates use.
  if ((typeof base === 'string' || Array.isArray(base)) && name === 'empty') return base.length === 0;
  return undefined;
}

function javaType(v: unknown): string {
  if (v instanceof Host) return v.vtlToString();
  if (typeof v === 'string') return 'String';
  if (v instanceof JavaStringArray) return 'String[]';
  if (Array.isArray(v)) return 'List';
  if (v instanceof JMap) return 'Map';
  if (v instanceof MapEntry) return 'Map.Entry';
  if (isNumber(v)) return isIntegral(v) ? 'Integer' : 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return typeof v;
}

/** `$context.requestOverride.*` / `responseOverride.*`: each entry may be set once. */
class OverrideMap extends JMap {
  private readonly assigned = new Set<unknown>();
  constructor(private readonly where: string) {
    super(false);
  }
  override put(key: unknown, value: unknown): unknown {
    if (this.assigned.has(key)) {
      throw new JavaException(
        'OverrideException',
        `${this.where}.${javaToString(key)} is set a second time; API Gateway answers 5XX ("Overrides are final")`,
        'OVERRIDE_REPEATED',
      );
    }
    this.assigned.add(key);
    return super.put(key, value);
  }
  /** Sets an entry without counting it as an override (the initial shape). */
  seed(key: string, value: unknown): void {
    super.put(key, value);
  }
}

// ---------------------------------------------------------------------------------------------
// The renderer: velocityjs's Compile with Velocity 1.7 / API Gateway semantics

const { getRefText } = velocity.Helper as { getRefText: (ast: unknown) => string };

/** The velocityjs internals this module builds on (their published types are narrower). */
interface CompileInternals {
  context: Record<string, unknown>;
  local: Record<string, Record<string, unknown>>;
  conditions: string[];
  contextId: string;
  runState: { stop: boolean; break: boolean };
  asts: VtlNode[];
  macrosStore: Record<string, unknown>;
  macros: Record<string, unknown>;
  render(context: Record<string, unknown>): string;
  renderAstList(asts?: VtlNode[], contextId?: string): string;
  getReferences(ast: VtlAst, isVal?: boolean): unknown;
  getLiteral(ast: VtlAst): unknown;
  getExpression(ast: VtlAst): unknown;
  getBlock(block: VtlNode[]): string;
  getMacro(ast: VtlAst, bodyContent?: string): string;
  getLocal(ast: VtlAst): { value: unknown; isLocal: boolean };
  getContext(id: string): Record<string, unknown>;
}

const VelocityCompile = velocity.Compile as unknown as new (asts: VtlNode[], config?: Record<string, unknown>) => CompileInternals;

interface Property {
  type: string;
  id: unknown;
  args?: VtlAst[] | false;
}

function unescapeUnicode(s: string): string {
  // Velocity 1.7 (ASTStringLiteral.unescape) turns only \uXXXX in double-quoted strings into chars.
  return s.replace(/\\u([0-9A-Fa-f]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

class ApiGatewayCompile extends VelocityCompile {
  private readonly posStack: VtlAst[] = [];
  private anchor: VtlAst | undefined;
  private interpolation = 0;
  private loops = 0;
  private readonly scopes: JMap[] = [];

  constructor(
    asts: VtlNode[],
    private readonly template: string,
    private readonly notes: Notes,
  ) {
    super(asts, { escape: false });
  }

  private where(ast: VtlAst | undefined): VtlPosition | undefined {
    return nodePosition(this.template, this.interpolation > 0 ? this.anchor : ast);
  }

  private note(ast: VtlAst | undefined, message: string): void {
    this.notes.add(this.where(ast), message);
  }

  /** Any failure while evaluating `ast`, as a `VtlError` placed there. */
  private place(e: unknown, ast: VtlAst | undefined): unknown {
    const pos = this.where(ast);
    if (e instanceof VtlError) return e.at(pos);
    if (e instanceof JavaException) return new VtlError(e.code, e.message, pos);
    if (e instanceof Error) return new VtlError('UNSUPPORTED', `velocityjs could not evaluate this: ${e.message}`, pos);
    return e;
  }

  override renderAstList(asts?: VtlNode[], contextId?: string): string {
    const list = asts ?? this.asts;
    if (contextId) {
      if (contextId !== this.contextId && !this.conditions.includes(contextId)) this.conditions.unshift(contextId);
      this.contextId = contextId;
    } else this.contextId = '';
    let out = '';
    for (const ast of list) {
      // `#break` stops the rest of the loop body at once, as Velocity's StopCommand does.
      if (this.runState.stop || this.runState.break) break;
      if (typeof ast === 'string') out += ast;
      else if (Array.isArray(ast)) out += this.getBlock(ast);
      else {
        switch (ast.type) {
          case 'references': out += this.getReferences(ast, true) as string; break;
          case 'set': this.setValue(ast); break;
          case 'break': this.runState.break = true; break;
          case 'macro_call': out += this.getMacro(ast); break;
          case 'raw': out += String(ast.value); break;
          case 'comment': break;
          default: this.note(ast, `#${ast.type} is not emulated; it renders nothing`);
        }
      }
    }
    return out;
  }

  /**
   * With `isVal`, the text a reference renders: a null or undefined one renders as nothing, as API
   * Gateway does (not as its own source text, as plain Velocity does); anything else as `toString()`.
   */
  override getReferences(ast: VtlAst, isVal?: boolean): unknown {
    this.posStack.push(ast);
    try {
      const value = super.getReferences(ast, false);
      if (!isVal) return value;
      if (value === null || value === undefined) {
        if (ast.leader !== '$!') this.note(ast, `${getRefText(ast)} is null or undefined; API Gateway renders nothing for it`);
        return '';
      }
      return javaToString(value);
    } catch (e) {
      throw this.place(e, ast);
    } finally {
      this.posStack.pop();
    }
  }

  getAttributes(property: Property, base: unknown, ast: VtlAst): unknown {
    if (base === null || base === undefined) return undefined;
    if (property.type === 'method') return this.getPropMethod(property, base, ast);
    if (property.type === 'property') return getProperty(base, String(property.id));
    const key = this.getLiteral(property.id as VtlAst);
    if (Array.isArray(base)) {
      if (!isIntegral(key)) return undefined;
      const i = Number(key) < 0 ? base.length + Number(key) : Number(key);
      if (i < 0 || i >= base.length) {
        this.note(ast, `${getRefText(ast)}: index ${javaToString(key)} is out of bounds for a list of ${base.length}`);
        return undefined;
      }
      return base[i];
    }
    if (base instanceof JMap) return base.get(key);
    return undefined;
  }

  getPropMethod(property: Property, base: unknown, ast: VtlAst): unknown {
    const name = String(property.id);
    const args = (property.args || []).map((a) => this.getLiteral(a));
    const result = invoke(base, name, args);
    if (result === NO_METHOD) {
      this.note(ast, `${getRefText(ast)}: ${javaType(base)} has no method ${name} taking ${args.map(javaType).join(', ') || 'no arguments'}`);
      return undefined;
    }
    return result;
  }

  override getLiteral(literal: VtlAst): unknown {
    switch (literal.type) {
      case 'string': {
        let v = String(literal.value);
        if (literal.isEval) {
          v = unescapeUnicode(v);
          if (v.includes('$') || v.includes('#')) return this.evalString(v);
        }
        return v;
      }
      case 'integer': {
        const text = String(literal.value);
        const n = Number(text);
        return Number.isSafeInteger(n) ? n : new JavaNumber(n, 'integer', BigInt(text).toString());
      }
      case 'decimal':
        return new JavaNumber(Number(literal.value), 'double');
      case 'map': {
        const map = new JMap();
        for (const [k, v] of Object.entries((literal.value ?? {}) as Record<string, VtlAst>)) map.put(k, this.getLiteral(v));
        return map;
      }
      default:
        return super.getLiteral(literal);
    }
  }

  /** A double-quoted string with `$` or `#` in it is a little template of its own. */
  private evalString(text: string): string {
    if (this.interpolation === 0) this.anchor = this.posStack[this.posStack.length - 1];
    this.interpolation++;
    try {
      return this.renderAstList(parseTemplate(text), this.contextId);
    } finally {
      this.interpolation--;
    }
  }

  override getExpression(ast: VtlAst): unknown {
    if (ast.type !== 'math') return this.getLiteral(ast);
    const [a, b] = ast.expression as VtlAst[];
    const op = String(ast.operator);
    switch (op) {
      case 'parenthesis': return this.getExpression(a!);
      case 'not': return !truthy(this.getExpression(a!));
      case '&&': return truthy(this.getExpression(a!)) && truthy(this.getExpression(b!));
      case '||': return truthy(this.getExpression(a!)) || truthy(this.getExpression(b!));
      case 'minus': {
        const v = this.getExpression(a!);
        if (!isNumber(v)) return null;
        if (typeof v === 'number') return Number.isInteger(v) ? -v || 0 : new JavaNumber(-v, 'double');
        const text = v.text === undefined ? undefined : v.text.startsWith('-') ? v.text.slice(1) : `-${v.text}`;
        return new JavaNumber(-v.value, v.kind, text);
      }
      case '==': return velocityEquals(this.getExpression(a!), this.getExpression(b!));
      case '!=': return !velocityEquals(this.getExpression(a!), this.getExpression(b!));
      case '<': case '>': case '<=': case '>=': {
        const l = this.getExpression(a!);
        const r = this.getExpression(b!);
        // Velocity 1.7 compares numbers only; anything else is an error it logs, and false.
        if (!isNumber(l) || !isNumber(r)) {
          this.note(this.posStack[this.posStack.length - 1], `${op} compares ${javaType(l)} with ${javaType(r)}; Velocity 1.7 only compares numbers, so it is false`);
          return false;
        }
        const x = Number(l);
        const y = Number(r);
        return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
      }
      default:
        return this.arithmetic(op, a!, b!);
    }
  }

  /** Velocity 1.7 `+ - * / %` (ASTMathNode, MathUtils): integer division, `+` joins strings, null on error. */
  private arithmetic(op: string, a: VtlAst, b: VtlAst): unknown {
    const l = this.getExpression(a);
    const r = this.getExpression(b);
    if (op === '+' && (typeof l === 'string' || typeof r === 'string')) {
      // ASTAddNode.handleSpecial: a null side contributes its source text.
      const text = (v: unknown, n: VtlAst) => (v === null || v === undefined ? (n.type === 'references' ? getRefText(n) : '') : javaToString(v));
      return text(l, a) + text(r, b);
    }
    const at = this.posStack[this.posStack.length - 1];
    if (!isNumber(l) || !isNumber(r)) {
      this.note(at, `${javaType(l)} ${op} ${javaType(r)} is not arithmetic; Velocity 1.7 makes it null`);
      return null;
    }
    const x = Number(l);
    const y = Number(r);
    const double = !isIntegral(l) || !isIntegral(r);
    if ((op === '/' || op === '%') && y === 0) {
      this.note(at, `${op} by zero; Velocity 1.7 makes it null`);
      return null;
    }
    let v: number;
    switch (op) {
      case '+': v = x + y; break;
      case '-': v = x - y; break;
      case '*': v = x * y; break;
      case '/': v = double ? x / y : Math.trunc(x / y); break;
      case '%': v = x % y; break;
      default: return null;
    }
    if (double) return new JavaNumber(v, 'double');
    v = v || 0; // no -0 for integers
    return Number.isSafeInteger(v) ? v : new JavaNumber(v, 'integer', BigInt(v).toString());
  }

  getBlockIf(block: VtlNode[]): string {
    let taken = false;
    let decided = false;
    const body: VtlNode[] = [];
    for (const node of block) {
      if (typeof node !== 'string' && !Array.isArray(node) && (node.type === 'if' || node.type === 'elseif' || node.type === 'else')) {
        if (taken) {
          decided = true;
          break;
        }
        if (node.type === 'else') taken = true;
        else {
          this.posStack.push(node);
          try {
            taken = truthy(this.getExpression(node.condition as VtlAst));
          } catch (e) {
            throw this.place(e, node);
          } finally {
            this.posStack.pop();
          }
        }
        continue;
      }
      if (taken && !decided) body.push(node);
    }
    return this.renderAstList(body, this.contextId);
  }

  /**
   * Velocity 1.7's `#foreach`: lists and arrays by element, maps by value, anything else not at all;
   * `$foreach.index/count/hasNext/first/last/parent`, `$velocityCount`, `$velocityHasNext`; stops
   * after `FOREACH_LIMIT` iterations with `hasNext` still true, as `directive.foreach.maxloops` does.
   */
  getBlockEach(block: VtlNode[]): string {
    const ast = block[0] as VtlAst;
    const body = block.slice(1);
    let from: unknown;
    this.posStack.push(ast);
    try {
      from = this.getLiteral({ ...(ast.from as VtlAst), pos: ast.pos });
    } catch (e) {
      throw this.place(e, ast);
    } finally {
      this.posStack.pop();
    }
    let items: unknown[];
    if (Array.isArray(from)) items = from;
    else if (from instanceof JMap) items = from.values();
    else {
      if (from !== null && from !== undefined) this.note(ast, `#foreach over a ${javaType(from)}, which is not a list or map; it renders nothing`);
      return '';
    }
    const contextId = `foreach:apigw:${++this.loops}`;
    const parent = this.scopes[this.scopes.length - 1] ?? null;
    const local: Record<string, unknown> = {};
    const total = items.length;
    const limit = Math.min(total, FOREACH_LIMIT);
    let out = '';
    try {
      for (let i = 0; i < limit; i++) {
        if (this.runState.break || this.runState.stop) break;
        const scope = jmapOf({ index: i, count: i + 1, hasNext: i + 1 < total, first: i === 0, last: i + 1 >= total });
        scope.put('parent', parent);
        local[String(ast.to)] = items[i];
        local.foreach = scope;
        local.velocityCount = i + 1;
        local.velocityHasNext = i + 1 < total;
        this.local[contextId] = local;
        this.scopes.push(scope);
        try {
          out += this.renderAstList(body, contextId);
        } finally {
          this.scopes.pop();
        }
      }
    } finally {
      this.runState.break = false;
      delete this.local[contextId];
      const k = this.conditions.indexOf(contextId);
      if (k >= 0) this.conditions.splice(k, 1);
      this.contextId = this.conditions[0] ?? '';
    }
    if (total > FOREACH_LIMIT) {
      this.note(ast, `#foreach stopped after ${FOREACH_LIMIT} of ${total} items (API Gateway's limit); $foreach.hasNext was still true on the last one`);
    }
    return out;
  }

  /**
   * `#set`: a null right-hand side leaves the variable as it was (Velocity 1.7,
   * `directive.set.null.allowed=false`); `$a.b.c = v` puts into the map `$a.b`; nothing is created.
   */
  setValue(ast: VtlAst): void {
    const [ref, rhs] = ast.equal as [VtlAst, VtlAst];
    this.posStack.push(ast);
    try {
      const value = rhs.type === 'math' ? this.getExpression(rhs) : this.getLiteral(rhs);
      if (value === null || value === undefined) {
        this.note(ast, `#set(${getRefText(ref)} = ...) is skipped: the value is null, so ${getRefText(ref)} keeps its old value`);
        return;
      }
      const path = (ref.path as Property[] | undefined) ?? [];
      const id = String(ref.id);
      if (path.length === 0) {
        const scope = this.contextId.startsWith('macro:') ? this.context : this.getContext(id);
        scope[id] = value;
        return;
      }
      const local = this.getLocal(ref);
      let base: unknown = local.isLocal ? local.value : this.context[id];
      for (const step of path.slice(0, -1)) base = this.getAttributes(step, base, ref);
      const last = path[path.length - 1]!;
      if (base === null || base === undefined) {
        this.note(ast, `#set(${getRefText(ref)} = ...) is skipped: the object to set it on is null`);
        return;
      }
      const key = last.type === 'property' ? String(last.id) : last.type === 'index' ? this.getLiteral(last.id as VtlAst) : undefined;
      if (base instanceof JMap && key !== undefined) base.put(key, value);
      else if (Array.isArray(base) && isIntegral(key)) {
        const i = Number(key) < 0 ? base.length + Number(key) : Number(key);
        checkIndex(base, i);
        base[i] = value;
      } else this.note(ast, `#set(${getRefText(ref)} = ...) is skipped: a ${javaType(base)} has no settable ${javaToString(key)}`);
    } catch (e) {
      throw this.place(e, ast);
    } finally {
      this.posStack.pop();
    }
  }

  override getMacro(ast: VtlAst, bodyContent?: string): string {
    const id = String(ast.id);
    if (!this.macrosStore[id] && typeof this.macros[id] !== 'function') {
      this.note(ast, `#${id} is not a directive or a macro defined in the template; it renders as text`);
      return getRefText(ast);
    }
    return super.getMacro(ast, bodyContent);
  }
}

// ---------------------------------------------------------------------------------------------
// Entry point

class Notes {
  readonly list: string[] = [];
  private readonly seen = new Set<string>();
  add(pos: VtlPosition | undefined, message: string): void {
    const text = pos ? `${pos.line}:${pos.column}: ${message}` : message;
    if (this.seen.has(text)) return;
    this.seen.add(text);
    this.list.push(text);
  }
}

/** A plain data object, from any realm (jest runs tests in a realm of its own). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function clonePlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clonePlain);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clonePlain(x)]));
  return v;
}

/** Deep-merges `over` into `base`; dotted keys (`identity.sourceIp`) address nested objects. */
function mergeContext(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = clonePlain(base) as Record<string, unknown>;
  for (const [key, value] of Object.entries(over)) {
    const parts = key.split('.');
    let target = out;
    for (const part of parts.slice(0, -1)) {
      if (!isPlainObject(target[part])) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1]!;
    target[last] = isPlainObject(value) && isPlainObject(target[last]) ? mergeContext(target[last] as Record<string, unknown>, value) : value;
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** CLF time, `dd/MMM/yyyy:HH:mm:ss +0000`, as `$context.requestTime` is. */
function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

function section(map: unknown, notes: Notes, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(map instanceof JMap)) return out;
  for (const e of map.list()) {
    if (e.value === null || e.value === undefined) continue;
    if (Array.isArray(e.value)) notes.add(undefined, `${where}.${javaToString(e.key)} is a list; it is passed on as its text ${javaToString(e.value)}`);
    out[javaToString(e.key)] = javaToString(e.value);
  }
  return out;
}

/**
 * Renders `template` for `request` as API Gateway would.
 *
 * Throws `VtlError` when API Gateway would answer with an error instead of calling the integration
 * (a template that does not parse, a method that throws, `$input.json` on a body that is not JSON, an
 * override set twice) or when the template uses something this engine does not emulate
 * (`UNSUPPORTED`). Its `pos` is 1-based line and column, 0-based offset, in `template`.
 */
export function renderTemplate(template: string, request: MethodRequest): RenderResult {
  const asts = parseTemplate(template);
  const notes = new Notes();

  // "If there is no body, API Gateway uses {}" (LocalStack PR 12413, validated against AWS).
  const body = request.body === '' ? '{}' : request.body;
  const params = new JMap();
  params.put('path', jmapOf(request.path));
  params.put('header', jmapOf(request.header, true));
  params.put('querystring', jmapOf(request.querystring));

  const requestOverride = new JMap();
  for (const part of ['header', 'querystring', 'path']) {
    requestOverride.put(part, new OverrideMap(`$context.requestOverride.${part}`));
  }
  const responseOverride = new OverrideMap('$context.responseOverride');
  responseOverride.seed('header', new OverrideMap('$context.responseOverride.header'));

  const merged = mergeContext(DEFAULT_CONTEXT as Record<string, unknown>, request.context ?? {});
  if (merged.requestTime === undefined) merged.requestTime = clfTime(Number(merged.requestTimeEpoch));
  if (merged.path === undefined) merged.path = `/${String(merged.stage)}${merged.resourcePath === '/' ? '/' : String(merged.resourcePath)}`;
  const context = toJava(merged) as JMap;
  context.put('requestOverride', requestOverride);
  context.put('responseOverride', responseOverride);

  const variables: Record<string, unknown> = {
    input: new InputHost(body, params),
    util: new UtilHost(),
    context,
    stageVariables: jmapOf(request.stageVariables ?? {}),
  };
  const compile = new ApiGatewayCompile(asts, template, notes);
  let output: string;
  try {
    output = compile.render(variables);
  } catch (e) {
    if (e instanceof VtlError) throw e;
    if (e instanceof JavaException) throw new VtlError(e.code, e.message);
    throw e;
  }

  const overrides: RenderResult['overrides'] = {
    header: section(requestOverride.get('header'), notes, '$context.requestOverride.header'),
    querystring: section(requestOverride.get('querystring'), notes, '$context.requestOverride.querystring'),
    path: section(requestOverride.get('path'), notes, '$context.requestOverride.path'),
  };
  const status = responseOverride.get('status');
  if (status !== null && status !== undefined) {
    const n = Number(javaToString(status));
    if (Number.isInteger(n) && n >= 100 && n <= 599) overrides.status = n;
    else notes.add(undefined, `$context.responseOverride.status is ${javaToString(status)}, not an HTTP status code`);
  }
  const responseHeaders = responseOverride.get('header');
  if (responseHeaders instanceof JMap && responseHeaders.size > 0) {
    notes.add(undefined, '$context.responseOverride.header has an effect only in an integration response template');
  }
  return { output, overrides, diagnostics: notes.list };
}
