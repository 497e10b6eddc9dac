import { parseJsonPath } from './jsonpath.js';
import type { Path } from './steps.js';
import { parseXPath } from './xpath.js';

/**
 * Parses a path in the language its first character names: `$`, `@.` and `@[` start a
 * JSONPath, `/` an XPath. Any other path is relative and in `relativeLanguage`, the
 * language of the profile's repeat path.
 */
export function parsePath(text: string, relativeLanguage: Path['language']): Path {
  const trimmed = text.trim();
  if (trimmed.startsWith('$') || trimmed.startsWith('@.') || trimmed.startsWith('@[')) {
    return parseJsonPath(trimmed);
  }
  if (trimmed.startsWith('/')) return parseXPath(trimmed);
  return relativeLanguage === 'jsonpath' ? parseJsonPath(trimmed) : parseXPath(trimmed);
}
