import type { IncomingHttpHeaders } from 'node:http';

/** Returns one request header as a string, repeated values joined with ','. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
