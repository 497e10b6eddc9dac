import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { headerValue } from '../../http/header-value.js';
import { sendEmpty } from '../../http/response.js';
import type { ObjectRecord, WritePrecondition } from '../../metadata/metadata-store.js';
import { checksumHeaderName } from '../../checksum/checksum-algorithms.js';
import { readChecksumRequest } from '../common/checksum-request.js';
import { requireBucket } from '../common/require.js';
import { payloadSegments, writeObjectPayload } from '../common/write-payload.js';
import { commitObject } from './commit-object.js';
import { newObjectAccess } from './new-object-access.js';
import { readObjectMetadata } from './object-headers.js';
import { etagListMatches } from './preconditions.js';

/** Largest object a single PUT accepts: 5 GiB, as in S3. */
export const maxSinglePutBytes = 5 * 1024 ** 3;

/**
 * PutObject: streams the body to a new blob, verifies digests and checksums, and only then
 * makes the object current, so a failed or interrupted upload leaves the old one intact.
 */
export async function putObject(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const key = ctx.key!;
  const headers = ctx.req.headers;
  if (ctx.payload.length === undefined) throw new S3Error('MissingContentLength');
  const metadata = readObjectMetadata(headers);
  const checksumRequest = readChecksumRequest(headers);
  const precondition = readWritePrecondition(headers);
  await checkWritePrecondition(ctx, bucket.name, key, precondition);
  const access = await newObjectAccess(ctx, bucket.name);

  const written = await writeObjectPayload(ctx, {
    maxSize: maxSinglePutBytes,
    contentMd5: headerValue(headers, 'content-md5'),
    checksum: checksumRequest,
  });
  const object: ObjectRecord = {
    bucket: bucket.name,
    key,
    size: written.size,
    etag: `"${written.md5Hex}"`,
    lastModified: new Date(),
    ownerId: access.ownerId,
    headers: metadata.headers,
    userMetadata: metadata.userMetadata,
    checksum: written.checksum,
    partSizes: [],
    segments: payloadSegments(written),
    acl: access.acl,
  };
  await commitObject(ctx, written.writer, object, precondition);

  ctx.res.setHeader('ETag', object.etag);
  if (object.checksum !== undefined) {
    ctx.res.setHeader(checksumHeaderName(object.checksum.algorithm), object.checksum.value);
    ctx.res.setHeader('x-amz-checksum-type', object.checksum.type);
  }
  sendEmpty(ctx);
}

/** Reads `If-Match` and `If-None-Match: *` of a conditional write. */
export function readWritePrecondition(headers: RequestContext['req']['headers']): WritePrecondition | undefined {
  const ifMatch = headers['if-match'];
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new S3Error('NotImplemented', 'A conditional write supports If-None-Match only with the value *.');
  }
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined;
  return { ifMatch, ifNoneMatch: ifNoneMatch !== undefined };
}

/**
 * Checks a conditional write before reading the body, so a write that cannot succeed fails
 * fast. The metadata store checks again at commit, which is what makes it atomic.
 */
export async function checkWritePrecondition(
  ctx: RequestContext,
  bucket: string,
  key: string,
  precondition: WritePrecondition | undefined,
): Promise<void> {
  if (precondition === undefined) return;
  const current = await ctx.metadata.getObject(bucket, key);
  if (precondition.ifNoneMatch === true && current !== undefined) {
    throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-None-Match' });
  }
  if (precondition.ifMatch !== undefined) {
    if (current === undefined) throw new S3Error('NoSuchKey', undefined, { Key: key });
    if (!etagListMatches(precondition.ifMatch, current.etag)) throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
  }
}
