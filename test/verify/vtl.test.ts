import fc from 'fast-check';
import { FOREACH_LIMIT, renderTemplate, VtlError, type MethodRequest } from '../../src/verify/vtl.js';
import { escapeJavaScript, javaMatches, javaReplace, javaSplit, urlDecode } from '../../src/verify/vtl-java.js';
import { formEncode as urlEncode } from '../../src/integrate/templates.js';

const request = (body = '', more: Partial<MethodRequest> = {}): MethodRequest => ({ body, path: {}, querystring: {}, header: {}, ...more });
const render = (template: string, req: MethodRequest = request()) => renderTemplate(template, req).output;

/** The VtlError a template throws. */
function failure(template: string, req: MethodRequest = request()): VtlError {
  try {
    renderTemplate(template, req);
  } catch (e) {
    if (e instanceof VtlError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(template)} to fail`);
}

// The template of the AWS knowledge-center article "How do I use API Gateway as a proxy for another
// AWS service?" (SNS Publish), with the topic ARN filled in.
const SNS_TEMPLATE = "Action=Publish&TopicArn=$util.urlEncode('arn:aws:sns:us-east-1:123456789012:test')&Message=$util.urlEncode($input.body)##";
const JSON_MESSAGE = '{"m": "$util.escapeJavaScript($input.body).replaceAll("\\\\\'","\'")"}';

describe('the SNS Publish template of the AWS article', () => {
  test('renders a one-line form body', () => {
    expect(render(SNS_TEMPLATE, request('hello'))).toBe('Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Atest&Message=hello');
  });

  test('a message with spaces and reserved characters stays one form field', () => {
    const out = render(SNS_TEMPLATE, request("it's 50% off & free (today)! ~*"));
    expect(out).toBe('Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Atest&Message=it%27s+50%25+off+%26+free+%28today%29%21+%7E*');
    expect(new URLSearchParams(out).get('Message')).toBe("it's 50% off & free (today)! ~*");
  });

  test('the ## idiom keeps a form body split over lines on one line', () => {
    const template = 'Action=Publish##\n&TopicArn=$util.urlEncode($stageVariables.topic)##\n&Message=$util.urlEncode($input.body)##\n';
    const out = render(template, request('hi there', { stageVariables: { topic: 'arn:aws:sns:eu-west-1:1:t' } }));
    expect(out).toBe('Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A1%3At&Message=hi+there');
  });
});

describe('$util.urlEncode is java.net.URLEncoder (UTF-8), not encodeURIComponent', () => {
  test.each([
    [' ', '+', '%20'],
    ["'", '%27', "'"],
    ['!', '%21', '!'],
    ['(', '%28', '('],
    [')', '%29', ')'],
    ['*', '*', '*'],
    ['~', '%7E', '~'],
  ])('%j -> %j (encodeURIComponent gives %j)', (input, java, js) => {
    expect(encodeURIComponent(input)).toBe(js);
    expect(render('$util.urlEncode($input.body)', request(input))).toBe(java);
  });

  test.each([
    ['-._', '-._'],
    ['aZ09', 'aZ09'],
    ['+&=/?#%', '%2B%26%3D%2F%3F%23%25'],
    ['é', '%C3%A9'],
    ['€', '%E2%82%AC'],
    ['😀', '%F0%9F%98%80'],
    ['\n\t', '%0A%09'],
  ])('%j -> %j', (input, java) => {
    expect(urlEncode(input)).toBe(java);
  });

  test('an unpaired surrogate encodes as ?, as Java replaces it', () => {
    expect(urlEncode('a\uD800b')).toBe('a%3Fb');
  });

  test('$util.urlDecode is URLDecoder: + is a space, %XX runs are UTF-8', () => {
    expect(render("$util.urlDecode('a+b%20c%C3%A9%7e')")).toBe('a b cé~');
    expect(urlDecode('%C3')).toBe('\uFFFD');
    expect(urlDecode('%EF%BB%BFa')).toBe('\uFEFFa');
  });

  test('a bad % escape makes URLDecoder throw, so API Gateway fails the request', () => {
    const err = failure("x\n  $util.urlDecode('100%')");
    expect(err).toMatchObject({ code: 'VTL_RUNTIME', pos: { line: 2, column: 3 } });
    expect(err.message).toContain('IllegalArgumentException');
  });

  test('property: Message=$util.urlEncode($input.body)## decodes back to the body', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), (s) => {
        const out = render('Message=$util.urlEncode($input.body)##', request(s));
        expect(out).toMatch(/^Message=[A-Za-z0-9.*_+%-]*$/);
        expect(new URLSearchParams(out).get('Message')).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe('$util.escapeJavaScript is commons-lang StringEscapeUtils.escapeJavaScript', () => {
  test.each([
    ["it's", "it\\'s"],
    ['say "hi"', 'say \\"hi\\"'],
    ['back\\slash', 'back\\\\slash'],
    ['a/b', 'a\\/b'],
    ['l1\nl2\r\tx\b\f', 'l1\\nl2\\r\\tx\\b\\f'],
    ['\u0001\u001f', '\\u0001\\u001F'],
    ['\u007f', '\u007f'],
    ['é', '\\u00E9'],
    ['ĀĂ', '\\u0100\\u0102'],
    ['😀', '\\uD83D\\uDE00'],
  ])('%j -> %j', (input, escaped) => {
    expect(escapeJavaScript(input)).toBe(escaped);
    expect(render('$util.escapeJavaScript($input.body)', request(input))).toBe(escaped);
  });

  test(".replaceAll(\"\\\\'\",\"'\") (a Java regex: backslash then quote) makes it JSON", () => {
    const out = render(JSON_MESSAGE, request('it\'s a "test" \\\' /'));
    expect(out).toBe('{"m": "it\'s a \\"test\\" \\\\\' \\/"}');
    expect(JSON.parse(out)).toEqual({ m: 'it\'s a "test" \\\' /' });
  });

  test('a null argument renders nothing', () => {
    expect(render('[$util.escapeJavaScript($input.path(\'$.missing\'))]', request('{}'))).toBe('[]');
  });

  test('property: the escaped body inside a JSON string reads back as the body', () => {
    const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), minLength: 1 });
    const tricky = fc.string({ unit: fc.constantFrom("'", '"', '\\', '/', '\n', '\r', '\u2028', '$', '#', '\u0000', 'é', '😀', ' ', 'x'), minLength: 1 });
    fc.assert(
      fc.property(fc.oneof(utf16, tricky, fc.string({ unit: 'binary', minLength: 1 })), (s) => {
        const out = render(JSON_MESSAGE, request(s));
        expect(JSON.parse(out).m).toBe(s);
      }),
      { numRuns: 400 },
    );
  });
});

describe('$input', () => {
  test('$input.body is the raw text, and {} when the request has no body', () => {
    expect(render('[$input.body]', request('{ "a" : 10.00 }'))).toBe('[{ "a" : 10.00 }]');
    expect(render('[$input.body]', request(''))).toBe('[{}]');
    expect(render("[$input.json('$')]", request(''))).toBe('[{}]');
  });

  describe('JSONPath', () => {
    const body = JSON.stringify({ a: { b: 'x"y' }, 'a b': 1, list: [10, 20, 30], n: null, deep: [{ id: 1 }, { id: 2, sub: { id: 3 } }] });
    test.each([
      ['$', body],
      ['$.a.b', '"x\\"y"'],
      ['$.a', '{"b":"x\\"y"}'],
      ["$['a b']", '1'],
      ['$["a b"]', '1'],
      ['$.list[0]', '10'],
      ['$.list[-1]', '30'],
      ['$.list[*]', '[10,20,30]'],
      ['$.list[0,2]', '[10,30]'],
      ['$.list[1:]', '[20,30]'],
      ['$..id', '[1,2,3]'],
      ['$.deep[1].sub.id', '3'],
      ['$.n', 'null'],
      ['$.missing', 'null'],
      ['$.list[7]', 'null'],
    ])("$input.json('%s') is %s", (path, json) => {
      // A VTL string cannot hold its own quote character, so the path goes in the other kind.
      const quoted = path.includes("'") ? `"${path}"` : `'${path}'`;
      expect(render(`$input.json(${quoted})`, request(body))).toBe(json);
    });

    test('a string value is a quoted JSON string in $input.json and bare in $input.path', () => {
      expect(render("$input.json('$.a.b')|$input.path('$.a.b')", request(body))).toBe('"x\\"y"|x"y');
    });

    test('numbers are read as Integer or Double: 10.00 becomes 10.0', () => {
      const b = '{"i": 10, "d": 10.00, "e": 1e3, "big": 12345678901234567890, "neg": -0.5}';
      expect(render("$input.json('$')", request(b))).toBe('{"i":10,"d":10.0,"e":1000.0,"big":12345678901234567890,"neg":-0.5}');
      expect(render("$input.path('$.d') $input.path('$.big') $input.path('$.e')", request(b))).toBe('10.0 12345678901234567890 1000.0');
    });

    test('$input.path returns objects: size(), index, keySet(), entrySet(), #foreach', () => {
      const template = [
        "#set($root = $input.path('$'))",
        "$input.path('$.list').size() $root.list[1] $root.keySet() ##",
        "#foreach($x in $input.path('$.list'))$x#if($foreach.hasNext),#end#end ##",
        "#foreach($e in $root.a.entrySet())$e.key=$e.value#end",
      ].join('\n');
      expect(render(template, request(body))).toBe('3 20 [a, a b, list, n, deep] 10,20,30 b=x"y');
    });

    test('a map renders as Java prints it, a list as JSON (as LocalStack found on AWS)', () => {
      const b = '{"o": {"k": "v", "list": [{"foo": "bar/baz"}], "n": null}}';
      expect(render("$input.path('$.o')", request(b))).toBe('{k=v, list=[{"foo":"bar\\/baz"}], n=null}');
      expect(render("$input.path('$.o.list')", request(b))).toBe('[{"foo":"bar\\/baz"}]');
    });

    test('a missing value renders nothing and is reported', () => {
      const result = renderTemplate("[$input.path('$.nope')]", request(body));
      expect(result.output).toBe('[]');
      expect(result.diagnostics).toEqual(["1:2: $input.path('$.nope') is null or undefined; API Gateway renders nothing for it"]);
    });

    test('a body that is not JSON fails $input.json, not $input.body', () => {
      expect(render('$input.body', request('Action=x'))).toBe('Action=x');
      expect(failure("ok\n$input.json('$.a')", request('Action=x'))).toMatchObject({ code: 'BODY_NOT_JSON', pos: { line: 2, column: 1 } });
    });

    test('filters are not emulated', () => {
      expect(failure("$input.json('$.list[?(@ > 1)]')", request(body)).code).toBe('UNSUPPORTED');
      expect(failure("$input.json('$.[')", request(body)).code).toBe('JSONPATH_INVALID');
    });
  });

  describe('$input.params', () => {
    const req = request('', {
      path: { id: 'from-path', petId: '7' },
      querystring: { id: 'from-query', q: 'a b' },
      header: { id: 'from-header', 'X-Custom-Header': 'h', Accept: 'application/json' },
    });

    test('params(name) searches path, then query string, then headers', () => {
      expect(render("$input.params('id') $input.params('q') $input.params('X-Custom-Header') [$input.params('none')]", req)).toBe(
        'from-path a b h []',
      );
    });

    test('header names are looked up case-insensitively and listed in case-insensitive order', () => {
      expect(render("$input.params('x-custom-header') $input.params().header.get('ACCEPT') $input.params().header.x-custom-header", req)).toBe(
        'h application/json h',
      );
      expect(render('$input.params().header.keySet()', req)).toBe('[Accept, id, X-Custom-Header]');
      expect(render("$input.params().querystring.get('Q')|", req)).toBe('|');
    });

    test('params() is a map of path, header and querystring maps', () => {
      expect(render('$input.params()', request('', { path: { p: '1' }, querystring: { q: '2' }, header: { h: '3' } }))).toBe('{path={p=1}, header={h=3}, querystring={q=2}}');
    });

    test("the documentation's all-parameters template gives JSON", () => {
      const template = [
        '#set($allParams = $input.params())',
        '{',
        '  "params" : {',
        '    #foreach($type in $allParams.keySet())',
        '    #set($params = $allParams.get($type))',
        '    "$type" : {',
        '      #foreach($paramName in $params.keySet())',
        '      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"',
        '      #if($foreach.hasNext),#end',
        '      #end',
        '    }',
        '    #if($foreach.hasNext),#end',
        '    #end',
        '  }',
        '}',
      ].join('\n');
      expect(JSON.parse(render(template, req))).toEqual({
        params: {
          path: { id: 'from-path', petId: '7' },
          header: { id: 'from-header', 'X-Custom-Header': 'h', Accept: 'application/json' },
          querystring: { id: 'from-query', q: 'a b' },
        },
      });
    });
  });
});

describe('$util.parseJson, base64', () => {
  test("the documentation's parseJson example", () => {
    const body = JSON.stringify({ errorMessage: JSON.stringify({ key1: 'var1', key2: { arr: [1, 2, 3] } }) });
    const template = "#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))\n{\n   \"errorMessageObjKey2ArrVal\" : $errorMessageObj.key2.arr[0]\n}";
    expect(render(template, request(body))).toBe('{\n   "errorMessageObjKey2ArrVal" : 1\n}');
  });

  test('bad JSON in parseJson fails the request', () => {
    expect(failure("$util.parseJson('{nope')").code).toBe('VTL_RUNTIME');
  });

  test('base64 of the UTF-8 bytes, both ways', () => {
    expect(render("$util.base64Encode('héllo ☃') $util.base64Decode('aMOpbGxvIOKYgw==')")).toBe('aMOpbGxvIOKYgw== héllo ☃');
    expect(failure("$util.base64Decode('not base64!')").code).toBe('VTL_RUNTIME');
    expect(render("$util.base64Decode('77u/YQ==')")).toBe('\uFEFFa');
  });
});

describe('comments and whitespace, as Velocity 1.7 lexes them', () => {
  test.each([
    ['a ## comment\nb', 'a b'],
    ['a##\nb', 'ab'],
    ['a##\r\nb', 'ab'],
    ['a #* block *#\nb', 'a \nb'],
    ['#* multi\nline *#x', 'x'],
    ['#set($a = 1)\nx$a', 'x1'],
    ['  #set($a = 1)  \nx$a', 'x1'],
    ['text  #set($a = 1)\nx$a', 'text  x1'],
    ['{\n  #set($a = 1)\n  "a": $a\n}', '{\n    "a": 1\n}'],
    ['#set($a = 1)\n\n$a', '\n1'],
    ['#if(true)\nyes\n#else\nno\n#end\nafter', 'yes\nafter'],
    ['#if(false)\nyes\n#elseif(true)\nmid\n#end\n', 'mid\n'],
    ['  #if(true)\n  x\n  #end\n', '    x\n  '],
    ['#foreach($i in [1,2])\n$i\n#end\n', '1\n2\n'],
    ['#set($a = 1)\r\nb', 'b'],
  ])('%j renders %j', (template, out) => {
    expect(render(template)).toBe(out);
  });

  test('a directive does not eat the newline when text follows it on its line', () => {
    expect(render('#set($a = 1) text\nnext')).toBe(' text\nnext');
  });
});

describe('#foreach', () => {
  test('$foreach.index, count, hasNext, first, last, parent and $velocityCount', () => {
    const out = render('#foreach($i in ["a","b","c"])$foreach.index$foreach.count$velocityCount$i:$foreach.hasNext/$foreach.first/$foreach.last #end');
    expect(out).toBe('011a:true/true/false 122b:true/false/false 233c:false/false/true ');
    expect(render('#foreach($a in [1,2])#foreach($b in [1,2])$foreach.parent.count$foreach.count #end#end')).toBe('11 12 21 22 ');
  });

  test('a map is iterated by value; a string or null not at all', () => {
    expect(render("#foreach($v in $input.path('$'))$v;#end", request('{"a": 1, "b": 2}'))).toBe('1;2;');
    expect(render('#set($s = "abc")#foreach($c in $s)$c#end|#foreach($n in $nothing)x#end|')).toBe('||');
  });

  test('#break leaves the loop at once', () => {
    expect(render('#foreach($i in [1,2,3])$i#if($i == 2)#break#end!#end|')).toBe('1!2|');
  });

  test(`stops after ${FOREACH_LIMIT} iterations, hasNext still true on the last one`, () => {
    const items = JSON.stringify({ items: Array.from({ length: 1500 }, (_, i) => i) });
    const result = renderTemplate("[#foreach($i in $input.path('$.items'))$i#if($foreach.hasNext),#end#end]", request(items));
    const rendered = result.output.slice(1, -1).split(',');
    expect(rendered).toHaveLength(FOREACH_LIMIT + 1); // a trailing comma: hasNext was true
    expect(rendered[FOREACH_LIMIT - 1]).toBe('999');
    expect(rendered[FOREACH_LIMIT]).toBe('');
    expect(result.diagnostics).toEqual(["1:2: #foreach stopped after 1000 of 1500 items (API Gateway's limit); $foreach.hasNext was still true on the last one"]);
  });

  test('exactly 1000 items render whole', () => {
    const items = JSON.stringify(Array.from({ length: 1000 }, () => 1));
    const result = renderTemplate("#foreach($i in $input.path('$'))$i#end", request(items));
    expect(result.output).toBe('1'.repeat(1000));
    expect(result.diagnostics).toEqual([]);
  });
});

describe('$context and overrides', () => {
  test('$context has fixed defaults that the method request can replace, dotted or nested', () => {
    expect(render('$context.stage $context.httpMethod $context.resourcePath $context.identity.sourceIp $context.requestTime $context.requestTimeEpoch')).toBe(
      'test POST / 198.51.100.7 01/Jan/2024:00:00:00 +0000 1704067200000',
    );
    const req = request('', { context: { stage: 'prod', 'identity.sourceIp': '203.0.113.9', authorizer: { principalId: 'me' } } });
    expect(render('$context.stage $context.identity.sourceIp $context.identity.userAgent $context.authorizer.principalId', req)).toBe(
      'prod 203.0.113.9 infer-mapping-verify me',
    );
    expect(render('[$context.identity.apiKey][$context.authorizer.claims.sub]')).toBe('[][]');
  });

  test('$stageVariables', () => {
    expect(render("$stageVariables.queue $stageVariables['queue']", request('', { stageVariables: { queue: 'q1' } }))).toBe('q1 q1');
  });

  test('requestOverride and responseOverride.status are collected', () => {
    const template = [
      '#set($context.requestOverride.header.X-Amz-Target = "AmazonSQS.SendMessage")',
      "#set($context.requestOverride.querystring.Version = '2012-11-05')",
      '#set($context.requestOverride.path.queue = $input.params(\'q\'))',
      '#set($context.responseOverride.status = 202)',
      'body',
    ].join('\n');
    const result = renderTemplate(template, request('', { querystring: { q: 'my-queue' } }));
    expect(result).toEqual({
      output: 'body',
      overrides: { header: { 'X-Amz-Target': 'AmazonSQS.SendMessage' }, querystring: { Version: '2012-11-05' }, path: { queue: 'my-queue' }, status: 202 },
      diagnostics: [],
    });
  });

  test("the documentation's header-override tutorial", () => {
    const template = [
      '#set($header1Override = "foo")',
      "#set($header3Value = \"$input.params('header1')$input.params('header2')\")",
      '$input.json("$")',
      '#set($context.requestOverride.header.header3 = $header3Value)',
      '#set($context.requestOverride.header.header1 = $header1Override)',
    ].join('\n');
    const result = renderTemplate(template, request('{"a": 1}', { header: { header1: 'header1Val', header2: 'header2Val' } }));
    expect(result.output).toBe('{"a":1}\n');
    expect(result.overrides.header).toEqual({ header3: 'header1Valheader2Val', header1: 'foo' });
  });

  test('an override set twice fails ("Overrides are final")', () => {
    const err = failure('#set($context.requestOverride.header.h = "1")\n#set($context.requestOverride.header.h = "2")');
    expect(err).toMatchObject({ code: 'OVERRIDE_REPEATED', pos: { line: 2, column: 1 } });
  });
});

describe('references and #set', () => {
  test('a null or undefined reference renders nothing; $! says it is meant', () => {
    const result = renderTemplate('[$nothing][$!nothing][${nothing}][$input.nothing]', request());
    expect(result.output).toBe('[][][][]');
    expect(result.diagnostics).toHaveLength(3);
  });

  test('#set with a null value leaves the variable as it was', () => {
    const result = renderTemplate('#set($x = "keep")#set($x = $input.path(\'$.none\'))$x', request('{}'));
    expect(result.output).toBe('keep');
    expect(result.diagnostics[0]).toMatch(/^1:18: #set\(\$x = \.\.\.\) is skipped/);
  });

  test('string interpolation in double quotes only', () => {
    expect(render('#set($n = "W")#set($a = "Hi $n ${n}!")#set($b = \'Hi $n\')$a|$b')).toBe('Hi W W!|Hi $n');
    expect(render('#set($u = "\\u0041\\n")$u')).toBe('A\\n');
  });

  test('Velocity truthiness: only null and false are false', () => {
    const body = '{"zero": 0, "empty": "", "list": [], "f": false, "n": null}';
    const template = ['zero', 'empty', 'list', 'f', 'n', 'missing'].map((k) => `#if($input.path('$.${k}'))T#else\nF#end`).join('');
    expect(render(template, request(body))).toBe('TTTFFF');
  });

  test('arithmetic and comparison as Velocity 1.7 does them', () => {
    expect(render('#set($a = 7)#set($b = 2)#set($q = $a / $b)#set($r = $a % $b)#set($d = 7.0 / 2)#set($s = "n=" + $a)$q $r $d $s')).toBe('3 1 3.5 n=7');
    expect(render('#if(3 == "3")eq#end #if(2.0 == 2)num#end')).toBe('eq num');
    expect(render('#set($z = 1 / 0)[$!z]')).toBe('[]');
  });

  test('list add() renders true, map put() renders the previous value', () => {
    // The space before #set is Velocity's to eat.
    expect(render('#set($l = [])$l.add("a")$l.add("b") $l #set($m = {})[$m.put("k", 1)][$m.put("k", 2)] $m')).toBe('truetrue [a, b][][1] {k=2}');
  });
});

