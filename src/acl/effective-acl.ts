import type { ObjectOwnership } from './object-ownership.js';
import { withoutPublicGrants } from './public-acl.js';
import { privateAcl, type AccessControlList } from './types.js';

export interface EffectiveAclContext {
  ownership: ObjectOwnership;
  bucketOwnerId: string;
  /** The bucket's IgnorePublicAcls setting, combined with the account's. */
  ignorePublicAcls: boolean;
}

/**
 * Returns the ACL that S3 enforces and shows for a stored bucket or object ACL; use it both for
 * access decisions and for GetBucketAcl / GetObjectAcl.
 * - BucketOwnerEnforced: ACLs are disabled and "Requests to read ACLs always return a response
 *   that shows full control for the bucket owner" ("Troubleshooting" of Object Ownership).
 *   The stored ACL is kept so that it comes back if ACLs are enabled again.
 * - IgnorePublicAcls: public grants are dropped, because "GET Bucket acl returns an ACL that
 *   reflects the access permissions that Amazon S3 is enforcing" (Blocking public access page).
 */
export function effectiveAcl(stored: AccessControlList, context: EffectiveAclContext): AccessControlList {
  if (context.ownership === 'BucketOwnerEnforced') return privateAcl(context.bucketOwnerId);
  if (context.ignorePublicAcls) return withoutPublicGrants(stored);
  return stored;
}
