import { S3Error } from '../../errors/s3-error.js';

/** An inclusive byte range within an object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a single `Range: bytes=...` header against an object size: `a-b`, `a-` and `-n`.
 * A header S3 would ignore (another unit, several ranges, bad syntax) returns undefined,
 * so the whole object is sent; an unsatisfiable range raises InvalidRange (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, startText, endText] = match as unknown as [string, string, string];
  if (startText === '' && endText === '') return undefined;

  if (startText === '') {
    const suffix = Number(endText);
    if (suffix === 0 || size === 0) throw invalidRange(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(startText);
  const end = endText === '' ? size - 1 : Math.min(Number(endText), size - 1);
  if (endText !== '' && Number(endText) < start) return undefined;
  if (start >= size) throw invalidRange(size);
  return { start, end };
}

function invalidRange(size: number): S3Error {
  return new S3Error('InvalidRange', undefined, { ActualObjectSize: size }, { 'Content-Range': `bytes */${size}` });
}
