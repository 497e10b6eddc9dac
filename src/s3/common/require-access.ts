import { loadBucketAccess, type BucketAccess } from '../../access/bucket-access.js';
import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';

/**
 * Returns the addressed bucket with its owner, ACL, policy and settings, or raises
 * NoSuchBucket. The authorization layer loaded them already, so this reads no more.
 */
export async function requireBucketAccess(ctx: RequestContext, name: string = ctx.bucket!): Promise<BucketAccess> {
  const access = await loadBucketAccess(ctx, name);
  if (access === undefined) throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
  return access;
}
