import { S3Error } from '../../errors/s3-error.js';

/**
 * PostgreSQL text cannot contain U+0000, which the SQLite engine accepts in keys. Such a key is
 * rejected when written, with the S3 error for an argument this store cannot take, and
 * is simply not found when read.
 */
export function rejectNulKey(key: string): void {
  if (key.includes('\u0000')) {
    throw new S3Error(
      'InvalidArgument',
      'Object keys containing the character U+0000 cannot be stored with the PostgreSQL metadata engine. Remove the character from the key.',
      { ArgumentName: 'key' },
    );
  }
}

export function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

/**
 * Rewrites a listing's lower bound that contains U+0000 into one without it that selects
 * the same stored keys: no stored key contains U+0000, so every key above `a\u0000…` is
 * above `a` too, and `a` itself is below it.
 */
export function boundWithoutNul(from: string, inclusive: boolean): { from: string; inclusive: boolean } {
  const nul = from.indexOf('\u0000');
  return nul === -1 ? { from, inclusive } : { from: from.slice(0, nul), inclusive: false };
}
