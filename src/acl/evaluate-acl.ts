import { isPublicGrant } from './public-acl.js';
import {
  allUsersUri,
  authenticatedUsersUri,
  type AccessControlList,
  type Grantee,
  type Permission,
  type Requester,
} from './types.js';

export interface AclEvaluationOptions {
  /** Skip grants to AllUsers and AuthenticatedUsers, as the IgnorePublicAcls setting does. */
  ignorePublicAcls?: boolean;
}

/**
 * Returns whether a grantee covers a requester: AllUsers covers everyone, AuthenticatedUsers
 * every signed requester, and a canonical user the account with that id. The LogDelivery
 * group covers no requester, because Coffer has no log delivery service that signs as it.
 */
export function granteeMatches(grantee: Grantee, requester: Requester): boolean {
  if (grantee.type === 'CanonicalUser') return requester !== 'anonymous' && requester.canonicalId === grantee.id;
  if (grantee.uri === allUsersUri) return true;
  if (grantee.uri === authenticatedUsersUri) return requester !== 'anonymous';
  return false;
}

/**
 * Returns whether the grants of an ACL give `permission` to the requester. FULL_CONTROL
 * includes every other permission ("Access control list (ACL) overview", ACL permissions
 * table). ACLs only grant and never deny, so the order of grants does not matter.
 */
export function aclGrants(
  acl: AccessControlList,
  requester: Requester,
  permission: Permission,
  options: AclEvaluationOptions = {},
): boolean {
  return acl.grants.some(
    (grant) =>
      (grant.permission === permission || grant.permission === 'FULL_CONTROL') &&
      !(options.ignorePublicAcls === true && isPublicGrant(grant)) &&
      granteeMatches(grant.grantee, requester),
  );
}

/**
 * Returns whether an ACL lets the requester use `permission`: its grants, plus the owner's
 * READ_ACP and WRITE_ACP, which S3 keeps even when no grant names the owner. The ACL overview
 * does not state this. The Ceph s3-tests case `test_bucket_acl_no_grants` checks it against
 * S3: after removing every grant, the owner still reads and writes the ACL. It also keeps an
 * owner from locking themself out.
 */
export function aclAllows(
  acl: AccessControlList,
  requester: Requester,
  permission: Permission,
  options: AclEvaluationOptions = {},
): boolean {
  if (isOwner(acl, requester) && (permission === 'READ_ACP' || permission === 'WRITE_ACP')) return true;
  return aclGrants(acl, requester, permission, options);
}

function isOwner(acl: AccessControlList, requester: Requester): boolean {
  return requester !== 'anonymous' && requester.canonicalId === acl.ownerId;
}
