import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { segmentBlobIds, type ObjectRecord, type WritePrecondition } from '../../metadata/metadata-store.js';
import type { BlobWriter } from '../../storage/blob-store.js';

/**
 * Makes a written blob the current version of its key: fsync and rename the blob, then
 * commit the metadata, then remove the replaced version's blobs. A crash between the
 * steps leaves either the old object or the new one, and unreferenced blobs are swept at
 * start-up. `writer` is undefined when the object's segments hold its data inline.
 *
 * An empty object keeps no data at all: its record has no segments, which every read
 * already serves as zero bytes, such as the zero-byte "folder" keys that clients create.
 */
export async function commitObject(
  ctx: RequestContext,
  writer: BlobWriter | undefined,
  object: ObjectRecord,
  precondition: WritePrecondition | undefined,
): Promise<void> {
  let blob = writer;
  if (object.size === 0) {
    await writer?.discard();
    blob = undefined;
    object.segments = [];
  } else if (blob !== undefined) {
    try {
      await blob.commit();
    } catch (error) {
      await blob.discard();
      throw error;
    }
  }
  const result = await ctx.metadata.putObject(object, precondition);
  if (result.status !== 'committed') {
    if (blob !== undefined) await ctx.blobs.remove([blob.blobId]);
    throw writeConflict(result.status, object);
  }
  if (result.replaced !== undefined) await removeBlobsQuietly(ctx, segmentBlobIds(result.replaced.segments));
}

export function writeConflict(status: 'precondition-failed' | 'no-such-key' | 'no-such-bucket', object: ObjectRecord): S3Error {
  switch (status) {
    case 'no-such-bucket':
      return new S3Error('NoSuchBucket', undefined, { BucketName: object.bucket });
    case 'no-such-key':
      return new S3Error('NoSuchKey', undefined, { Key: object.key });
    case 'precondition-failed':
      return new S3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
  }
}

/**
 * Removes blobs no record refers to any more. A failure is logged, not raised: the write
 * has already succeeded, and start-up sweeps whatever is left.
 */
export async function removeBlobsQuietly(ctx: RequestContext, blobIds: string[]): Promise<void> {
  try {
    await ctx.blobs.remove(blobIds);
  } catch (error) {
    ctx.log.warn({ requestId: ctx.requestId, err: error }, 'could not remove replaced object data; start-up will sweep it');
  }
}
