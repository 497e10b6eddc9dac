import type { AclTarget, Permission } from './types.js';

/** The ACL permission an operation needs on the bucket ACL, on the object ACL, or on both. */
export interface AclRequirement {
  bucket?: Permission;
  object?: Permission;
}

/**
 * S3 operations whose access an ACL can grant, and the permission each needs. The source is
 * "Access control list (ACL) overview", table "Mapping of ACL permissions and access policy
 * permissions", with each policy action replaced by the operations that require it:
 * - bucket READ: s3:ListBucket (ListObjects, ListObjectsV2, HeadBucket),
 *   s3:ListBucketVersions (ListObjectVersions), s3:ListBucketMultipartUploads (ListMultipartUploads);
 * - bucket WRITE: s3:PutObject, which covers every write of a key, multipart steps included,
 *   and deletes; object WRITE is "Not applicable";
 * - object READ: s3:GetObject (GetObject, HeadObject) and the copy source of CopyObject and
 *   UploadPartCopy;
 * - READ_ACP and WRITE_ACP: reading and writing the ACL of the bucket or object itself.
 * Operations that are missing here, such as DeleteBucket, GetBucketLocation or the policy,
 * ownership and public access block operations, are for the bucket owner and no ACL grants them.
 */
export const aclRequirements = {
  ListObjects: { bucket: 'READ' },
  ListObjectsV2: { bucket: 'READ' },
  ListObjectVersions: { bucket: 'READ' },
  ListMultipartUploads: { bucket: 'READ' },
  HeadBucket: { bucket: 'READ' },
  PutObject: { bucket: 'WRITE' },
  PostObject: { bucket: 'WRITE' },
  DeleteObject: { bucket: 'WRITE' },
  DeleteObjects: { bucket: 'WRITE' },
  // Both: WRITE on the destination bucket and READ on the source object.
  CopyObject: { bucket: 'WRITE', object: 'READ' },
  CreateMultipartUpload: { bucket: 'WRITE' },
  UploadPart: { bucket: 'WRITE' },
  UploadPartCopy: { bucket: 'WRITE', object: 'READ' },
  CompleteMultipartUpload: { bucket: 'WRITE' },
  // NOTE: S3 also lets the initiator of an upload abort it and list its parts. That rule
  // depends on the upload rather than on an ACL, so the caller applies it.
  AbortMultipartUpload: { bucket: 'WRITE' },
  ListParts: { bucket: 'WRITE' },
  GetObject: { object: 'READ' },
  HeadObject: { object: 'READ' },
  GetBucketAcl: { bucket: 'READ_ACP' },
  PutBucketAcl: { bucket: 'WRITE_ACP' },
  GetObjectAcl: { object: 'READ_ACP' },
  PutObjectAcl: { object: 'WRITE_ACP' },
} as const satisfies Record<string, AclRequirement>;

export type AclOperation = keyof typeof aclRequirements;

/**
 * Returns the permission `operation` needs on the ACL of `target`. Returns `undefined` when
 * that ACL cannot grant the operation: the table does not list the operation, or the
 * target's ACL plays no part in it, as the object ACL plays none in PutObject.
 */
export function aclPermissionFor(operation: string, target: AclTarget): Permission | undefined {
  if (!Object.hasOwn(aclRequirements, operation)) return undefined;
  const requirement: AclRequirement = aclRequirements[operation as AclOperation];
  return requirement[target];
}
