import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { segmentBlobIds } from '../../metadata/metadata-store.js';
import { requireBucket } from '../common/require.js';
import { removeBlobsQuietly } from './commit-object.js';

/** DeleteObject: 204 whether or not the key existed, as S3 answers. */
export async function deleteObject(ctx: RequestContext): Promise<void> {
  await requireBucket(ctx);
  const versionId = ctx.query.get('versionId');
  if (versionId !== undefined && versionId !== 'null') {
    throw new S3Error('InvalidArgument', 'Invalid version id specified', {
      ArgumentName: 'versionId',
      ArgumentValue: versionId,
    });
  }
  const removed = await ctx.metadata.deleteObject(ctx.bucket!, ctx.key!);
  if (removed !== undefined) await removeBlobsQuietly(ctx, segmentBlobIds(removed.segments));
  if (versionId !== undefined) ctx.res.setHeader('x-amz-version-id', 'null');
  sendEmpty(ctx, 204);
}
