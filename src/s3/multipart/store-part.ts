import type { RequestContext } from '../../http/request-context.js';
import type { PartRecord } from '../../metadata/metadata-store.js';
import type { BlobWriter } from '../../storage/blob-store.js';
import { removeBlobsQuietly } from '../object/commit-object.js';
import { noSuchUpload } from './require-upload.js';

/**
 * Makes a written part blob durable and records it as the part. A part number uploaded
 * again replaces the earlier part, whose blob goes. When the upload was completed or
 * aborted while the data arrived, the new blob goes instead and the caller gets
 * NoSuchUpload, so no part outlives its upload.
 */
export async function storePart(ctx: RequestContext, writer: BlobWriter, part: PartRecord): Promise<void> {
  try {
    await writer.commit();
  } catch (error) {
    await writer.discard();
    throw error;
  }
  let result;
  try {
    result = await ctx.metadata.putPart(part);
  } catch (error) {
    await removeBlobsQuietly(ctx, [writer.blobId]);
    throw error;
  }
  if (result.status === 'no-such-upload') {
    await removeBlobsQuietly(ctx, [writer.blobId]);
    throw noSuchUpload(part.uploadId);
  }
  if (result.replaced !== undefined) await removeBlobsQuietly(ctx, [result.replaced.blobId]);
}
