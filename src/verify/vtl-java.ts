/**
 * The Java side of API Gateway's mapping templates: the values a template sees and the methods it can
 * call on them behave like the Java objects API Gateway's Velocity 1.7 engine hands it.
 *
 * Value model (JavaScript value -> the Java value it stands for):
 * - `string` -> `java.lang.String`; `boolean` -> `Boolean`; `null`/`undefined` -> `null`.
 * - an integer `number` -> `Integer`/`Long`; a `JavaNumber` -> a `Double` (or an integer too big
 *   for a JavaScript number), so `2.0` stays `2.0` when rendered, as `Double.toString` prints it.
 * - `JMap` -> `java.util.LinkedHashMap` (or, case-insensitive and sorted, the `TreeMap` of headers).
 * - a plain array -> `java.util.ArrayList`; `JsonArray` -> json-smart's `JSONArray` (what Jayway
 *   JsonPath returns for JSON arrays), whose `toString()` is JSON; `JavaStringArray` -> `String[]`.
 *
 * Nothing here knows about templates; `vtl.ts` calls these functions.
 */
import { JavaException } from './vtl-error.js';
import { utf8Text } from '../utf8.js';

// ---------------------------------------------------------------------------------------------
// Values

/** A Java `Double` (kind `double`) or an integer beyond 2^53 (kind `integer`, exact digits kept in `text`). */
export class JavaNumber {
  constructor(
    readonly value: number,
    readonly kind: 'double' | 'integer',
    readonly text?: string,
  ) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return this.kind === 'integer' ? (this.text ?? integerToString(this.value)) : javaDoubleToString(this.value);
  }
}

/** One entry of `Map.entrySet()`; `toString()` is `key=value` as in `java.util.AbstractMap.SimpleEntry`. */
export class MapEntry {
  constructor(
    readonly key: unknown,
    readonly value: unknown,
  ) {}
}

/** json-smart's `JSONArray`: a list whose `toString()` is compact JSON (Jayway JsonPath returns these). */
export class JsonArray extends Array<unknown> {}

/** A Java `String[]` (from `String.split`): a list to VTL, but `toString()` is an identity string. */
export class JavaStringArray extends Array<string> {}

/**
 * A `java.util.Map`. Insertion-ordered like `LinkedHashMap`; with `caseInsensitive`, keys compare and
 * sort like `new TreeMap<>(String.CASE_INSENSITIVE_ORDER)` (the first spelling of a key is kept).
 */
export class JMap {
  private readonly entries = new Map<unknown, { key: unknown; value: unknown }>();
  constructor(readonly caseInsensitive = false) {}

  private norm(key: unknown): unknown {
    return this.caseInsensitive && typeof key === 'string' ? foldCase(key) : key;
  }
  get size(): number {
    return this.entries.size;
  }
  has(key: unknown): boolean {
    return this.entries.has(this.norm(key));
  }
  get(key: unknown): unknown {
    return this.entries.get(this.norm(key))?.value;
  }
  /** `Map.put`: returns the previous value (or `undefined`). */
  put(key: unknown, value: unknown): unknown {
    const k = this.norm(key);
    const old = this.entries.get(k);
    if (old) {
      const previous = old.value;
      old.value = value;
      return previous;
    }
    this.entries.set(k, { key, value });
    return undefined;
  }
  remove(key: unknown): unknown {
    const k = this.norm(key);
    const old = this.entries.get(k);
    this.entries.delete(k);
    return old?.value;
  }
  clear(): void {
    this.entries.clear();
  }
  /** Entries in iteration order. */
  list(): MapEntry[] {
    const all = [...this.entries.values()];
    if (this.caseInsensitive) all.sort((a, b) => caseInsensitiveCompare(String(a.key), String(b.key)));
    return all.map((e) => new MapEntry(e.key, e.value));
  }
  keys(): unknown[] {
    return this.list().map((e) => e.key);
  }
  values(): unknown[] {
    return this.list().map((e) => e.value);
  }
}

/** Builds a `JMap` from a plain object, converting nested values with `toJava`. */
export function jmapOf(record: Record<string, unknown>, caseInsensitive = false): JMap {
  const m = new JMap(caseInsensitive);
  for (const [k, v] of Object.entries(record)) m.put(k, toJava(v));
  return m;
}

