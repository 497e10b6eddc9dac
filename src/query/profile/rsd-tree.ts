import { SaxesParser, type SaxesTagNS } from 'saxes';

import { QueryError } from '../engine-types.js';

/** An element of a `.rsd` file with the line it starts on. */
export interface RsdElement {
  uri: string;
  prefix: string;
  local: string;
  qualifiedName: string;
  attributes: RsdAttribute[];
  children: RsdElement[];
  /** Text content that is not whitespace, for the check that no statement hides in text. */
  text: string;
  line: number;
}

export interface RsdAttribute {
  qualifiedName: string;
  prefix: string;
  local: string;
  value: string;
}

/** Namespace given to prefixes that the file uses without declaring them. */
export const undeclaredNamespace = 'urn:coffer:undeclared:';

/**
 * Parses a `.rsd` file into elements with line numbers. Generated profiles often use the
 * `xs:` and `other:` prefixes without declaring them, so an undeclared prefix is not an
 * XML error here; the profile reader decides which ones it tolerates.
 */
export function parseRsdTree(text: string, file: string): RsdElement {
  const parser = new SaxesParser({
    xmlns: true,
    fileName: file,
    resolvePrefix: (prefix: string) => (prefix === '' ? undefined : `${undeclaredNamespace}${prefix}`),
  });
  const stack: RsdElement[] = [];
  let root: RsdElement | undefined;
  // `line` at `opentag` is where the tag ends; the start tag's line is the one to report.
  let startLine = 1;
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const element: RsdElement = {
      uri: tag.uri,
      prefix: tag.prefix,
      local: tag.local,
      qualifiedName: tag.name,
      attributes: Object.values(tag.attributes).map((attribute) => ({
        qualifiedName: attribute.name,
        prefix: attribute.prefix,
        local: attribute.local,
        value: attribute.value,
      })),
      children: [],
      text: '',
      line: startLine,
    };
    stack.at(-1)?.children.push(element);
    root ??= element;
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on('text', (chunk) => {
    const parent = stack.at(-1);
    if (parent !== undefined && chunk.trim() !== '') parent.text += chunk;
  });
  parser.on('cdata', (chunk) => {
    const parent = stack.at(-1);
    if (parent !== undefined) parent.text += chunk;
  });
  try {
    parser.write(text).close();
  } catch (error) {
    throw new QueryError(`${file}: not well-formed XML: ${(error as Error).message}`);
  }
  if (root === undefined) throw new QueryError(`${file}: the file has no root element`);
  return root;
}
