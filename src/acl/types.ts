/**
 * The S3 ACL data model, as the Amazon S3 User Guide's "Access control list (ACL) overview"
 * describes it. Every value is plain JSON, so an ACL can be stored with `JSON.stringify` and
 * read back with `JSON.parse`.
 */

/** An ACL permission, spelled as in the `<Permission>` element. */
export type Permission = 'READ' | 'WRITE' | 'READ_ACP' | 'WRITE_ACP' | 'FULL_CONTROL';

export const permissions: readonly Permission[] = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL'];

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}

/** The predefined group of every requester, signed or anonymous. */
export const allUsersUri = 'http://acs.amazonaws.com/groups/global/AllUsers';
/** The predefined group of every signed requester, from any account. */
export const authenticatedUsersUri = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
/** The predefined group that S3 server access logging writes as. */
export const logDeliveryUri = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

export type GroupUri = typeof allUsersUri | typeof authenticatedUsersUri | typeof logDeliveryUri;

export const groupUris: readonly GroupUri[] = [allUsersUri, authenticatedUsersUri, logDeliveryUri];

export function isGroupUri(value: string): value is GroupUri {
  return (groupUris as readonly string[]).includes(value);
}

/**
 * An account named by its canonical user id. `displayName` is stored only where S3 fixes it,
 * as for the Amazon EC2 grantee of `aws-exec-read`. Other display names come from the account
 * store when an ACL is rendered.
 */
export interface CanonicalUserGrantee {
  type: 'CanonicalUser';
  id: string;
  displayName?: string;
}

/** One of the predefined S3 groups. */
export interface GroupGrantee {
  type: 'Group';
  uri: GroupUri;
}

/**
 * The receiver of a grant. A request may name a grantee by email address, but S3 resolves
 * the address to a canonical user id before it stores the ACL, so stored grantees have
 * only these two forms.
 */
export type Grantee = CanonicalUserGrantee | GroupGrantee;

/** One grantee and one permission, like one `<Grant>` element. */
export interface Grant {
  grantee: Grantee;
  permission: Permission;
}

/**
 * The ACL of a bucket or an object: its owner and its grants, in request order. S3 keeps
 * duplicate grants as given, and so does this model.
 */
export interface AccessControlList {
  ownerId: string;
  grants: Grant[];
}

/** Whether an ACL belongs to a bucket or to an object; a few rules differ between the two. */
export type AclTarget = 'bucket' | 'object';

/** The sender of a request: a signed caller's canonical user id, or an unsigned caller. */
export type Requester = { canonicalId: string } | 'anonymous';

/**
 * Maximum number of grants in one ACL. "Access control list (ACL) overview": "An ACL can have
 * up to 100 grants."
 */
export const maxGrants = 100;

/**
 * Looks up the canonical user id of the account registered with an email address, or
 * `undefined` when no account has it.
 */
export type ResolveEmail = (emailAddress: string) => Promise<string | undefined>;

/** Whether a canonical user id belongs to an existing account. */
export type CanonicalIdExists = (canonicalId: string) => Promise<boolean>;

/** Lookups that check the grantees a request names and resolve them to stored grantees. */
export interface GranteeResolution {
  resolveEmail: ResolveEmail;
  /** When set, grants to canonical ids of unknown accounts are rejected as S3 rejects them. */
  canonicalIdExists?: CanonicalIdExists;
}

export function canonicalUserGrant(id: string, permission: Permission): Grant {
  return { grantee: { type: 'CanonicalUser', id }, permission };
}

export function groupGrant(uri: GroupUri, permission: Permission): Grant {
  return { grantee: { type: 'Group', uri }, permission };
}

/** Returns the default ACL of a new bucket or object, which grants FULL_CONTROL to the owner alone. */
export function privateAcl(ownerId: string): AccessControlList {
  return { ownerId, grants: [canonicalUserGrant(ownerId, 'FULL_CONTROL')] };
}