/** Plain JavaScript data (objects, arrays, numbers) to the value model. */
export function toJava(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(toJava);
  if (value instanceof JMap || value instanceof JavaNumber || value instanceof MapEntry) return value;
  if (typeof value === 'object') return jmapOf(value as Record<string, unknown>);
  if (typeof value === 'number' && !Number.isInteger(value)) return new JavaNumber(value, 'double');
  if (typeof value === 'bigint') return new JavaNumber(Number(value), 'integer', value.toString());
  return value;
}

/** `true` for anything the template sees as a `java.util.Map`. */
export function isMap(v: unknown): v is JMap {
  return v instanceof JMap;
}

/** A number of any kind: `Integer`, `Long`, `Double`. */
export function isNumber(v: unknown): v is number | JavaNumber {
  return typeof v === 'number' || v instanceof JavaNumber;
}

/** Integer-valued (`Integer`/`Long`, not `Double`). */
export function isIntegral(v: unknown): boolean {
  return (typeof v === 'number' && Number.isInteger(v)) || (v instanceof JavaNumber && v.kind === 'integer');
}

/** Velocity 1.7 truthiness: only `null` and `Boolean.FALSE` are false (an empty string or 0 is true). */
export function truthy(v: unknown): boolean {
  return v !== null && v !== undefined && v !== false;
}

// ---------------------------------------------------------------------------------------------
// toString / equals

function integerToString(n: number): string {
  if (Object.is(n, -0)) return '0';
  return Math.abs(n) < 1e21 ? n.toString() : BigInt(n).toString();
}

/** `Double.toString(d)`: `2.0`, `0.001`, `1.0E7`, `1.0E-4`, `NaN`, `Infinity`. */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = d.toString(); // plain notation in this range, shortest digits (as Java >= 19)
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mant, exp] = d.toExponential().split('e') as [string, string];
  return `${mant.includes('.') ? mant : `${mant}.0`}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

/** `String.valueOf(v)` for the value model, as Velocity renders a non-null reference. */
export function javaToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return Number.isInteger(v) ? integerToString(v) : javaDoubleToString(v);
    case 'bigint':
      return v.toString();
    default:
      break;
  }
  if (v instanceof JavaNumber) return v.toString();
  if (v instanceof JsonArray) return toJsonText(v, true);
  if (v instanceof JavaStringArray) return '[Ljava.lang.String;@1b6d3586';
  if (Array.isArray(v)) return `[${v.map((x) => (x === v ? '(this Collection)' : javaToString(x))).join(', ')}]`;
  if (v instanceof JMap) return `{${v.list().map((e) => `${mapPart(e.key, v)}=${mapPart(e.value, v)}`).join(', ')}}`;
  if (v instanceof MapEntry) return `${javaToString(v.key)}=${javaToString(v.value)}`;
  const named = (v as { vtlToString?: () => string }).vtlToString;
  return typeof named === 'function' ? named.call(v) : String(v);
}

function mapPart(x: unknown, self: JMap): string {
  return x === self ? '(this Map)' : javaToString(x);
}

/** `a.equals(b)` (not Velocity's `==`, which compares numbers by value; see `velocityEquals`). */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (isNumber(a) && isNumber(b)) {
    if (isIntegral(a) !== isIntegral(b)) return false;
    return Object.is(Number(a), Number(b)) || Number(a) === Number(b);
  }
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => javaEquals(x, b[i]));
  if (a instanceof JMap && b instanceof JMap) {
    if (a.size !== b.size) return false;
    return a.list().every((e) => b.has(e.key) && javaEquals(e.value, b.get(e.key)));
  }
  if (a instanceof MapEntry && b instanceof MapEntry) return javaEquals(a.key, b.key) && javaEquals(a.value, b.value);
  return a === b;
}

/**
 * Velocity 1.7 `==` (ASTEQNode): numbers compare by value whatever their class; objects of related
 * classes use `equals`; anything else compares `toString()`s; `null == null` only.
 */
export function velocityEquals(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) return Number(a) === Number(b);
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn;
  if (javaClassOf(a) === javaClassOf(b)) return javaEquals(a, b);
  return javaToString(a) === javaToString(b);
}

function javaClassOf(v: unknown): string {
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (Array.isArray(v)) return 'List';
  if (v instanceof JMap) return 'Map';
  if (v instanceof MapEntry) return 'Entry';
  return typeof v;
}

// ---------------------------------------------------------------------------------------------
// JSON text (json-smart, which Jayway JsonPath uses)

/**
 * Compact JSON as json-smart writes it: `toString()` of a `JSONArray` uses `JSONStyle.NO_COMPRESS`,
 * which also escapes `/` (`web` = true); `JSONStyle.LT_COMPRESS` does not. Both escape U+007F-U+009F
 * and U+2000-U+20FF as `\uXXXX` (uppercase hex). Doubles print as `Double.toString` does.
 */
export function toJsonText(v: unknown, web = false): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return jsonString(v, web);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'null';
    return javaToString(v);
  }
  if (v instanceof JavaNumber) return Number.isFinite(v.value) ? v.toString() : 'null';
  if (Array.isArray(v)) return `[${v.map((x) => toJsonText(x, web)).join(',')}]`;
  if (v instanceof JMap) return `{${v.list().map((e) => `${jsonString(javaToString(e.key), web)}:${toJsonText(e.value, web)}`).join(',')}}`;
  return jsonString(javaToString(v), web);
}

function jsonString(s: string, web: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    switch (ch) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x2f: out += web ? '\\/' : '/'; break;
      default:
        if (ch <= 0x1f || (ch >= 0x7f && ch <= 0x9f) || (ch >= 0x2000 && ch <= 0x20ff)) out += `\\u${hex4(ch)}`;
        else out += s[i];
    }
  }
  return `${out}"`;
}

