import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { requireBucket } from '../common/require.js';
import { saveCorsRules } from './cors-store.js';

/** DeleteBucketCors (DELETE `?cors`): removes the rules; 204 whether there were any or not, as S3. */
export async function deleteBucketCors(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  await saveCorsRules(ctx.metadata, bucket.name, undefined);
  sendEmpty(ctx, 204);
}
