import { S3Error } from '../errors/s3-error.js';
import {
  allUsersUri,
  authenticatedUsersUri,
  canonicalUserGrant,
  groupGrant,
  logDeliveryUri,
  type AccessControlList,
  type AclTarget,
  type CanonicalUserGrantee,
  type Grant,
} from './types.js';

/** The values `x-amz-acl` accepts, from the canned ACL table of "Access control list (ACL) overview". */
export const cannedAclNames = [
  'private',
  'public-read',
  'public-read-write',
  'aws-exec-read',
  'authenticated-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
] as const;

export type CannedAclName = (typeof cannedAclNames)[number];

export function isCannedAclName(value: string): value is CannedAclName {
  return (cannedAclNames as readonly string[]).includes(value);
}

/**
 * The Amazon EC2 account that reads machine image bundles. S3 shows this canonical user id,
 * with display name `za-team`, in the ACL that `aws-exec-read` creates.
 */
export const ec2BundleReaderId = '6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c';

const ec2BundleReader: CanonicalUserGrantee = { type: 'CanonicalUser', id: ec2BundleReaderId, displayName: 'za-team' };

/** The resource a canned ACL applies to. */
export interface CannedAclContext {
  /** Owner of the resource: the bucket owner for a bucket, the object owner for an object. */
  ownerId: string;
  /** Owner of the bucket, which is the resource itself or contains the object. */
  bucketOwnerId: string;
  target: AclTarget;
}

/**
 * Expands a canned ACL into the grants S3 stores for it. An unknown name gets InvalidArgument
 * naming `x-amz-acl`, as S3 sends it.
 */
export function cannedAcl(name: string, context: CannedAclContext): AccessControlList {
  if (!isCannedAclName(name)) {
    throw new S3Error(
      'InvalidArgument',
      `The canned ACL ${JSON.stringify(name)} is not valid. Use one of: ${cannedAclNames.join(', ')}.`,
      { ArgumentName: 'x-amz-acl', ArgumentValue: name },
    );
  }
  const ownerFullControl = canonicalUserGrant(context.ownerId, 'FULL_CONTROL');
  return { ownerId: context.ownerId, grants: [ownerFullControl, ...extraGrants(name, context)] };
}

/** Returns the grants a canned ACL adds to the owner's FULL_CONTROL. */
function extraGrants(name: CannedAclName, context: CannedAclContext): Grant[] {
  switch (name) {
    case 'private':
      return [];
    case 'public-read':
      return [groupGrant(allUsersUri, 'READ')];
    case 'public-read-write':
      return [groupGrant(allUsersUri, 'READ'), groupGrant(allUsersUri, 'WRITE')];
    case 'aws-exec-read':
      return [{ grantee: { ...ec2BundleReader }, permission: 'READ' }];
    case 'authenticated-read':
      return [groupGrant(authenticatedUsersUri, 'READ')];
    case 'bucket-owner-read':
      return bucketOwnerGrants(context, 'READ');
    case 'bucket-owner-full-control':
      return bucketOwnerGrants(context, 'FULL_CONTROL');
    case 'log-delivery-write':
      // The canned ACL table lists only the LogDelivery grants, but S3 keeps the owner's
      // FULL_CONTROL beside them, which is what SaltStack's boto_s3_bucket state expects when
      // it compares this canned ACL with S3's.
      // NOTE: the table lists this ACL for buckets only. S3's result on an object is not
      // documented, so this model grants the same on both.
      return [groupGrant(logDeliveryUri, 'WRITE'), groupGrant(logDeliveryUri, 'READ_ACP')];
  }
}

/**
 * Returns the bucket owner's grant of `bucket-owner-read` and `bucket-owner-full-control`.
 * On a bucket S3 ignores both ACLs ("If you specify this canned ACL when creating a bucket, Amazon S3
 * ignores it"), which leaves the owner's FULL_CONTROL alone.
 * NOTE: S3 does not document the case where the object owner is the bucket owner. This model
 * adds no second grant then, because the owner's FULL_CONTROL already covers it.
 */
function bucketOwnerGrants(context: CannedAclContext, permission: 'READ' | 'FULL_CONTROL'): Grant[] {
  if (context.target === 'bucket' || context.bucketOwnerId === context.ownerId) return [];
  return [canonicalUserGrant(context.bucketOwnerId, permission)];
}
