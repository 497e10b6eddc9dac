/** An XML element of one record, kept while its row is built. */
export interface XmlNode {
  qualifiedName: string;
  local: string;
  uri: string;
  /** Namespace bindings in scope at this element (a prototype chain, from saxes). */
  ns: Record<string, string>;
  attributes: XmlAttribute[];
  children: Array<XmlNode | string>;
}

export interface XmlAttribute {
  qualifiedName: string;
  local: string;
  prefix: string;
  uri: string;
  value: string;
}

export function hasElementChildren(node: XmlNode): boolean {
  return node.children.some((child) => typeof child !== 'string');
}

/** The element's own text, the concatenation of its text children. */
export function textOf(node: XmlNode): string {
  let text = '';
  for (const child of node.children) if (typeof child === 'string') text += child;
  return text;
}

/**
 * Serialises an element as an XML fragment, with the namespace declarations it carried.
 * Whitespace between child elements is left out, as compact JSON leaves it out.
 */
export function xmlFragment(node: XmlNode): string {
  let out = `<${node.qualifiedName}`;
  for (const attribute of node.attributes) out += ` ${attribute.qualifiedName}="${escapeXml(attribute.value, true)}"`;
  if (node.children.length === 0) return `${out}/>`;
  out += '>';
  const elementContent = hasElementChildren(node);
  for (const child of node.children) {
    if (typeof child !== 'string') out += xmlFragment(child);
    else if (!elementContent || child.trim() !== '') out += escapeXml(child, false);
  }
  return `${out}</${node.qualifiedName}>`;
}

function escapeXml(text: string, attribute: boolean): string {
  let escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (attribute) escaped = escaped.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
  return escaped;
}
