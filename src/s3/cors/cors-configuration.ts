import { S3Error } from '../../errors/s3-error.js';
import { asArray, parseXml, type XmlElement } from '../../xml/xml.js';

/** One `<CORSRule>`, lists in document order, as S3 gives them back unchanged. */
export interface CorsRule {
  id: string | undefined;
  allowedHeaders: string[];
  allowedMethods: string[];
  allowedOrigins: string[];
  exposeHeaders: string[];
  maxAgeSeconds: number | undefined;
}

/** Most rules one configuration may hold, as in S3. */
export const maxCorsRules = 100;

/** The methods a rule may allow, as `AllowedMethod` defines them. */
const corsMethods = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);

const ruleElements = new Set(['ID', 'AllowedHeader', 'AllowedMethod', 'AllowedOrigin', 'ExposeHeader', 'MaxAgeSeconds']);

const maxIdLength = 255;

/**
 * Parses and validates a `<CORSConfiguration>` document. Structural faults (no rule, more than
 * 100, a rule without an origin or a method, an unknown or repeated element) are MalformedXML;
 * faults in values are InvalidRequest with S3's messages.
 */
export function parseCorsConfiguration(text: string): CorsRule[] {
  const root = parseXml(text).CORSConfiguration;
  if (!isElement(root)) throw new S3Error('MalformedXML');
  checkChildren(root, new Set(['CORSRule']));
  const entries = asArray(root.CORSRule as unknown);
  if (entries.length === 0 || entries.length > maxCorsRules) throw new S3Error('MalformedXML');
  return entries.map(parseRule);
}

function parseRule(entry: unknown): CorsRule {
  if (!isElement(entry)) throw new S3Error('MalformedXML');
  checkChildren(entry, ruleElements);
  const rule: CorsRule = {
    id: optionalText(entry.ID),
    allowedHeaders: texts(entry.AllowedHeader),
    allowedMethods: texts(entry.AllowedMethod),
    allowedOrigins: texts(entry.AllowedOrigin),
    exposeHeaders: texts(entry.ExposeHeader),
    maxAgeSeconds: parseMaxAge(optionalText(entry.MaxAgeSeconds)),
  };
  if (rule.allowedMethods.length === 0 || rule.allowedOrigins.length === 0) throw new S3Error('MalformedXML');
  if (rule.id !== undefined && rule.id.length > maxIdLength) {
    throw new S3Error('InvalidArgument', `The ID of a CORSRule cannot be longer than ${maxIdLength} characters.`, {
      ArgumentName: 'ID',
      ArgumentValue: rule.id.slice(0, maxIdLength),
    });
  }
  for (const method of rule.allowedMethods) {
    if (!corsMethods.has(method)) {
      throw new S3Error('InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
    }
  }
  for (const origin of rule.allowedOrigins) {
    if (wildcardCount(origin) > 1) {
      throw new S3Error('InvalidRequest', `AllowedOrigin "${origin}" can not have more than one wildcard.`);
    }
  }
  for (const header of rule.allowedHeaders) {
    if (wildcardCount(header) > 1) {
      throw new S3Error('InvalidRequest', `AllowedHeader "${header}" can not have more than one wildcard.`);
    }
  }
  for (const header of rule.exposeHeaders) {
    if (header.includes('*')) {
      throw new S3Error('InvalidRequest', `ExposeHeader "${header}" contains wildcard. We currently do not support wildcard for ExposeHeader.`);
    }
  }
  return rule;
}

/** `MaxAgeSeconds`: a whole number of seconds that fits S3's integer type. */
function parseMaxAge(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed) || Number(trimmed) > 2 ** 31 - 1) throw new S3Error('MalformedXML');
  return Number(trimmed);
}

/** The rules as the `<CORSConfiguration>` that GetBucketCors returns, members in S3's order. */
export function renderCorsConfiguration(rules: CorsRule[]): XmlElement {
  return {
    CORSRule: rules.map((rule) => ({
      ID: rule.id,
      AllowedHeader: rule.allowedHeaders,
      AllowedMethod: rule.allowedMethods,
      AllowedOrigin: rule.allowedOrigins,
      ExposeHeader: rule.exposeHeaders,
      MaxAgeSeconds: rule.maxAgeSeconds,
    })),
  };
}

/** Rejects an element with children outside `allowed` or with text between its children. */
function checkChildren(element: Record<string, unknown>, allowed: Set<string>): void {
  for (const [name, value] of Object.entries(element)) {
    if (name === '#text' && typeof value === 'string' && value.trim() === '') continue;
    if (!allowed.has(name)) throw new S3Error('MalformedXML');
  }
}

function wildcardCount(text: string): number {
  return text.split('*').length - 1;
}

/** Values of a repeated element; an element holding markup instead of text is MalformedXML. */
function texts(value: unknown): string[] {
  return asArray(value).map((item) => {
    if (item === '' || typeof item === 'string') return item;
    if (isElement(item) && Object.keys(item).length === 0) return '';
    throw new S3Error('MalformedXML');
  });
}

/** Value of an element that may appear at most once. */
function optionalText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new S3Error('MalformedXML');
  return texts(value)[0];
}

function isElement(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
