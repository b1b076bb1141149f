/**
 * Parses a mapping template into velocityjs's AST, with Velocity 1.7's whitespace rules and block
 * checks, which velocityjs's own `parse` does not apply:
 *
 * - velocityjs trims `[ \t]*\n` after every directive, block comments included, and never before
 *   `#set`. Velocity 1.7's lexer (Parser.jjt) instead eats `[ \t]*` + one newline (`\n`, `\r\n` or
 *   `\r`) after the `)` of a directive (`<RPAREN: ")" ((" "|"\t")* ("\n"|"\r"|"\r\n"))?>`) and after
 *   `#else` / `#end`; a `##` comment runs up to and including its newline; a `#* *#` comment eats
 *   nothing; and `#set` eats the spaces and tabs before it when nothing but them stands between it and
 *   the previous token (`<SET_DIRECTIVE: (" "|"\t")* ("#set" | "#{set}") (" ")* "(">`).
 * - velocityjs silently drops a stray `#end` (and the rest of the template with it) and repeats text
 *   when an `#end` is missing; Velocity refuses both, as API Gateway does.
 *
 * Positions of velocityjs nodes are `first_line` (1-based) and `first_column` (0-based).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { VtlError, type VtlPosition } from './vtl-error.js';

/** A velocityjs AST node (`type` is `set`, `if`, `references`, ...). */
export interface VtlAst {
  type: string;
  id?: string;
  value?: unknown;
  pos?: { first_line: number; first_column: number; last_line?: number; last_column?: number };
  [key: string]: unknown;
}

/** Text, a node, or a block (`[opener, ...body]` for `#if`/`#foreach`/`#macro`/`#define`). */
export type VtlNode = string | VtlAst | VtlNode[];

type RawParser = (template: string) => Array<string | VtlAst>;

let rawParser: RawParser | undefined;

/**
 * velocityjs's jison parser, before its `parse` wrapper trims whitespace and nests blocks. The
 * package exports only the wrapper, so the parser is loaded from its CommonJS build by path.
 */
function loadRawParser(): RawParser {
  if (rawParser) return rawParser;
  const require = createRequire(import.meta.url);
  const main = require.resolve('velocityjs'); // .../dist/cjs/index.cjs
  const mod = require(join(dirname(main), 'parse', 'index.cjs')) as { parse_1?: RawParser };
  if (typeof mod.parse_1 !== 'function') throw new Error(`velocityjs ${main}: its parser module has no parse_1; update vtl-parse.ts`);
  rawParser = mod.parse_1;
  return rawParser;
}

const BLOCK_TYPES = new Set(['if', 'foreach', 'macro', 'define', 'noescape', 'macro_body']);
/** Nodes whose closing `)` (or whose `#else` / `#end`) eats the rest of its line. */
const EATS_LINE_END = new Set(['set', 'if', 'elseif', 'foreach', 'macro', 'define', 'macro_call', 'macro_body', 'else', 'end']);

/** Line and column (1-based) of an offset. */
export function positionAt(text: string, offset: number): VtlPosition {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/** Offset of a velocityjs node position in `text`. */
export function nodePosition(text: string, ast: VtlAst | undefined): VtlPosition | undefined {
  const pos = ast?.pos;
  if (!pos || typeof pos.first_line !== 'number') return undefined;
  let offset = 0;
  for (let line = 1; line < pos.first_line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) break;
    offset = nl + 1;
  }
  offset += pos.first_column;
  return { offset, line: pos.first_line, column: pos.first_column + 1 };
}

interface JisonError extends Error {
  hash?: { text?: string; token?: string; loc?: { first_line: number; first_column: number }; expected?: string[] };
}

/**
 * Where a jison parse error is. The error message shows the consumed input (its last 20 chars,
 * newlines dropped) and a caret at the offending token; that context is searched for in the template
 * with its newlines dropped, the reported line breaking ties. Falls back on the reported location.
 */
function syntaxErrorPosition(template: string, err: JisonError): VtlPosition | undefined {
  const lines = err.message.split('\n');
  const caret = lines[2]?.indexOf('^') ?? -1;
  const loc = err.hash?.loc;
  const fallback = loc ? { ...positionAt(template, 0), line: loc.first_line, column: loc.first_column + 1 } : undefined;
  if (!lines[1] || caret < 0) return fallback;
  let before = lines[1].slice(0, caret);
  const anchored = !before.startsWith('...');
  if (!anchored) before = before.slice(3);
  const flatIndex: number[] = [];
  let flat = '';
  for (let k = 0; k < template.length; k++) {
    if (template[k] === '\n') continue;
    flat += template[k];
    flatIndex.push(k);
  }
  flatIndex.push(template.length);
  const candidates: number[] = [];
  if (anchored) {
    if (flat.startsWith(before)) candidates.push(before.length);
  } else {
    for (let at = flat.indexOf(before); at >= 0; at = flat.indexOf(before, at + 1)) candidates.push(at + before.length);
  }
  if (candidates.length === 0) return fallback;
  const positions = candidates.map((c) => {
    let offset = flatIndex[c]!;
    while (offset < template.length && template[offset] === '\n') offset++;
    return positionAt(template, offset);
  });
  const wanted = loc?.first_line ?? positions[0]!.line;
  positions.sort((a, b) => Math.abs(a.line - wanted) - Math.abs(b.line - wanted));
  return positions[0];
}

