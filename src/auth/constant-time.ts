import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two signatures in constant time. Both sides are hashed first so that the
 * comparison takes the same time whatever their lengths, which `timingSafeEqual` alone
 * does not allow.
 */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = hash('sha256', expected, 'buffer');
  const b = hash('sha256', provided, 'buffer');
  return timingSafeEqual(a, b);
}
