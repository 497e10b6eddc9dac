import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import type { UploadRecord } from '../../metadata/metadata-store.js';
import { requireBucket } from '../common/require.js';
import { newObjectAccess } from '../object/new-object-access.js';
import { readObjectMetadata } from '../object/object-headers.js';
import { readUploadChecksum } from './upload-checksum.js';
import { newUploadId } from './upload-id.js';

/**
 * CreateMultipartUpload: records the object's content headers, user metadata, checksum
 * choice, owner and ACL, which CompleteMultipartUpload gives the object, and returns a new
 * upload id.
 */
export async function createMultipartUpload(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const headers = ctx.req.headers;
  const metadata = readObjectMetadata(headers);
  const checksum = readUploadChecksum(headers);
  const access = await newObjectAccess(ctx, bucket.name);
  const initiatedAt = new Date();
  const upload: UploadRecord = {
    uploadId: newUploadId(initiatedAt),
    bucket: bucket.name,
    key: ctx.key!,
    initiatedAt,
    ownerId: access.ownerId,
    headers: metadata.headers,
    userMetadata: metadata.userMetadata,
    checksumAlgorithm: checksum.algorithm,
    checksumType: checksum.type,
    acl: access.acl,
  };
  await ctx.metadata.createUpload(upload);

  if (upload.checksumAlgorithm !== undefined) {
    ctx.res.setHeader('x-amz-checksum-algorithm', upload.checksumAlgorithm);
    ctx.res.setHeader('x-amz-checksum-type', upload.checksumType!);
  }
  sendXml(ctx, 'InitiateMultipartUploadResult', {
    Bucket: upload.bucket,
    Key: upload.key,
    UploadId: upload.uploadId,
  });
}
