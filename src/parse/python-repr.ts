/**
 * Python reprs as botocore's debug log prints them (`with params: {...}`, `Response headers:
 * {...}`, `headers={...}`), read into plain PyValue data.
 *
 * A log can be one 100 MB line when its newlines were lost, so the end of the value is found
 * first by a scan that only tracks quoting and bracket depth, and only that slice is lexed and
 * parsed. The same scan refuses values nested too deeply, before any recursion starts.
 */
import { createTokenInstance, EOF, tokenLabel, type IToken, type TokenType } from 'chevrotain';
import { advance, diagnostic, type Diagnostic, type DiagnosticCode, type Position } from '../diagnostics.js';
import type {
  BracesCstChildren,
  CallCstChildren,
  DictTailCstChildren,
  ElementsCstChildren,
  EntryCstChildren,
  ListCstChildren,
  ParensCstChildren,
  SetTailCstChildren,
  ValueCstChildren,
} from '../../grammars/python-repr/cst.js';
import {
  CallStart,
  Comma,
  LCurly,
  LParen,
  LSquare,
  matchOpaque,
  matchStringLiteral,
  NumberLiteral,
  pythonReprTokens,
  RCurly,
  RParen,
  RSquare,
  STRING_START_CHARS,
  WhiteSpace,
} from '../../grammars/python-repr/lexer.js';
import { pythonReprParser } from '../../grammars/python-repr/parser.js';
import { builtOnFirstUse } from '../../grammars/built-on-first-use.js';
import { tokenValue } from './python-literal.js';
import { readReprFast } from './python-repr-fast.js';
import type { Rebuilt } from './rebuilt.js';
import { stickyPattern, tokenEnd } from './tokens.js';
import type { PyBytes, PyDict, PyValue } from './types.js';
import { validUtf8Text } from '../utf8.js';

/** Brackets nested deeper than this are refused (REPR_TOO_DEEP) rather than risk the stack. */
export const MAX_REPR_DEPTH = 200;

/**
 * One value read from the start of a text. `end` is the 0-based offset in that text just past the
 * value (or, when `value` is undefined, where reading stopped); text after it is not read.
 */
export interface ReprResult {
  value: PyValue | undefined;
  end: number;
  diagnostics: Diagnostic[];
}

/**
 * Reads ONE Python repr value at the start of `text` (leading whitespace allowed) and stops right
 * after it. `at.pos` is where `text` starts in `at.source`; diagnostic positions are computed from
 * it (offset 0-based, line and column 1-based). Never throws on bad input: REPR_SYNTAX,
 * REPR_TRUNCATED or REPR_TOO_DEEP come back with `value` undefined. Well-formed values are read
 * by a one-pass reader (python-repr-fast.ts) that agrees with the grammar; `grammarOnly` skips it.
 * When `text` is `rebuiltFrom.text()`, positions and `end` point into `rebuiltFrom.original`.
 */
export function parsePythonRepr(
  text: string,
  at: { source: string; pos: Position },
  options: { grammarOnly?: boolean; rebuiltFrom?: Rebuilt } = {},
): ReprResult {
  const map = options.rebuiltFrom;
  const endIn = (offset: number): number => (map ? map.toOriginal(offset) : offset);
  const place = (offset: number): Position => (map ? advance(at.pos, map.original, map.toOriginal(offset)) : advance(at.pos, text, offset));
  // A well-formed value (nearly all of a log) is read in one pass, its end included.
  const read = options.grammarOnly ? undefined : readReprFast(text, MAX_REPR_DEPTH);
  if (read) return { value: read.value, end: endIn(read.end), diagnostics: [] };
  const extent = findValueEnd(text);
  const fail = (code: DiagnosticCode, offset: number, fields: Record<string, string | number>): ReprResult => ({
    value: undefined,
    end: endIn(extent.end),
    diagnostics: [diagnostic(code, at.source, place(offset), fields)],
  });
  if (extent.kind === 'too-deep') return fail('REPR_TOO_DEEP', extent.end, { limit: MAX_REPR_DEPTH });
  if (extent.kind === 'unclosed') return fail('REPR_TRUNCATED', extent.end, { expected: extent.expected });

  const lexed = pythonReprTokens().tokenize(text.slice(0, extent.end));
  const lexError = lexed.errors[0];
  // Parsing the tokens before an unlexable character tells what was expected in its place.
  const tokens = lexError ? lexed.tokens.filter((t) => t.startOffset < lexError.offset) : lexed.tokens;
  const parser = pythonReprParser();
  parser.input = tokens;
  const cst = parser.value();
  const parseError = parser.errors[0];

  if (parseError && parseError.token.tokenType !== EOF) {
    const expected = expectedAfter(tokens.slice(0, tokens.indexOf(parseError.token)));
    return fail('REPR_SYNTAX', parseError.token.startOffset, { expected, found: quote(parseError.token.image) });
  }
  if (lexError) {
    const found = text.slice(lexError.offset, lexError.offset + Math.max(1, lexError.length));
    const expected = parseError ? expectedAfter(tokens) : 'the end of the value';
    return fail('REPR_SYNTAX', lexError.offset, { expected, found: quote(found) });
  }
  if (parseError) {
    const last = tokens[tokens.length - 1];
    return fail('REPR_TRUNCATED', last ? tokenEnd(last) : extent.end, { expected: expectedAfter(tokens) });
  }
  return { value: visitor().value(cst.children, text), end: endIn(extent.end), diagnostics: [] };
}

