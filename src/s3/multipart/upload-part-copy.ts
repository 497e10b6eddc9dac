import type { Readable } from 'node:stream';

import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import type { PartRecord } from '../../metadata/metadata-store.js';
import { BlobNotFoundError } from '../../storage/blob-store.js';
import { readCopySource, type CopySource } from '../common/copy-source.js';
import { xmlDate } from '../common/owner.js';
import { requireBucket } from '../common/require.js';
import { checkPreconditions, readPreconditions } from '../object/preconditions.js';
import type { ByteRange } from '../object/range.js';
import { openSegments } from '../object/segment-reader.js';
import { checksumElements } from './checksum-elements.js';
import { parseCopySourceRange } from './copy-source-range.js';
import { maxPartBytes } from './multipart-limits.js';
import { readPartNumber } from './part-number.js';
import { requireUpload } from './require-upload.js';
import { storePart } from './store-part.js';
import { writeStream } from './write-stream.js';

/** How often the source is looked up again when an overwrite removes its data meanwhile. */
const maxOpenAttempts = 5;

/**
 * UploadPartCopy: makes a part from an existing object, or from a byte range of it. The
 * data is copied into the part's own blob, so the part stays intact when the source
 * object is later overwritten or deleted.
 */
export async function uploadPartCopy(ctx: RequestContext): Promise<void> {
  await requireBucket(ctx);
  const partNumber = readPartNumber(ctx);
  const upload = await requireUpload(ctx);
  const source = readCopySource(ctx);
  if ((await ctx.metadata.getBucket(source.bucket)) === undefined) {
    throw new S3Error('NoSuchBucket', undefined, { BucketName: source.bucket });
  }

  const data = await openSource(ctx, source);
  const written = await writeStream(ctx, data, upload.checksumAlgorithm);
  const part: PartRecord = {
    uploadId: upload.uploadId,
    partNumber,
    size: written.size,
    etag: `"${written.md5Hex}"`,
    lastModified: new Date(),
    checksum: written.checksum,
    blobId: written.writer.blobId,
  };
  await storePart(ctx, written.writer, part);

  if (source.versionId !== undefined) ctx.res.setHeader('x-amz-copy-source-version-id', source.versionId);
  sendXml(ctx, 'CopyPartResult', {
    ETag: part.etag,
    LastModified: xmlDate(part.lastModified),
    ...checksumElements(part.checksum),
  });
}

/**
 * Finds the source object, checks the copy-source conditions and the range against it,
 * and opens the data. Every blob is open once this returns, so an overwrite of the source
 * during the copy cannot mix two versions.
 */
async function openSource(ctx: RequestContext, source: CopySource): Promise<Readable> {
  const headers = ctx.req.headers;
  const conditions = readPreconditions(headers, 'x-amz-copy-source-');
  for (let attempt = 1; ; attempt += 1) {
    const object = await ctx.metadata.getObject(source.bucket, source.key);
    if (object === undefined) throw new S3Error('NoSuchKey', undefined, { Key: source.key });
    checkPreconditions(object, conditions, true);
    const range: ByteRange =
      parseCopySourceRange(headerValue(headers, 'x-amz-copy-source-range'), object.size) ??
      { start: 0, end: object.size - 1 };
    const length = range.end - range.start + 1;
    if (length > maxPartBytes) {
      throw new S3Error(
        'InvalidRequest',
        `The specified copy source is larger than the maximum allowable size for a copy source: ${maxPartBytes}`,
      );
    }
    try {
      return await openSegments(ctx.blobs, object.segments, range);
    } catch (error) {
      if (error instanceof BlobNotFoundError && attempt < maxOpenAttempts) continue;
      throw error;
    }
  }
}
