/**
 * Policy variables, as "IAM policy elements: Variables and tags" in the IAM User Guide
 * describes them: `${key}` is replaced by the request's value of a single-valued condition
 * key, `${key, 'default'}` supplies a value for a key the request lacks, and `${*}`, `${?}`
 * and `${$}` stand for the literal characters. Variables exist only in policies whose Version
 * is `2012-10-17`; elsewhere the same text is a literal string.
 */

import type { Template, TemplatePart } from './policy-types.js';
import { literalTokens, wildcardTokens, type WildcardToken } from './wildcard.js';

const variablePattern = /\$\{([^}]*)\}/g;
const variableBody = /^\s*([^\s,']+)\s*(?:,\s*'([^']*)'\s*)?$/;
const specialCharacters = new Set(['*', '?', '$']);

/** Splits a string into text, literal and variable parts; `variables` false keeps it all text. */
export function parseTemplate(source: string, variables: boolean): Template {
  if (!variables || !source.includes('${')) return { source, parts: source === '' ? [] : [{ type: 'text', value: source }] };
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of source.matchAll(variablePattern)) {
    const body = match[1] ?? '';
    const start = match.index;
    const parsed = variableBody.exec(body);
    if (parsed === null) continue;
    if (start > last) parts.push({ type: 'text', value: source.slice(last, start) });
    const name = parsed[1] ?? '';
    if (specialCharacters.has(name) && parsed[2] === undefined) {
      parts.push({ type: 'literal', value: name });
    } else {
      parts.push({ type: 'variable', key: name.toLowerCase(), defaultValue: parsed[2] });
    }
    last = start + match[0].length;
  }
  if (last < source.length) parts.push({ type: 'text', value: source.slice(last) });
  return { source, parts };
}

/** Joins templates, as a Resource ARN is built from a fixed prefix and a variable tail. */
export function concatTemplates(first: Template, second: Template): Template {
  return { source: first.source + second.source, parts: [...first.parts, ...second.parts] };
}

/** Returns the single value of a condition key in the request, or undefined; keys are lowercase. */
export type VariableLookup = (key: string) => string | undefined;

/** A template with its variables replaced. */
export interface ResolvedTemplate {
  /** The plain string, for comparisons without wildcards. */
  readonly text: string;
  /** Tokens for wildcard matching: text parts keep `*` and `?` as wildcards. */
  readonly tokens: readonly WildcardToken[];
}

/**
 * Replaces the variables of a template. Returns undefined when a variable has neither a
 * value nor a default, because such a value "is effectively null" and matches nothing.
 */
export function resolveTemplate(template: Template, lookup: VariableLookup): ResolvedTemplate | undefined {
  let text = '';
  const tokens: WildcardToken[] = [];
  for (const part of template.parts) {
    if (part.type === 'text') {
      text += part.value;
      tokens.push(...wildcardTokens(part.value));
      continue;
    }
    const value = part.type === 'literal' ? part.value : (lookup(part.key) ?? part.defaultValue);
    if (value === undefined) return undefined;
    text += value;
    tokens.push(...literalTokens(value));
  }
  return { text, tokens };
}

/** True when the template contains a variable whose value comes from the request. */
export function hasVariables(template: Template): boolean {
  return template.parts.some((part) => part.type === 'variable');
}
