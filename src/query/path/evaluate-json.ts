import { isJsonObject } from './json-value.js';
import { hasWildcard, type Path, type Step } from './steps.js';

/**
 * Evaluates a relative path against a parsed JSON value. With `expandFinal`, an array at
 * the end of the path stands for its elements (how repeat paths select records);
 * otherwise it is one aggregate value.
 *
 * XPath treats JSON as ETL tools do: a key holding an array is that many sibling
 * elements, so `authors/name` reads the name of every author and `authors[0]` the first.
 */
export function selectJson(value: unknown, path: Path, expandFinal: boolean): unknown[] {
  return path.language === 'xpath' ? selectXPath(value, path.steps, expandFinal) : selectJsonPath(value, path.steps, expandFinal);
}

/**
 * The column value at a path: the first match for XPath, and for a JSONPath with a
 * wildcard the list of every match. Undefined when nothing matches.
 */
export function jsonColumnValue(value: unknown, path: Path): unknown {
  const direct = walkDirect(value, path);
  if (direct !== fallBack) return direct;
  const matches = selectJson(value, path, false);
  if (path.language === 'jsonpath' && hasWildcard(path)) return matches.length === 0 ? undefined : matches;
  return matches[0];
}

function selectXPath(value: unknown, steps: Step[], expandFinal: boolean): unknown[] {
  let nodes: unknown[] = [value];
  if (steps.length === 0) return expandFinal && Array.isArray(value) ? value : nodes;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const expand = i < steps.length - 1 || expandFinal;
    const next: unknown[] = [];
    for (const node of nodes) {
      if (!isJsonObject(node)) continue;
      if (step.kind === 'any') {
        for (const child of Object.values(node)) addXPathChild(next, child, step.index, expand);
      } else if (step.kind === 'name' || step.kind === 'attribute') {
        if (Object.hasOwn(node, step.name)) addXPathChild(next, node[step.name], step.kind === 'name' ? step.index : undefined, expand);
      }
    }
    nodes = next;
  }
  return nodes;
}

function addXPathChild(into: unknown[], child: unknown, index: number | undefined, expand: boolean): void {
  if (Array.isArray(child) && (expand || index !== undefined)) {
    if (index === undefined) into.push(...child);
    else if (index < child.length) into.push(child[index]);
    return;
  }
  if (index === undefined || index === 0) into.push(child);
}

function selectJsonPath(value: unknown, steps: Step[], expandFinal: boolean): unknown[] {
  let nodes: unknown[] = [value];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of nodes) {
      switch (step.kind) {
        case 'name':
        case 'attribute':
          if (isJsonObject(node) && Object.hasOwn(node, step.name)) next.push(node[step.name]);
          break;
        case 'index':
          if (Array.isArray(node) && step.index < node.length) next.push(node[step.index]);
          break;
        case 'any':
        case 'each':
          if (Array.isArray(node)) next.push(...node);
          else if (isJsonObject(node)) next.push(...Object.values(node));
          break;
      }
    }
    nodes = next;
  }
  const last = steps.at(-1);
  if (expandFinal && last?.kind !== 'each' && last?.kind !== 'index' && last?.kind !== 'any') {
    return nodes.flatMap((node) => (Array.isArray(node) ? node : [node]));
  }
  return nodes;
}

const fallBack = Symbol('fall back');

/**
 * Follows a path of plain names and indexes without building match lists, which is what
 * most column paths are. Returns `fallBack` when the path needs the general evaluation: a
 * wildcard, or for XPath an array that stands for its elements.
 */
function walkDirect(value: unknown, path: Path): unknown {
  const steps = path.steps;
  const xpath = path.language === 'xpath';
  let node = value;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.kind === 'name' || step.kind === 'attribute') {
      if (xpath && step.kind === 'name' && step.index !== undefined) return fallBack;
      if (!isJsonObject(node)) return xpath && Array.isArray(node) ? fallBack : undefined;
      node = Object.hasOwn(node, step.name) ? node[step.name] : undefined;
      if (node === undefined) return undefined;
    } else if (step.kind === 'index') {
      if (!Array.isArray(node)) return undefined;
      node = node[step.index];
    } else {
      return fallBack;
    }
  }
  return node;
}
