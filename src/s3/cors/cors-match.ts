import type { IncomingHttpHeaders } from 'node:http';

import { headerValue } from '../../http/header-value.js';
import type { CorsRule } from './cors-configuration.js';

/** The CORS parameters of a request, read from its headers. */
export interface CorsRequest {
  origin: string;
  /** `Access-Control-Request-Method` when sent, else the request's own method. */
  method: string;
  /** Lower-cased names from `Access-Control-Request-Headers`; `undefined` when it is absent. */
  requestHeaders: string[] | undefined;
}

/** The first rule that allows a request, and the `Access-Control-Allow-Origin` value to send. */
export interface CorsMatch {
  rule: CorsRule;
  allowOrigin: string;
}

/** `Vary` of every response a rule allowed, because such a response depends on these request headers. */
export const corsVary = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/**
 * Reads the CORS parameters of a request, or `undefined` when there is no `Origin`. S3 judges an
 * actual request by `Access-Control-Request-Method` and `-Headers` too when a client sends
 * them, so a preflight and an actual request are read the same way.
 */
export function readCorsRequest(headers: IncomingHttpHeaders, method: string): CorsRequest | undefined {
  const origin = headerValue(headers, 'origin');
  if (origin === undefined) return undefined;
  const requestedMethod = headerValue(headers, 'access-control-request-method');
  const requestedHeaders = headerValue(headers, 'access-control-request-headers');
  return {
    origin,
    method: requestedMethod ?? method,
    requestHeaders:
      requestedHeaders === undefined
        ? undefined
        : requestedHeaders
            .split(',')
            .map((name) => name.trim().toLowerCase())
            .filter((name) => name !== ''),
  };
}

/**
 * Finds the first rule, in configuration order, whose origins include the request's origin,
 * whose methods include its method, and whose headers cover every requested header. Origins
 * compare exactly and header names without regard to case; one `*` in a pattern stands for
 * any run of characters, the empty one included.
 */
export function findCorsRule(rules: CorsRule[], request: CorsRequest): CorsMatch | undefined {
  for (const rule of rules) {
    const origin = rule.allowedOrigins.find((pattern) => wildcardMatch(pattern, request.origin));
    if (origin === undefined) continue;
    if (!rule.allowedMethods.includes(request.method)) continue;
    const allowed = rule.allowedHeaders.map((pattern) => pattern.toLowerCase());
    const headersAllowed = (request.requestHeaders ?? []).every((name) =>
      allowed.some((pattern) => wildcardMatch(pattern, name)),
    );
    if (!headersAllowed) continue;
    return { rule, allowOrigin: origin === '*' ? '*' : request.origin };
  }
  return undefined;
}

/**
 * Returns the headers S3 sends for a request a rule allowed. Credentials are allowed unless the
 * response names the `*` origin, which browsers refuse to combine with credentials.
 * `Access-Control-Allow-Headers` belongs to preflights and lists the requested names.
 */
export function corsResponseHeaders(match: CorsMatch, request: CorsRequest, preflight: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': match.allowOrigin,
    'Access-Control-Allow-Methods': match.rule.allowedMethods.join(', '),
  };
  if (preflight && request.requestHeaders !== undefined && request.requestHeaders.length > 0) {
    headers['Access-Control-Allow-Headers'] = request.requestHeaders.join(', ');
  }
  if (match.rule.exposeHeaders.length > 0) {
    headers['Access-Control-Expose-Headers'] = match.rule.exposeHeaders.join(', ');
  }
  if (match.rule.maxAgeSeconds !== undefined) headers['Access-Control-Max-Age'] = String(match.rule.maxAgeSeconds);
  if (match.allowOrigin !== '*') headers['Access-Control-Allow-Credentials'] = 'true';
  headers.Vary = corsVary;
  return headers;
}

/** Matches `text` against a pattern holding at most one `*`. */
function wildcardMatch(pattern: string, text: string): boolean {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === text;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return text.length >= prefix.length + suffix.length && text.startsWith(prefix) && text.endsWith(suffix);
}
