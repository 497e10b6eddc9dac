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

// `htmlEntities: true` makes the parser decode numeric character references such as
// `&#x0A;`, which SDKs send for control characters in keys. It also decodes HTML named
// entities, which a well-formed S3 request document never contains.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
});

/**
 * Same settings as `parser`, but attributes are kept as `@_`-prefixed keys (`@_xsi:type`).
 * Whitespace between child elements then shows up as a `#text` key, which readers skip.
 */
const attributeParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
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
  checkPlainXml(text);
  try {
    const parsed = parser.parse(text, true) as Record<string, unknown>;
    return parsed;
  } catch {
    throw new S3Error('MalformedXML');
  }
}

/**
 * Parses a request body whose meaning depends on attributes, such as the `xsi:type` of an ACL
 * `<Grantee>`. Attributes appear as `@_name` keys. A document that is not well-formed gets
 * MalformedXML, as with `parseXml`.
 */
export function parseXmlWithAttributes(text: string): Record<string, unknown> {
  checkPlainXml(text);
  try {
    return attributeParser.parse(text, true) as Record<string, unknown>;
  } catch {
    throw new S3Error('MalformedXML');
  }
}

/**
 * Rejects what S3 request documents never contain: a document type declaration, which could
 * define entities, and entity references other than the five XML ones and numeric
 * character references. The parser would otherwise expand internal entities and decode
 * HTML names such as `&nbsp;`.
 */
function checkPlainXml(text: string): void {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new S3Error('MalformedXML', 'The XML you provided contains a document type declaration, which is not allowed.');
  }
  if (/&(?!(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)/.test(text)) {
    throw new S3Error('MalformedXML', 'The XML you provided contains an undefined entity reference.');
  }
}

/** Returns a child element as an array, whether it appeared once, many times or never. */
export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
