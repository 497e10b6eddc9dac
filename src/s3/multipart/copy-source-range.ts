import { S3Error } from '../../errors/s3-error.js';
import type { ByteRange } from '../object/range.js';

/**
 * Parses `x-amz-copy-source-range: bytes=first-last` against the source size. Unlike a
 * GET Range, only this one form is allowed, and the range must lie within the source:
 * S3 answers InvalidArgument both for another form and for a range past the end.
 */
export function parseCopySourceRange(header: string | undefined, sourceSize: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d{1,16})-(\d{1,16})$/.exec(header.trim());
  const start = match === null ? Number.NaN : Number(match[1]);
  const end = match === null ? Number.NaN : Number(match[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end) {
    throw new S3Error(
      'InvalidArgument',
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: header },
    );
  }
  if (end >= sourceSize) {
    throw new S3Error('InvalidArgument', `Range specified is not valid for source object of size: ${sourceSize}`, {
      ArgumentName: 'x-amz-copy-source-range',
      ArgumentValue: header,
    });
  }
  return { start, end };
}
