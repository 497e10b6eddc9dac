import { defaultBucketOwnership } from '../../access/bucket-access.js';
import {
  aclFromRequestHeaders,
  checkBucketAclForEnforcedOwnership,
  parseObjectOwnershipHeader,
  type AccessControlList,
  type ObjectOwnership,
} from '../../acl/index.js';
import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';

/** The ACL and Object Ownership a CreateBucket request sets; absent ones keep the defaults. */
export interface NewBucketAccess {
  acl: AccessControlList | undefined;
  ownership: ObjectOwnership | undefined;
}

/**
 * Reads `x-amz-acl`, the `x-amz-grant-*` headers and `x-amz-object-ownership` of CreateBucket
 * before the bucket exists, so a refused request creates nothing. A bucket that is to be
 * BucketOwnerEnforced accepts only an ACL that grants its owner alone
 * (InvalidBucketAclWithObjectOwnership).
 */
export async function readNewBucketAccess(ctx: RequestContext, ownerId: string): Promise<NewBucketAccess> {
  const headers = ctx.req.headers;
  const ownership = parseObjectOwnershipHeader(headerValue(headers, 'x-amz-object-ownership'));
  const requested = await aclFromRequestHeaders(headers, {
    ownerId,
    bucketOwnerId: ownerId,
    target: 'bucket',
    ...ctx.accounts.granteeResolution(),
  });
  if (requested !== undefined && (ownership ?? defaultBucketOwnership) === 'BucketOwnerEnforced') {
    checkBucketAclForEnforcedOwnership(requested.acl, ownerId);
  }
  return { acl: requested?.acl, ownership };
}

/** Stores what `readNewBucketAccess` read, once the bucket has been created. */
export async function storeNewBucketAccess(ctx: RequestContext, bucket: string, access: NewBucketAccess): Promise<void> {
  if (access.acl !== undefined) await ctx.metadata.putBucketSetting(bucket, 'acl', JSON.stringify(access.acl));
  if (access.ownership !== undefined) await ctx.metadata.putBucketSetting(bucket, 'ownership', access.ownership);
}