function hex4(ch: number): string {
  return ch.toString(16).toUpperCase().padStart(4, '0');
}

// ---------------------------------------------------------------------------------------------
// $util functions

/**
 * `StringEscapeUtils.escapeJavaScript` of Apache commons-lang 2.x (2.4+; lang3's `escapeEcmaScript`
 * gives the same output): `'` -> `\'`, `"` -> `\"`, `\` -> `\\`, `/` -> `\/`, `\b \f \n \r \t`,
 * other chars below 0x20 -> `\u00XX`, chars above 0x7f -> `\uXXXX` (uppercase hex, one escape per
 * UTF-16 unit). 0x7f itself is kept.
 */
export function escapeJavaScript(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch > 0x7f) out += `\\u${hex4(ch)}`;
    else if (ch < 32) {
      switch (ch) {
        case 0x08: out += '\\b'; break;
        case 0x0a: out += '\\n'; break;
        case 0x09: out += '\\t'; break;
        case 0x0c: out += '\\f'; break;
        case 0x0d: out += '\\r'; break;
        default: out += `\\u${hex4(ch)}`;
      }
    } else {
      switch (ch) {
        case 0x27: out += "\\'"; break;
        case 0x22: out += '\\"'; break;
        case 0x5c: out += '\\\\'; break;
        case 0x2f: out += '\\/'; break;
        default: out += s[i];
      }
    }
  }
  return out;
}

/**
 * `java.net.URLDecoder.decode(s, "UTF-8")`: `+` -> space; each run of `%XX` is decoded as UTF-8
 * (malformed bytes -> U+FFFD); any other char is kept. A `%` not followed by two hex digits throws
 * `IllegalArgumentException`.
 */
export function urlDecode(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '+') {
      out += ' ';
      i++;
    } else if (ch === '%') {
      const bytes: number[] = [];
      while (i < s.length && s[i] === '%') {
        const hex = s.slice(i + 1, i + 3);
        if (hex.length < 2) throw new JavaException('java.lang.IllegalArgumentException', 'URLDecoder: Incomplete trailing escape (%) pattern');
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
          throw new JavaException('java.lang.IllegalArgumentException', `URLDecoder: Illegal hex characters in escape (%) pattern - For input string: "${hex}"`);
        }
        bytes.push(parseInt(hex, 16));
        i += 3;
      }
      out += utf8Text(Uint8Array.from(bytes));
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Standard base64 (RFC 4648, padded, no line breaks) of the UTF-8 bytes. */
export function base64Encode(s: string): string {
  return Buffer.from(new TextEncoder().encode(javaUtf8Safe(s))).toString('base64');
}

/**
 * Base64 -> bytes -> UTF-8 text, like `java.util.Base64.getDecoder()` (standard alphabet only; padding
 * optional, but if present it must be right) followed by `new String(bytes, UTF_8)`.
 */
