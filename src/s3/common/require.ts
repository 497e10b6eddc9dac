import { loadedBucket } from '../../access/bucket-access.js';
import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import type { BucketRecord } from '../../metadata/metadata-store.js';

/**
 * Returns the addressed bucket or raises NoSuchBucket. The record the access check loaded
 * for this request is reused.
 */
export async function requireBucket(ctx: RequestContext): Promise<BucketRecord> {
  const name = ctx.bucket!;
  const bucket = loadedBucket(ctx, name) ?? (await ctx.metadata.getBucket(name));
  if (bucket === undefined) throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
  return bucket;
}

/** Returns the addressed key; routing guarantees it exists for object operations. */
export function requireKey(ctx: RequestContext): string {
  return ctx.key!;
}
