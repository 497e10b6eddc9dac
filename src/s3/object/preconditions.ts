import { S3Error } from '../../errors/s3-error.js';
import { etagListMatches } from '../../metadata/etag-match.js';
import type { ObjectRecord } from '../../metadata/metadata-store.js';

export { etagListMatches };

/** Conditional request headers, from a GET or HEAD or from the `x-amz-copy-source-if-*` set. */
export interface Preconditions {
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  ifUnmodifiedSince: string | undefined;
}

export function readPreconditions(headers: Record<string, string | string[] | undefined>, prefix = ''): Preconditions {
  const get = (name: string): string | undefined => {
    const value = headers[`${prefix}${name}`];
    return Array.isArray(value) ? value.join(',') : value;
  };
  return {
    ifMatch: get('if-match'),
    ifNoneMatch: get('if-none-match'),
    ifModifiedSince: get('if-modified-since'),
    ifUnmodifiedSince: get('if-unmodified-since'),
  };
}

/**
 * Evaluates preconditions in the order of RFC 9110 section 13.2.2, which is what S3 does:
 * If-Match, else If-Unmodified-Since (412); then If-None-Match, else If-Modified-Since
 * (304 for reads). A copy source reports 412 for every failed condition, so `forCopy`
 * turns the 304 cases into 412.
 */
export function checkPreconditions(object: ObjectRecord, conditions: Preconditions, forCopy = false): void {
  const lastModifiedSeconds = Math.floor(object.lastModified.getTime() / 1000);
  if (conditions.ifMatch !== undefined) {
    if (!etagListMatches(conditions.ifMatch, object.etag)) throw preconditionFailed(forCopy, 'If-Match');
  } else if (conditions.ifUnmodifiedSince !== undefined) {
    const since = parseHttpDate(conditions.ifUnmodifiedSince);
    if (since !== undefined && lastModifiedSeconds > since) throw preconditionFailed(forCopy, 'If-Unmodified-Since');
  }

  if (conditions.ifNoneMatch !== undefined) {
    if (etagListMatches(conditions.ifNoneMatch, object.etag)) throw notModified(forCopy, object, 'If-None-Match');
  } else if (conditions.ifModifiedSince !== undefined) {
    const since = parseHttpDate(conditions.ifModifiedSince);
    if (since !== undefined && lastModifiedSeconds <= since) throw notModified(forCopy, object, 'If-Modified-Since');
  }
}

function parseHttpDate(value: string): number | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

function preconditionFailed(forCopy: boolean, header: string): S3Error {
  const condition = forCopy ? `x-amz-copy-source-${header}` : header;
  return new S3Error('PreconditionFailed', undefined, { Condition: condition });
}

function notModified(forCopy: boolean, object: ObjectRecord, header: string): S3Error {
  if (forCopy) return preconditionFailed(true, header);
  return new S3Error('NotModified', undefined, {}, {
    ETag: object.etag,
    'Last-Modified': object.lastModified.toUTCString(),
  });
}
