import { PathSyntaxError } from './path-error.js';
import type { Path, Step } from './steps.js';

/**
 * Parses the JSONPath subset Coffer supports: `$` (or `@` for the current record, or no
 * prefix at all for a relative path), `.name`, `['name']`, `[n]`, `[*]` and `.*`.
 * Recursive descent, filters, unions and slices raise an error that names them.
 */
export function parseJsonPath(text: string): Path {
  let position = 0;
  let absolute = false;
  if (text.startsWith('$')) {
    absolute = true;
    position = 1;
  } else if (text.startsWith('@')) {
    position = 1;
  }
  const steps: Step[] = [];
  const fail = (reason: string): never => {
    throw new PathSyntaxError(text, reason);
  };
  // A relative path may start with a bare name: `authors[0].name`.
  if (position === 0 && text.length > 0 && text[0] !== '.' && text[0] !== '[') {
    position = readName(text, 0, steps, fail);
  }
  while (position < text.length) {
    const char = text[position];
    if (char === '.') {
      if (text[position + 1] === '.') fail('recursive descent (`..`) is not supported; write each step');
      if (text[position + 1] === '*') {
        steps.push({ kind: 'any' });
        position += 2;
        continue;
      }
      position = readName(text, position + 1, steps, fail);
    } else if (char === '[') {
      position = readBracket(text, position, steps, fail);
    } else {
      fail(`unexpected ${JSON.stringify(char)} at character ${position + 1}`);
    }
  }
  return { language: 'jsonpath', absolute, steps, text };
}

function readName(text: string, start: number, steps: Step[], fail: (reason: string) => never): number {
  let end = start;
  while (end < text.length && text[end] !== '.' && text[end] !== '[') end += 1;
  const name = text.slice(start, end);
  if (name === '') fail(`missing name at character ${start + 1}`);
  if (/\s/.test(name)) fail(`the name ${JSON.stringify(name)} contains a space; write it as ['${name}']`);
  steps.push({ kind: 'name', name });
  return end;
}

function readBracket(text: string, start: number, steps: Step[], fail: (reason: string) => never): number {
  const close = findClosingBracket(text, start);
  if (close < 0) fail(`unclosed [ at character ${start + 1}`);
  const inner = text.slice(start + 1, close).trim();
  if (inner === '*') {
    steps.push({ kind: 'each' });
  } else if (/^\d+$/.test(inner)) {
    steps.push({ kind: 'index', index: Number(inner) });
  } else if (/^'(?:[^'\\]|\\.)*'$/.test(inner) || /^"(?:[^"\\]|\\.)*"$/.test(inner)) {
    steps.push({ kind: 'name', name: inner.slice(1, -1).replace(/\\(.)/g, '$1') });
  } else if (inner.startsWith('?')) {
    fail('filter expressions ([?(...)]) are not supported');
  } else if (inner.includes(':')) {
    fail('array slices ([a:b]) are not supported');
  } else if (inner.includes(',')) {
    fail('unions ([a,b]) are not supported');
  } else if (/^-\d+$/.test(inner)) {
    fail('negative indexes are not supported');
  } else {
    fail(`unsupported bracket expression [${inner}]`);
  }
  return close + 1;
}

/** Finds the `]` that closes the bracket at `start`, skipping quoted names. */
function findClosingBracket(text: string, start: number): number {
  let quote: string | undefined;
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (quote !== undefined) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === ']') {
      return i;
    }
  }
  return -1;
}