describe('Java String methods', () => {
  test.each([
    ['"a.b.c".replaceAll("\\.", "-")', 'a-b-c'],
    ['"a.b.c".replace(".", "-")', 'a-b-c'],
    ['"abc".replaceAll("(b)", "[$1]")', 'a[b]c'],
    ['"abc".replaceAll("b", \'\\$\')', 'a$c'],
    ['"x\'y".replaceAll("\\\'", "q")', 'xqy'],
    ['"a\u00a0b c".replaceAll("\\s", "_")', 'a\u00a0b_c'],
    ['"a1b22".replaceFirst("\\d+", "#")', 'a#b22'],
    ['"(?i)" + "x"', '(?i)x'],
    ['"AbC".replaceAll("(?i)b", "-")', 'A-C'],
    ['"abc".length()', '3'],
    ['"abc".substring(1)', 'bc'],
    ['"abc".substring(0, 2)', 'ab'],
    ['"AbC".toLowerCase()', 'abc'],
    ['"AbC".toUpperCase()', 'ABC'],
    ['" \u00a0x\t".trim()', '\u00a0x'],
    ['"abc".contains("bc")', 'true'],
    ['"abc".startsWith("ab")', 'true'],
    ['"abc".endsWith("x")', 'false'],
    ['"abc".equals("abc")', 'true'],
    ['"abc".indexOf("c")', '2'],
    ['"a,b,,".split(",").size()', '2'],
    ['"a,b,,".split(",", -1).size()', '4'],
    ['"2024-01".matches("\\d{4}-\\d{2}")', 'true'],
    ['"abc".charAt(1)', 'b'],
    ['"a b".split(" ").get(1)', 'b'],
    ['"a" == "a"', 'true'],
  ])('%s is %j', (expr, out) => {
    const template = expr.includes('==') || expr.includes(' + ') ? `#set($v = ${expr})$v` : `#set($s = ${expr.slice(0, expr.indexOf('".') + 1)})$s${expr.slice(expr.indexOf('".') + 1)}`;
    expect(render(template)).toBe(out);
  });

  test('out-of-range substring fails like Java', () => {
    expect(failure('#set($s = "abc")\n$s.substring(5)')).toMatchObject({ code: 'VTL_RUNTIME', pos: { line: 2, column: 1 } });
  });

  test('an unknown method renders nothing and is reported', () => {
    const result = renderTemplate('#set($s = "abc")[$s.frobnicate()]', request());
    expect(result.output).toBe('[]');
    expect(result.diagnostics[0]).toBe('1:18: $s.frobnicate(): String has no method frobnicate taking no arguments');
  });
});

