import { forgetBucketAccess } from '../../access/bucket-access.js';
import { aclFromPutAclRequest, checkAclAllowedByOwnership, checkPublicAclAllowed } from '../../acl/index.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { maxAclDocumentBytes } from '../common/acl-limits.js';
import { readConfigurationBody } from '../common/configuration-body.js';
import { requireBucketAccess } from '../common/require-access.js';

/**
 * PutBucketAcl: replaces the bucket's ACL with the one in the `x-amz-acl` or `x-amz-grant-*`
 * headers or in an AccessControlPolicy body. Under BucketOwnerEnforced only the owner's full
 * control is accepted, and with BlockPublicAcls on a public ACL is refused.
 */
export async function putBucketAcl(ctx: RequestContext): Promise<void> {
  const access = await requireBucketAccess(ctx);
  const { name, ownerId } = access.bucket;
  const body = await readConfigurationBody(ctx, maxAclDocumentBytes);
  const requested = await aclFromPutAclRequest(ctx.req.headers, body, {
    ownerId,
    bucketOwnerId: ownerId,
    target: 'bucket',
    ...ctx.accounts.granteeResolution(),
  });
  checkAclAllowedByOwnership(access.ownership, requested, ownerId);
  checkPublicAclAllowed(access.publicAccessBlock, requested.acl);
  await ctx.metadata.putBucketSetting(name, 'acl', JSON.stringify(requested.acl));
  forgetBucketAccess(ctx, name);
  sendEmpty(ctx);
}
