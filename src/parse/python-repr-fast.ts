/**
 * A fast path for the Python reprs botocore logs: one pass over the characters, no tokens, no
 * CST. A big log holds thousands of params dicts and header dicts, all well formed, and reading
 * them through the chevrotain grammar was most of its parse time.
 *
 * The grammar (grammars/python-repr) stays the definition. This reader accepts only what the
 * grammar accepts, token for token (the same literal and opaque matchers, the same token
 * patterns, the same keyword and call rules), returns the value the visitor would, and gives up
 * (undefined) at the first thing it is not sure of; that text then goes through the grammar, which
 * also says what is wrong. test/hostile/repr-fast.test.ts checks both agree.
 */
import { CallStart, Identifier, matchOpaque, matchStringLiteral, NumberLiteral } from '../../grammars/python-repr/lexer.js';
import { literalValue } from './python-literal.js';
import { stickyPattern } from './tokens.js';
import type { PyValue } from './types.js';

const NUMBER = stickyPattern(NumberLiteral);
const CALL_START = stickyPattern(CallStart);
const IDENTIFIER = stickyPattern(Identifier);

/** Thrown to give up; caught once at the top. */
const GIVE_UP = new Error('not a plain repr');

/**
 * Reads the one value `text` starts with (leading whitespace allowed) and returns where it ends,
 * or undefined when the grammar is needed to tell what it is or why it is not one. Brackets nested
 * deeper than `maxDepth` give undefined (the grammar's value-end scan refuses them).
 */
export function readReprFast(text: string, maxDepth: number): { value: PyValue; end: number } | undefined {
  let i = 0;
  let depth = 0;
  const enter = (): void => {
    if (++depth > maxDepth) throw GIVE_UP;
  };

  const skipSpace = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      // [ \t\r\n\f\v]
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) i++;
      else return;
    }
  };

  /** The code at `i` after whitespace, or -1 at the end. */
  const peek = (): number => {
    skipSpace();
    return i < text.length ? text.charCodeAt(i) : -1;
  };

  const expect = (code: number): void => {
    if (peek() !== code) throw GIVE_UP;
    i++;
  };

  const sticky = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    return re.exec(text)?.[0];
  };

  /** `value (',' value)* [',']` up to `close`; whether a comma was seen. */
  const elements = (close: number, out: PyValue[]): boolean => {
    let comma = false;
    if (peek() === close) {
      i++;
      return comma;
    }
    out.push(value());
    for (;;) {
      const c = peek();
      if (c === close) break;
      if (c !== 0x2c /* , */) throw GIVE_UP;
      i++;
      comma = true;
      if (peek() === close) break;
      out.push(value());
    }
    i++;
    return comma;
  };

  const braces = (): PyValue => {
    enter();
    i++;
    if (peek() === 0x7d /* } */) {
      i++;
      depth--;
      return { type: 'dict', entries: [] };
    }
    const first = value();
    if (peek() !== 0x3a /* : */) {
      // A set: `{a, b}` (an array, as the visitor has it).
      const items = [first];
      for (;;) {
        const c = peek();
        if (c === 0x7d) break;
        if (c !== 0x2c) throw GIVE_UP;
        i++;
        if (peek() === 0x7d) break;
        items.push(value());
      }
      i++;
      depth--;
      return items;
    }
    i++;
    const entries: Array<[PyValue, PyValue]> = [[first, value()]];
    for (;;) {
      const c = peek();
      if (c === 0x7d) break;
      if (c !== 0x2c) throw GIVE_UP;
      i++;
      if (peek() === 0x7d) break;
      const key = value();
      expect(0x3a);
      entries.push([key, value()]);
    }
    i++;
    depth--;
    return { type: 'dict', entries };
  };

  /** `Name(` ... `)`: arguments checked for syntax, the repr kept as written. */
  const call = (start: number): PyValue => {
    const argument = (): void => {
      skipSpace();
      // `name=` is a keyword argument when `name` lexes as an Identifier (not a keyword or a call).
      const name = sticky(IDENTIFIER);
      if (name !== undefined && name !== 'True' && name !== 'False' && name !== 'None' && text.charCodeAt(i + name.length) !== 0x28) {
        const after = i + name.length;
        let j = after;
        while (text.charCodeAt(j) === 0x20 || (text.charCodeAt(j) >= 0x09 && text.charCodeAt(j) <= 0x0d)) j++;
        if (text.charCodeAt(j) === 0x3d /* = */) i = j + 1;
      }
      value();
    };
    if (peek() !== 0x29 /* ) */) {
      argument();
      for (;;) {
        const c = peek();
        if (c === 0x29) break;
        if (c !== 0x2c) throw GIVE_UP;
        i++;
        if (peek() === 0x29) break;
        argument();
      }
    }
    i++;
    return { type: 'object', text: text.slice(start, i) };
  };

  /** The value at `i`; `outermost` when nothing encloses it, where a bare name or number gives up. */
  const value = (outermost = false): PyValue => {
    const c = peek();
    const start = i;
    switch (c) {
      case 0x7b /* { */:
        return braces();
      case 0x5b /* [ */: {
        enter();
        i++;
        const items: PyValue[] = [];
        elements(0x5d, items);
        depth--;
        return items;
      }
      case 0x28 /* ( */: {
        enter();
        i++;
        const items: PyValue[] = [];
        const comma = elements(0x29, items);
        depth--;
        // `(x)` is x itself; only a comma makes a tuple.
        return items.length === 1 && !comma ? items[0]! : items;
      }
      case 0x3c /* < */: {
        const e = matchOpaque(text, i);
        if (e === -1) throw GIVE_UP;
        i = e;
        return { type: 'object', text: text.slice(start, e) };
      }
      case -1:
        throw GIVE_UP;
    }
    // A literal, with its prefix letters: the lexer tries literals before numbers and names.
    const literal = matchStringLiteral(text, i);
    if (literal !== undefined) {
      if (!literal.closed) throw GIVE_UP;
      i = literal.end;
      return literalValue(text, literal);
    }
    const number = sticky(NUMBER);
    if (number !== undefined) {
      if (outermost) throw GIVE_UP;
      i += number.length;
      return Number(number.replace(/[lL]$/, ''));
    }
    const callStart = sticky(CALL_START);
    if (callStart !== undefined) {
      enter();
      i += callStart.length;
      const repr = call(start);
      depth--;
      return repr;
    }
    const name = sticky(IDENTIFIER);
    if (name === undefined || outermost) throw GIVE_UP;
    i += name.length;
    if (name === 'True') return true;
    if (name === 'False') return false;
    if (name === 'None') return null;
    return { type: 'object', text: name };
  };

  try {
    // The value-end scan ends a bracket, literal or opaque repr where this reader does, but takes a
    // run of name and number characters as one (`1x`, `a-b(1)`): a bare name or number alone is
    // left to the grammar, which says what such a run is.
    const result = value(true);
    return { value: result, end: i };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}
