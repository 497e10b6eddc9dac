import type { IncomingHttpHeaders } from 'node:http';

import {
  aclFromRequestHeaders,
  checkAclAllowedByOwnership,
  checkPublicAclAllowed,
  objectOwnerFor,
  type AccessControlList,
} from '../../acl/index.js';
import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';
import { requireBucketAccess } from '../common/require-access.js';

/** The owner and ACL an object gets when a request writes it. */
export interface NewObjectAccess {
  ownerId: string;
  /** The ACL the request set; `undefined` leaves the object private to its owner. */
  acl: AccessControlList | undefined;
}

/**
 * Decides the owner and ACL of an object that PutObject, CopyObject, CreateMultipartUpload or
 * PostObject writes, before any data is read, so that a refused ACL fails fast:
 * - the owner follows the bucket's Object Ownership (`objectOwnerFor`). An anonymous writer
 *   (let in by a public-write ACL or policy) has no account, so the bucket owner owns what
 *   it writes;
 * - the ACL comes from `x-amz-acl` or the `x-amz-grant-*` headers only: a copy never takes
 *   its source's ACL;
 * - BucketOwnerEnforced refuses any ACL but the bucket owner's full control
 *   (AccessControlListNotSupported), and BlockPublicAcls refuses a public one (AccessDenied).
 * `headers` are the request's, or a POST form's fields read as headers.
 */
export async function newObjectAccess(
  ctx: RequestContext,
  bucketName: string,
  headers: IncomingHttpHeaders = ctx.req.headers,
): Promise<NewObjectAccess> {
  const access = await requireBucketAccess(ctx, bucketName);
  const bucketOwnerId = access.bucket.ownerId;
  const ownerId = objectOwnerFor(access.ownership, {
    writerId: ctx.identity?.canonicalId ?? bucketOwnerId,
    bucketOwnerId,
    cannedAcl: headerValue(headers, 'x-amz-acl'),
  });
  const requested = await aclFromRequestHeaders(headers, {
    ownerId,
    bucketOwnerId,
    target: 'object',
    ...ctx.accounts.granteeResolution(),
  });
  checkAclAllowedByOwnership(access.ownership, requested, bucketOwnerId);
  if (requested !== undefined) checkPublicAclAllowed(access.publicAccessBlock, requested.acl);
  return { ownerId, acl: requested?.acl };
}
