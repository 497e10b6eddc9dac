import type { VariableType, VariableValue } from './job-types.js';

export const variableTypes: readonly VariableType[] = ['string', 'integer', 'number', 'boolean'];

export const variableNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Converts text to a value of `type`, or returns an error message. Integers are whole
 * numbers within JavaScript's safe range; booleans are `true`, `false`, `1` and `0`, the
 * XML Schema lexical forms, in any case.
 */
export function parseVariableValue(type: VariableType, text: string): VariableValue | { error: string } {
  switch (type) {
    case 'string':
      return text;
    case 'integer': {
      const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
      return Number.isSafeInteger(value) ? value : { error: `${JSON.stringify(text)} is not an integer` };
    }
    case 'number': {
      const value = text.trim() === '' ? Number.NaN : Number(text);
      return Number.isFinite(value) ? value : { error: `${JSON.stringify(text)} is not a number` };
    }
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (lower === 'true' || lower === '1') return true;
      if (lower === 'false' || lower === '0') return false;
      return { error: `${JSON.stringify(text)} is not a boolean (true, false, 1 or 0)` };
    }
  }
}

/** Checks that a YAML default has the variable's type; returns an error message or undefined. */
export function checkDefault(type: VariableType, value: unknown): VariableValue | { error: string } {
  if (type === 'string' && typeof value !== 'object') return String(value);
  if (type === 'integer' && Number.isSafeInteger(value)) return value as number;
  if (type === 'number' && typeof value === 'number' && Number.isFinite(value)) return value;
  if (type === 'boolean' && typeof value === 'boolean') return value;
  if (typeof value === 'string') return parseVariableValue(type, value);
  return { error: `${JSON.stringify(value)} is not a ${type}` };
}

/** The reference syntax: `${name}`, with `$${` standing for a literal `${`. */
const referencePattern = /\$\$\{|\$\{([^}]*)\}?/g;

/** Lists the variable names `text` references, and the references that are not well formed. */
export function findReferences(text: string): { names: string[]; malformed: string[] } {
  const names: string[] = [];
  const malformed: string[] = [];
  for (const match of text.matchAll(referencePattern)) {
    if (match[0] === '$${') continue;
    const name = match[1]!;
    if (!match[0].endsWith('}') || !variableNamePattern.test(name)) malformed.push(match[0]);
    else names.push(name);
  }
  return { names, malformed };
}

/**
 * Replaces each `${name}` in `text` with the variable's value as text. Nothing else in the
 * text changes, so a URL with `&` and `%2F` passes through intact. `lookup` throws for a
 * variable without a value.
 */
export function interpolate(text: string, lookup: (name: string) => VariableValue): string {
  return text.replace(referencePattern, (match, name: string | undefined) => {
    if (match === '$${') return '${';
    return String(lookup(name!));
  });
}
