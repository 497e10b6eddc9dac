import { PathSyntaxError } from './path-error.js';
import type { Path, Step } from './steps.js';

/**
 * Parses the XPath subset Coffer supports: absolute (`/catalog/book`) and relative
 * (`authors/author`, `./title`, `.`) location paths of child steps, `*`, a final `@name`,
 * `prefix:name`, and a zero-based position predicate (`author[0]`), as ETL tools write it.
 */
export function parseXPath(text: string): Path {
  const fail = (reason: string): never => {
    throw new PathSyntaxError(text, reason);
  };
  if (text.includes('//')) fail('the descendant axis (`//`) is not supported; write each step');
  const absolute = text.startsWith('/');
  const body = absolute ? text.slice(1) : text;
  const parts = body === '' ? [] : body.split('/');
  const steps: Step[] = [];
  parts.forEach((part, i) => {
    if (part === '.' ) {
      if (absolute || i > 0) fail('`.` is only allowed at the start of a relative path');
      return;
    }
    if (part === '..') fail('the parent step (`..`) is not supported');
    if (part === '') fail('empty step');
    if (part.includes('::')) fail(`axis ${JSON.stringify(part)} is not supported`);
    if (part.endsWith('()')) fail(`the node test ${part} is not supported`);
    const step = parseStep(part, fail);
    if (step.kind === 'attribute' && i !== parts.length - 1) fail('an attribute step (`@name`) must be the last step');
    steps.push(step);
  });
  return { language: 'xpath', absolute, steps, text };
}

function parseStep(part: string, fail: (reason: string) => never): Step {
  const match = /^(@?)([^[\]@]+)(?:\[\s*([^\]]*)\s*\])?$/.exec(part);
  if (match === null) fail(`invalid step ${JSON.stringify(part)}`);
  const [, at, qualifiedName, predicate] = match!;
  let index: number | undefined;
  if (predicate !== undefined) {
    if (!/^\d+$/.test(predicate)) {
      fail(`the predicate [${predicate}] is not supported; only a zero-based position such as [0] is`);
    }
    index = Number(predicate);
  }
  const colon = qualifiedName!.indexOf(':');
  const prefix = colon > 0 ? qualifiedName!.slice(0, colon) : undefined;
  const name = colon > 0 ? qualifiedName!.slice(colon + 1) : qualifiedName!;
  if (name === '' || /[\s:]/.test(name)) fail(`invalid name ${JSON.stringify(qualifiedName)}`);
  if (at === '@') {
    if (index !== undefined) fail('an attribute step cannot have a position predicate');
    if (name === '*') fail('`@*` is not supported; name the attribute');
    return prefix === undefined ? { kind: 'attribute', name } : { kind: 'attribute', name, prefix };
  }
  if (name === '*') {
    if (prefix !== undefined) fail('`prefix:*` is not supported');
    return index === undefined ? { kind: 'any' } : { kind: 'any', index };
  }
  const step: Step = { kind: 'name', name };
  if (prefix !== undefined) step.prefix = prefix;
  if (index !== undefined) step.index = index;
  return step;
}
