/**
 * Writers of the Python text botocore logs, for tests that build their own input: `repr()` of
 * the params dict, `json.dumps()` of a JSON-protocol body, and `percent_encode()` of URL parts.
 * Each follows CPython's own rules, so a test can put any value where a real log would hold it.
 */

/** A Python object whose repr is given as is (`<botocore.config.Config object at 0x7f...>`). */
export class PyObject {
  constructor(readonly repr: string) {}
}

export type PyValue = string | Uint8Array | number | boolean | null | PyObject | PyValue[] | { [key: string]: PyValue };

/** Characters `str.isprintable()` refuses: other (C*) and separator (Z*) categories, ASCII space aside. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/** The quote CPython picks: single, unless the text holds `'` and no `"`. */
function quoteFor(text: string): string {
  return text.includes("'") && !text.includes('"') ? '"' : "'";
}

/** `repr(s)` of a str (CPython's unicode_repr). */
export function strRepr(text: string): string {
  const quote = quoteFor(text);
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f || !UNPRINTABLE.test(ch)) out += ch;
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out + quote;
}

/** `repr(b)` of bytes: printable ASCII as is, everything else `\xNN`. */
export function bytesRepr(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  const quote = quoteFor(text);
  let out = `b${quote}`;
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (b < 0x20 || b >= 0x7f) out += `\\x${hex(b, 2)}`;
    else out += ch;
  }
  return out + quote;
}

/** `repr()` of a value as botocore's params dict holds it. */
export function pyRepr(value: PyValue): string {
  if (typeof value === 'string') return strRepr(value);
  if (value instanceof Uint8Array) return bytesRepr(value);
  if (value instanceof PyObject) return value.repr;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${strRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * `json.dumps(value)` as botocore's JSON serializer calls it: `", "` and `": "` separators, and
 * `ensure_ascii`, so everything outside printable ASCII is a `\uXXXX` escape (astral characters
 * as their surrogate pair).
 */
export function pyJsonDumps(value: JsonValue): string {
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${pyJsonDumps(k)}: ${pyJsonDumps(v)}`).join(', ')}}`;
}

/**
 * botocore's `percent_encode(text, safe)`: `urllib.parse.quote` over the UTF-8 bytes, which
 * keeps letters, digits and `_.-~` and whatever `safe` adds (botocore's default adds nothing more).
 */
export function percentEncode(text: string, safe = ''): string {
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) {
    const ch = String.fromCharCode(b);
    out += /[A-Za-z0-9_.~-]/.test(ch) || (b < 0x80 && safe.includes(ch)) ? ch : `%${hex(b, 2).toUpperCase()}`;
  }
  return out;
}