function describe(ast: VtlAst): string {
  return ast.type === 'macro_body' ? `#@${ast.id ?? ''}` : `#${ast.type}`;
}

const cache = new Map<string, VtlNode[]>();

/**
 * Parses a template. Throws `VtlError` (`VTL_SYNTAX`) with the place of the problem.
 * The result is cached by template text and must not be mutated.
 */
export function parseTemplate(template: string): VtlNode[] {
  const hit = cache.get(template);
  if (hit) return hit;
  let raw: Array<string | VtlAst>;
  try {
    raw = loadRawParser()(template);
  } catch (e) {
    const err = e as JisonError;
    if (!err.hash) throw e;
    const expected = err.hash.expected?.length ? `; expected ${err.hash.expected.join(', ')}` : '';
    const found = err.hash.token === 'EOF' || err.hash.token === '1' ? 'the end of the template' : JSON.stringify(err.hash.text ?? err.hash.token);
    throw new VtlError('VTL_SYNTAX', `cannot parse the template at ${found}${expected}`, syntaxErrorPosition(template, err));
  }

  // 1. Consecutive text is one token to Velocity's lexer.
  const flat: Array<string | VtlAst> = [];
  for (const node of raw) {
    const last = flat[flat.length - 1];
    if (typeof node === 'string' && typeof last === 'string') flat[flat.length - 1] = last + node;
    else flat.push(node);
  }
  // 2. What a directive or a `##` comment eats after itself.
  for (let k = 0; k < flat.length; k++) {
    const node = flat[k]!;
    const next = flat[k + 1];
    if (typeof node === 'string' || typeof next !== 'string') continue;
    if (EATS_LINE_END.has(node.type)) flat[k + 1] = next.replace(/^[ \t]*(?:\r\n|\n|\r)/, '');
    else if (node.type === 'comment' && String(node.value ?? '').startsWith('##')) {
      // velocityjs may have taken the `\r` of a `\r\n` into the comment.
      flat[k + 1] = String(node.value).endsWith('\r') ? next.replace(/^\n/, '') : next.replace(/^(?:\r\n|\n|\r)/, '');
    }
  }
  // 3. What `#set` eats before itself.
  for (let k = 1; k < flat.length; k++) {
    const node = flat[k]!;
    const prev = flat[k - 1];
    if (typeof node !== 'string' && node.type === 'set' && typeof prev === 'string' && /^[ \t]+$/.test(prev)) flat[k - 1] = '';
  }
  // 4. Blocks, checked as Velocity's grammar checks them.
  const root: VtlNode[] = [];
  const stack: Array<{ body: VtlNode[]; opener?: VtlAst; sawElse?: boolean }> = [{ body: root }];
  for (const node of flat) {
    const top = stack[stack.length - 1]!;
    if (typeof node === 'string') {
      if (node !== '') top.body.push(node);
      continue;
    }
    if (BLOCK_TYPES.has(node.type)) {
      const block: VtlNode[] = [node];
      top.body.push(block);
      stack.push({ body: block, opener: node });
    } else if (node.type === 'end') {
      if (stack.length === 1) throw new VtlError('VTL_SYNTAX', '#end without an open #if, #foreach, #macro or #define', nodePosition(template, node));
      stack.pop();
    } else if (node.type === 'else' || node.type === 'elseif') {
      if (top.opener?.type !== 'if') throw new VtlError('VTL_SYNTAX', `#${node.type} outside #if`, nodePosition(template, node));
      if (top.sawElse) throw new VtlError('VTL_SYNTAX', `#${node.type} after #else`, nodePosition(template, node));
      if (node.type === 'else') top.sawElse = true;
      top.body.push(node);
    } else top.body.push(node);
  }
  if (stack.length > 1) {
    const open = stack[stack.length - 1]!.opener!;
    const at = nodePosition(template, open);
    throw new VtlError('VTL_SYNTAX', `${describe(open)}${at ? ` at ${at.line}:${at.column}` : ''} has no #end before the end of the template`, positionAt(template, template.length));
  }
  if (cache.size > 200) cache.clear();
  cache.set(template, root);
  return root;
}