export function base64Decode(s: string): string {
  const ok = /^[A-Za-z0-9+/]*$/.test(s.replace(/={1,2}$/, '')) && s.length % 4 !== 1 && (!/=/.test(s) || s.length % 4 === 0);
  if (!ok) throw new JavaException('java.lang.IllegalArgumentException', `Illegal base64 input: ${s.slice(0, 40)}`);
  return utf8Text(Buffer.from(s, 'base64'));
}

/** Java's UTF-8 encoder replaces unpaired surrogates with `?`. */
function javaUtf8Safe(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '?');
}

// ---------------------------------------------------------------------------------------------
// java.lang.String

/** `String.CASE_INSENSITIVE_ORDER`. */
export function caseInsensitiveCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let c1 = a.charCodeAt(i);
    let c2 = b.charCodeAt(i);
    if (c1 !== c2) {
      c1 = upperChar(c1);
      c2 = upperChar(c2);
      if (c1 !== c2) {
        c1 = lowerChar(c1);
        c2 = lowerChar(c2);
        if (c1 !== c2) return c1 - c2;
      }
    }
  }
  return a.length - b.length;
}

function upperChar(c: number): number {
  const u = String.fromCharCode(c).toUpperCase();
  return u.length === 1 ? u.charCodeAt(0) : c;
}
function lowerChar(c: number): number {
  const l = String.fromCharCode(c).toLowerCase();
  return l.length === 1 ? l.charCodeAt(0) : c;
}

/** A key under which strings equal by `CASE_INSENSITIVE_ORDER` collide. */
export function foldCase(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(lowerChar(upperChar(s.charCodeAt(i))));
  return out;
}

/** `String.trim()`: strips chars <= U+0020 (not Unicode spaces, unlike JavaScript's `trim`). */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** `String.hashCode()`. */
export function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

// ---------------------------------------------------------------------------------------------
// java.util.regex on top of JavaScript RegExp

/** A Java pattern compiled to a JavaScript RegExp (always with the `u` flag, as Java matches code points). */
export interface JavaRegex {
  re: RegExp;
  groupCount: number;
  groupNames: Set<string>;
  multiline: boolean;
}

const LINE_TERM = '(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])';
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: JAVA_SPACE,
};
const UNICODE_PROPS: Record<string, string> = {
  L: 'L', IsL: 'L', IsLetter: 'L', IsAlphabetic: 'Alphabetic', Lu: 'Lu', IsLu: 'Lu', Ll: 'Ll', IsLl: 'Ll',
  IsUppercase: 'Uppercase', IsLowercase: 'Lowercase', N: 'N', Nd: 'Nd', IsDigit: 'Nd', P: 'P', IsPunctuation: 'P',
  S: 'S', Z: 'Z', Zs: 'Zs', C: 'C', Cc: 'Cc', M: 'M', IsWhite_Space: 'White_Space', IsWhiteSpace: 'White_Space',
  javaLetter: 'L', javaDigit: 'Nd',
};

const compiledRegexCache = new Map<string, JavaRegex>();

function syntaxError(message: string, pattern: string, index: number): JavaException {
  return new JavaException('java.util.regex.PatternSyntaxException', `${message} near index ${index}\n${pattern}`);
}
function unsupported(feature: string, pattern: string): JavaException {
  return new JavaException('java.util.regex.Pattern', `${feature} is not emulated (pattern ${JSON.stringify(pattern)})`, 'UNSUPPORTED');
}

