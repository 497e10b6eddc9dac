import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';

/** DeleteBucket: only an empty bucket, with no objects and no multipart uploads, goes. */
export async function deleteBucket(ctx: RequestContext): Promise<void> {
  const name = ctx.bucket!;
  const result = await ctx.metadata.deleteBucket(name);
  if (result === 'missing') throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
  if (result === 'not-empty') throw new S3Error('BucketNotEmpty', undefined, { BucketName: name });
  sendEmpty(ctx, 204);
}
