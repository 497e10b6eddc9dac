import { publicAccessBlockRoot, renderPublicAccessBlock, type PublicAccessBlockConfiguration } from '../../acl/index.js';
import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { requireBucket } from '../common/require.js';

/**
 * GetPublicAccessBlock: the bucket's four Block Public Access settings, or
 * NoSuchPublicAccessBlockConfiguration when none was set.
 */
export async function getPublicAccessBlock(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const stored = await ctx.metadata.getBucketSetting(bucket.name, 'public-access-block');
  if (stored === undefined) {
    throw new S3Error('NoSuchPublicAccessBlockConfiguration', undefined, { BucketName: bucket.name });
  }
  const configuration = JSON.parse(stored) as PublicAccessBlockConfiguration;
  sendXml(ctx, publicAccessBlockRoot, renderPublicAccessBlock(configuration));
}
