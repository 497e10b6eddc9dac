import { objectAcl } from '../../access/bucket-access.js';
import { accessControlPolicyRoot, renderAccessControlPolicy } from '../../acl/index.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { requireBucketAccess } from '../common/require-access.js';
import { requireObject } from './require-object.js';

/**
 * GetObjectAcl: the ACL S3 enforces for the object. An object written without one shows its
 * owner's FULL_CONTROL, and under BucketOwnerEnforced every object shows the bucket owner's.
 */
export async function getObjectAcl(ctx: RequestContext): Promise<void> {
  const access = await requireBucketAccess(ctx);
  const object = await requireObject(ctx, access.bucket.name);
  const acl = objectAcl(object, access);
  sendXml(ctx, accessControlPolicyRoot, renderAccessControlPolicy(acl, (id) => ctx.accounts.displayName(id)));
}
