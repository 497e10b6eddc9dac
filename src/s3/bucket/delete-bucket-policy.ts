import { forgetBucketAccess } from '../../access/bucket-access.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { requireBucket } from '../common/require.js';

/** DeleteBucketPolicy: removes the policy; S3 returns 204 whether or not one was set. */
export async function deleteBucketPolicy(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  await ctx.metadata.putBucketSetting(bucket.name, 'policy', undefined);
  forgetBucketAccess(ctx, bucket.name);
  sendEmpty(ctx, 204);
}
