import { QueryError } from '../engine-types.js';

/** An http or https URL split into what a request needs, with the path left as written. */
export interface RawUrl {
  protocol: 'http:' | 'https:';
  /** The host name; an IPv6 literal without its brackets. */
  hostname: string;
  port: number;
  /** Path and query exactly as in the URL, without the fragment; `/` when the URL has none. */
  path: string;
  /** The `Host` header value: the authority as written. */
  host: string;
}

const urlPattern = /^(https?):\/\/([^/?#]*)([^#]*)/i;

/**
 * Splits `url` without decoding or re-encoding any part of it. WHATWG URL parsing would
 * rewrite characters in the path and query (a presigned URL's signature covers them byte
 * for byte), so only the scheme and authority are taken apart here.
 */
export function parseRawUrl(url: string): RawUrl {
  const match = urlPattern.exec(url);
  if (match === null) {
    throw new QueryError(`the URL must start with http:// or https://; got ${JSON.stringify(url.slice(0, 40))}.`);
  }
  const protocol = match[1]!.toLowerCase() === 'https' ? 'https:' : 'http:';
  const authority = match[2]!;
  if (authority.includes('@')) {
    throw new QueryError('the URL contains a user name or password, which a document request does not send; remove it.');
  }
  const hostPort = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(authority);
  if (hostPort === null) throw new QueryError(`the URL has an invalid host ${JSON.stringify(authority)}.`);
  const defaultPort = protocol === 'https:' ? 443 : 80;
  const port = hostPort[2] === undefined ? defaultPort : Number(hostPort[2]);
  if (port < 1 || port > 65535) throw new QueryError(`the URL has an invalid port ${hostPort[2]}.`);
  const path = match[3] === '' ? '/' : match[3]!;
  if (!path.startsWith('/') && !path.startsWith('?')) throw new QueryError('the URL has an invalid path.');
  return {
    protocol,
    hostname: hostPort[1]!.replace(/^\[|\]$/g, ''),
    port,
    path: path.startsWith('?') ? `/${path}` : path,
    host: authority,
  };
}
