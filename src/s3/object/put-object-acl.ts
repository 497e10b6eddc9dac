import type { BucketAccess } from '../../access/bucket-access.js';
import {
  aclFromPutAclRequest,
  checkAclAllowedByOwnership,
  checkPublicAclAllowed,
  type AccessControlList,
} from '../../acl/index.js';
import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import type { ObjectRecord } from '../../metadata/metadata-store.js';
import { maxAclDocumentBytes } from '../common/acl-limits.js';
import { readConfigurationBody } from '../common/configuration-body.js';
import { requireBucketAccess } from '../common/require-access.js';
import { requireObject } from './require-object.js';

/** How often the ACL is applied again when the object is overwritten while it is being set. */
const maxAttempts = 5;

/**
 * PutObjectAcl: replaces the object's ACL with the one in the `x-amz-acl` or `x-amz-grant-*`
 * headers or in an AccessControlPolicy body, whose Owner must be the object's owner. The
 * object's data, ETag and Last-Modified stay as they are.
 */
export async function putObjectAcl(ctx: RequestContext): Promise<void> {
  const access = await requireBucketAccess(ctx);
  const body = await readConfigurationBody(ctx, maxAclDocumentBytes);
  for (let attempt = 1; ; attempt += 1) {
    const object = await requireObject(ctx, access.bucket.name);
    const acl = await requestedAcl(ctx, access, object, body);
    const result = await ctx.metadata.putObject({ ...object, acl }, { ifMatch: object.etag });
    if (result.status === 'no-such-key') throw new S3Error('NoSuchKey', undefined, { Key: object.key });
    if (result.status === 'no-such-bucket') throw new S3Error('NoSuchBucket', undefined, { BucketName: object.bucket });
    if (result.status === 'committed') {
      const replaced = result.replaced;
      if (replaced === undefined || sameData(replaced, object)) break;
      // A write of identical content (same ETag) came between reading the object and
      // storing its new ACL. That write is the current object, so put it back and retry.
      ctx.log.warn(
        { requestId: ctx.requestId, bucket: object.bucket, key: object.key, attempt },
        'the object was overwritten while its ACL was being set; restoring the newer version and retrying',
      );
      await ctx.metadata.putObject(replaced);
    }
    if (attempt === maxAttempts) {
      throw new S3Error('InternalError', 'The object kept changing while its ACL was being set. Send the request again.');
    }
  }
  sendEmpty(ctx);
}

async function requestedAcl(
  ctx: RequestContext,
  access: BucketAccess,
  object: ObjectRecord,
  body: string,
): Promise<AccessControlList> {
  const bucketOwnerId = access.bucket.ownerId;
  const requested = await aclFromPutAclRequest(ctx.req.headers, body, {
    ownerId: object.ownerId,
    bucketOwnerId,
    target: 'object',
    ...ctx.accounts.granteeResolution(),
  });
  checkAclAllowedByOwnership(access.ownership, requested, bucketOwnerId);
  checkPublicAclAllowed(access.publicAccessBlock, requested.acl);
  return requested.acl;
}

/**
 * Returns whether two records of a key are the same version: the same stored data, and for
 * empty objects, which keep no data, the same write time.
 */
function sameData(a: ObjectRecord, b: ObjectRecord): boolean {
  return (
    a.lastModified.getTime() === b.lastModified.getTime() &&
    a.segments.length === b.segments.length &&
    a.segments.every((segment, index) => segment.blobId === b.segments[index]!.blobId)
  );
}
