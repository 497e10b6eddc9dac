import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { requireBucket } from '../common/require.js';

/** HeadBucket: 200 with the bucket's region, or 404 without a body. */
export async function headBucket(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  ctx.res.setHeader('x-amz-bucket-region', bucket.region);
  ctx.res.setHeader('x-amz-access-point-alias', 'false');
  sendEmpty(ctx);
}
