/**
 * The actions of the `s3` service prefix with the resource type each applies to, after
 * "Actions, resources, and condition keys for Amazon S3" (Service Authorization Reference).
 * Bucket policy validation uses it: S3 rejects an action it does not define ("Policy has
 * invalid action") and an action whose resource types the statement's resources cannot be
 * ("Action does not apply to any resource(s) in statement").
 *
 * `account` actions take the resource `*` only. `other` actions take resource types a bucket
 * policy cannot name (access points, batch jobs, Storage Lens, Multi-Region Access Points,
 * access grants).
 *
 * NOTE: AWS adds actions over time; an action missing here is rejected in bucket policies
 * as invalid. Identity policies do not consult this list, as IAM does not.
 */

export type S3ResourceKind = 'object' | 'bucket' | 'account' | 'other';

const objectActions = [
  'AbortMultipartUpload',
  'BypassGovernanceRetention',
  'DeleteObject',
  'DeleteObjectTagging',
  'DeleteObjectVersion',
  'DeleteObjectVersionTagging',
  'GetObject',
  'GetObjectAcl',
  'GetObjectAttributes',
  'GetObjectLegalHold',
  'GetObjectRetention',
  'GetObjectTagging',
  'GetObjectTorrent',
  'GetObjectVersion',
  'GetObjectVersionAcl',
  'GetObjectVersionAttributes',
  'GetObjectVersionForReplication',
  'GetObjectVersionTagging',
  'GetObjectVersionTorrent',
  'InitiateReplication',
  'ListMultipartUploadParts',
  'ObjectOwnerOverrideToBucketOwner',
  'PutObject',
  'PutObjectAcl',
  'PutObjectLegalHold',
  'PutObjectRetention',
  'PutObjectTagging',
  'PutObjectVersionAcl',
  'PutObjectVersionTagging',
  'ReplicateDelete',
  'ReplicateObject',
  'ReplicateTags',
  'RestoreObject',
] as const;

const bucketActions = [
  'CreateBucket',
  'DeleteBucket',
  'DeleteBucketPolicy',
  'DeleteBucketWebsite',
  'GetAccelerateConfiguration',
  'GetAnalyticsConfiguration',
  'GetBucketAcl',
  'GetBucketCORS',
  'GetBucketLocation',
  'GetBucketLogging',
  'GetBucketNotification',
  'GetBucketObjectLockConfiguration',
  'GetBucketOwnershipControls',
  'GetBucketPolicy',
  'GetBucketPolicyStatus',
  'GetBucketPublicAccessBlock',
  'GetBucketRequestPayment',
  'GetBucketTagging',
  'GetBucketVersioning',
  'GetBucketWebsite',
  'GetEncryptionConfiguration',
  'GetIntelligentTieringConfiguration',
  'GetInventoryConfiguration',
  'GetLifecycleConfiguration',
  'GetMetricsConfiguration',
  'GetReplicationConfiguration',
  'ListBucket',
  'ListBucketMultipartUploads',
  'ListBucketVersions',
  'PutAccelerateConfiguration',
  'PutAnalyticsConfiguration',
  'PutBucketAcl',
  'PutBucketCORS',
  'PutBucketLogging',
  'PutBucketNotification',
  'PutBucketObjectLockConfiguration',
  'PutBucketOwnershipControls',
  'PutBucketPolicy',
  'PutBucketPublicAccessBlock',
  'PutBucketRequestPayment',
  'PutBucketTagging',
  'PutBucketVersioning',
  'PutBucketWebsite',
  'PutEncryptionConfiguration',
  'PutIntelligentTieringConfiguration',
  'PutInventoryConfiguration',
  'PutLifecycleConfiguration',
  'PutMetricsConfiguration',
  'PutReplicationConfiguration',
  'CreateBucketMetadataTableConfiguration',
  'GetBucketMetadataTableConfiguration',
  'DeleteBucketMetadataTableConfiguration',
] as const;

const accountActions = [
  'CreateJob',
  'GetAccessPoint',
  'GetAccountPublicAccessBlock',
  'ListAccessPoints',
  'ListAccessPointsForObjectLambda',
  'ListAllMyBuckets',
  'ListJobs',
  'ListMultiRegionAccessPoints',
  'ListStorageLensConfigurations',
  'PutAccessPointPublicAccessBlock',
  'PutAccountPublicAccessBlock',
  'PutStorageLensConfiguration',
] as const;

const otherActions = [
  'CreateAccessPoint',
  'CreateAccessPointForObjectLambda',
  'CreateMultiRegionAccessPoint',
  'DeleteAccessPoint',
  'DeleteAccessPointForObjectLambda',
  'DeleteAccessPointPolicy',
  'DeleteAccessPointPolicyForObjectLambda',
  'DeleteJobTagging',
  'DeleteMultiRegionAccessPoint',
  'DeleteStorageLensConfiguration',
  'DeleteStorageLensConfigurationTagging',
  'DescribeJob',
  'DescribeMultiRegionAccessPointOperation',
  'GetAccessPointConfigurationForObjectLambda',
  'GetAccessPointForObjectLambda',
  'GetAccessPointPolicy',
  'GetAccessPointPolicyForObjectLambda',
  'GetAccessPointPolicyStatus',
  'GetAccessPointPolicyStatusForObjectLambda',
  'GetJobTagging',
  'GetMultiRegionAccessPoint',
  'GetMultiRegionAccessPointPolicy',
  'GetMultiRegionAccessPointPolicyStatus',
  'GetMultiRegionAccessPointRoutes',
  'GetStorageLensConfiguration',
  'GetStorageLensConfigurationTagging',
  'GetStorageLensDashboard',
  'PutAccessPointConfigurationForObjectLambda',
  'PutAccessPointPolicy',
  'PutAccessPointPolicyForObjectLambda',
  'PutJobTagging',
  'PutMultiRegionAccessPointPolicy',
  'PutStorageLensConfigurationTagging',
  'SubmitMultiRegionAccessPointRoutes',
  'UpdateJobPriority',
  'UpdateJobStatus',
] as const;

export interface S3Action {
  /** `s3:` and the action name as AWS spells it. */
  readonly name: string;
  readonly resourceKind: S3ResourceKind;
}

function entries(names: readonly string[], resourceKind: S3ResourceKind): S3Action[] {
  return names.map((name) => ({ name: `s3:${name}`, resourceKind }));
}

/** Every known `s3:` action. */
export const s3Actions: readonly S3Action[] = [
  ...entries(objectActions, 'object'),
  ...entries(bucketActions, 'bucket'),
  ...entries(accountActions, 'account'),
  ...entries(otherActions, 'other'),
];
