import { SaxesParser, type SaxesTagNS } from 'saxes';

import { QueryError } from '../engine-types.js';
import { parseXPath } from '../path/xpath.js';
import { hasElementChildren, textOf, type XmlNode } from '../path/xml-node.js';
import { ColumnGuesses, observe } from './column-guess.js';

export interface XmlSample {
  /** Qualified element names from the root to the records. */
  repeat: string[];
  records: XmlNode[];
  columns: ColumnGuesses;
}

/** Parses an XML sample, finds the repeating element with content and guesses its columns. */
export function inferXml(text: string, truncated: boolean, repeat: string | undefined, limit: number): XmlSample {
  const root = parseTree(text, truncated);
  let path: string[];
  if (repeat !== undefined) {
    const parsed = parseXPath(repeat);
    if (!parsed.absolute || parsed.steps.some((step) => step.kind !== 'name')) {
      throw new QueryError(`the repeat path ${JSON.stringify(repeat)} must be an absolute XPath of element names, such as /catalog/book`);
    }
    path = parsed.steps.map((step) => (step.kind === 'name' && step.prefix !== undefined ? `${step.prefix}:${step.name}` : (step as { name: string }).name));
  } else {
    path = mostRepeated(root);
  }
  const records = nodesAt(root, path).slice(0, limit);
  if (records.length === 0) throw new QueryError(`the repeat path /${path.join('/')} matches nothing in the sample`);
  const columns = new ColumnGuesses();
  for (const record of records) collectColumns(record, [], columns, 0);
  return { repeat: path, records, columns };
}

function parseTree(text: string, truncated: boolean): XmlNode {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.on('opentag', (tag) => {
    const node: XmlNode = {
      qualifiedName: tag.name,
      local: tag.name.replace(/^[^:]*:/, ''),
      uri: '',
      ns: {},
      attributes: Object.entries(tag.attributes as Record<string, string>).map(([name, value]) => ({
        qualifiedName: name,
        local: name.replace(/^[^:]*:/, ''),
        prefix: name.includes(':') ? name.slice(0, name.indexOf(':')) : '',
        uri: '',
        value,
      })),
      children: [],
    };
    stack.at(-1)?.children.push(node);
    root ??= node;
    if (!(tag as SaxesTagNS).isSelfClosing) stack.push(node);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on('text', (chunk) => stack.at(-1)?.children.push(chunk));
  parser.on('cdata', (chunk) => stack.at(-1)?.children.push(chunk));
  try {
    parser.write(text);
    if (!truncated) parser.close();
  } catch (error) {
    if (!truncated || root === undefined) throw new QueryError(`the sample is not well-formed XML: ${(error as Error).message}`);
  }
  if (root === undefined) throw new QueryError('the sample contains no XML element; give a larger sample');
  return root;
}

/**
 * Finds the records, as the largest array does for JSON: among elements with attributes or
 * children, the path with the most siblings of one name under a single parent. Counting
 * siblings, not all occurrences, keeps nested lists out. A catalogue of three books may
 * hold four authors in all, but each book lists only one or two. The shallowest path wins
 * a tie.
 */
function mostRepeated(root: XmlNode): string[] {
  const best = new Map<string, { path: string[]; siblings: number }>();
  const visit = (node: XmlNode, path: string[]): void => {
    const siblings = new Map<string, number>();
    for (const child of node.children) {
      if (typeof child === 'string') continue;
      if (hasElementChildren(child) || child.attributes.length > 0) {
        siblings.set(child.qualifiedName, (siblings.get(child.qualifiedName) ?? 0) + 1);
      }
      visit(child, [...path, child.qualifiedName]);
    }
    for (const [name, count] of siblings) {
      const childPath = [...path, name];
      const key = childPath.join('/');
      const entry = best.get(key);
      if (entry === undefined) best.set(key, { path: childPath, siblings: count });
      else entry.siblings = Math.max(entry.siblings, count);
    }
  };
  visit(root, [root.qualifiedName]);
  let found: { path: string[]; siblings: number } = { path: [root.qualifiedName], siblings: 0 };
  for (const entry of best.values()) {
    if (entry.siblings > found.siblings || (entry.siblings === found.siblings && entry.path.length < found.path.length)) found = entry;
  }
  return found.path;
}

function nodesAt(root: XmlNode, path: string[]): XmlNode[] {
  if (path[0] !== root.qualifiedName) return [];
  let nodes = [root];
  for (const name of path.slice(1)) {
    nodes = nodes.flatMap((node) => node.children.filter((child): child is XmlNode => typeof child !== 'string' && child.qualifiedName === name));
  }
  return nodes;
}

/** Attributes and leaf children become columns; a child that repeats or nests deeper is kept as an XML fragment. */
function collectColumns(node: XmlNode, path: string[], columns: ColumnGuesses, depth: number): void {
  for (const attribute of node.attributes) {
    if (attribute.prefix === 'xmlns' || attribute.qualifiedName === 'xmlns') continue;
    observe(columns.get([...path, `@${attribute.qualifiedName}`]), attribute.value, true);
  }
  const seen = new Map<string, number>();
  for (const child of node.children) {
    if (typeof child !== 'string') seen.set(child.qualifiedName, (seen.get(child.qualifiedName) ?? 0) + 1);
  }
  for (const child of node.children) {
    if (typeof child === 'string') continue;
    const steps = [...path, child.qualifiedName];
    if (seen.get(child.qualifiedName)! > 1 || (hasElementChildren(child) && (depth >= 1 || !hasOnlyLeafChildren(child)))) {
      columns.get(steps).kinds.add('aggregate');
    } else if (hasElementChildren(child)) {
      collectColumns(child, steps, columns, depth + 1);
    } else {
      observe(columns.get(steps), textOf(child), true);
      for (const attribute of child.attributes) {
        if (attribute.prefix !== 'xmlns' && attribute.qualifiedName !== 'xmlns') {
          observe(columns.get([...steps, `@${attribute.qualifiedName}`]), attribute.value, true);
        }
      }
    }
  }
}

/** Checks that every child element contains only text and appears once, so it flattens into columns. */
function hasOnlyLeafChildren(node: XmlNode): boolean {
  const names = new Set<string>();
  for (const child of node.children) {
    if (typeof child === 'string') continue;
    if (names.has(child.qualifiedName) || hasElementChildren(child)) return false;
    names.add(child.qualifiedName);
  }
  return true;
}
