import type { PresignCredentials } from './types.js';

/** Rejects credentials that cannot sign: an empty or malformed access key id, secret or token. */
export function checkCredentials(credentials: PresignCredentials): void {
  if (typeof credentials?.accessKeyId !== 'string' || !/^[^/\s]+$/.test(credentials.accessKeyId)) {
    throw new TypeError('credentials.accessKeyId must be a non-empty string without "/" or spaces.');
  }
  if (typeof credentials.secretAccessKey !== 'string' || credentials.secretAccessKey === '') {
    throw new TypeError('credentials.secretAccessKey must be a non-empty string.');
  }
  const token = credentials.sessionToken;
  if (token !== undefined && (typeof token !== 'string' || token === '')) {
    throw new TypeError('credentials.sessionToken must be a non-empty string when given.');
  }
}
