import { createHash } from 'node:crypto';

import { presignUrl } from '../../src/presign/index.js';
import { emptyPayloadHash, signHeaders } from '../load/sigv4.js';
import type { WrkRequest } from '../load/wrk.js';
import { benchBucket, objectPath, type Target } from '../targets/target.js';

/** How an S3 target's request is authenticated; plain HTTP targets ignore it. */
export type AuthMode = 'header' | 'presigned' | 'anonymous';

/** Seconds a signed request stays valid; a full run ends well within it. */
const validitySeconds = 3600;

/**
 * Builds one object request for a target. `body` is the body the request will carry, so
 * a header-signed request signs its SHA-256 as SDKs do by default.
 */
export function objectRequest(target: Target, method: string, key: string, auth: AuthMode, body?: Buffer): WrkRequest {
  const path = objectPath(key);
  const host = { Host: target.host };
  if (target.s3 === undefined || auth === 'anonymous') return { method, path, headers: host };
  if (auth === 'presigned') {
    const signed = presignUrl(
      target.s3,
      { method: method as 'GET' | 'PUT' | 'HEAD', bucket: benchBucket, key },
      { endpoint: `http://${target.host}`, region: target.s3.region, expiresIn: validitySeconds },
    );
    const url = new URL(signed.url);
    return { method, path: `${url.pathname}${url.search}`, headers: host };
  }
  const payloadHash = body === undefined ? emptyPayloadHash : createHash('sha256').update(body).digest('hex');
  return { method, path, headers: { ...host, ...signHeaders(target.s3, { method, host: target.host, path, payloadHash }) } };
}

/** A presigned URL for curl; plain HTTP targets get the bare object URL. */
export function objectUrl(target: Target, method: 'GET' | 'PUT', key: string): string {
  if (target.s3 === undefined) return `http://${target.host}${objectPath(key)}`;
  return presignUrl(
    target.s3,
    { method, bucket: benchBucket, key },
    { endpoint: `http://${target.host}`, region: target.s3.region, expiresIn: validitySeconds },
  ).url;
}
