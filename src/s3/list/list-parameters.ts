import { uriEncode } from '../../auth/sigv4/uri-encode.js';
import { S3Error } from '../../errors/s3-error.js';

/** Largest page a listing returns, whatever `max-keys` requests, as in S3. */
export const maxPageKeys = 1000;

/** Largest `max-keys` S3 accepts: a request above it is invalid rather than capped. */
const maxKeysArgumentLimit = 2147483647;

/**
 * Reads `max-keys`: an integer from 0 to 2^31-1, 1000 when absent. Returns the value to
 * echo in MaxKeys and the page size, which is capped at 1000.
 */
export function readMaxKeys(value: string | undefined): { requested: number; pageSize: number } {
  if (value === undefined) return { requested: maxPageKeys, pageSize: maxPageKeys };
  const parsed = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed > maxKeysArgumentLimit) {
    throw new S3Error('InvalidArgument', `Argument maxKeys must be an integer between 0 and ${maxKeysArgumentLimit}`, {
      ArgumentName: 'maxKeys',
      ArgumentValue: value,
    });
  }
  return { requested: parsed, pageSize: Math.min(parsed, maxPageKeys) };
}

/**
 * Reads `encoding-type`, whose only valid value is `url`. Returns a function applied to
 * every key-valued response element: percent-encoding with `/` kept when `url` was asked
 * for, so keys that XML 1.0 cannot carry still reach the client, and identity otherwise.
 */
export function readEncodingType(value: string | undefined): {
  encodingType: 'url' | undefined;
  encode: (text: string) => string;
} {
  if (value === undefined) return { encodingType: undefined, encode: (text) => text };
  if (value !== 'url') {
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type',
      ArgumentValue: value,
    });
  }
  return { encodingType: 'url', encode: (text) => uriEncode(text, true) };
}
