import { forgetBucketAccess } from '../../access/bucket-access.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { requireBucket } from '../common/require.js';

/**
 * DeleteBucketOwnershipControls: removes the Object Ownership rule, after which the bucket
 * behaves as ObjectWriter. S3 returns 204.
 */
export async function deleteBucketOwnershipControls(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  await ctx.metadata.putBucketSetting(bucket.name, 'ownership', undefined);
  forgetBucketAccess(ctx, bucket.name);
  sendEmpty(ctx, 204);
}
