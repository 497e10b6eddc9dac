import { XMLBuilder, XMLParser } from 'fast-xml-parser';

import { S3Error } from '../errors/s3-error.js';

export const s3Namespace = 'http://s3.amazonaws.com/doc/2006-03-01/';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  suppressBooleanAttributes: false,
  processEntities: true,
});

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
});

/** Value of an XML element: text, a nested element, or a repeated element as an array. */
export type XmlValue = string | number | boolean | XmlElement | XmlValue[] | undefined;
export interface XmlElement {
  [name: string]: XmlValue;
}

/**
 * Serialises `{ [root]: content }` as an S3 response document with the XML declaration.
 * Fields set to `undefined` are left out; arrays become repeated elements.
 */
export function buildXml(root: string, content: XmlElement, namespace: string | null = s3Namespace): string {
  const body = namespace === null ? content : { '@_xmlns': namespace, ...content };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: body }) as string}`;
}

/** Parses a request body; a document that is not well-formed gets MalformedXML. */
export function parseXml(text: string): Record<string, unknown> {
  try {
    const parsed = parser.parse(text, true) as Record<string, unknown>;
    return parsed;
  } catch {
    throw new S3Error('MalformedXML');
  }
}

/** Returns a child element as an array, whether it appeared once, many times or never. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
