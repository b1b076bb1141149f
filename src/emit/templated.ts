/**
 * Rendering of Templated text, one function per target syntax. Literal parts are escaped for the
 * target's own interpolation syntax so that no value can be read as a reference.
 */
import { snakeCase } from '../integrate/names.js';
import type { IntegrationModel, Templated } from '../integrate/types.js';

function defaultOf(model: IntegrationModel, name: string): string {
  const parameter = model.parameters.find((p) => p.name === name);
  if (!parameter) throw new Error(`unknown template parameter ${name}`);
  return parameter.default;
}

/** Concrete text, parameters replaced by their defaults (OpenAPI files, CLI scripts, docs). */
export function withDefaults(model: IntegrationModel, text: Templated): string {
  return text.map((part) => (typeof part === 'string' ? part : defaultOf(model, part.param))).join('');
}

/** The parameter the text consists of, when it is exactly one (the execution role's credentials). */
export function soleParameter(text: Templated): string | null {
  const [only] = text;
  return text.length === 1 && typeof only === 'object' ? only.param : null;
}

/** Empty maps are left out rather than written as `{}` (API Gateway treats both alike). */
export function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}

/** Whether the text refers to any parameter. */
export function hasParameters(text: Templated): boolean {
  return text.some((part) => typeof part !== 'string');
}

/** CloudFormation: a plain string, or `Fn::Sub` where `${` in literal text is written `${!`. */
export function toFnSub(text: Templated): string | { 'Fn::Sub': string } {
  if (!hasParameters(text)) return text.join('');
  return { 'Fn::Sub': text.map((part) => (typeof part === 'string' ? part.replaceAll('${', '${!') : `\${${part.param}}`)).join('') };
}

/**
 * The body of an HCL quoted string: literal `${` and `%{` start interpolation and directives, so
 * they are written `$${` and `%%{`; quotes, backslashes and control characters are escaped.
 */
export function toHclString(text: Templated): string {
  const literal = (s: string, beforeVariable: boolean): string => {
    const escaped = s
      .replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)
      .replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .replace(/([$%])\{/g, '$1$1{');
    // A `$` right before `${var.x}` would turn it into the `$${` escape: write that `$` as an interpolation.
    return beforeVariable && escaped.endsWith('$') ? `${escaped.slice(0, -1)}\${"$"}` : escaped;
  };
  return `"${text
    .map((part, i) => (typeof part === 'string' ? literal(part, typeof text[i + 1] === 'object') : `\${var.${snakeCase(part.param)}}`))
    .join('')}"`;
}
