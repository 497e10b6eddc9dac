import { accessControlPolicyRoot, renderAccessControlPolicy } from '../../acl/index.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { requireBucketAccess } from '../common/require-access.js';

/**
 * GetBucketAcl: the ACL S3 enforces for the bucket, which under BucketOwnerEnforced is the
 * owner's FULL_CONTROL alone and under IgnorePublicAcls leaves out the public grants.
 */
export async function getBucketAcl(ctx: RequestContext): Promise<void> {
  const access = await requireBucketAccess(ctx);
  sendXml(ctx, accessControlPolicyRoot, renderAccessControlPolicy(access.acl, (id) => ctx.accounts.displayName(id)));
}
