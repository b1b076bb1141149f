/**
 * The value of a Python str or bytes literal, as Python reads it: escapes decoded, a raw literal's
 * backslashes kept. The literal is found by the lexer's own matcher (grammars/python-repr), which
 * tells where its body is, its kind, and whether anything in it needs decoding; both the grammar's
 * visitor and the fast path read literals here.
 */
import { matchStringLiteral, type StringLiteralExtent } from '../../grammars/python-repr/lexer.js';
import type { PyBytes } from './types.js';

/** The value of the literal `extent` describes in `text` (as matchStringLiteral found it there). */
export function literalValue(text: string, extent: StringLiteralExtent): string | PyBytes {
  const body = text.slice(extent.bodyStart, extent.bodyEnd);
  const escapes = extent.escaped && !extent.raw;
  return extent.bytes ? decodeBytes(body, escapes) : decodeStr(body, escapes);
}

/** The value of a literal token's image (the grammar's StringLiteral or BytesLiteral). */
export function tokenValue(image: string): string | PyBytes {
  return literalValue(image, matchStringLiteral(image, 0)!);
}

const SIMPLE_ESCAPES = new Map([
  ['\\', 0x5c],
  ["'", 0x27],
  ['"', 0x22],
  ['a', 0x07],
  ['b', 0x08],
  ['f', 0x0c],
  ['n', 0x0a],
  ['r', 0x0d],
  ['t', 0x09],
  ['v', 0x0b],
]);

/** The number spelled by `count` digits of `radix` at `body[from]`, or NaN. A body can hold millions of escapes. */
function digits(body: string, from: number, count: number, radix: 8 | 16): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = body.charCodeAt(i); // NaN past the end, which is no digit
    const lower = c | 0x20;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : radix;
    if (d >= radix) return NaN;
    n = n * radix + d;
  }
  return n;
}

/**
 * The escape sequence at `body[i]` (a backslash), as Python reads it: the code it stands for
 * (-1 for a line continuation) and its length; undefined when Python keeps the backslash as a
 * character (`\_`, `\N{...}`, and `\u` in bytes).
 */
function readEscape(body: string, i: number, bytes: boolean): { code: number; length: number } | undefined {
  const next = body[i + 1];
  if (next === undefined) return undefined;
  if (next === '\n') return { code: -1, length: 2 };
  if (next === '\r') return { code: -1, length: body[i + 2] === '\n' ? 3 : 2 };
  const simple = SIMPLE_ESCAPES.get(next);
  if (simple !== undefined) return { code: simple, length: 2 };
  if (next >= '0' && next <= '7') {
    let length = 2;
    while (length < 4 && body[i + length]! >= '0' && body[i + length]! <= '7') length++;
    const code = digits(body, i + 1, length - 1, 8);
    // Python 3 keeps only the low byte of an octal escape above \377 in bytes.
    return { code: bytes ? code & 0xff : code, length };
  }
  const count = next === 'x' ? 2 : bytes ? 0 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  const code = count === 0 ? NaN : digits(body, i + 2, count, 16);
  return code <= 0x10ffff ? { code, length: 2 + count } : undefined;
}

/** A str literal's body with its escapes (`escapes` false: a raw body, or one with no backslash). */
function decodeStr(body: string, escapes: boolean): string {
  if (!escapes) return body;
  // UTF-16LE written byte by byte and decoded natively: fast on huge bodies, and a lone surrogate
  // (which Python's str may hold) survives. No escape is shorter than what it stands for.
  const out = new Uint8Array(body.length * 2);
  let n = 0;
  const put = (unit: number) => {
    out[n++] = unit & 0xff;
    out[n++] = unit >> 8;
  };
  for (let i = 0; i < body.length; ) {
    const escape = body.charCodeAt(i) === 0x5c ? readEscape(body, i, false) : undefined;
    if (!escape) {
      put(body.charCodeAt(i++));
      continue;
    }
    i += escape.length;
    if (escape.code > 0xffff) {
      put(0xd800 + ((escape.code - 0x10000) >> 10));
      put(0xdc00 + ((escape.code - 0x10000) & 0x3ff));
    } else if (escape.code !== -1) {
      put(escape.code);
    }
  }
  return Buffer.from(out.buffer, 0, n).toString('utf16le');
}

const utf8Encoder = new TextEncoder();

/** A bytes literal's body with its escapes (`escapes` as for decodeStr). */
function decodeBytes(body: string, escapes: boolean): PyBytes {
  // Python allows only ASCII in a bytes literal; other characters are kept as their UTF-8.
  const ascii = !/[^\x00-\x7f]/.test(body);
  if (ascii && !escapes) {
    // Nothing to decode (most bodies and header values): each character is its byte.
    const copy = Buffer.from(body, 'latin1');
    return { type: 'bytes', value: new Uint8Array(copy.buffer, copy.byteOffset, copy.length) };
  }
  const out = new Uint8Array(ascii ? body.length : body.length * 3);
  let n = 0;
  for (let i = 0; i < body.length; ) {
    const c = body.charCodeAt(i);
    const escape = c === 0x5c && escapes ? readEscape(body, i, true) : undefined;
    if (escape) {
      if (escape.code !== -1) out[n++] = escape.code;
      i += escape.length;
    } else if (c < 0x80) {
      out[n++] = c;
      i++;
    } else {
      const char = String.fromCodePoint(body.codePointAt(i)!);
      n += utf8Encoder.encodeInto(char, out.subarray(n)).written;
      i += char.length;
    }
  }
  return { type: 'bytes', value: n === out.length ? out : out.slice(0, n) };
}