describe('java.util.regex, as replaceAll, split and matches use it', () => {
  test.each([
    ['a-b', '\\-', '_', 'a_b'],
    ['a.b', '\\Q.\\E', '_', 'a_b'],
    ["x'y", "\\'", '_', 'x_y'],
    ['a]b}c', '[]}]', '_', 'a_b_c'],
    ['ab\n', 'b$', '_', 'a_\n'],
    ['x😀y', '.', '_', '___'],
    ['a\u0085b', '.', '_', '_\u0085_'],
    ['Hello', '(?i)h', 'J', 'Jello'],
    ['aaa', 'a*', 'X', 'XX'],
    ['abc', '', '-', '-a-b-c-'],
    ['ab', '(?<n>a)', '[${n}]', '[a]b'],
    ['a.b', '\\.', '\\\\', 'a\\b'],
  ])('%j.replaceAll(%j, %j) is %j', (s, re, rep, out) => {
    expect(javaReplace(s, re, rep, true)).toBe(out);
  });

  test.each([
    ['boo:and:foo', ':', 2, ['boo', 'and:foo']],
    ['boo:and:foo', 'o', 0, ['b', '', ':and:f']],
    ['boo:and:foo', 'o', -1, ['b', '', ':and:f', '', '']],
    ['abc', '', 0, ['a', 'b', 'c']],
    [':a', ':', 0, ['', 'a']],
    ['', ',', 0, ['']],
  ])('%j.split(%j, %j) is %j (the String.split javadoc examples)', (s, re, limit, parts) => {
    expect([...javaSplit(s, re, limit)]).toEqual(parts);
  });

  test('matches() needs the whole input', () => {
    expect(javaMatches('abc', 'a.c')).toBe(true);
    expect(javaMatches('abc\n', 'abc')).toBe(false);
  });

  test('what JavaScript cannot do is refused, and bad patterns fail like Java', () => {
    expect(failure('#set($s = "a")$s.replaceAll("a++", "")').code).toBe('UNSUPPORTED');
    expect(failure('#set($s = "a")$s.replaceAll("a{", "")').message).toContain('PatternSyntaxException: Illegal repetition');
    expect(failure('#set($s = "a")$s.replaceAll("a", "$2")').message).toContain('No group 2');
  });
});

describe('syntax errors', () => {
  test('a bad expression is placed at its token', () => {
    expect(failure('line one\nline #set($x = )\nthree')).toMatchObject({ code: 'VTL_SYNTAX', pos: { line: 2, column: 16, offset: 24 } });
  });

  test('an #if without #end', () => {
    const err = failure('a\n#if(true)\nb');
    expect(err.code).toBe('VTL_SYNTAX');
    expect(err.message).toContain('#if at 2:1 has no #end');
  });

  test('an #end without a block, and #else outside #if', () => {
    expect(failure('a\n b #end')).toMatchObject({ code: 'VTL_SYNTAX', pos: { line: 2, column: 4 } });
    expect(failure('#foreach($i in [1])#else#end').message).toContain('#else outside #if');
  });
});
