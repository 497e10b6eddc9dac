import { createHmac, hash } from 'node:crypto';

import { scopeTerminator } from './constants.js';

export function hmacSha256(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function sha256Hex(data: string | Buffer): string {
  // The one-shot form creates no Hash object, which matters once per request.
  return hash('sha256', data, 'hex');
}

interface CachedKey {
  /** The secret the key was derived from, to notice a rotated secret. */
  secretAccessKey: string;
  key: Buffer;
}

/**
 * Signing keys change once a day per access key, region and service, so they are cached,
 * keyed by access key id and scope. The secret is kept beside its key, because the process
 * has it in memory anyway to verify signatures and comparing it costs less than hashing it.
 */
const signingKeyCache = new Map<string, CachedKey>();
const maxCachedKeys = 1024;

/** Derives the signing key: HMAC chain over date, region, service and `aws4_request`. */
export function deriveSigningKey(
  secretAccessKey: string,
  accessKeyId: string,
  date: string,
  region: string,
  service: string,
): Buffer {
  const cacheKey = `${accessKeyId}/${date}/${region}/${service}`;
  const cached = signingKeyCache.get(cacheKey);
  if (cached !== undefined && cached.secretAccessKey === secretAccessKey) return cached.key;

  const dateKey = hmacSha256(`AWS4${secretAccessKey}`, date);
  const regionKey = hmacSha256(dateKey, region);
  const serviceKey = hmacSha256(regionKey, service);
  const key = hmacSha256(serviceKey, scopeTerminator);

  if (signingKeyCache.size >= maxCachedKeys) signingKeyCache.clear();
  signingKeyCache.set(cacheKey, { secretAccessKey, key });
  return key;
}
