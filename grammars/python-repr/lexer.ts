/**
 * Tokens of a Python repr as botocore's debug log prints it (`%s` of a dict, so `repr()` of every
 * value inside): str and bytes literals, numbers, True/False/None, opaque `<... at 0x...>` reprs
 * and constructor-style reprs such as `datetime.datetime(2024, 1, 1, 0, 0, tzinfo=tzutc())`.
 *
 * String literals and opaque reprs are matched by hand-written loops rather than regular
 * expressions: a request body can be a single literal of many megabytes, and V8's backtracking
 * regexps overflow their stack on a repeated group that long. The same matchers are exported so
 * that the code finding where a value ends agrees with this lexer character for character.
 */
import { createToken, Lexer, type CustomPatternMatcherReturn, type TokenType } from 'chevrotain';
import { builtOnFirstUse } from '../built-on-first-use.js';

/** A string literal found at some offset: where it ends (0-based, exclusive), its kind, and its body. */
export interface StringLiteralExtent {
  end: number;
  /** False when a newline (single-quoted form) or the end of the text came before the closing quote. */
  closed: boolean;
  /** A bytes literal (`b` among its prefix letters). */
  bytes: boolean;
  /** A raw literal (`r` among its prefix letters): its backslashes are characters. */
  raw: boolean;
  /** Where the text between the quotes starts and ends (`end` itself when the literal is not closed). */
  bodyStart: number;
  bodyEnd: number;
  /** Whether the body holds a backslash: without one, nothing in it needs decoding. */
  escaped: boolean;
}

// Python 2's `ur''` is accepted too: botocore's Python 2 logs predate it being dropped.
const STRING_START = /(?:[uU][rR]?|[bB][rR]?|[rR][bB]?)?('''|"""|'|")/y;

/**
 * Matches a str or bytes literal (any prefix, single or triple quoted) at `offset`; undefined when
 * none starts there, or when `only` asks for the other kind (told by the prefix, before reading a
 * possibly huge body). A backslash always takes the next character along, raw or not, because a
 * quote after a backslash does not close even a raw literal.
 */
export function matchStringLiteral(text: string, offset: number, only?: 'str' | 'bytes'): StringLiteralExtent | undefined {
  STRING_START.lastIndex = offset;
  const start = STRING_START.exec(text);
  if (!start) return undefined;
  const quote = start[1]!;
  const prefix = start[0].length === quote.length ? '' : start[0].slice(0, start[0].length - quote.length);
  const bytes = prefix !== '' && /[bB]/.test(prefix);
  if (only && bytes !== (only === 'bytes')) return undefined;
  const raw = prefix !== '' && /[rR]/.test(prefix);
  const q = quote.charCodeAt(0);
  const triple = quote.length === 3;
  const bodyStart = offset + start[0].length;
  // Only a backslash, the quote and (single-quoted) a line break stop the body: the characters
  // between are passed over by a native search, a whole body at a time in most literals.
  const stop = STOPS[quote]!;
  let escaped = false;
  let i = bodyStart;
  for (;;) {
    stop.lastIndex = i;
    if (!stop.test(text)) return { end: text.length, closed: false, bytes, raw, bodyStart, bodyEnd: text.length, escaped };
    i = stop.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) {
      escaped = true;
      // A backslash before CRLF continues the line over both characters.
      i += text.charCodeAt(i + 1) === 0x0d && text.charCodeAt(i + 2) === 0x0a ? 3 : 2;
    } else if (c === q && (!triple || (text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q))) {
      return { end: i + quote.length, closed: true, bytes, raw, bodyStart, bodyEnd: i, escaped };
    } else if (c === q) {
      i++;
    } else {
      return { end: i, closed: false, bytes, raw, bodyStart, bodyEnd: i, escaped };
    }
  }
}

/** Per opening quote: the characters that can end a literal's run of plain body characters. */
const STOPS: Record<string, RegExp> = {
  "'": /['\\\n\r]/g,
  '"': /["\\\n\r]/g,
  "'''": /['\\]/g,
  '"""': /["\\]/g,
};

/**
 * Matches an opaque repr such as `<bound method X of <Y object at 0x10>>` at `offset` and returns
 * its end (0-based, exclusive), or -1. Angle brackets nest; quoted text inside (`name='a>b'`) is
 * skipped whole, but an apostrophe with no closing quote on its line is taken as plain text.
 */
export function matchOpaque(text: string, offset: number): number {
  if (text.charCodeAt(offset) !== 0x3c /* < */) return -1;
  let depth = 0;
  let i = offset;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x3c) {
      depth++;
      i++;
    } else if (c === 0x3e /* > */) {
      i++;
      if (--depth === 0) return i;
    } else if (c === 0x27 || c === 0x22) {
      const literal = matchStringLiteral(text, i);
      i = literal?.closed ? literal.end : i + 1;
    } else {
      i++;
    }
  }
  return -1;
}

