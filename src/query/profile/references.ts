import type { SourceLocation } from '../engine-types.js';
import { profileError } from './profile-error.js';

/** Values that `[_connection.name]` and `[_input.name]` references read. */
export interface ReferenceValues {
  /** Connection options, names in lower case. */
  connection: Record<string, string>;
  /** Query inputs, then the defaults that `input` elements declare. */
  inputs: Record<string, string>;
}

const referencePattern = /^\s*([A-Za-z_][\w]*)\.([^\s|\]]+)\s*(\|.*)?$/s;

/**
 * Evaluates API Script references in a value: `[_connection.uri]` and `[_input.name]` are
 * replaced by their values, `\[`, `\]` and `\\` stand for the characters themselves, and
 * a bracket whose content is not `item.attribute` (`[*]`, `[0]` in a path) stays literal.
 * Formatters (`[x | add(1)]`) and other items raise an error that names them.
 */
export function evaluateReferences(value: string, values: ReferenceValues, location: SourceLocation): string {
  return replaceReferences(value, location, (match, inner) => resolveReference(match, inner, values, location));
}

/** Lists the input names that `[_input.name]` references in `value` read, as written. */
export function inputReferences(value: string, location: SourceLocation): string[] {
  const names: string[] = [];
  replaceReferences(value, location, (match) => {
    if (match[1] === '_input') names.push(match[2]!);
    return '';
  });
  return names;
}

/** Walks `value` as `evaluateReferences` describes and replaces each `[item.attribute]` with `replace`'s result. */
function replaceReferences(
  value: string,
  location: SourceLocation,
  replace: (match: RegExpExecArray, inner: string) => string,
): string {
  let result = '';
  let i = 0;
  while (i < value.length) {
    const char = value[i]!;
    if (char === '\\' && i + 1 < value.length && '[]\\'.includes(value[i + 1]!)) {
      result += value[i + 1];
      i += 2;
      continue;
    }
    if (char !== '[') {
      result += char;
      i += 1;
      continue;
    }
    const close = value.indexOf(']', i + 1);
    if (close < 0) profileError(location, `unclosed [ in ${JSON.stringify(value)}; write \\[ for a literal bracket`);
    const inner = value.slice(i + 1, close);
    const match = referencePattern.exec(inner);
    result += match === null ? `[${inner}]` : replace(match, inner);
    i = close + 1;
  }
  return result;
}

function resolveReference(
  match: RegExpExecArray,
  inner: string,
  values: ReferenceValues,
  location: SourceLocation,
): string {
  const [, item, attribute, formatter] = match;
  if (formatter !== undefined) {
    profileError(location, `the formatter in [${inner}] is not supported; give the value without a formatter`);
  }
  const name = attribute!.toLowerCase();
  if (item === '_connection') {
    const found = values.connection[name];
    if (found === undefined) {
      const uriHint = name === 'uri' ? ' or give the document URL with --uri' : '';
      profileError(location, `[${inner}] has no value; pass --connection ${name}=VALUE${uriHint}`);
    }
    return found;
  }
  if (item === '_input') {
    const key = Object.keys(values.inputs).find((candidate) => candidate.toLowerCase() === name);
    if (key === undefined) profileError(location, `[${inner}] has no value; the input ${attribute} is not set and has no default`);
    return values.inputs[key]!;
  }
  return profileError(location, `the reference [${inner}] is not supported; only [_connection.name] and [_input.name] are`);
}
