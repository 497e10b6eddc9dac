import { S3Error } from '../errors/s3-error.js';

export interface Addressed {
  bucket: string | undefined;
  key: string | undefined;
  virtualHosted: boolean;
}

/** Maximum key length in bytes of UTF-8, as in Amazon S3. */
export const maxKeyBytes = 1024;

/**
 * Finds the bucket and key a request addresses. With `domain` set, a Host of
 * `BUCKET.DOMAIN` selects virtual-hosted style and the whole path is the key; otherwise
 * the first path segment is the bucket. The key is the percent-decoded remainder, kept
 * byte for byte: `//`, a leading `/` and `..` are ordinary key characters.
 */
export function resolveAddress(
  rawPath: string,
  host: string | undefined,
  domain: string | undefined,
): Addressed {
  const hostBucket = bucketFromHost(host, domain);
  if (hostBucket !== undefined) {
    const keyPart = rawPath.slice(1);
    return {
      bucket: hostBucket,
      key: keyPart === '' ? undefined : decodePathPart(keyPart),
      virtualHosted: true,
    };
  }

  const withoutSlash = rawPath.slice(1);
  if (withoutSlash === '') return { bucket: undefined, key: undefined, virtualHosted: false };
  const slash = withoutSlash.indexOf('/');
  if (slash === -1) {
    return { bucket: decodePathPart(withoutSlash), key: undefined, virtualHosted: false };
  }
  const bucket = decodePathPart(withoutSlash.slice(0, slash));
  const keyPart = withoutSlash.slice(slash + 1);
  return {
    bucket,
    key: keyPart === '' ? undefined : decodePathPart(keyPart),
    virtualHosted: false,
  };
}

function bucketFromHost(host: string | undefined, domain: string | undefined): string | undefined {
  if (host === undefined || domain === undefined || domain === '') return undefined;
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  const suffix = `.${domain.toLowerCase()}`;
  if (!hostname.endsWith(suffix)) return undefined;
  const bucket = hostname.slice(0, -suffix.length);
  return bucket === '' ? undefined : bucket;
}

function decodePathPart(part: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(part);
  } catch {
    throw new S3Error('InvalidURI');
  }
  return decoded;
}

/** Rejects keys S3 itself rejects: empty handled by routing, over 1024 bytes here. */
export function checkKey(key: string): void {
  if (Buffer.byteLength(key, 'utf8') > maxKeyBytes) {
    throw new S3Error('KeyTooLongError', undefined, {
      MaxSizeAllowed: maxKeyBytes,
      Size: Buffer.byteLength(key, 'utf8'),
    });
  }
}
