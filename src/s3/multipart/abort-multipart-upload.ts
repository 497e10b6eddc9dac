import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { removeBlobsQuietly } from '../object/commit-object.js';
import { requireBucket } from '../common/require.js';
import { noSuchUpload, requireUpload } from './require-upload.js';

/**
 * AbortMultipartUpload: removes the upload and its parts in one transaction, then the part
 * data. A part still arriving finds the upload gone and removes its own data.
 */
export async function abortMultipartUpload(ctx: RequestContext): Promise<void> {
  await requireBucket(ctx);
  const upload = await requireUpload(ctx);
  const parts = await ctx.metadata.abortUpload(upload.uploadId);
  if (parts === undefined) throw noSuchUpload(upload.uploadId);
  await removeBlobsQuietly(ctx, parts.map((part) => part.blobId));
  sendEmpty(ctx, 204);
}