function literalToken(kind: 'str' | 'bytes') {
  return (text: string, offset: number): CustomPatternMatcherReturn | null => {
    const literal = matchStringLiteral(text, offset, kind);
    return literal?.closed ? [text.slice(offset, literal.end)] : null;
  };
}

/** The characters a str or bytes literal can start with: a quote or a prefix letter. */
export const STRING_START_CHARS = ["'", '"', 'u', 'U', 'b', 'B', 'r', 'R'];

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED, line_breaks: true });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: '`{`' });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: '`}`' });
export const LSquare = createToken({ name: 'LSquare', pattern: /\[/, label: '`[`' });
export const RSquare = createToken({ name: 'RSquare', pattern: /]/, label: '`]`' });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: '`(`' });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: '`)`' });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: '`,`' });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: '`:`' });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: '`=`' });
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: { exec: literalToken('str') },
  start_chars_hint: STRING_START_CHARS,
  line_breaks: true,
  label: 'a string',
});
export const BytesLiteral = createToken({
  name: 'BytesLiteral',
  pattern: { exec: literalToken('bytes') },
  start_chars_hint: STRING_START_CHARS,
  line_breaks: true,
  label: 'a bytes literal',
});
// Python 2 printed long integers with an `L` suffix (`Content-Length: 12L`).
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?(?:(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+|[lL])?)/,
  label: 'a number',
});
export const Opaque = createToken({
  name: 'Opaque',
  pattern: {
    exec: (text: string, offset: number): CustomPatternMatcherReturn | null => {
      const end = matchOpaque(text, offset);
      return end === -1 ? null : [text.slice(offset, end)];
    },
  },
  start_chars_hint: ['<'],
  line_breaks: true,
  label: 'an object repr',
});
/**
 * A (dotted) name glued to its opening parenthesis, as constructor-style reprs print it. Being one
 * token makes `Foo(` a call while `Foo (` never is, the way the value-end scan sees it.
 */
export const CallStart = createToken({ name: 'CallStart', pattern: /[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\(/, label: 'a call' });
/** A bare (dotted) name, such as `Publish` in `OperationModel(name=Publish)`. */
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/, label: 'a name' });
export const True = createToken({ name: 'True', pattern: /True/, longer_alt: Identifier, label: '`True`' });
export const False = createToken({ name: 'False', pattern: /False/, longer_alt: Identifier, label: '`False`' });
export const None = createToken({ name: 'None', pattern: /None/, longer_alt: Identifier, label: '`None`' });

/** In matching order: literals before names (`b'x'` is not the name `b`), calls before bare names. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LCurly,
  RCurly,
  LSquare,
  RSquare,
  LParen,
  RParen,
  Comma,
  Colon,
  Equals,
  StringLiteral,
  BytesLiteral,
  NumberLiteral,
  Opaque,
  CallStart,
  True,
  False,
  None,
  Identifier,
];

/** Offsets only: callers turn offsets into line:column when they report. */
export const pythonReprTokens = builtOnFirstUse(() => new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: true }));
