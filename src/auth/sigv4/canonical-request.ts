import { S3Error } from '../../errors/s3-error.js';
import { uriEncode } from './uri-encode.js';

/** One query parameter, decoded, in the order it was sent. */
export type QueryPair = [name: string, value: string];

/**
 * Builds the canonical request:
 *
 *   METHOD \n CANONICAL-URI \n CANONICAL-QUERY \n CANONICAL-HEADERS \n SIGNED-HEADERS \n PAYLOAD-HASH
 *
 * where CANONICAL-HEADERS already ends with a newline after each header.
 */
export function buildCanonicalRequest(parts: {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  canonicalHeaders: string;
  signedHeaders: string[];
  payloadHash: string;
}): string {
  return [
    parts.method,
    parts.canonicalUri,
    parts.canonicalQuery,
    parts.canonicalHeaders,
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
}

/**
 * Returns the canonical URI of an S3 request: each path segment decoded, then encoded
 * once with the SigV4 rules. S3 does not normalise the path, so `//` and `..` stay.
 */
export function canonicalUri(rawPath: string): string {
  // A path of unreserved characters and slashes decodes and encodes to itself.
  if (plainPath.test(rawPath)) return rawPath;
  return rawPath
    .split('/')
    .map((segment) => uriEncode(decodeSegment(segment)))
    .join('/');
}

const plainPath = /^[A-Za-z0-9\-_.~/]*$/;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new S3Error('InvalidURI');
  }
}

/** Splits a raw query string into decoded pairs; `+` is kept as a literal plus. */
export function parseQuery(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (rawQuery === '') return pairs;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = equals === -1 ? part : part.slice(0, equals);
    const value = equals === -1 ? '' : part.slice(equals + 1);
    try {
      pairs.push([decodeURIComponent(name), decodeURIComponent(value)]);
    } catch {
      throw new S3Error('InvalidArgument', `The query parameter ${JSON.stringify(name)} is not valid percent-encoding.`);
    }
  }
  return pairs;
}

/** Encodes and sorts query pairs by name, then value; `exclude` drops one parameter. */
export function canonicalQuery(pairs: QueryPair[], exclude?: string): string {
  return pairs
    .filter(([name]) => name !== exclude)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) =>
      nameA < nameB ? -1 : nameA > nameB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0,
    )
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/**
 * Collects header values from Node's raw header list: names lower-cased, repeated headers
 * joined with ',', values trimmed with inner runs of spaces collapsed.
 */
export function collectHeaders(rawHeaders: string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!.trim().replace(/\s+/g, ' ');
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  return headers;
}

/** Builds the canonical headers block: `name:value\n` for each signed header. */
export function canonicalHeaders(headers: Map<string, string>, signedHeaders: string[]): string {
  return signedHeaders.map((name) => `${name}:${headers.get(name) ?? ''}\n`).join('');
}
