/**
 * Readers that turn an emitted string back into the Templated it was written from, each by the
 * target's own escaping rules: CloudFormation's Fn::Sub and Terraform's string templates (as
 * hcl2json returns them). Tests compare the result with the model's Templated.
 */
import { snakeCase } from '../../src/integrate/names.js';
import type { IntegrationModel, Templated } from '../../src/integrate/types.js';

/** Adjacent literal parts joined, empty ones dropped: the form two Templated values are compared in. */
export function merged(text: Templated): Templated {
  const out: Templated = [];
  for (const part of text) {
    const previous = out.at(-1);
    if (typeof part === 'string' && typeof previous === 'string') out[out.length - 1] = previous + part;
    else if (part !== '') out.push(part);
  }
  return out;
}

/** Reads an Fn::Sub string back into Templated: `${!` is a literal `${`, `${Name}` a parameter. */
export function fromFnSub(text: string): Templated {
  const parts: Templated = [];
  const pattern = /\$\{!|\$\{([A-Za-z0-9:.]+)\}/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(text.slice(last, match.index));
    parts.push(match[1] === undefined ? '${' : { param: match[1] });
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return merged(parts);
}

/** Terraform variable name -> model parameter name. */
export function variablesOf(model: IntegrationModel): Map<string, string> {
  return new Map(model.parameters.map((p) => [snakeCase(p.name), p.name]));
}

/**
 * Reads a string in Terraform's JSON template syntax (how hcl2json returns strings) back into
 * Templated: `$${` and `%%{` are literal, `${var.x}` is a variable; any other interpolation or
 * directive is an error.
 */
export function fromJsonTemplate(text: string, variables: Map<string, string>): Templated {
  const parts: Templated = [];
  let last = 0;
  for (const match of text.matchAll(/\$\$\{|%%\{|\$\{var\.([a-z0-9_]+)\}|\$\{|%\{/g)) {
    parts.push(text.slice(last, match.index));
    if (match[0] === '$${' || match[0] === '%%{') parts.push(match[0].slice(1));
    else if (match[1] !== undefined && variables.has(match[1])) parts.push({ param: variables.get(match[1])! });
    else throw new Error(`unexpected template sequence at ${match.index} in ${JSON.stringify(text)}`);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return merged(parts);
}
