import type { JsonValue } from './json-reader.js';

/**
 * Reads an element that takes one string or an array of strings: "If the element takes an
 * array ... but only one value is included, the brackets are optional" (IAM JSON policy
 * grammar). Returns undefined for an empty array or any value that is not a string.
 */
export function readStringList(value: JsonValue): string[] | undefined {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return undefined;
  return items.every((item): item is string => typeof item === 'string') ? items : undefined;
}
