/**
 * request-shapes.md: its sections, redaction, determinism, and that hostile values (pipes, line
 * breaks, backtick runs, HTML, block markers) neither break a table nor end a fence early. The
 * document is read back the way GFM reads it: fences first (CommonMark: a closing fence is a run of
 * at least the opening's length), then table rows split at unescaped pipes.
 */
import { markdown, renderMarkdown } from '../../src/emit/markdown.js';
import { REDACTED } from '../../src/parse/redact.js';
import { withDefaults } from '../../src/emit/templated.js';
import type { IntegrationModel } from '../../src/integrate/types.js';
import { golden, goldenPath, sampleModel } from '../support/golden.js';
import { manifest } from '../support/samples.js';
import { fixtureModel, lambdaInvokeModel } from './fixtures.js';

interface Block {
  kind: 'fence' | 'table' | 'heading' | 'line';
  lines: string[];
  info?: string;
}

/** Splits a document into fenced blocks, tables, headings and other lines. */
function blocks(doc: string): Block[] {
  const out: Block[] = [];
  const lines = doc.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const open = /^(`{3,})([^`]*)$/.exec(line);
    if (open) {
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !new RegExp(`^\`{${open[1]!.length},}\\s*$`).test(lines[j]!); j++) body.push(lines[j]!);
      if (j === lines.length) throw new Error(`fence at line ${i + 1} never closes`);
      out.push({ kind: 'fence', info: open[2]!, lines: body });
      i = j;
    } else if (line.startsWith('|')) {
      const rows = [line];
      while (lines[i + 1]?.startsWith('|')) rows.push(lines[++i]!);
      out.push({ kind: 'table', lines: rows });
    } else if (/^#{1,6} /.test(line)) {
      out.push({ kind: 'heading', lines: [line] });
    } else {
      out.push({ kind: 'line', lines: [line] });
    }
  }
  return out;
}

/** A table row's cells as GFM splits them: at pipes no backslash escapes, outer pipes dropped. */
function cells(row: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    if (row[i] === '\\' && row[i + 1] === '|') {
      current += '\\|';
      i++;
    } else if (row[i] === '|') {
      parts.push(current);
      current = '';
    } else {
      current += row[i];
    }
  }
  parts.push(current);
  return parts.slice(1, -1).map((c) => c.trim());
}

