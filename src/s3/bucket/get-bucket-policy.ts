import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { requireBucket } from '../common/require.js';

/** GetBucketPolicy: the policy document as it was sent, or NoSuchBucketPolicy when none is set. */
export async function getBucketPolicy(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const policy = await ctx.metadata.getBucketSetting(bucket.name, 'policy');
  if (policy === undefined) throw new S3Error('NoSuchBucketPolicy', undefined, { BucketName: bucket.name });
  const body = Buffer.from(policy, 'utf8');
  ctx.res.statusCode = 200;
  ctx.res.setHeader('Content-Type', 'application/json');
  ctx.res.setHeader('Content-Length', body.length);
  ctx.res.end(body);
  ctx.bytesSent += body.length;
}