/** A char written so it means itself inside or outside a character class of a `u`-flag RegExp. */
function literalChar(ch: string, inClass = false): string {
  if (ch === '-') return inClass ? '\\-' : '-';
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/**
 * `Pattern.compile(pattern)`, translated: `\s` and `.` and `$` keep their Java meaning, `\Q...\E`
 * quotes, any non-alphanumeric char may be escaped (`\'` is a quote). Features JavaScript has no
 * equivalent for (possessive quantifiers, atomic groups, class intersections, mid-pattern flags)
 * throw `UNSUPPORTED`.
 */
export function compileJavaRegex(pattern: string): JavaRegex {
  const cached = compiledRegexCache.get(pattern);
  if (cached) return cached;
  let i = 0;
  let flags = 'u';
  let dotall = false;
  let multiline = false;
  let unixLines = false;
  // Leading inline flags: (?i) (?s) (?m) (?d) (?u), combinable.
  for (let m = /^\(\?([idmsuxU]+)\)/.exec(pattern.slice(i)); m; m = /^\(\?([idmsuxU]+)\)/.exec(pattern.slice(i))) {
    for (const f of m[1]!) {
      if (f === 'i' && !flags.includes('i')) flags += 'i';
      else if (f === 's') dotall = true;
      else if (f === 'm') multiline = true;
      else if (f === 'd') unixLines = true;
      else if (f === 'x' || f === 'U') throw unsupported(`inline flag (?${f})`, pattern);
    }
    i += m[0].length;
  }
  if (multiline) flags += 'm';
  let out = '';
  let groupCount = 0;
  const groupNames = new Set<string>();
  let inClass = false;
  let classFresh = false; // just after `[` or `[^`: a `]` here is literal in Java
  const lineTerm = unixLines ? '\\n' : LINE_TERM;

  while (i < pattern.length) {
    const cp = pattern.codePointAt(i)!;
    const c = String.fromCodePoint(cp);
    const wasFresh = classFresh;
    classFresh = false;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) throw syntaxError('Unexpected internal error', pattern, i + 1);
      i += 2;
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i);
        const lit = end < 0 ? pattern.slice(i) : pattern.slice(i, end);
        out += [...lit].map((ch) => literalChar(ch, inClass)).join('');
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      if (n === 'E') continue;
      if (/[1-9]/.test(n)) {
        if (inClass) throw syntaxError('Illegal/unsupported escape sequence', pattern, i - 1);
        let num = n;
        while (/[0-9]/.test(pattern[i] ?? '') && Number(num + pattern[i]) <= groupCount) num += pattern[i++];
        out += `\\${num}`;
        continue;
      }
      switch (n) {
        case '0': {
          const m = /^[0-7]{1,3}/.exec(pattern.slice(i));
          if (!m) throw syntaxError('Illegal octal escape sequence', pattern, i);
          let digits = m[0];
          if (digits.length === 3 && Number(digits[0]) > 3) digits = digits.slice(0, 2);
          i += digits.length;
          out += literalChar(String.fromCharCode(parseInt(digits, 8)), inClass);
          continue;
        }
        case 't': case 'n': case 'r': case 'f': case 'd': case 'D': case 'w': case 'W':
          out += `\\${n}`;
          continue;
        case 'a': out += '\\x07'; continue;
        case 'e': out += '\\x1B'; continue;
        case 'x': {
          const m = /^(?:([0-9A-Fa-f]{2})|\{([0-9A-Fa-f]+)\})/.exec(pattern.slice(i));
          if (!m) throw syntaxError('Illegal hexadecimal escape sequence', pattern, i);
          i += m[0].length;
          out += `\\u{${m[1] ?? m[2]}}`;
          continue;
        }
        case 'u': {
          const m = /^[0-9A-Fa-f]{4}/.exec(pattern.slice(i));
          if (!m) throw syntaxError('Illegal Unicode escape sequence', pattern, i);
          i += 4;
          out += `\\u${m[0]}`;
          continue;
        }
        case 'c': {
          const x = pattern[i];
          if (x === undefined) throw syntaxError('Illegal control escape sequence', pattern, i);
          i++;
          out += literalChar(String.fromCharCode(x.charCodeAt(0) ^ 64), inClass);
          continue;
        }
        case 's': out += inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`; continue;
        case 'S':
          if (inClass) throw unsupported('\\S inside a character class', pattern);
          out += `[^${JAVA_SPACE}]`;
          continue;
        case 'h': out += inClass ? ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000' : '[ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]'; continue;
        case 'v': out += inClass ? '\\n\\x0B\\f\\r\\x85\\u2028\\u2029' : '[\\n\\x0B\\f\\r\\x85\\u2028\\u2029]'; continue;
        case 'H': case 'V':
          if (inClass) throw unsupported(`\\${n} inside a character class`, pattern);
          out += n === 'H' ? '[^ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]' : '[^\\n\\x0B\\f\\r\\x85\\u2028\\u2029]';
          continue;
        case 'R':
          if (inClass) throw syntaxError('Illegal/unsupported escape sequence', pattern, i - 1);
          out += '(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])';
          continue;
        case 'b': case 'B':
          if (inClass) throw syntaxError('Illegal/unsupported escape sequence', pattern, i - 1);
          out += `\\${n}`;
          continue;
        case 'A': out += '(?<![\\s\\S])'; continue;
        case 'z': out += '(?![\\s\\S])'; continue;
        case 'Z': out += `(?=${lineTerm}?(?![\\s\\S]))`; continue;
        case 'k': {
          const m = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(pattern.slice(i));
          if (!m) throw syntaxError('\\k is not followed by \'<\' for named capturing group', pattern, i);
          i += m[0].length;
          out += `\\k<${m[1]}>`;
          continue;
        }
        case 'p': case 'P': {
          const m = /^(?:\{(\^?)([A-Za-z_]+)(?:=([A-Za-z_]+))?\}|([A-Za-z]))/.exec(pattern.slice(i));
          if (!m) throw syntaxError('Unknown character property name', pattern, i);
          i += m[0].length;
          let negate = n === 'P';
          if (m[1]) negate = !negate;
          const name = (m[3] ?? m[2] ?? m[4])!;
          const posix = POSIX[name] ?? (name.startsWith('Is') ? POSIX[name.slice(2)] : undefined);
          if (posix !== undefined) {
            if (negate && inClass) throw unsupported(`\\P{${name}} inside a character class`, pattern);
            out += inClass ? posix : `[${negate ? '^' : ''}${posix}]`;
          } else if (UNICODE_PROPS[name]) {
            out += `\\${negate ? 'P' : 'p'}{${UNICODE_PROPS[name]}}`;
          } else throw unsupported(`\\p{${name}}`, pattern);
          continue;
        }
        default:
          if (/[A-Za-z0-9]/.test(n)) {
            if ('GNXK'.includes(n)) throw unsupported(`\\${n}`, pattern);
            throw syntaxError('Illegal/unsupported escape sequence', pattern, i - 1);
          }
          // Java lets any other char be escaped to mean itself (`\'`, `\"`, `\-`, `\/`).
          out += literalChar(n, inClass);
          continue;
      }
    }
    if (inClass) {
      if (c === ']' && !wasFresh) {
        out += ']';
        inClass = false;
      } else if (c === ']') out += '\\]';
      else if (c === '[') throw unsupported('a nested character class (union)', pattern);
      else if (c === '&' && pattern[i + 1] === '&') throw unsupported('a character class intersection (&&)', pattern);
      else if (c === '^') out += '\\^';
      else out += c === '-' ? '-' : c;
      i += c.length;
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        classFresh = true;
        out += '[';
        if (pattern[i + 1] === '^') {
          out += '^';
          i++;
        }
        i++;
        continue;
      case '.':
        out += dotall ? '[\\s\\S]' : unixLines ? '[^\\n]' : '[^\\n\\r\\u0085\\u2028\\u2029]';
        i++;
        continue;
      case '$':
        out += multiline ? '$' : `(?=${lineTerm}?(?![\\s\\S]))`;
        i++;
        continue;
      case '(': {
        const rest = pattern.slice(i + 1);
        if (rest.startsWith('?')) {
          const named = /^\?<([a-zA-Z][a-zA-Z0-9]*)>/.exec(rest);
          if (named) {
            groupCount++;
            groupNames.add(named[1]!);
            out += `(?<${named[1]}>`;
            i += 1 + named[0].length;
          } else if (/^\?(?::|=|!|<=|<!)/.test(rest)) {
            const m = /^\?(?::|=|!|<=|<!)/.exec(rest)!;
            out += `(${m[0]}`;
            i += 1 + m[0].length;
          } else if (rest.startsWith('?>')) throw unsupported('an atomic group (?>...)', pattern);
          else throw unsupported('an inline flag group after the start of the pattern', pattern);
        } else {
          groupCount++;
          out += '(';
          i++;
        }
        continue;
      }
      case '*': case '+': case '?': case '}': {
        if (c === '}') {
          out += '\\}';
          i++;
          continue;
        }
        out += c;
        i++;
        if (pattern[i] === '+') throw unsupported('a possessive quantifier', pattern);
        continue;
      }
      case '{': {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!m) throw syntaxError('Illegal repetition', pattern, i);
        out += m[0];
        i += m[0].length;
        if (pattern[i] === '+') throw unsupported('a possessive quantifier', pattern);
        continue;
      }
      case ']':
        out += '\\]';
        i++;
        continue;
      default:
        out += c;
        i += c.length;
    }
  }
  if (inClass) throw syntaxError('Unclosed character class', pattern, pattern.length - 1);
  let re: RegExp;
  try {
    re = new RegExp(out, `${flags}g`);
  } catch (e) {
    throw syntaxError((e as Error).message, pattern, 0);
  }
  const compiled = { re, groupCount, groupNames, multiline };
  if (compiledRegexCache.size > 500) compiledRegexCache.clear();
  compiledRegexCache.set(pattern, compiled);
  return compiled;
}