/** What a code-span cell shows: the span's content with GFM's pipe escapes undone. */
function codeContent(cell: string): string {
  const m = /^(`+)( ?)([\s\S]*?)\2\1$/.exec(cell);
  if (!m) throw new Error(`not a code span: ${cell}`);
  return m[3]!.replaceAll('\\|', '|');
}

function tables(doc: string): string[][][] {
  return blocks(doc).filter((b) => b.kind === 'table').map((b) => b.lines.map(cells));
}

const HOSTILE = 'a | b \\| c\nd ``` e `` f ` g <script>x</script> &amp; **bold** [link](http://x)\r\n# h';

function hostileModel(): IntegrationModel {
  const model = fixtureModel();
  model.title = `title ${HOSTILE}`;
  model.parameters.push({ name: 'DbPassword', description: `desc ${HOSTILE}`, default: 's3cr3t-default' });
  model.parameters[1]!.default = `arn:aws:sns:us-east-1:123456789012:t ${HOSTILE}`;
  const sns = model.methods[0]!;
  sns.operation.parameters.push(
    { name: 'MasterUserPassword', location: 'body', required: false, type: 'string', wireName: 'MasterUserPassword', example: 'hunter2', formFields: [['MasterUserPassword', 'hunter2']] },
    { name: 'Attributes', location: 'body', required: false, type: 'map', wireName: 'Attributes', example: { SecretAccessKey: 'nested-secret', Note: HOSTILE }, formFields: [['Attributes.entry.1.key', 'SecretAccessKey'], ['Attributes.entry.1.value', 'nested-secret-form']] },
    { name: 'Subject', location: 'body', required: false, type: 'string', wireName: 'Subject', example: HOSTILE },
  );
  sns.integration.requestTemplates['application/json']!.push(`\n#set($x = "${HOSTILE}")\n\`\`\`\`\n\`\`\`\n`, { param: 'DbPassword' });
  sns.integration.responses[1]!.responseTemplates = { 'application/json': HOSTILE };
  sns.decisions.push({ subject: `subject ${HOSTILE}`, choice: `choice ${HOSTILE}`, reason: `reason ${HOSTILE}` });
  sns.warnings.push(`# ${HOSTILE}`, '- a list?', '1. a numbered list?', '> a quote?', `warn ${HOSTILE}`);
  const lambda = model.methods[1]!;
  lambda.operation.parameters.push({ name: 'SessionToken', location: 'header', required: false, type: 'string', wireName: 'X-Amz-Security-Token', example: 'tok-123' });
  lambda.members.push({ member: 'SessionToken', location: 'header', wireName: 'X-Amz-Security-Token', type: 'string', required: false, source: { kind: 'header', name: 'X-Amz-Security-Token' }, reason: 'a header' });
  return model;
}

describe('markdown', () => {
  test('emits request-shapes.md', () => {
    expect(markdown.format).toBe('markdown');
    expect(markdown.emit(fixtureModel()).map((a) => a.name)).toEqual(['request-shapes.md']);
  });

  test('is deterministic', () => {
    expect(renderMarkdown(hostileModel())).toBe(renderMarkdown(hostileModel()));
  });

  test('one title, then per method a heading and its sections in order', () => {
    const doc = renderMarkdown(fixtureModel());
    const headings = blocks(doc).filter((b) => b.kind === 'heading').map((b) => b.lines[0]!);
    expect(headings.filter((h) => h.startsWith('# '))).toEqual(['# Request shapes: infer-mapping']);
    expect(headings.filter((h) => h.startsWith('## '))).toEqual(['## Deploy-time parameters', '## sns Publish: `POST /sns/publish`', '## lambda Invoke: `POST /lambda/functions/{FunctionName}/invocations`']);
    const lambdaSections = headings.slice(headings.indexOf('## lambda Invoke: `POST /lambda/functions/{FunctionName}/invocations`') + 1).filter((h) => h.startsWith('### '));
    expect(lambdaSections).toEqual(['### Endpoint', '### Headers to send', '### Body example', '### Parameters', '### Integration', '### Calling the method', '### Decisions']);
  });

  test('the endpoint table names host, method, path, protocol, content type, target, version and region', () => {
    const doc = renderMarkdown(fixtureModel());
    const endpoint = tables(doc).find((t) => t[2]![0] === 'Host')!;
    expect(Object.fromEntries(endpoint.slice(2).map(([k, v]) => [k, v]))).toMatchObject({
      Host: '`sns.us-east-1.amazonaws.com`',
      'HTTP method': '`POST`',
      Path: '`/`',
      Protocol: '`query`',
      'Content type': '`application/x-www-form-urlencoded; charset=utf-8`',
      'X-Amz-Target': '—',
      'API version': '`2010-03-31`',
      'Signing service and region': '`sns`, `us-east-1`',
    });
  });

  test('bodies are rebuilt from the examples: a form for query, the payload as it is for a blob', () => {
    const doc = renderMarkdown(fixtureModel());
    const fences = blocks(doc).filter((b) => b.kind === 'fence');
    expect(fences[0]).toEqual({ kind: 'fence', info: 'text', lines: ['Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A123456789012%3Aorders&Message=hi'] });
    expect(fences.find((f) => f.lines[0] === '{"a":1}')).toBeDefined();
  });

  test('a JSON-protocol body is the members as JSON', () => {
    const model = lambdaInvokeModel();
    Object.assign(model.methods[0]!.operation, { protocol: 'json', bodyEncoding: 'json', contentType: 'application/x-amz-json-1.1', target: 'X.Y' });
    model.methods[0]!.operation.parameters = [
      { name: 'Item', location: 'body', required: true, type: 'map', wireName: 'Item', example: { id: { S: 'u-1' }, AuthToken: 'x', NextToken: 'page-2' } },
      { name: 'Tags', location: 'body', required: false, type: 'list', wireName: 'Tags', example: [{ Key: 'DbPassword', Value: 'pw' }, { Key: 'team', Value: 'a' }] },
    ];
    const fence = blocks(renderMarkdown(model)).find((b) => b.kind === 'fence' && b.info === 'json')!;
    expect(JSON.parse(fence.lines.join('\n'))).toEqual({
      Item: { id: { S: 'u-1' }, AuthToken: REDACTED, NextToken: 'page-2' },
      Tags: [{ Key: 'DbPassword', Value: REDACTED }, { Key: 'team', Value: 'a' }],
    });
  });

  test('the template is shown with parameter defaults in a vtl fence; shared templates once', () => {
    const model = fixtureModel();
    const template = model.methods[0]!.integration.requestTemplates['application/json']!;
    model.methods[0]!.integration.requestTemplates['text/plain'] = template;
    const doc = renderMarkdown(model);
    expect(doc).toContain('#### Request template for `application/json`, `text/plain`');
    const vtl = blocks(doc).filter((b) => b.kind === 'fence' && b.info === 'vtl');
    expect(vtl.map((b) => b.lines.join('\n'))).toEqual([withDefaults(model, template)]);
  });

  test('decisions are a table, warnings a list', () => {
    const model = fixtureModel();
    model.methods[0]!.warnings = ['first', 'second'];
    const doc = renderMarkdown(model);
    expect(tables(doc)).toContainEqual([['Subject', 'Choice', 'Reason'], ['---', '---', '---'], ['Message', 'request body', 'a message in the URL is capped by the URL length']]);
    expect(doc).toContain('### Warnings\n\n- first\n- second\n');
  });

  describe('hostile values', () => {
    const model = hostileModel();
    const doc = renderMarkdown(model);

    test('every table row has as many cells as its header', () => {
      const all = tables(doc);
      expect(all.length).toBeGreaterThan(10);
      for (const t of all) for (const row of t) expect(row).toHaveLength(t[0]!.length);
    });

    test('code-span cells read back as the value (JSON-quoted when it spans lines)', () => {
      const params = tables(doc).find((t) => t[0]!.join() === 'Name,Location,Wire name,Type,Required,Example' && t.some((r) => r[0] === '`Subject`'))!;
      const subject = params.find((r) => r[0] === '`Subject`')!;
      expect(JSON.parse(codeContent(subject[5]!))).toBe(HOSTILE);
      const defaults = tables(doc).find((t) => t[0]!.join() === 'Name,Default,Description')!;
      expect(JSON.parse(codeContent(defaults[3]![1]!))).toBe(model.parameters[1]!.default);
    });

    test('free text keeps no raw line break, pipe or tag', () => {
      const decisions = tables(doc).find((t) => t[0]!.join() === 'Subject,Choice,Reason' && t.some((r) => r[0]!.startsWith('subject')))!;
      const row = decisions.find((r) => r[0]!.startsWith('subject'))!;
      expect(row[2]).toBe(`reason a \\| b \\\\\\| c<br>d \`\`\` e \`\` f \` g &lt;script>x&lt;/script> &amp; **bold** [link](http://x)<br># h`);
    });

    test('fences outlast every backtick run inside them and hold the template whole', () => {
      const vtl = blocks(doc).filter((b) => b.kind === 'fence' && b.info === 'vtl');
      const shown = { ...model, parameters: model.parameters.map((p) => (p.name === 'DbPassword' ? { ...p, default: REDACTED } : p)) };
      // A carriage return ends a line in CommonMark too: the fence shows it as a line break.
      expect(vtl[0]!.lines.join('\n')).toBe(withDefaults(shown, model.methods[0]!.integration.requestTemplates['application/json']!).replaceAll('\r\n', '\n'));
      expect(doc).toContain('`````vtl\n');
    });

    test('secret-looking members and parameters are REDACTED everywhere', () => {
      for (const secret of ['hunter2', 's3cr3t-default', 'nested-secret', 'tok-123']) expect(doc).not.toContain(secret);
      expect(doc).toContain('MasterUserPassword=REDACTED');
      expect(doc).toContain(`Attributes.entry.1.key=SecretAccessKey&Attributes.entry.1.value=${REDACTED}`);
    });

    test('the curl command sends a secret-looking member as REDACTED, and the rest as the log showed them', () => {
      const curl = blocks(doc).filter((b) => b.kind === 'fence' && b.info === 'sh').map((b) => b.lines.join('\n'));
      expect(curl).toHaveLength(2);
      expect(curl[1]).toContain(`-H 'X-Amz-Security-Token: ${REDACTED}'`);
      expect(curl[1]).toContain(`"$INVOKE_URL"'/lambda/functions/my-fn/invocations?Qualifier=%24LATEST'`);
    });

    test('a warning cannot open a heading, list or quote', () => {
      const warnings = doc.slice(doc.indexOf('### Warnings')).split('\n').slice(2, 7);
      expect(warnings).toEqual([
        `- \\# a \\| b \\\\\\| c<br>d \`\`\` e \`\` f \` g &lt;script>x&lt;/script> &amp; **bold** [link](http://x)<br># h`,
        '- \\- a list?',
        '- 1\\. a numbered list?',
        '- \\> a quote?',
        `- warn a \\| b \\\\\\| c<br>d \`\`\` e \`\` f \` g &lt;script>x&lt;/script> &amp; **bold** [link](http://x)<br># h`,
      ]);
    });

    test('headings stay one line', () => {
      const heading = doc.split('\n')[0]!;
      expect(heading.startsWith('# Request shapes: title a \\| b')).toBe(true);
      expect(blocks(doc).filter((b) => b.kind === 'heading' && b.lines[0]!.startsWith('# '))).toHaveLength(1);
    });
  });

  describe('golden files', () => {
    test.each(manifest.map((entry) => [entry.file] as const))('%s matches the reviewed document', async (file) => {
      const model = await sampleModel(file);
      const content = renderMarkdown(model);
      expect(content).toBe(golden(goldenPath('markdown', file, 'md'), content));
      for (const t of tables(content)) for (const row of t) expect(row).toHaveLength(t[0]!.length);
      expect(blocks(content).filter((b) => b.kind === 'heading' && b.lines[0]!.startsWith('## ') && b.lines[0] !== '## Deploy-time parameters')).toHaveLength(model.methods.length);
    });
  });
});
