import { randomBytes, randomInt } from 'node:crypto';

/**
 * Identifiers shaped like AWS ones, so that tools which look at the prefix (`AKIA` for a
 * long-term key, `ASIA` for a session key) treat them right. The suffixes use the base32
 * alphabet (A-Z, 2-7) that AWS identifiers use.
 */

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32Suffix(length: number): string {
  const bytes = randomBytes(length);
  let suffix = '';
  for (const byte of bytes) suffix += base32Alphabet[byte & 31];
  return suffix;
}

/** Generates a 12-digit account id. */
export function newAccountId(): string {
  let id = '';
  for (let i = 0; i < 12; i += 1) id += String(randomInt(10));
  return id;
}

/** Generates a user id (`AIDA` and 17 characters). */
export function newUserId(): string {
  return `AIDA${base32Suffix(17)}`;
}

/** Generates a role id (`AROA` and 17 characters). */
export function newRoleId(): string {
  return `AROA${base32Suffix(17)}`;
}

/** Generates a long-term access key id (`AKIA` and 16 characters, 20 in all). */
export function newAccessKeyId(): string {
  return `AKIA${base32Suffix(16)}`;
}

/** Generates a temporary access key id of a session (`ASIA` and 16 characters). */
export function newSessionAccessKeyId(): string {
  return `ASIA${base32Suffix(16)}`;
}

/** Generates a secret access key: 40 base64 characters (240 random bits), as long as AWS secrets. */
export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** Generates a canonical user id, 64 hex digits, as S3 shows in Owner elements. */
export function newCanonicalId(): string {
  return randomBytes(32).toString('hex');
}
