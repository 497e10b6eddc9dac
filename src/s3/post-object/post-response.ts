import type { TLSSocket } from 'node:tls';

import type { RequestContext } from '../../http/request-context.js';
import { buildXml } from '../../xml/xml.js';

/** Details of a successful form upload that its response reports. */
export interface PostResult {
  bucket: string;
  key: string;
  /** Quoted, as in the ETag header. */
  etag: string;
  /** `success_action_redirect` (or the older `redirect`) field, if any. */
  redirect: string | undefined;
  /** `success_action_status` field, if any. */
  status: string | undefined;
  /** Headers to send besides ETag and Location, such as the checksum. */
  headers: Record<string, string>;
}

/**
 * Sends the response to an upload as S3 does. It is 303 to `success_action_redirect`, with
 * `bucket`, `key` and `etag` added to its query, when that is an absolute http(s) URL.
 * Otherwise `success_action_status` decides: 201 with a PostResponse document, 200 empty, or
 * 204 (the default, also for values S3 does not accept). Every response carries ETag and the
 * object's Location.
 */
export function sendPostResult(ctx: RequestContext, result: PostResult): void {
  const { res } = ctx;
  const location = objectLocation(ctx, result.bucket, result.key);
  res.setHeader('ETag', result.etag);
  for (const [name, value] of Object.entries(result.headers)) res.setHeader(name, value);

  const redirect = result.redirect === undefined ? undefined : redirectTarget(result.redirect, result);
  if (redirect !== undefined) {
    res.statusCode = 303;
    res.setHeader('Location', redirect);
    res.setHeader('Content-Length', 0);
    res.end();
    return;
  }
  res.setHeader('Location', location);
  if (result.status === '201') {
    const body = Buffer.from(
      buildXml('PostResponse', { Location: location, Bucket: result.bucket, Key: result.key, ETag: result.etag }, null),
      'utf8',
    );
    res.statusCode = 201;
    res.setHeader('Content-Type', 'application/xml');
    res.setHeader('Content-Length', body.length);
    res.end(body);
    ctx.bytesSent += body.length;
    return;
  }
  if (result.status === '200') {
    res.statusCode = 200;
    res.setHeader('Content-Length', 0);
    res.end();
    return;
  }
  res.statusCode = 204;
  res.end();
}

/**
 * Returns the object's URL as the client addressed the bucket: the Host header, the bucket in
 * the path unless the host named it, then the key with every reserved character escaped, `/`
 * included, as S3 writes it.
 */
export function objectLocation(ctx: RequestContext, bucket: string, key: string): string {
  const scheme = (ctx.req.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
  const host = ctx.req.headers.host ?? `127.0.0.1:${ctx.req.socket.localPort ?? ''}`;
  const bucketPath = ctx.virtualHosted ? '' : `/${encodeURIComponent(bucket)}`;
  return `${scheme}://${host}${bucketPath}/${encodeURIComponent(key)}`;
}

/**
 * Returns the redirect URL with `bucket`, `key` and `etag` appended to its query, form-encoded
 * as S3 does (a space as `+`, the ETag's quotes as `%22`). The URL's own query and fragment are kept.
 * A value that is not an absolute http(s) URL is ignored, as S3 ignores what it cannot read.
 */
function redirectTarget(redirect: string, result: PostResult): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(redirect);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // Header values must be bytes a client can read back; anything else goes out as the URL parser
  // normalised it.
  const base = /^[\x21-\x7e]*$/.test(redirect) ? redirect : parsed.href;
  const hash = base.indexOf('#');
  const withoutFragment = hash === -1 ? base : base.slice(0, hash);
  const fragment = hash === -1 ? '' : base.slice(hash);
  const query = `bucket=${formEncode(result.bucket)}&key=${formEncode(result.key)}&etag=${formEncode(result.etag)}`;
  const separator = !withoutFragment.includes('?') ? '?' : /[?&]$/.test(withoutFragment) ? '' : '&';
  return `${withoutFragment}${separator}${query}${fragment}`;
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
