import { isObjectOwnership, ownershipControlsRoot, renderOwnershipControls } from '../../acl/index.js';
import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { requireBucket } from '../common/require.js';

/**
 * GetBucketOwnershipControls: the bucket's Object Ownership rule, or
 * OwnershipControlsNotFoundError for a bucket that has none (it then behaves as ObjectWriter).
 */
export async function getBucketOwnershipControls(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const ownership = await ctx.metadata.getBucketSetting(bucket.name, 'ownership');
  if (ownership === undefined || !isObjectOwnership(ownership)) {
    throw new S3Error('OwnershipControlsNotFoundError', undefined, { BucketName: bucket.name });
  }
  sendXml(ctx, ownershipControlsRoot, renderOwnershipControls(ownership));
}
