import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { requireBucket } from '../common/require.js';

/** GetBucketLocation: the region, empty for us-east-1 as S3 answers. */
export async function getBucketLocation(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const region = bucket.region === 'us-east-1' ? '' : bucket.region;
  sendXml(ctx, 'LocationConstraint', { '#text': region });
}