export function isDict(value: PyValue | undefined): value is PyDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.type === 'dict';
}

/** A str as is, bytes as text (bytesToString); anything else has no text. */
export function asText(value: PyValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.type === 'bytes') return bytesToString(value);
  return undefined;
}

/**
 * A dict of text as pairs, in order: headers (botocore encodes their values to bytes before
 * sending), query strings and form fields. Numbers and booleans print as Python does; a list value
 * is a repeated key, as botocore keeps repeated query keys. Entries without text are skipped.
 */
export function stringPairs(value: PyValue | undefined): Array<[string, string]> {
  if (!isDict(value)) return [];
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of value.entries) {
    const key = asText(k);
    if (key === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      const text = asText(item) ?? (typeof item === 'number' ? String(item) : typeof item === 'boolean' ? (item ? 'True' : 'False') : undefined);
      if (text !== undefined) pairs.push([key, text]);
    }
  }
  return pairs;
}

/** The value of a str key of a dict, or undefined when the key is absent. */
export function dictGet(d: PyDict, key: string): PyValue | undefined {
  return d.entries.find(([k]) => k === key)?.[1];
}

/**
 * Plain JavaScript data: a dict becomes an object keyed by text (str keys as they are, None, bools
 * and numbers as Python prints them, bytes and reprs as below, tuples as JSON), bytes become text
 * (see bytesToString), an opaque repr or call its text.
 */
export function toPlain(v: PyValue): unknown {
  if (Array.isArray(v)) return v.map(toPlain);
  if (v === null || typeof v !== 'object') return v;
  switch (v.type) {
    case 'bytes':
      return bytesToString(v);
    case 'object':
      return v.text;
    case 'dict':
      // fromEntries defines own properties, so a `__proto__` key stays a key.
      return Object.fromEntries(v.entries.map(([k, value]) => [keyText(k), toPlain(value)]));
  }
}

function keyText(k: PyValue): string {
  if (k === null) return 'None';
  if (typeof k === 'boolean') return k ? 'True' : 'False';
  const plain = toPlain(k);
  if (typeof plain === 'string') return plain;
  return typeof plain === 'number' ? String(plain) : JSON.stringify(plain);
}

/** The bytes as UTF-8 text; when they are not valid UTF-8, as Latin-1 (one char per byte, lossless). */
export function bytesToString(b: PyBytes): string {
  return validUtf8Text(b.value) ?? Buffer.from(b.value.buffer, b.value.byteOffset, b.value.byteLength).toString('latin1');
}

