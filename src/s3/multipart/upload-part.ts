import type { IncomingHttpHeaders } from 'node:http';

import { checksumHeaderName } from '../../checksum/checksum-algorithms.js';
import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import type { PartRecord, UploadRecord } from '../../metadata/metadata-store.js';
import { readChecksumRequest, type ChecksumRequest } from '../common/checksum-request.js';
import { requireBucket } from '../common/require.js';
import { writePayload } from '../common/write-payload.js';
import { maxPartBytes } from './multipart-limits.js';
import { readPartNumber } from './part-number.js';
import { requireUpload } from './require-upload.js';
import { storePart } from './store-part.js';

/**
 * UploadPart: streams the body into a blob of its own, verified like a PutObject body, and
 * records it as the part, replacing an earlier part with the same number. The ETag is the
 * quoted MD5 of the part.
 */
export async function uploadPart(ctx: RequestContext): Promise<void> {
  await requireBucket(ctx);
  const headers = ctx.req.headers;
  const partNumber = readPartNumber(ctx);
  const upload = await requireUpload(ctx);
  if (ctx.payload.length === undefined && headers['transfer-encoding'] === undefined) {
    throw new S3Error('MissingContentLength');
  }
  const checksum = readPartChecksum(headers, upload);

  const written = await writePayload(ctx, {
    maxSize: maxPartBytes,
    contentMd5: headerValue(headers, 'content-md5'),
    checksum,
  });
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

  ctx.res.setHeader('ETag', part.etag);
  if (part.checksum !== undefined) {
    ctx.res.setHeader(checksumHeaderName(part.checksum.algorithm), part.checksum.value);
  }
  sendEmpty(ctx);
}

/**
 * The checksum a part gets. An upload created with an algorithm needs every part's
 * checksum in that algorithm: the part must not name another, and when it names none the
 * server computes it. Without an upload algorithm, whatever the client asked for is kept.
 */
function readPartChecksum(headers: IncomingHttpHeaders, upload: UploadRecord): ChecksumRequest | undefined {
  const requested = readChecksumRequest(headers);
  const expected = upload.checksumAlgorithm;
  if (expected === undefined) return requested;
  if (requested === undefined) return { algorithm: expected, expected: undefined, trailer: undefined };
  if (requested.algorithm !== expected) {
    throw new S3Error(
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${requested.algorithm.toLowerCase()}`,
    );
  }
  return requested;
}
