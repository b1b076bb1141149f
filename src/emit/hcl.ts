/**
 * A small serializer of plain objects to HCL native syntax, laid out the way `terraform fmt`
 * lays it out (so the output passes `terraform fmt -check`). npm has HCL parsers and formatters
 * but no writer of plain objects.
 */
import { toHclString } from './templated.js';

/**
 * An expression written as is: a reference, a function call, a conditional, a quoted template.
 * A class, so that no map value (whatever its keys) can be mistaken for one.
 */
export class HclExpression {
  constructor(readonly expression: string) {}
}

/** A function call whose arguments are values (`jsonencode({ ... })`). */
export class HclCall {
  constructor(
    readonly name: string,
    readonly args: HclValue[],
  ) {}
}

/**
 * A value. Strings are literal text, always quoted and escaped (`${` cannot start an
 * interpolation); anything that should be evaluated is an HclExpression or an HclCall.
 */
export type HclValue = string | number | boolean | HclExpression | HclCall | HclValue[] | { [key: string]: HclValue };

export interface HclBlock {
  type: string;
  labels: string[];
  attributes: Record<string, HclValue>;
  /** Nested blocks, written after the attributes. */
  blocks?: HclBlock[];
  /** Written as `#` lines above the block. */
  comment?: string;
}

/** An HCL expression of the given source text. */
export function hclExpression(expression: string): HclExpression {
  return new HclExpression(expression);
}

/** A call of a Terraform function. */
export function hclCall(name: string, ...args: HclValue[]): HclCall {
  return new HclCall(name, args);
}

const INDENT = '  ';
/** Lists of single-line items longer than this are written one item a line. */
const MAX_INLINE_LIST = 100;

function quoted(text: string): string {
  return toHclString([text]);
}

/** The value's text; lines after the first are indented for `depth`. */
function renderValue(value: HclValue, depth: number): string {
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`HCL has no literal for ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (value instanceof HclExpression) return value.expression;
  if (value instanceof HclCall) return `${value.name}(${value.args.map((arg) => renderValue(arg, depth)).join(', ')})`;
  const inner = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item) => renderValue(item, depth + 1));
    const inline = `[${items.join(', ')}]`;
    if (items.every((item) => !item.includes('\n')) && inline.length <= MAX_INLINE_LIST) return inline;
    return `[\n${items.map((item) => `${inner}${item},\n`).join('')}${close}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  // Keys are always quoted: a bare `for`, `true` or `null` would not be read as a name.
  return `{\n${alignedLines(entries.map(([key, item]) => [quoted(key), item]), depth + 1)}${close}}`;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The width `terraform fmt` gives a name: it counts grapheme clusters, not UTF-16 units. */
function width(text: string): number {
  return [...graphemes.segment(text)].length;
}

/**
 * `name = value` lines. `terraform fmt` aligns the `=` of each run of single-line attributes;
 * a multi-line value keeps one space and ends the run.
 */
function alignedLines(entries: Array<[string, HclValue]>, depth: number): string {
  const indent = INDENT.repeat(depth);
  const rendered = entries.map(([name, value]) => ({ name, text: renderValue(value, depth) }));
  const lines: string[] = [];
  let run: typeof rendered = [];
  const flush = (): void => {
    const widest = Math.max(...run.map((entry) => width(entry.name)));
    for (const entry of run) lines.push(`${indent}${entry.name}${' '.repeat(widest - width(entry.name))} = ${entry.text}\n`);
    run = [];
  };
  for (const entry of rendered) {
    if (entry.text.includes('\n')) {
      if (run.length > 0) flush();
      lines.push(`${indent}${entry.name} = ${entry.text}\n`);
    } else {
      run.push(entry);
    }
  }
  if (run.length > 0) flush();
  return lines.join('');
}

/** `#` lines; every line break of the text starts a new comment line. */
function commentLines(text: string, indent: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => `${indent}#${line === '' ? '' : ` ${line}`}\n`)
    .join('');
}

function renderBlock(block: HclBlock, depth: number): string {
  const indent = INDENT.repeat(depth);
  const header = [block.type, ...block.labels.map(quoted)].join(' ');
  const parts = [alignedLines(Object.entries(block.attributes), depth + 1), ...(block.blocks ?? []).map((child) => renderBlock(child, depth + 1))];
  const body = parts.filter((part) => part !== '').join('\n');
  return `${block.comment === undefined ? '' : commentLines(block.comment, indent)}${indent}${header} {\n${body}${indent}}\n`;
}

/** A file of top-level blocks, separated by blank lines, after an optional header comment. */
export function renderHcl(blocks: HclBlock[], header?: string): string {
  const top = header === undefined ? '' : `${commentLines(header, '')}\n`;
  return top + blocks.map((block) => renderBlock(block, 0)).join('\n');
}
