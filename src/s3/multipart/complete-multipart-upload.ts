import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { segmentBlobIds, type ObjectRecord, type PartRecord, type UploadRecord } from '../../metadata/metadata-store.js';
import { requireBucket } from '../common/require.js';
import { removeBlobsQuietly, writeConflict } from '../object/commit-object.js';
import { checkWritePrecondition, readWritePrecondition } from '../object/put-object.js';
import { checksumElements } from './checksum-elements.js';
import { objectChecksum, readExpectedChecksum, type ExpectedChecksum } from './complete-checksum.js';
import { readCompleteRequest } from './complete-request.js';
import { multipartEtag } from './multipart-digests.js';
import { maxObjectBytes } from './multipart-limits.js';
import { noSuchUpload, requireUpload } from './require-upload.js';
import { selectParts } from './select-parts.js';

/**
 * Maximum attempts of Complete when a listed part is uploaded again between reading the
 * parts and committing. Each attempt checks the requested ETags against the new parts.
 */
const maxCommitAttempts = 5;

/**
 * CompleteMultipartUpload: makes the listed parts the object, in one metadata transaction.
 * No data is copied: the object's segments are the part blobs, in order, so completing
 * is instant at any size. Parts left out of the list are removed afterwards.
 */
export async function completeMultipartUpload(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const key = ctx.key!;
  const headers = ctx.req.headers;
  const upload = await requireUpload(ctx);
  const precondition = readWritePrecondition(headers);
  const expected = readExpectedChecksum(headers, upload);
  const requested = await readCompleteRequest(ctx, upload.uploadId);
  await checkWritePrecondition(ctx, bucket.name, key, precondition);

  for (let attempt = 1; ; attempt += 1) {
    const parts = await selectCurrentParts(ctx, upload, requested);
    const object = await buildObject(ctx, upload, parts, expected);
    const result = await ctx.metadata.completeUpload(upload.uploadId, object, precondition);
    if (result === undefined) throw noSuchUpload(upload.uploadId);
    if (result.status === 'parts-changed') {
      if (attempt < maxCommitAttempts) continue;
      throw new S3Error('InvalidPart', 'Parts of this upload were replaced while it was being completed. Send the request again.', {
        UploadId: upload.uploadId,
      });
    }
    if (result.status !== 'committed') throw writeConflict(result.status, object);

    const unused = result.unusedParts.map((part) => part.blobId);
    const replaced = (result.replaced === undefined ? [] : segmentBlobIds(result.replaced.segments));
    await removeBlobsQuietly(ctx, [...unused, ...replaced]);
    sendXml(ctx, 'CompleteMultipartUploadResult', {
      Location: objectLocation(ctx),
      Bucket: object.bucket,
      Key: object.key,
      ETag: object.etag,
      ...checksumElements(object.checksum),
      ChecksumType: object.checksum?.type,
    });
    return;
  }
}

/**
 * Selects the requested parts among those stored now. A concurrent Complete or Abort that
 * ended the upload removes its parts too, so a missing part of an upload that is gone is
 * reported as NoSuchUpload, as for a request that came after.
 */
async function selectCurrentParts(
  ctx: RequestContext,
  upload: UploadRecord,
  requested: Parameters<typeof selectParts>[1],
): Promise<PartRecord[]> {
  const stored = await ctx.metadata.listParts(upload.uploadId);
  try {
    return selectParts(upload, requested, stored);
  } catch (error) {
    if ((await ctx.metadata.getUpload(upload.bucket, upload.key, upload.uploadId)) === undefined) throw noSuchUpload(upload.uploadId);
    throw error;
  }
}

async function buildObject(
  ctx: RequestContext,
  upload: UploadRecord,
  parts: PartRecord[],
  expected: ExpectedChecksum,
): Promise<ObjectRecord> {
  const size = parts.reduce((total, part) => total + part.size, 0);
  if (size > maxObjectBytes) {
    throw new S3Error('EntityTooLarge', undefined, { ProposedSize: size, MaxSizeAllowed: maxObjectBytes });
  }
  checkDeclaredSize(ctx, size);
  return {
    bucket: upload.bucket,
    key: upload.key,
    size,
    etag: multipartEtag(parts),
    lastModified: new Date(),
    ownerId: upload.ownerId,
    headers: upload.headers,
    userMetadata: upload.userMetadata,
    checksum: await objectChecksum(upload, parts, expected),
    partSizes: parts.map((part) => part.size),
    segments: parts.map((part) => ({ blobId: part.blobId, size: part.size })),
    acl: upload.acl,
  };
}

/** Checks `x-amz-mp-object-size`, the object size a client may declare on Complete. */
function checkDeclaredSize(ctx: RequestContext, size: number): void {
  const declared = headerValue(ctx.req.headers, 'x-amz-mp-object-size');
  if (declared === undefined) return;
  if (!/^\d{1,16}$/.test(declared.trim())) {
    throw new S3Error('InvalidArgument', 'The x-amz-mp-object-size header must be a non-negative integer.', {
      ArgumentName: 'x-amz-mp-object-size',
      ArgumentValue: declared,
    });
  }
  if (Number(declared) !== size) {
    throw new S3Error(
      'InvalidRequest',
      `The provided 'x-amz-mp-object-size' header value ${declared.trim()} does not match what was computed: ${size}`,
    );
  }
}

/** Builds the object URL S3 returns in Location: the request's host and the percent-encoded key. */
function objectLocation(ctx: RequestContext): string {
  const host = headerValue(ctx.req.headers, 'host') ?? `${ctx.config.address}:${ctx.config.port}`;
  const scheme = (ctx.req.socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http';
  const key = encodeURIComponent(ctx.key!);
  return ctx.virtualHosted ? `${scheme}://${host}/${key}` : `${scheme}://${host}/${ctx.bucket!}/${key}`;
}
