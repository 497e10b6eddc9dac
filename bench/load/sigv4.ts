import { createHash, createHmac } from 'node:crypto';

/** Credentials and region of an S3 target. */
export interface SigningIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** The SHA-256 of an empty body, which GET and HEAD requests sign. */
export const emptyPayloadHash = createHash('sha256').update('').digest('hex');

const signingKeys = new Map<string, Buffer>();

/** One request to sign; `path` and `query` are already URI-encoded as sent. */
export interface RequestToSign {
  method: string;
  host: string;
  path: string;
  /** The query string without `?`; empty for none. */
  query?: string;
  /** Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`. */
  payloadHash: string;
  headers?: Record<string, string>;
}

/**
 * Signs a path-style S3 request with AWS Signature Version 4 in the Authorization header.
 * Returns the headers to send besides Host.
 */
export function signHeaders(identity: SigningIdentity, request: RequestToSign, now: Date = new Date()): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    ...request.headers,
    host: request.host,
    'x-amz-content-sha256': request.payloadHash,
    'x-amz-date': amzDate,
  };
  const names = Object.keys(headers).map((name) => name.toLowerCase()).sort();
  const lowerHeaders = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const canonicalHeaders = names.map((name) => `${name}:${lowerHeaders[name]!.trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method,
    request.path,
    canonicalQuery(request.query ?? ''),
    canonicalHeaders,
    signedHeaders,
    request.payloadHash,
  ].join('\n');
  const scope = `${day}/${identity.region}/s3/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const signature = createHmac('sha256', signingKey(identity, day)).update(stringToSign).digest('hex');

  const { host: _host, ...sent } = lowerHeaders;
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${identity.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** Sorts already-encoded `name=value` pairs by name, then value, as SigV4 requires. */
function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs = query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    return equals === -1 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
  });
  pairs.sort(([nameA, valueA], [nameB, valueB]) => compare(nameA!, nameB!) || compare(valueA!, valueB!));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function compare(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function signingKey(identity: SigningIdentity, day: string): Buffer {
  const cacheKey = `${identity.accessKeyId}/${day}/${identity.region}`;
  let key = signingKeys.get(cacheKey);
  if (key === undefined) {
    const dateKey = createHmac('sha256', `AWS4${identity.secretAccessKey}`).update(day).digest();
    const regionKey = createHmac('sha256', dateKey).update(identity.region).digest();
    const serviceKey = createHmac('sha256', regionKey).update('s3').digest();
    key = createHmac('sha256', serviceKey).update('aws4_request').digest();
    signingKeys.set(cacheKey, key);
  }
  return key;
}
