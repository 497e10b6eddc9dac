import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import type { ObjectRecord, WritePrecondition } from '../../metadata/metadata-store.js';
import type { BlobWriter } from '../../storage/blob-store.js';

/**
 * Makes a written blob the current version of its key: fsync and rename the blob, then
 * commit the metadata, then remove the replaced version's blobs. A crash between the
 * steps leaves either the old object or the new one, and unreferenced blobs are swept at
 * start-up.
 *
 * An empty object keeps no blob at all: its record has no segments, which every read
 * already serves as zero bytes. That saves two fsyncs per empty object, such as the
 * zero-byte "folder" keys that clients create.
 */
export async function commitObject(
  ctx: RequestContext,
  writer: BlobWriter,
  object: ObjectRecord,
  precondition: WritePrecondition | undefined,
): Promise<void> {
  const empty = object.size === 0;
  if (empty) {
    await writer.discard();
    object.segments = [];
  } else {
    try {
      await writer.commit();
    } catch (error) {
      await writer.discard();
      throw error;
    }
  }
  const result = await ctx.metadata.putObject(object, precondition);
  if (result.status !== 'committed') {
    if (!empty) await ctx.blobs.remove([writer.blobId]);
    throw writeConflict(result.status, object);
  }
  if (result.replaced !== undefined) await removeBlobsQuietly(ctx, result.replaced.segments.map((s) => s.blobId));
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
