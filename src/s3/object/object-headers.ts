import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

import { S3Error } from '../../errors/s3-error.js';
import type { ObjectRecord } from '../../metadata/metadata-store.js';

/** System metadata S3 stores from request headers and sends back on GET and HEAD. */
export const storedHeaderNames = [
  'content-type',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
  'x-amz-website-redirect-location',
] as const;

/** Largest total size of user metadata, names and values, as in S3 (2 KB). */
const maxUserMetadataBytes = 2048;

export const defaultContentType = 'binary/octet-stream';

/**
 * Reads the system and user metadata of a new object from request headers. `aws-chunked`
 * is a transfer framing, not a content coding, so it is dropped from Content-Encoding.
 */
export function readObjectMetadata(headers: IncomingHttpHeaders): {
  headers: Record<string, string>;
  userMetadata: Record<string, string>;
} {
  const stored: Record<string, string> = {};
  for (const name of storedHeaderNames) {
    const value = headers[name];
    if (typeof value === 'string') stored[name] = value;
  }
  if (stored['content-encoding'] !== undefined) {
    const codings = stored['content-encoding']
      .split(',')
      .map((coding) => coding.trim())
      .filter((coding) => coding !== '' && coding.toLowerCase() !== 'aws-chunked');
    if (codings.length === 0) delete stored['content-encoding'];
    else stored['content-encoding'] = codings.join(', ');
  }
  stored['content-type'] ??= defaultContentType;

  const userMetadata: Record<string, string> = {};
  let metadataBytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const shortName = name.slice('x-amz-meta-'.length);
    const text = Array.isArray(value) ? value.join(',') : value;
    userMetadata[shortName] = text;
    metadataBytes += Buffer.byteLength(shortName) + Buffer.byteLength(text);
  }
  if (metadataBytes > maxUserMetadataBytes) {
    throw new S3Error('MetadataTooLarge', undefined, { Size: metadataBytes, MaxSizeAllowed: maxUserMetadataBytes });
  }
  return { headers: stored, userMetadata };
}

/** Sets the headers GET and HEAD send for an object, before any response overrides. */
export function setObjectHeaders(res: ServerResponse, object: ObjectRecord): void {
  res.setHeader('ETag', object.etag);
  res.setHeader('Last-Modified', object.lastModified.toUTCString());
  res.setHeader('Accept-Ranges', 'bytes');
  for (const [name, value] of Object.entries(object.headers)) res.setHeader(name, value);
  for (const [name, value] of Object.entries(object.userMetadata)) res.setHeader(`x-amz-meta-${name}`, value);
}
