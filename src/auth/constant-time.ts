import { hash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two signatures in constant time. `timingSafeEqual` needs inputs of one length.
 * A signature's length is public (64 hex digits for SigV4), so two ASCII strings of one
 * length are compared directly. Any other pair is hashed first. Either way the time
 * taken does not depend on where the two differ.
 */
export function signaturesEqual(expected: string, provided: string): boolean {
  if (expected.length === provided.length && isAscii(expected) && isAscii(provided)) {
    // latin1 keeps the low byte of each character, which is the whole character in ASCII.
    return timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(provided, 'latin1'));
  }
  return timingSafeEqual(hash('sha256', expected, 'buffer'), hash('sha256', provided, 'buffer'));
}

function isAscii(text: string): boolean {
  return Buffer.byteLength(text, 'utf8') === text.length;
}
