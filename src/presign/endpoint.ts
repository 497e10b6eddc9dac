import { isIP } from 'node:net';

/** A custom endpoint, parsed once and reused for every URL signed against it. */
export interface Endpoint {
  protocol: 'http:' | 'https:';
  /** `hostname[:port]` as the Host header carries it; a default port is left out. */
  host: string;
  /** The endpoint's path without a trailing `/`; empty when the endpoint has none. */
  pathPrefix: string;
  /** An IP address cannot carry a bucket name, so it allows path-style only. */
  isIpAddress: boolean;
}

const parsedEndpoints = new Map<string, Endpoint>();
const maxParsedEndpoints = 64;

/**
 * Parses an endpoint such as `http://127.0.0.1:9000`. The result is cached by the exact
 * text, so the URL parser runs once per endpoint rather than once per signature.
 */
export function parseEndpoint(endpoint: string): Endpoint {
  const cached = parsedEndpoints.get(endpoint);
  if (cached !== undefined) return cached;

  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError(`endpoint ${JSON.stringify(endpoint)} is not a URL; expected e.g. http://127.0.0.1:9000.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`endpoint ${JSON.stringify(endpoint)} must start with http:// or https://.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError('endpoint must not contain a user name or password: credentials sign the URL instead.');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(`endpoint ${JSON.stringify(endpoint)} must not have a query or fragment.`);
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const parsed: Endpoint = {
    protocol: url.protocol,
    host: url.host,
    pathPrefix: url.pathname.replace(/\/+$/, ''),
    isIpAddress: isIP(hostname) !== 0,
  };
  if (parsedEndpoints.size >= maxParsedEndpoints) parsedEndpoints.clear();
  parsedEndpoints.set(endpoint, parsed);
  return parsed;
}
