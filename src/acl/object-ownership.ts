import { S3Error } from '../errors/s3-error.js';
import { asArray, parseXml, type XmlElement } from '../xml/xml.js';
import type { RequestedAcl } from './request-acl.js';
import type { AccessControlList } from './types.js';

/**
 * The S3 Object Ownership setting of a bucket ("Controlling ownership of objects and
 * disabling ACLs for your bucket"):
 * - BucketOwnerEnforced: ACLs are disabled and the bucket owner owns every object;
 * - BucketOwnerPreferred: the bucket owner owns new objects written with the
 *   `bucket-owner-full-control` canned ACL, and ACLs work as usual;
 * - ObjectWriter: the account that writes an object owns it.
 */
export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

export const objectOwnershipValues: readonly ObjectOwnership[] = [
  'BucketOwnerEnforced',
  'BucketOwnerPreferred',
  'ObjectWriter',
];

/**
 * Setting of a bucket created without one: "By default, Object Ownership is set to the Bucket
 * owner enforced setting".
 */
export const defaultObjectOwnership: ObjectOwnership = 'BucketOwnerEnforced';

/** Root element of the PutBucketOwnershipControls body and GetBucketOwnershipControls response. */
export const ownershipControlsRoot = 'OwnershipControls';

export function isObjectOwnership(value: string): value is ObjectOwnership {
  return (objectOwnershipValues as readonly string[]).includes(value);
}

/**
 * Parses an OwnershipControls document: exactly one Rule holding one ObjectOwnership value.
 * Anything else gets MalformedXML, the error S3 returns for a second rule or an unknown value.
 */
export function parseOwnershipControls(xml: string): ObjectOwnership {
  const document = parseXml(xml);
  const controls = document[ownershipControlsRoot];
  if (typeof controls !== 'object' || controls === null) {
    throw malformedOwnershipControls('the root element must be OwnershipControls with one Rule');
  }
  const rules = asArray((controls as Record<string, unknown>).Rule);
  if (rules.length !== 1) {
    throw malformedOwnershipControls(`OwnershipControls must hold exactly one Rule, not ${rules.length}`);
  }
  const rule = rules[0];
  const value =
    typeof rule === 'object' && rule !== null ? (rule as Record<string, unknown>).ObjectOwnership : undefined;
  if (typeof value !== 'string' || !isObjectOwnership(value.trim())) {
    throw malformedOwnershipControls(`ObjectOwnership must be one of ${objectOwnershipValues.join(', ')}`);
  }
  return value.trim() as ObjectOwnership;
}

function malformedOwnershipControls(reason: string): S3Error {
  return new S3Error(
    'MalformedXML',
    `The XML you provided was not well-formed or did not validate against our published schema: ${reason}.`,
  );
}

/** Renders the content of an OwnershipControls element, for `buildXml(ownershipControlsRoot, …)`. */
export function renderOwnershipControls(ownership: ObjectOwnership): XmlElement {
  return { Rule: { ObjectOwnership: ownership } };
}

/**
 * Reads the `x-amz-object-ownership` header of CreateBucket; `undefined` when absent.
 * NOTE: S3 does not document the error for an unknown value; InvalidArgument naming the
 * header is an estimate.
 */
export function parseObjectOwnershipHeader(value: string | undefined): ObjectOwnership | undefined {
  if (value === undefined) return undefined;
  if (!isObjectOwnership(value)) {
    throw new S3Error(
      'InvalidArgument',
      `Invalid x-amz-object-ownership header: use one of ${objectOwnershipValues.join(', ')}.`,
      { ArgumentName: 'x-amz-object-ownership', ArgumentValue: value },
    );
  }
  return value;
}

/** Returns whether ACLs take part in access decisions; BucketOwnerEnforced disables them. */
export function aclsEnabled(ownership: ObjectOwnership): boolean {
  return ownership !== 'BucketOwnerEnforced';
}

/**
 * Returns the owner of an object being written. Under BucketOwnerEnforced it is always the
 * bucket owner. Under BucketOwnerPreferred it is the bucket owner when the upload carries the
 * `bucket-owner-full-control` canned ACL. Otherwise it is the writer.
 */
export function objectOwnerFor(
  ownership: ObjectOwnership,
  upload: { writerId: string; bucketOwnerId: string; cannedAcl: string | undefined },
): string {
  if (ownership === 'BucketOwnerEnforced') return upload.bucketOwnerId;
  const bucketOwnerFullControl = upload.cannedAcl === 'bucket-owner-full-control';
  if (ownership === 'BucketOwnerPreferred' && bucketOwnerFullControl) return upload.bucketOwnerId;
  return upload.writerId;
}

/**
 * Rejects an ACL that a request sets while ACLs are disabled. Under BucketOwnerEnforced a
 * bucket "accepts only PUT requests that do not specify an ACL or PUT requests with bucket
 * owner full control ACLs, such as the bucket-owner-full-control canned ACL or equivalent
 * forms of this ACL expressed in XML". Any other gets AccessControlListNotSupported (400).
 * The `private` canned ACL passes too, because with the bucket owner as owner it grants
 * exactly the bucket owner's FULL_CONTROL. A grant list passes when every grant is
 * FULL_CONTROL for the bucket owner.
 * Call it for PutObject, CopyObject, CreateMultipartUpload, PutBucketAcl and PutObjectAcl.
 * CreateBucket uses `checkBucketAclForEnforcedOwnership` instead.
 */
export function checkAclAllowedByOwnership(
  ownership: ObjectOwnership,
  requested: RequestedAcl | undefined,
  bucketOwnerId: string,
): void {
  if (ownership !== 'BucketOwnerEnforced' || requested === undefined) return;
  if (requested.source === 'canned') {
    if (requested.cannedAcl === 'bucket-owner-full-control' || requested.cannedAcl === 'private') return;
  } else if (grantsOnlyBucketOwnerFullControl(requested.acl, bucketOwnerId)) {
    return;
  }
  throw new S3Error(
    'AccessControlListNotSupported',
    'The bucket does not allow ACLs: its Object Ownership is BucketOwnerEnforced, ' +
      'so send no ACL or bucket-owner-full-control.',
  );
}

function grantsOnlyBucketOwnerFullControl(acl: AccessControlList, bucketOwnerId: string): boolean {
  return (
    acl.grants.length > 0 &&
    acl.grants.every(
      (grant) =>
        grant.permission === 'FULL_CONTROL' &&
        grant.grantee.type === 'CanonicalUser' &&
        grant.grantee.id === bucketOwnerId,
    )
  );
}

/**
 * Rejects a bucket ACL that grants access to anyone but the bucket owner while the bucket is
 * or becomes BucketOwnerEnforced: CreateBucket with an ACL and that ownership (the default),
 * or PutBucketOwnershipControls on a bucket with such an ACL. S3 returns
 * InvalidBucketAclWithObjectOwnership (400), because "your bucket ACL must give full control
 * only to the bucket owner".
 */
export function checkBucketAclForEnforcedOwnership(bucketAcl: AccessControlList, bucketOwnerId: string): void {
  const othersGranted = bucketAcl.grants.some(
    (grant) => grant.grantee.type !== 'CanonicalUser' || grant.grantee.id !== bucketOwnerId,
  );
  if (othersGranted) {
    throw new S3Error(
      'InvalidBucketAclWithObjectOwnership',
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting: " +
        'reset the bucket ACL to private first.',
    );
  }
}