/** Every match, advancing past empty matches by one UTF-16 unit as `Matcher.find` does. */
function findAll(rx: JavaRegex, s: string): RegExpExecArray[] {
  const re = new RegExp(rx.re.source, rx.re.flags);
  const found: RegExpExecArray[] = [];
  let from = 0;
  while (from <= s.length) {
    re.lastIndex = from;
    const m = re.exec(s);
    if (!m) break;
    found.push(m);
    from = m[0].length === 0 ? m.index + 1 : m.index + m[0].length;
  }
  return found;
}

/** `Matcher.appendReplacement`'s reading of the replacement: `$n`, `${name}`, `\x` escapes. */
function expandReplacement(rep: string, m: RegExpExecArray, rx: JavaRegex): string {
  let out = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i]!;
    if (c === '\\') {
      i++;
      if (i >= rep.length) throw new JavaException('java.lang.IllegalArgumentException', 'character to be escaped is missing');
      out += rep[i];
    } else if (c === '$') {
      i++;
      if (i >= rep.length) throw new JavaException('java.lang.IllegalArgumentException', 'Illegal group reference: group index is missing');
      if (rep[i] === '{') {
        const end = rep.indexOf('}', i);
        const name = end < 0 ? '' : rep.slice(i + 1, end);
        if (end < 0 || !/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) throw new JavaException('java.lang.IllegalArgumentException', 'named capturing group is missing trailing \'}\'');
        if (!rx.groupNames.has(name)) throw new JavaException('java.lang.IllegalArgumentException', `No group with name {${name}}`);
        out += m.groups?.[name] ?? '';
        i = end;
      } else {
        if (!/[0-9]/.test(rep[i]!)) throw new JavaException('java.lang.IllegalArgumentException', 'Illegal group reference');
        let ref = Number(rep[i]);
        while (i + 1 < rep.length && /[0-9]/.test(rep[i + 1]!)) {
          const next = ref * 10 + Number(rep[i + 1]);
          if (next > rx.groupCount) break;
          ref = next;
          i++;
        }
        if (ref > rx.groupCount) throw new JavaException('java.lang.IndexOutOfBoundsException', `No group ${ref}`);
        out += m[ref] ?? '';
      }
    } else out += c;
  }
  return out;
}

