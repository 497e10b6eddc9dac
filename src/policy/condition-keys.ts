/**
 * Condition keys a policy may name. Key names are case-insensitive ("IAM JSON policy
 * elements: Condition", IAM User Guide), so every key here is lowercase.
 *
 * A bucket policy accepts every `aws:` key, AWS's global keys being a list that grows, and
 * the `s3:` keys of "Actions, resources, and condition keys for Amazon S3"; S3 rejects any
 * other key with "Policy has an invalid condition key". IAM accepts any `vendor:name` key in
 * identity and trust policies.
 */

/** S3's own keys, from the Service Authorization Reference for Amazon S3. */
export const s3ConditionKeys: ReadonlySet<string> = new Set(
  [
    's3:AccessGrantsInstanceArn',
    's3:AccessPointNetworkOrigin',
    's3:authType',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
    's3:delimiter',
    's3:ExistingJobOperation',
    's3:ExistingJobPriority',
    's3:if-match',
    's3:if-none-match',
    's3:InventoryAccessibleOptionalFields',
    's3:JobSuspendedCause',
    's3:LocationConstraint',
    's3:max-keys',
    's3:object-lock-legal-hold',
    's3:object-lock-mode',
    's3:object-lock-remaining-retention-days',
    's3:object-lock-retain-until-date',
    's3:prefix',
    's3:RequestJobOperation',
    's3:RequestJobPriority',
    's3:RequestObjectTagKeys',
    's3:ResourceAccount',
    's3:signatureAge',
    's3:signatureversion',
    's3:TlsVersion',
    's3:VersionId',
    's3:x-amz-acl',
    's3:x-amz-content-sha256',
    's3:x-amz-copy-source',
    's3:x-amz-grant-full-control',
    's3:x-amz-grant-read',
    's3:x-amz-grant-read-acp',
    's3:x-amz-grant-write',
    's3:x-amz-grant-write-acp',
    's3:x-amz-metadata-directive',
    's3:x-amz-object-ownership',
    's3:x-amz-server-side-encryption',
    's3:x-amz-server-side-encryption-aws-kms-key-id',
    's3:x-amz-server-side-encryption-customer-algorithm',
    's3:x-amz-storage-class',
    's3:x-amz-website-redirect-location',
  ].map((key) => key.toLowerCase()),
);

/** S3 keys that end in a tag key: `s3:ExistingObjectTag/<key>`, for example. */
export const s3TaggedKeyPrefixes: readonly string[] = ['s3:existingobjecttag/', 's3:requestobjecttag/', 's3:buckettag/'];

const vendorKey = /^[a-z0-9-]+:[^\s]+$/;

/** True when a bucket policy may name the key; `key` must be lowercase. */
export function isBucketPolicyConditionKey(key: string): boolean {
  if (!vendorKey.test(key)) return false;
  if (key.startsWith('aws:')) return true;
  if (s3ConditionKeys.has(key)) return true;
  return s3TaggedKeyPrefixes.some((prefix) => key.startsWith(prefix) && key.length > prefix.length);
}

/** True when IAM accepts the key in an identity or trust policy: a vendor prefix and a name. */
export function isIamConditionKey(key: string): boolean {
  return vendorKey.test(key);
}
