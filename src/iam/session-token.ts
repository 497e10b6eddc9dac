import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A new session token: 64 random bytes in base64. Only its digest is stored, so the
 * database never contains a usable token.
 */
export function newSessionToken(): string {
  return randomBytes(64).toString('base64');
}

/** Hex SHA-256 of a session token, the form in which it is stored. */
export function sessionTokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares a presented token with a stored digest in constant time. The token comes first,
 * as in password-hash APIs such as bcrypt's `compare(data, hash)`.
 */
export function sessionTokenMatches(presentedToken: string, storedDigest: string): boolean {
  const expected = Buffer.from(storedDigest, 'hex');
  const actual = createHash('sha256').update(presentedToken, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
