import { serviceName } from '../auth/sigv4/constants.js';
import { deriveSigningKey } from '../auth/sigv4/signing-key.js';
import type { PresignCredentials } from './types.js';

interface RememberedKey {
  accessKeyId: string;
  secretAccessKey: string;
  shortDate: string;
  region: string;
  key: Buffer;
}

/**
 * The signing key last used with each credentials object. `deriveSigningKey` caches keys
 * too, but checks a digest of the secret on every call; a caller signing many URLs with
 * the same credentials object gets its key back here for a few string comparisons. Held
 * weakly, so nothing outlives the caller's credentials.
 */
const rememberedKeys = new WeakMap<PresignCredentials, RememberedKey>();

/** Returns the SigV4 signing key of these credentials for one day and region of S3. */
export function signingKeyFor(credentials: PresignCredentials, shortDate: string, region: string): Buffer {
  const remembered = rememberedKeys.get(credentials);
  if (
    remembered !== undefined &&
    remembered.shortDate === shortDate &&
    remembered.region === region &&
    remembered.accessKeyId === credentials.accessKeyId &&
    remembered.secretAccessKey === credentials.secretAccessKey
  ) {
    return remembered.key;
  }
  const { accessKeyId, secretAccessKey } = credentials;
  const key = deriveSigningKey(secretAccessKey, accessKeyId, shortDate, region, serviceName);
  rememberedKeys.set(credentials, { accessKeyId, secretAccessKey, shortDate, region, key });
  return key;
}
