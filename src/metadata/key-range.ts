/**
 * Returns the smallest string greater than every string that starts with `prefix`, in
 * code point order (which is UTF-8 byte order), or `undefined` when no such bound exists.
 * Listing uses it as the exclusive upper bound of a prefix scan.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = Array.from(prefix);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!.codePointAt(0)!;
    let next = last + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return codePoints.join('') + String.fromCodePoint(next);
  }
  return undefined;
}

/** Compares two keys in UTF-8 byte order, the order S3 lists keys in. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Start and stop bounds of a key scan for a listing. */
export interface KeyScanRange {
  lower: string;
  /** Whether `lower` itself is in range. */
  inclusive: boolean;
  /** Exclusive upper bound; `undefined` when the scan runs to the last key. */
  upper: string | undefined;
}

/**
 * Returns the keys a listing scans: from the larger of `prefix` (inclusive) and `from`, up
 * to the end of the prefix.
 */
export function keyScanRange(prefix: string, from: string, fromInclusive: boolean): KeyScanRange {
  const order = compareKeys(from, prefix);
  const fromIsLower = order < 0 || (order === 0 && fromInclusive);
  return {
    lower: fromIsLower ? prefix : from,
    inclusive: fromIsLower ? true : fromInclusive,
    upper: prefix === '' ? undefined : prefixUpperBound(prefix),
  };
}