/** Bytes that bytesToString reads as `text`, in the encoding it read `like` in: a body edited as text keeps its encoding. */
export function bytesOfText(like: PyBytes, text: string): PyBytes {
  const bytes = Buffer.from(text, validUtf8Text(like.value) === undefined ? 'latin1' : 'utf8');
  // A plain view: a Buffer would print as one (`{"type": "Buffer", ...}`) in JSON output.
  return { type: 'bytes', value: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
}

type Extent =
  /** A value's text ends at `end` (or the text ended inside brackets): the parser takes over. */
  | { kind: 'value'; end: number }
  /** A string literal or opaque repr was not closed before `end`. */
  | { kind: 'unclosed'; end: number; expected: string }
  /** The bracket at `end` would nest deeper than MAX_REPR_DEPTH. */
  | { kind: 'too-deep'; end: number };

const CLOSER_OF = new Map([
  ['{', '}'],
  ['[', ']'],
  ['(', ')'],
]);
const STRING_STARTS = new Set(STRING_START_CHARS);
/** Characters of a name or number at the top level: `None`, `-1.5e+3`, `datetime.datetime`. */
const ATOM = /[\w.+-]+/y;
const WHITESPACE = stickyPattern(WhiteSpace);

/**
 * Where the value at the start of `text` ends, by tracking only quoting and bracket depth. It
 * uses the lexer's own literal and opaque matchers, so it agrees with the lexer on where they end.
 */
function findValueEnd(text: string): Extent {
  const closers: string[] = [];
  WHITESPACE.lastIndex = 0;
  let i = WHITESPACE.test(text) ? WHITESPACE.lastIndex : 0;
  while (i < text.length) {
    const c = text[i]!;
    const closer = CLOSER_OF.get(c);
    if (closer) {
      if (closers.length === MAX_REPR_DEPTH) return { kind: 'too-deep', end: i };
      closers.push(closer);
      i++;
      continue;
    }
    if (c === '}' || c === ']' || c === ')') {
      i++;
      // A stray or mismatched bracket ends the value too: the parser then says what it expected.
      if (closers.pop() !== c || closers.length === 0) return { kind: 'value', end: i };
      continue;
    }
    const literal = STRING_STARTS.has(c) ? matchStringLiteral(text, i) : undefined;
    if (literal) {
      if (!literal.closed) return { kind: 'unclosed', end: literal.end, expected: 'the closing quote of the string' };
      i = literal.end;
      if (closers.length === 0) return { kind: 'value', end: i };
      continue;
    }
    if (c === '<') {
      const end = matchOpaque(text, i);
      if (end === -1) return { kind: 'unclosed', end: text.length, expected: '`>`' };
      i = end;
      if (closers.length === 0) return { kind: 'value', end: i };
      continue;
    }
    if (closers.length > 0) {
      i++;
      continue;
    }
    ATOM.lastIndex = i;
    if (!ATOM.test(text)) return { kind: 'value', end: i + 1 };
    i = ATOM.lastIndex;
    // A name glued to `(` is a call, as the CallStart token has it.
    if (text[i] !== '(') return { kind: 'value', end: i };
    closers.push(')');
    i++;
  }
  return { kind: 'value', end: text.length };
}

const OPENERS = new Set<TokenType>([LCurly, LSquare, LParen, CallStart]);
const CLOSERS = new Set<TokenType>([RCurly, RSquare, RParen]);
const valueStarts = builtOnFirstUse(() => pythonReprParser().computeContentAssist('value', []).map((p) => p.nextTokenType));

/** What the grammar accepts after `prefix` (tokens it parsed), in words for a diagnostic. */
function expectedAfter(prefix: IToken[]): string {
  const next = new Set(pythonReprParser().computeContentAssist('value', skeleton(prefix)).map((p) => p.nextTokenType));
  const phrases: string[] = [];
  if (valueStarts().every((t) => next.has(t))) {
    phrases.push('a value');
    for (const t of valueStarts()) next.delete(t);
  }
  for (const t of next) phrases.push(tokenLabel(t));
  if (phrases.length === 0) return 'the end of the value';
  const last = phrases.pop()!;
  return phrases.length === 0 ? last : `${phrases.join(', ')} or ${last}`;
}

/**
 * A short token sequence that leaves the parser in the same state as `prefix`, because content
 * assist walks every token and a truncated 100 MB body must not take seconds to report. Each
 * closed bracket group becomes one placeholder value, and of the elements of an open group only
 * the first (it decides dict or set, keyword or not) and the current one are kept.
 */
function skeleton(prefix: IToken[]): IToken[] {
  const frames: IToken[][] = [[]];
  for (const token of prefix) {
    const frame = frames[frames.length - 1]!;
    if (OPENERS.has(token.tokenType)) {
      frames.push([token]);
    } else if (CLOSERS.has(token.tokenType) && frames.length > 1) {
      frames.pop();
      frames[frames.length - 1]!.push(PLACEHOLDER);
    } else if (token.tokenType === Comma && frame.some((t) => t.tokenType === Comma)) {
      frame.length = frame.findIndex((t) => t.tokenType === Comma) + 1;
    } else {
      frame.push(token);
    }
  }
  return frames.flat();
}

const PLACEHOLDER = createTokenInstance(NumberLiteral, '0', NaN, NaN, NaN, NaN, NaN, NaN);

/** A token's text for a diagnostic, cut short: a found token can be a whole request body. */
function quote(image: string): string {
  return `\`${image.length > 40 ? `${image.slice(0, 40)}…` : image}\`${pasteDamage(image)}`;
}

/**
 * What a character botocore never writes outside a string says of how the log was copied: a web
 * page, a chat or a word processor turns spaces into non-breaking ones, quotes into curly ones,
 * and an HTML page shows `'` as `&#39;`. Those look like what they replaced, so the message says.
 */
function pasteDamage(image: string): string {
  const copied = ' (the log looks copied from a web page, a chat or a document, which changed it: copy it from the terminal or a file)';
  if (image.startsWith('\u00a0')) return ` (a non-breaking space, U+00A0)${copied}`;
  if (/^[\u2018\u2019\u201c\u201d]/.test(image)) return ` (a curly quote, U+${image.codePointAt(0)!.toString(16).toUpperCase()})${copied}`;
  if (/^&(?:#|[a-z]+;|$)/i.test(image)) return ` (an HTML entity)${copied}`;
  return '';
}

/** The visitor, made with the parser on first use. */
const visitor = builtOnFirstUse(() => {
  const BaseVisitor = pythonReprParser().getBaseCstVisitorConstructor<string, PyValue>();

  /**
   * CST to PyValue. Methods call each other directly rather than through `visit`, so each returns
   * its own precise type; `text` is the parsed text, for the reprs kept as written.
   */
  class PythonReprVisitor extends BaseVisitor {
    constructor() {
      super();
      this.validateVisitor();
    }

    value(ctx: ValueCstChildren, text: string): PyValue {
      if (ctx.braces) return this.braces(ctx.braces[0]!.children, text);
      if (ctx.list) return this.list(ctx.list[0]!.children, text);
      if (ctx.parens) return this.parens(ctx.parens[0]!.children, text);
      if (ctx.call) return this.call(ctx.call[0]!.children, text);
      if (ctx.StringLiteral) return tokenValue(ctx.StringLiteral[0]!.image);
      if (ctx.BytesLiteral) return tokenValue(ctx.BytesLiteral[0]!.image);
      if (ctx.NumberLiteral) return Number(ctx.NumberLiteral[0]!.image.replace(/[lL]$/, ''));
      if (ctx.True) return true;
      if (ctx.False) return false;
      if (ctx.None) return null;
      const token = ctx.Opaque?.[0] ?? ctx.Identifier![0]!;
      return { type: 'object', text: token.image };
    }

    braces(ctx: BracesCstChildren, text: string): PyDict | PyValue[] {
      if (!ctx.first) return { type: 'dict', entries: [] };
      const first = this.value(ctx.first[0]!.children, text);
      if (ctx.dictTail) return this.dictTail(ctx.dictTail[0]!.children, text, first);
      return this.setTail(ctx.setTail![0]!.children, text, first);
    }

    dictTail(ctx: DictTailCstChildren, text: string, firstKey: PyValue): PyDict {
      const entries: Array<[PyValue, PyValue]> = [[firstKey, this.value(ctx.firstValue[0]!.children, text)]];
      for (const entry of ctx.entry ?? []) entries.push(this.entry(entry.children, text));
      return { type: 'dict', entries };
    }

    entry(ctx: EntryCstChildren, text: string): [PyValue, PyValue] {
      return [this.value(ctx.key[0]!.children, text), this.value(ctx.value[0]!.children, text)];
    }

    /** A set becomes an array: JSON has no sets, and botocore params never hold one. */
    setTail(ctx: SetTailCstChildren, text: string, first: PyValue): PyValue[] {
      return [first, ...(ctx.value ?? []).map((v) => this.value(v.children, text))];
    }

    list(ctx: ListCstChildren, text: string): PyValue[] {
      return ctx.elements ? this.elements(ctx.elements[0]!.children, text) : [];
    }

    parens(ctx: ParensCstChildren, text: string): PyValue {
      if (!ctx.elements) return [];
      const inner = ctx.elements[0]!.children;
      const values = this.elements(inner, text);
      // `(x)` is x itself; only a comma makes a tuple, as in `(x,)`.
      return values.length === 1 && !inner.Comma ? values[0]! : values;
    }

    elements(ctx: ElementsCstChildren, text: string): PyValue[] {
      return ctx.value.map((v) => this.value(v.children, text));
    }

    /** Constructor-style reprs (`Decimal('1.5')`, `set()`) stay as written. */
    call(ctx: CallCstChildren, text: string): PyValue {
      return { type: 'object', text: text.slice(ctx.CallStart[0]!.startOffset, tokenEnd(ctx.RParen[0]!)) };
    }
  }
  return new PythonReprVisitor();
});
