/**
 * JSON for `$input.json`, `$input.path` and `$util.parseJson`, read into the value model of
 * `vtl-java.ts` the way Jayway JsonPath with json-smart reads it: objects -> `LinkedHashMap` (`JMap`),
 * arrays -> `JSONArray` (`JsonArray`), integers -> `Integer`/`Long` (JavaScript numbers, or exact
 * `JavaNumber`s beyond 2^53), numbers with a fraction or exponent -> `Double` (`JavaNumber`).
 *
 * That model is inferred, not documented: LocalStack's AWS-validated tests found that a map from
 * `$input.path` renders as `{key=value}` while a list renders as JSON (localstack/localstack PR 12379),
 * which is exactly `LinkedHashMap.toString()` and json-smart's `JSONArray.toString()`; and AWS documents
 * that `$input.body` is the way "to preserve entire floating point numbers, such as 10.00", i.e. the
 * parsed form keeps only a `Double`.
 */
import { JavaException } from './vtl-error.js';
import { JavaNumber, JMap, JsonArray } from './vtl-java.js';

const MAX_DEPTH = 2000;

/** Strict JSON (RFC 8259) text to the value model. Throws `JavaException` (code `BODY_NOT_JSON`). */
export function parseJsonValue(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new JavaException('com.jayway.jsonpath.InvalidJsonException', `${what} at offset ${i}`, 'BODY_NOT_JSON');
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('JSON nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const map = new JMap();
      ws();
      if (text[i] === '}') {
        i++;
        return map;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a string key');
        const key = string();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        map.put(key, value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return map;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const list = new JsonArray();
      ws();
      if (text[i] === ']') {
        i++;
        return list;
      }
      for (;;) {
        list.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return list;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    const m = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
    i += m[0].length;
    return jsonNumber(m[0], m[1] !== undefined || m[2] !== undefined);
  };
  const string = (): string => {
    i++; // opening quote
    let out = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) fail('unterminated string');
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('bad escape in string');
      } else if (c.charCodeAt(0) < 0x20) fail('control character in string');
      else {
        out += c;
        i++;
      }
    }
  };
  const result = value(0);
  ws();
  if (i < text.length) fail('unexpected text after the JSON value');
  return result;
}

function jsonNumber(lexeme: string, decimal: boolean): unknown {
  const n = Number(lexeme);
  if (decimal) return new JavaNumber(n, 'double');
  if (Number.isSafeInteger(n)) return Object.is(n, -0) ? 0 : n;
  return new JavaNumber(n, 'integer', BigInt(lexeme).toString());
}

// ---------------------------------------------------------------------------------------------
// JSONPath (the part of Jayway's syntax templates use)

type Segment =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'deep'; name: string | null } // `..name`, or `..*` / `..[*]` when null
  | { kind: 'union'; indexes: number[] }
  | { kind: 'slice'; start?: number; end?: number };

interface CompiledPath {
  segments: Segment[];
  /** A definite path selects at most one value; others return a list of every match. */
  definite: boolean;
}

function pathError(path: string, what: string, code: 'JSONPATH_INVALID' | 'UNSUPPORTED' = 'JSONPATH_INVALID'): JavaException {
  return new JavaException('com.jayway.jsonpath.InvalidPathException', `${what} in JSONPath ${JSON.stringify(path)}`, code);
}

/**
 * Reads `$`, `$.a.b`, `$['a b']`, `$["a"]`, `$.a[0]`, `$.a[-1]`, `$.a[*]`, `$.*`, `$..a`, `$.a[0,2]`,
 * `$.a[1:3]` (a leading `$` may be left out, as Jayway allows). Filters (`[?(...)]`) and functions
 * throw `UNSUPPORTED`.
 */
