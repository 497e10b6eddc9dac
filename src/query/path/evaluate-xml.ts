import type { Path, Step } from './steps.js';
import { hasElementChildren, textOf, type XmlNode } from './xml-node.js';

/**
 * Evaluates a relative XPath against an element. An unprefixed name matches the local
 * name in any namespace; a prefixed one matches the namespace URI that the prefix is
 * bound to where the element sits in the document. Position predicates are zero-based.
 */
export function selectXml(node: XmlNode, path: Path): Array<XmlNode | string> {
  let nodes: Array<XmlNode | string> = [node];
  for (const step of path.steps) {
    const next: Array<XmlNode | string> = [];
    for (const current of nodes) {
      if (typeof current === 'string') continue;
      if (step.kind === 'attribute') {
        const value = attributeValue(current, step.name, step.prefix);
        if (value !== undefined) next.push(value);
        continue;
      }
      let position = 0;
      for (const child of current.children) {
        if (typeof child === 'string' || !matchesStep(child, step)) continue;
        const index = step.kind === 'name' || step.kind === 'any' ? step.index : undefined;
        if (index === undefined || index === position) next.push(child);
        position += 1;
      }
    }
    nodes = next;
  }
  return nodes;
}

/** The column value: an attribute's text, an element's text, or an element with children as itself. */
export function xmlColumnValue(node: XmlNode, path: Path): XmlNode | string | undefined {
  const first = selectXml(node, path)[0];
  if (first === undefined || typeof first === 'string') return first;
  return hasElementChildren(first) ? first : textOf(first);
}

export function matchesStep(element: { local: string; uri: string; ns: Record<string, string> }, step: Step): boolean {
  if (step.kind === 'any') return true;
  if (step.kind !== 'name' || element.local !== step.name) return false;
  return step.prefix === undefined || (element.ns[step.prefix] !== undefined && element.uri === element.ns[step.prefix]);
}

export function attributeValue(node: XmlNode, local: string, prefix: string | undefined): string | undefined {
  for (const attribute of node.attributes) {
    if (attribute.local !== local || attribute.prefix === 'xmlns' || attribute.qualifiedName === 'xmlns') continue;
    if (prefix === undefined || (node.ns[prefix] !== undefined && attribute.uri === node.ns[prefix])) return attribute.value;
  }
  return undefined;
}
