import { forgetBucketAccess } from '../../access/bucket-access.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { requireBucket } from '../common/require.js';

/** DeletePublicAccessBlock: turns every Block Public Access setting of the bucket off. S3 returns 204. */
export async function deletePublicAccessBlock(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  await ctx.metadata.putBucketSetting(bucket.name, 'public-access-block', undefined);
  forgetBucketAccess(ctx, bucket.name);
  sendEmpty(ctx, 204);
}
