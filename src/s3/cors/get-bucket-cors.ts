import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { requireBucket } from '../common/require.js';
import { renderCorsConfiguration } from './cors-configuration.js';
import { loadCorsRules } from './cors-store.js';

/** GetBucketCors (GET `?cors`): the stored rules, or NoSuchCORSConfiguration. */
export async function getBucketCors(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const rules = await loadCorsRules(ctx.metadata, bucket.name);
  if (rules === undefined) throw new S3Error('NoSuchCORSConfiguration', undefined, { BucketName: bucket.name });
  sendXml(ctx, 'CORSConfiguration', renderCorsConfiguration(rules));
}
