import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { requireBucket } from '../common/require.js';

/**
 * GetBucketVersioning: buckets here never have versioning, and S3 answers such a bucket
 * with an empty VersioningConfiguration (no Status element).
 */
export async function getBucketVersioning(ctx: RequestContext): Promise<void> {
  await requireBucket(ctx);
  sendXml(ctx, 'VersioningConfiguration', {});
}
