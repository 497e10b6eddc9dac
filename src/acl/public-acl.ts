import { allUsersUri, authenticatedUsersUri, type AccessControlList, type Grant, type Grantee } from './types.js';

/**
 * Returns whether a grantee is public in S3's sense ("The meaning of public", Blocking public
 * access page): the AllUsers or the AuthenticatedUsers group.
 */
export function isPublicGrantee(grantee: Grantee): boolean {
  return grantee.type === 'Group' && (grantee.uri === allUsersUri || grantee.uri === authenticatedUsersUri);
}

export function isPublicGrant(grant: Grant): boolean {
  return isPublicGrantee(grant.grantee);
}

/**
 * Returns whether an ACL is public: S3 "considers a bucket or object ACL public if it grants
 * any permissions to members of the predefined AllUsers or AuthenticatedUsers groups".
 */
export function isPublicAcl(acl: AccessControlList): boolean {
  return acl.grants.some(isPublicGrant);
}

/** Returns the ACL without its public grants: what S3 enforces while IgnorePublicAcls is set. */
export function withoutPublicGrants(acl: AccessControlList): AccessControlList {
  return { ownerId: acl.ownerId, grants: acl.grants.filter((grant) => !isPublicGrant(grant)) };
}