/** `String.replaceAll(regex, replacement)` / `replaceFirst`. */
export function javaReplace(s: string, regex: string, replacement: string, all: boolean): string {
  const rx = compileJavaRegex(regex);
  let matches = findAll(rx, s);
  if (!all) matches = matches.slice(0, 1);
  let out = '';
  let last = 0;
  for (const m of matches) {
    out += s.slice(last, m.index) + expandReplacement(replacement, m, rx);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

/** `String.matches(regex)`: the whole string must match. */
export function javaMatches(s: string, regex: string): boolean {
  const rx = compileJavaRegex(regex);
  return new RegExp(`(?<![\\s\\S])(?:${rx.re.source})(?![\\s\\S])`, rx.re.flags.replace('g', '')).test(s);
}

/** `String.split(regex, limit)`, Java 8+ rules (no leading empty string for a zero-width match at 0). */
export function javaSplit(s: string, regex: string, limit = 0): JavaStringArray {
  const rx = compileJavaRegex(regex);
  const list: string[] = [];
  let index = 0;
  const limited = limit > 0;
  for (const m of findAll(rx, s)) {
    const start = m.index;
    const end = m.index + m[0].length;
    if (!limited || list.length < limit - 1) {
      if (index === 0 && start === 0 && start === end) continue;
      list.push(s.slice(index, start));
      index = end;
    } else if (list.length === limit - 1) {
      list.push(s.slice(index));
      index = end;
      break;
    }
  }
  const result = new JavaStringArray();
  if (index === 0) {
    result.push(s);
    return result;
  }
  if (!limited || list.length < limit) list.push(s.slice(index));
  let size = list.length;
  if (limit === 0) while (size > 0 && list[size - 1] === '') size--;
  for (let k = 0; k < size; k++) result.push(list[k]!);
  return result;
}
