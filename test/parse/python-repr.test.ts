import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Position } from '../../src/diagnostics.js';
import { bytesToString, dictGet, MAX_REPR_DEPTH, parsePythonRepr, toPlain } from '../../src/parse/python-repr.js';
import type { PyBytes, PyDict, PyValue } from '../../src/parse/types.js';

const start: Position = { offset: 0, line: 1, column: 1 };
const parse = (text: string, pos: Position = start) => parsePythonRepr(text, { source: 't.log', pos });

/** Parses text that must hold one clean value. */
function value(text: string): PyValue {
  const result = parse(text);
  expect(result.diagnostics).toEqual([]);
  return result.value!;
}

const bytes = (...values: number[]): PyBytes => ({ type: 'bytes', value: Uint8Array.from(values) });
const ascii = (s: string): PyBytes => bytes(...[...s].map((c) => c.charCodeAt(0)));
const asDict = (v: PyValue | undefined): PyDict => {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v.type !== 'dict') throw new Error(`not a dict: ${String(v)}`);
  return v;
};

describe('the params dict of the AWS knowledge-center article', () => {
  // Copied verbatim, markdown-escaped underscores included.
  const article =
    "{'body': {'Action': u'Publish', u'Message': u'hello', 'Version': u'2010-03-31', u'TopicArn': u'arn:aws:sns:us-east-1:123456789012:test'}, 'url': u'https://sns.us-east-1.amazonaws.com/', 'headers': {'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8', 'User-Agent': 'aws-cli/1.15.74 Python/2.7.14 Darwin/16.7.0 botocore/1.9.23'}, 'context': {'auth\\_type': None, 'client\\_region': 'us-east-1', 'has\\_streaming\\_input': False, 'client\\_config': <botocore.config.Config object at 0x1118437d0>}, 'query\\_string': '', 'url\\_path': '/', 'method': u'POST'}";

  test('reads every value, u-prefixes and opaque reprs included', () => {
    const result = parse(article);
    expect(result.diagnostics).toEqual([]);
    expect(result.end).toBe(article.length);
    expect(toPlain(result.value!)).toEqual({
      body: { Action: 'Publish', Message: 'hello', Version: '2010-03-31', TopicArn: 'arn:aws:sns:us-east-1:123456789012:test' },
      url: 'https://sns.us-east-1.amazonaws.com/',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'User-Agent': 'aws-cli/1.15.74 Python/2.7.14 Darwin/16.7.0 botocore/1.9.23',
      },
      // `\_` is not a Python escape, so the backslash stays, as Python itself would keep it.
      context: {
        'auth\\_type': null,
        'client\\_region': 'us-east-1',
        'has\\_streaming\\_input': false,
        'client\\_config': '<botocore.config.Config object at 0x1118437d0>',
      },
      'query\\_string': '',
      'url\\_path': '/',
      method: 'POST',
    });
  });

  test('keeps dict order and the opaque repr as an object', () => {
    const params = asDict(value(article));
    expect(params.entries.map(([k]) => k)).toEqual(['body', 'url', 'headers', 'context', 'query\\_string', 'url\\_path', 'method']);
    expect(dictGet(asDict(dictGet(params, 'context')), 'client\\_config')).toEqual({
      type: 'object',
      text: '<botocore.config.Config object at 0x1118437d0>',
    });
  });
});

