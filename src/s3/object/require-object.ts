import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import type { ObjectRecord } from '../../metadata/metadata-store.js';

/**
 * Returns the addressed object, or raises NoSuchKey. Objects here are never versioned, so a
 * `versionId` other than `null` names a version that does not exist.
 */
export async function requireObject(ctx: RequestContext, bucket: string): Promise<ObjectRecord> {
  const key = ctx.key!;
  const versionId = ctx.query.get('versionId');
  if (versionId !== undefined && versionId !== 'null') {
    throw new S3Error('NoSuchVersion', undefined, { Key: key, VersionId: versionId });
  }
  const object = await ctx.metadata.getObject(bucket, key);
  if (object === undefined) throw new S3Error('NoSuchKey', undefined, { Key: key });
  return object;
}
