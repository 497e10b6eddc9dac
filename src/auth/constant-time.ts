import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two signatures in constant time. Both sides are hashed first so that the
 * comparison takes the same time whatever their lengths, which `timingSafeEqual` alone
 * does not allow.
 */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(provided).digest();
  return timingSafeEqual(a, b);
}