describe('bytes', () => {
  test('a JSON body with an escaped quote', () => {
    const body = value(`b'{"TableName": "t", "Item": {"k": {"S": "it\\'s"}}}'`) as PyBytes;
    expect(body.type).toBe('bytes');
    expect(JSON.parse(bytesToString(body))).toEqual({ TableName: 't', Item: { k: { S: "it's" } } });
  });

  test('a CBOR body keeps its exact bytes', () => {
    expect(value("b'\\xbf\\x63abc\\xff'")).toEqual(bytes(0xbf, 0x63, 0x61, 0x62, 0x63, 0xff));
  });

  test('the CloudWatch CBOR body from a real capture', () => {
    const body = value("b'\\xa2iNamespacecApp\\xfb?\\xf0\\x00\\x00\\x00\\x00\\x00\\x00'") as PyBytes;
    expect([...body.value]).toEqual([0xa2, ...Buffer.from('iNamespacecApp'), 0xfb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
  });

  test('escapes of bytes: octal, hex, and \\u which bytes do not know', () => {
    expect(value("b'\\0\\101\\777\\t\\n\\r\\\\\\'\\\"\\a\\b\\f\\v'")).toEqual(bytes(0, 0x41, 0xff, 9, 10, 13, 0x5c, 0x27, 0x22, 7, 8, 12, 11));
    expect(value("b'\\u0041'")).toEqual(ascii('\\u0041'));
    expect(value("b'\\xZZ'")).toEqual(ascii('\\xZZ'));
  });

  test('prefixes B, br, rb, and raw bytes keep backslashes', () => {
    expect(value("B'a'")).toEqual(ascii('a'));
    expect(value("br'\\x00'")).toEqual(ascii('\\x00'));
    expect(value("Rb'\\n'")).toEqual(ascii('\\n'));
    expect(value("b''")).toEqual(bytes());
  });

  test('non-ASCII text in a bytes literal (not valid Python) becomes its UTF-8', () => {
    expect(value("b'é😀'")).toEqual(bytes(0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80));
  });
});

describe('strings', () => {
  test('decodes every Python escape', () => {
    expect(value("'\\\\ \\' \\\" \\n \\r \\t \\a \\b \\f \\v \\0 \\101 \\777 \\x41 \\u00e9 \\U0001F600'")).toBe(
      '\\ \' " \n \r \t \x07 \b \f \v \0 A \u01ff A é 😀',
    );
  });

  test('keeps what is not an escape: \\_, \\N{...}, bad \\x', () => {
    expect(value("'auth\\_type'")).toBe('auth\\_type');
    expect(value("'\\N{EM DASH}'")).toBe('\\N{EM DASH}');
    expect(value("'\\xZ1'")).toBe('\\xZ1');
    expect(value("'\\U00110000'")).toBe('\\U00110000');
    expect(value("'end\\\\'")).toBe('end\\');
  });

  test('a backslash before a line break continues the line', () => {
    expect(value("'a\\\nb'")).toBe('ab');
    expect(value("'a\\\r\nb'")).toBe('ab');
  });

  test('lone surrogates survive', () => {
    expect(value("'\\ud800'")).toBe('\ud800');
  });

  test('prefixes and quotes', () => {
    expect(value('u"it\'s"')).toBe("it's");
    expect(value("U'x'")).toBe('x');
    expect(value("r'\\n'")).toBe('\\n');
    expect(value("R'\\''")).toBe("\\'");
    expect(value("ur'\\d'")).toBe('\\d');
    expect(value("''")).toBe('');
    expect(value('""')).toBe('');
  });

  test('triple-quoted literals may hold quotes and newlines', () => {
    expect(value("'''a'b''c\nd'''")).toBe("a'b''c\nd");
    expect(value('"""a"b""c"""')).toBe('a"b""c');
    expect(value("''''''")).toBe('');
  });
});

describe('scalars', () => {
  test.each([
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['1.5', 1.5],
    ['-0.25', -0.25],
    ['1.', 1],
    ['.5', 0.5],
    ['1e-05', 1e-5],
    ['1.5e+16', 1.5e16],
    ['12L', 12],
    ['True', true],
    ['False', false],
    ['None', null],
  ])('%s', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  test('a bare name is an opaque object', () => {
    expect(value('Publish')).toEqual({ type: 'object', text: 'Publish' });
    expect(value('Nonesuch')).toEqual({ type: 'object', text: 'Nonesuch' });
  });
});

describe('containers', () => {
  test('nested tuples, the 1-tuple and the empty tuple', () => {
    expect(value('((1, 2), (3,), (), ((4,),))')).toEqual([[1, 2], [3], [], [[4]]]);
    expect(value('(1)')).toBe(1);
  });

  test('sets become arrays; {} is a dict', () => {
    expect(value('{1, 2}')).toEqual([1, 2]);
    expect(value("{'a'}")).toEqual(['a']);
    expect(value('{}')).toEqual({ type: 'dict', entries: [] });
  });

  test('trailing commas', () => {
    expect(value('[1, 2,]')).toEqual([1, 2]);
    expect(value("{'a': 1,}")).toEqual({ type: 'dict', entries: [['a', 1]] });
    expect(value('{1, 2,}')).toEqual([1, 2]);
    expect(value('Decimal(1,)')).toEqual({ type: 'object', text: 'Decimal(1,)' });
  });

  test('non-str keys', () => {
    expect(value("{1: 'a', None: b'x', (1, 2): True}")).toEqual({
      type: 'dict',
      entries: [
        [1, 'a'],
        [null, ascii('x')],
        [[1, 2], true],
      ],
    });
  });

  test('whitespace and line breaks anywhere between tokens', () => {
    expect(toPlain(value("\r\n  {\n  'a' :\t[ 1 ,\r\n 2 ] ,\n}\n"))).toEqual({ a: [1, 2] });
  });
});

describe('opaque reprs and calls', () => {
  test.each([
    '<botocore.config.Config object at 0x1118437d0>',
    '<function foo at 0x7f0d0ec8f090>',
    '<bound method X.y of <Y object at 0x10>>',
    '<function <lambda> at 0x1>',
    "<_io.BufferedReader name='/tmp/a>b'>",
    "<Foo that's odd>",
    '<s3transfer.utils.ReadFileChunk object at 0x7fb6832dd6d0>',
  ])('%s', (text) => {
    expect(value(`{'k': ${text}}`)).toEqual({ type: 'dict', entries: [['k', { type: 'object', text }]] });
  });

  test.each([
    'OperationModel(name=Publish)',
    'datetime.datetime(2024, 1, 1, 0, 0, tzinfo=tzutc())',
    "Decimal('1.5')",
    'set()',
    "frozenset({'a', 'b'})",
    "Foo(a=[1, {'b': (2,)}], c=<Bar at 0x1>)",
  ])('%s is kept whole', (text) => {
    expect(value(`[${text}]`)).toEqual([{ type: 'object', text }]);
    expect(value(text)).toEqual({ type: 'object', text });
  });
});

describe('where the value ends', () => {
  test('text after the value is not read', () => {
    const text = "{'a': 1} 2018-11-22 11:56:39,650 - MainThread - botocore.endpoint - DEBUG - {'b'";
    const result = parse(text);
    expect(result).toEqual({ value: { type: 'dict', entries: [['a', 1]] }, end: 8, diagnostics: [] });
  });

  test('leading whitespace is skipped and counted', () => {
    expect(parse('  \n [1]\n2018-11-22')).toMatchObject({ value: [1], end: 7 });
  });

  test.each([
    ["'x'y", 3],
    ['None, 2', 4],
    ['Foo(1) Bar', 6],
    ['<a <b>> c', 7],
    ['-1.5e+3]', 7],
  ])('%j ends at %d', (text, end) => {
    expect(parse(text)).toMatchObject({ end, diagnostics: [] });
  });

  // Speed is the benchmark's to measure (npm run bench); jest's timeout catches a hang.
  test('a small value before a huge trailing log is read without lexing the log', () => {
    const tail = ` 2018-11-22 11:56:39,650 - MainThread - x - DEBUG - {'k': [1, 2, 3], 'v': 'abc'}`.repeat(1_000_000);
    const result = parse(`{'a': b'x'}${tail}`);
    expect(result).toMatchObject({ end: 11, diagnostics: [] });
  });

  test('a body of tens of megabytes in one literal', () => {
    const big = 'ab\\x00c'.repeat(5_000_000);
    const result = parse(`{'body': b'${big}', 'n': 1} and more`);
    expect(result.diagnostics).toEqual([]);
    const body = dictGet(asDict(result.value), 'body') as PyBytes;
    expect(body.value.length).toBe(20_000_000);
    expect([...body.value.subarray(0, 8)]).toEqual([0x61, 0x62, 0, 0x63, 0x61, 0x62, 0, 0x63]);
    expect(dictGet(asDict(result.value), 'n')).toBe(1);
  });
});

describe('diagnostics', () => {
  const at: Position = { offset: 100, line: 5, column: 30 };

  test('a truncated dict says what was expected where it ends', () => {
    const result = parse("{'a': [1, 2", at);
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toMatchObject([
      { code: 'REPR_TRUNCATED', source: 't.log', pos: { offset: 111, line: 5, column: 41 }, fields: { expected: '`,` or `]`' } },
    ]);
  });

  test('truncation is reported at the last token, not after the trailing line break', () => {
    expect(parse("{'a':\n [1, 2\n", at).diagnostics).toMatchObject([
      { code: 'REPR_TRUNCATED', pos: { offset: 112, line: 6, column: 7 }, fields: { expected: '`,` or `]`' } },
    ]);
  });

  test.each([
    ['', 'a value'],
    ['   \n', 'a value'],
    ["{'a': ", 'a value'],
    ['[1, ', 'a value or `]`'],
    ["{'a': 1, 'b'", '`:`'],
    ['{1, 2', '`,` or `}`'],
    ['Foo(x=1, ', 'a value or `)`'],
    ["{'a'", '`:`, `,` or `}`'],
    ['(', 'a value or `)`'],
  ])('truncated %j expects %s', (text, expected) => {
    expect(parse(text).diagnostics).toMatchObject([{ code: 'REPR_TRUNCATED', fields: { expected } }]);
  });

  test('a string cut by a line break', () => {
    const text = "{'a': 'abc\n2018-11-22 11:56:39,650 - MainThread - it's here";
    expect(parse(text, at)).toMatchObject({
      value: undefined,
      end: 10,
      diagnostics: [{ code: 'REPR_TRUNCATED', pos: { offset: 110, line: 5, column: 40 }, fields: { expected: 'the closing quote of the string' } }],
    });
  });

  test('an opaque repr that never closes', () => {
    expect(parse("{'a': <Foo object at 0x1").diagnostics).toMatchObject([{ code: 'REPR_TRUNCATED', fields: { expected: '`>`' } }]);
  });

  test.each([
    ["{'a' 1}", '`:`, `,` or `}`', '`1`', 6],
    ['[1 2]', '`,` or `]`', '`2`', 4],
    ['[1}', '`,` or `]`', '`}`', 3],
    [']', 'a value', '`]`', 1],
    ['@@', 'a value', '`@`', 1],
    ['[1, @]', 'a value or `]`', '`@`', 5],
    ["{'a': 1, 'b' :: 2}", 'a value', '`:`', 15],
    ['Foo(a=)', 'a value', '`)`', 7],
    ['123abc', 'the end of the value', '`abc`', 4],
  ])('garbage %j: expected %s, found %s at column %d', (text, expected, found, column) => {
    const result = parse(text);
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toMatchObject([{ code: 'REPR_SYNTAX', severity: 'error', pos: { line: 1, column }, fields: { expected, found } }]);
    expect(result.diagnostics[0]!.message).toBe(`cannot read the Python value: expected ${expected}, found ${found}`);
  });

  test.each([
    ["{'a':\u00a01}", 'a non-breaking space, U+00A0'],
    ['{\u2018a\u2019: 1}', 'a curly quote, U+2018'],
    ['{&#39;a&#39;: 1}', 'an HTML entity'],
  ])('%j: the character a paste through a web page or a chat left is named, and how to copy the log instead', (text, named) => {
    const [d] = parse(text).diagnostics;
    expect(d!.message).toContain(`(${named}) (the log looks copied from a web page, a chat or a document, which changed it: copy it from the terminal or a file)`);
  });

  test('a long found token is cut short', () => {
    const result = parse(`[1 '${'x'.repeat(100)}']`);
    expect(result.diagnostics[0]!.fields.found).toBe(`\`'${'x'.repeat(39)}…\``);
  });

  test('100,000 open brackets are refused', () => {
    const result = parse('['.repeat(100_000), at);
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toMatchObject([
      { code: 'REPR_TOO_DEEP', pos: { offset: 100 + MAX_REPR_DEPTH, column: 30 + MAX_REPR_DEPTH }, fields: { limit: String(MAX_REPR_DEPTH) } },
    ]);
  });

  test('nesting up to the limit parses; one more is refused', () => {
    const nested = (depth: number, open: string, close: string) => open.repeat(depth) + '1' + close.repeat(depth);
    let expected: PyValue = 1;
    for (let i = 0; i < MAX_REPR_DEPTH; i++) expected = [expected];
    expect(value(nested(MAX_REPR_DEPTH, '[', ']'))).toEqual(expected);
    expect(value(nested(MAX_REPR_DEPTH, "{'k': ", '}'))).toBeDefined();
    expect(parse(nested(MAX_REPR_DEPTH + 1, '(', ',)')).diagnostics).toMatchObject([{ code: 'REPR_TOO_DEEP' }]);
    expect(parse(`${'f('.repeat(MAX_REPR_DEPTH + 1)}`).diagnostics).toMatchObject([{ code: 'REPR_TOO_DEEP' }]);
  });

  // Content assist over every token would take seconds here; the diagnostic must not.
  test('a truncated value of 600,000 tokens is reported', () => {
    const text = `{'a': [${'1, '.repeat(300_000)}`;
    const result = parse(text);
    expect(result.diagnostics).toMatchObject([{ code: 'REPR_TRUNCATED', fields: { expected: 'a value or `]`' } }]);
  });
});

describe('helpers', () => {
  test('dictGet finds str keys only', () => {
    const d = asDict(value("{'a': 1, b'a': 2, 1: 3}"));
    expect(dictGet(d, 'a')).toBe(1);
    expect(dictGet(d, '1')).toBeUndefined();
    expect(dictGet(d, 'z')).toBeUndefined();
  });

  test('toPlain names keys as Python prints them and keeps __proto__ as a key', () => {
    const plain = toPlain(value("{None: 1, True: 2, 1.5: 3, b'k': 4, (1, 'x'): 5, '__proto__': [b'v', <O at 0x1>]}")) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['None', 'True', '1.5', 'k', '[1,"x"]', '__proto__']);
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(plain['__proto__']).toEqual(['v', '<O at 0x1>']);
  });

  test('bytesToString decodes UTF-8 and falls back to Latin-1 losslessly', () => {
    expect(bytesToString(bytes(0xef, 0xbb, 0xbf, 0xc3, 0xa9))).toBe('\ufeffé');
    expect(bytesToString(bytes(0xbf, 0x63, 0xff, 0x80))).toBe('\u00bfc\u00ff\u0080');
    const view = Uint8Array.from([0x41, 0xff, 0x42]).subarray(1, 2);
    expect(bytesToString({ type: 'bytes', value: view })).toBe('\u00ff');
  });
});

describe('properties', () => {
  /** What a test renders: arrays carry whether to print them as a tuple. */
  type Model = string | number | boolean | null | PyBytes | { items: Model[]; tuple: boolean } | { entries: Array<[string, Model]> };

  const model = fc.letrec<{ model: Model }>((tie) => ({
    model: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string({ unit: 'binary' }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array({ maxLength: 20 }).map((value): PyBytes => ({ type: 'bytes', value })),
      fc.record({ items: fc.array(tie('model'), { maxLength: 4 }), tuple: fc.boolean() }),
      fc.record({
        entries: fc.uniqueArray(fc.tuple(fc.string({ unit: 'binary', maxLength: 8 }), tie('model')), { selector: ([k]) => k, maxLength: 4 }),
      }),
    ),
  })).model;

  const toPy = (m: Model): PyValue => {
    if (m === null || typeof m !== 'object') return m;
    if ('items' in m) return m.items.map(toPy);
    if ('entries' in m) return { type: 'dict', entries: m.entries.map(([k, v]) => [k, toPy(v)]) };
    return m;
  };

  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

  /** Python 3's repr of a str: the quote it picks, \\xNN for control characters, \\uNNNN for lone surrogates. */
  function reprStr(s: string): string {
    const q = s.includes("'") && !s.includes('"') ? '"' : "'";
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const ch = s[i]!;
      const pair = c >= 0xd800 && c < 0xdc00 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) out += s.slice(i, ++i + 1);
      else if (ch === '\\' || ch === q) out += `\\${ch}`;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (c < 0x20 || c === 0x7f) out += `\\x${hex(c, 2)}`;
      else if (c >= 0xd800 && c < 0xe000) out += `\\u${hex(c, 4)}`;
      else out += ch;
    }
    return q + out + q;
  }

  function reprBytes(b: Uint8Array): string {
    let out = '';
    for (const c of b) {
      if (c === 0x5c || c === 0x27) out += `\\${String.fromCharCode(c)}`;
      else if (c === 0x0a) out += '\\n';
      else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
      else out += `\\x${hex(c, 2)}`;
    }
    return `b'${out}'`;
  }

  function repr(m: Model, sep: string): string {
    if (typeof m === 'string') return reprStr(m);
    // Python pads the exponent to two digits (1e-07) and signs zero (-0.0).
    if (typeof m === 'number') return Object.is(m, -0) ? '-0.0' : String(m).replace(/e([+-])(\d)$/, 'e$10$2');
    if (typeof m === 'boolean') return m ? 'True' : 'False';
    if (m === null) return 'None';
    if ('type' in m) return reprBytes(m.value);
    if ('entries' in m) return `{${m.entries.map(([k, v]) => `${reprStr(k)}: ${repr(v, sep)}`).join(sep)}}`;
    const items = m.items.map((v) => repr(v, sep));
    if (!m.tuple) return `[${items.join(sep)}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(sep)})`;
  }

  test('rendering a value as a Python repr and parsing it gives the value back', () => {
    fc.assert(
      fc.property(model, fc.constantFrom(', ', ',', ',\n  ', ' ,\r\n'), fc.constantFrom('', ' 2018-11-22 - DEBUG - {', '\n['), (m, sep, tail) => {
        const text = repr(m, sep);
        const result = parse(text + tail);
        expect(result.diagnostics).toEqual([]);
        expect(result.end).toBe(text.length);
        expect(result.value).toEqual(toPy(m));
      }),
      { numRuns: 500 },
    );
  });

  test('any prefix of a repr, or any text at all, gives a value or diagnostics and never throws', () => {
    const cut = model.chain((m) => {
      const text = repr(m, ', ');
      return fc.integer({ min: 0, max: text.length }).map((n) => text.slice(0, n));
    });
    fc.assert(
      fc.property(fc.oneof(cut, fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(...'{}[](),:<>\'"bu\\ 1aN=\n') })), (text) => {
        const result = parse(text);
        expect(result.value === undefined).toBe(result.diagnostics.length > 0);
        expect(result.end).toBeGreaterThanOrEqual(0);
        expect(result.end).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('real botocore logs in samples/', () => {
  const dir = new URL('../../samples/', import.meta.url);
  const logs = readdirSync(dir).filter((f) => f.endsWith('.log'));
  const reprsIn = (log: string): string[] => {
    const found: string[] = [];
    for (const marker of ['with params: ', 'Response headers: ', 'headers={']) {
      for (let i = log.indexOf(marker); i !== -1; i = log.indexOf(marker, i + 1)) {
        const from = marker === 'headers={' ? i + marker.length - 1 : i + marker.length;
        const eol = log.indexOf('\n', from);
        found.push(log.slice(from, eol === -1 ? log.length : eol));
      }
    }
    return found;
  };

  /** A log's text, the messages of a JSON log (the Lambda runtime's JSON format) decoded. */
  const messagesOf = (log: string): string => log.split('\n').map((line) => (line.startsWith('{"timestamp"') ? (JSON.parse(line) as { message: string }).message : line)).join('\n');

  test.each(logs)('%s: every params dict and headers dict parses', (file) => {
    const reprs = reprsIn(messagesOf(readFileSync(new URL(file, dir), 'utf8')));
    expect(reprs.length).toBeGreaterThan(0);
    for (const text of reprs) {
      const result = parse(text);
      expect(result.diagnostics).toEqual([]);
      expect(asDict(result.value).type).toBe('dict');
      expect(text.slice(result.end).trim()).toMatch(/^(|>.*|\d{4}-\d\d-\d\d .*)$/s);
    }
  });
});
