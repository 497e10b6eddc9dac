import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { maxPartNumber } from './multipart-limits.js';

/** Reads the `partNumber` query parameter of UploadPart and UploadPartCopy: 1 to 10000. */
export function readPartNumber(ctx: RequestContext): number {
  const text = ctx.query.get('partNumber') ?? '';
  const partNumber = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > maxPartNumber) {
    throw new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${maxPartNumber}, inclusive`, {
      ArgumentName: 'partNumber',
      ArgumentValue: text,
    });
  }
  return partNumber;
}
