import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import type { UploadRecord } from '../../metadata/metadata-store.js';

/** Returns the upload named by `uploadId` for the addressed key, or raises NoSuchUpload. */
export async function requireUpload(ctx: RequestContext): Promise<UploadRecord> {
  const uploadId = ctx.query.get('uploadId');
  if (uploadId === undefined) {
    throw new S3Error('InvalidRequest', 'This request needs the uploadId query parameter of a multipart upload.');
  }
  const upload = await ctx.metadata.getUpload(ctx.bucket!, ctx.key!, uploadId);
  if (upload === undefined) throw noSuchUpload(uploadId);
  return upload;
}

export function noSuchUpload(uploadId: string): S3Error {
  return new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
}