export function compileJsonPath(path: string): CompiledPath {
  let p = path.trim();
  if (p === '') throw pathError(path, 'empty path');
  if (!p.startsWith('$')) p = `$.${p}`;
  let i = 1;
  const segments: Segment[] = [];
  const name = (): string => {
    const m = /^[^.[\]]+/.exec(p.slice(i));
    if (!m) throw pathError(path, `expected a property name at ${i}`);
    i += m[0].length;
    return m[0].trim();
  };
  while (i < p.length) {
    if (p.startsWith('..', i)) {
      i += 2;
      if (p[i] === '*') {
        i++;
        segments.push({ kind: 'deep', name: null });
      } else if (p.startsWith('[*]', i)) {
        i += 3;
        segments.push({ kind: 'deep', name: null });
      } else if (p[i] === '[') {
        const names = bracket();
        if (names.kind !== 'name') throw pathError(path, 'deep scan of an index', 'UNSUPPORTED');
        segments.push({ kind: 'deep', name: names.name });
      } else segments.push({ kind: 'deep', name: name() });
    } else if (p[i] === '.') {
      i++;
      if (p[i] === '*') {
        i++;
        segments.push({ kind: 'wildcard' });
      } else if (p[i] === '[') segments.push(bracket());
      else segments.push({ kind: 'name', name: name() });
    } else if (p[i] === '[') segments.push(bracket());
    else throw pathError(path, `unexpected ${JSON.stringify(p[i])} at ${i}`);
  }
  return { segments, definite: segments.every((s) => s.kind === 'name' || s.kind === 'index') };

  function bracket(): Segment {
    const close = findClose(p, i);
    if (close < 0) throw pathError(path, `unclosed [ at ${i}`);
    const inner = p.slice(i + 1, close).trim();
    i = close + 1;
    if (inner === '*') return { kind: 'wildcard' };
    if (inner.startsWith('?') || inner.startsWith('(')) throw pathError(path, `filter or script ${JSON.stringify(inner)}`, 'UNSUPPORTED');
    const quoted = /^(['"])((?:\\.|(?!\1).)*)\1$/s.exec(inner);
    if (quoted) return { kind: 'name', name: quoted[2]!.replace(/\\(.)/gs, '$1') };
    if (/^\s*['"]/.test(inner)) throw pathError(path, `several properties ${JSON.stringify(inner)}`, 'UNSUPPORTED');
    if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
    if (/^-?\d+(\s*,\s*-?\d+)+$/.test(inner)) return { kind: 'union', indexes: inner.split(',').map((x) => Number(x.trim())) };
    const slice = /^(-?\d+)?\s*:\s*(-?\d+)?$/.exec(inner);
    if (slice) return { kind: 'slice', start: slice[1] === undefined ? undefined : Number(slice[1]), end: slice[2] === undefined ? undefined : Number(slice[2]) };
    throw pathError(path, `unsupported bracket ${JSON.stringify(inner)}`, 'UNSUPPORTED');
  }
}

function findClose(p: string, open: number): number {
  let quote: string | null = null;
  for (let k = open + 1; k < p.length; k++) {
    const c = p[k]!;
    if (quote) {
      if (c === '\\') k++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ']') return k;
  }
  return -1;
}

function element(list: unknown[], index: number): unknown {
  const k = index < 0 ? list.length + index : index;
  return k >= 0 && k < list.length ? list[k] : undefined;
}

/**
 * Evaluates a JSONPath over a parsed document. A definite path returns the value or `null` when
 * nothing is there (API Gateway renders a missing value as nothing rather than failing); an
 * indefinite one returns a `JsonArray` of the matches (missing ones skipped, as Jayway does).
 */
export function evaluateJsonPath(doc: unknown, path: string): unknown {
  const compiled = compileJsonPath(path);
  if (compiled.definite) {
    let cur: unknown = doc;
    for (const seg of compiled.segments) {
      if (seg.kind === 'name') cur = cur instanceof JMap && cur.has(seg.name) ? cur.get(seg.name) : undefined;
      else if (seg.kind === 'index') cur = Array.isArray(cur) ? element(cur, seg.index) : undefined;
      if (cur === undefined) return null;
    }
    return cur;
  }
  let current: unknown[] = [doc];
  for (const seg of compiled.segments) {
    const next: unknown[] = [];
    for (const node of current) {
      switch (seg.kind) {
        case 'name':
          if (node instanceof JMap && node.has(seg.name)) next.push(node.get(seg.name));
          break;
        case 'index':
          if (Array.isArray(node)) {
            const v = element(node, seg.index);
            if (v !== undefined) next.push(v);
          }
          break;
        case 'wildcard':
          if (node instanceof JMap) next.push(...node.values());
          else if (Array.isArray(node)) next.push(...node);
          break;
        case 'union':
          if (Array.isArray(node)) for (const k of seg.indexes) {
            const v = element(node, k);
            if (v !== undefined) next.push(v);
          }
          break;
        case 'slice':
          if (Array.isArray(node)) {
            const len = node.length;
            const norm = (x: number | undefined, dflt: number) => (x === undefined ? dflt : x < 0 ? Math.max(0, len + x) : Math.min(len, x));
            next.push(...node.slice(norm(seg.start, 0), norm(seg.end, len)));
          }
          break;
        case 'deep':
          scan(node, seg.name, next);
          break;
      }
    }
    current = next;
  }
  const out = new JsonArray();
  for (const v of current) out.push(v);
  return out;
}

/** `..name` / `..*`: every match below `node`, in document order. */
function scan(node: unknown, name: string | null, into: unknown[]): void {
  if (node instanceof JMap) {
    for (const e of node.list()) {
      if (name === null || e.key === name) into.push(e.value);
      scan(e.value, name, into);
    }
  } else if (Array.isArray(node)) {
    for (const v of node) {
      if (name === null) into.push(v);
      scan(v, name, into);
    }
  }
}
