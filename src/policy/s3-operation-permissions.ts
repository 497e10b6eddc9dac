/**
 * The IAM actions each S3 operation needs, and on which resource, after "Actions, resources,
 * and condition keys for Amazon S3" and the permission notes of each operation in the Amazon
 * S3 API Reference. Some operations need another action than their name suggests:
 * HeadBucket and ListObjectsV2 need `s3:ListBucket`, HeadObject `s3:GetObject`, the
 * multipart upload steps `s3:PutObject`, ListParts `s3:ListMultipartUploadParts`,
 * DeletePublicAccessBlock `s3:PutBucketPublicAccessBlock`, DeleteBucketOwnershipControls
 * `s3:PutBucketOwnershipControls` and DeleteBucketCors `s3:PutBucketCORS`.
 */

import { s3ArnPrefix } from './parse-resource.js';

/** S3 operations, named as in the Amazon S3 API Reference. */
export type S3Operation =
  | 'ListBuckets'
  | 'CreateBucket'
  | 'HeadBucket'
  | 'DeleteBucket'
  | 'GetBucketLocation'
  | 'GetBucketVersioning'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'ListObjectVersions'
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'DeleteObjects'
  | 'CopyObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts'
  | 'ListMultipartUploads'
  | 'GetBucketAcl'
  | 'PutBucketAcl'
  | 'GetObjectAcl'
  | 'PutObjectAcl'
  | 'GetBucketPolicy'
  | 'PutBucketPolicy'
  | 'DeleteBucketPolicy'
  | 'GetBucketOwnershipControls'
  | 'PutBucketOwnershipControls'
  | 'DeleteBucketOwnershipControls'
  | 'GetPublicAccessBlock'
  | 'PutPublicAccessBlock'
  | 'DeletePublicAccessBlock'
  | 'GetBucketCors'
  | 'PutBucketCors'
  | 'DeleteBucketCors'
  | 'PostObject';

/**
 * Resource an action is checked against: `account` is the account-wide resource of
 * `s3:ListAllMyBuckets`, `copySource` the source object of a copy.
 */
export type PermissionTarget = 'account' | 'bucket' | 'object' | 'copySource';

export interface OperationPermission {
  readonly action: string;
  readonly target: PermissionTarget;
}

const bucket = (action: string): OperationPermission => ({ action, target: 'bucket' });
const object = (action: string): OperationPermission => ({ action, target: 'object' });

/**
 * The base permissions of each operation. DeleteObjects needs `s3:DeleteObject` on each key
 * it names, so the server checks it once per key.
 */
export const operationPermissions: Readonly<Record<S3Operation, readonly OperationPermission[]>> = {
  ListBuckets: [{ action: 's3:ListAllMyBuckets', target: 'account' }],
  CreateBucket: [bucket('s3:CreateBucket')],
  HeadBucket: [bucket('s3:ListBucket')],
  DeleteBucket: [bucket('s3:DeleteBucket')],
  GetBucketLocation: [bucket('s3:GetBucketLocation')],
  GetBucketVersioning: [bucket('s3:GetBucketVersioning')],
  ListObjects: [bucket('s3:ListBucket')],
  ListObjectsV2: [bucket('s3:ListBucket')],
  ListObjectVersions: [bucket('s3:ListBucketVersions')],
  PutObject: [object('s3:PutObject')],
  GetObject: [object('s3:GetObject')],
  HeadObject: [object('s3:GetObject')],
  DeleteObject: [object('s3:DeleteObject')],
  DeleteObjects: [object('s3:DeleteObject')],
  CopyObject: [{ action: 's3:GetObject', target: 'copySource' }, object('s3:PutObject')],
  CreateMultipartUpload: [object('s3:PutObject')],
  UploadPart: [object('s3:PutObject')],
  UploadPartCopy: [{ action: 's3:GetObject', target: 'copySource' }, object('s3:PutObject')],
  CompleteMultipartUpload: [object('s3:PutObject')],
  AbortMultipartUpload: [object('s3:AbortMultipartUpload')],
  ListParts: [object('s3:ListMultipartUploadParts')],
  ListMultipartUploads: [bucket('s3:ListBucketMultipartUploads')],
  GetBucketAcl: [bucket('s3:GetBucketAcl')],
  PutBucketAcl: [bucket('s3:PutBucketAcl')],
  GetObjectAcl: [object('s3:GetObjectAcl')],
  PutObjectAcl: [object('s3:PutObjectAcl')],
  GetBucketPolicy: [bucket('s3:GetBucketPolicy')],
  PutBucketPolicy: [bucket('s3:PutBucketPolicy')],
  DeleteBucketPolicy: [bucket('s3:DeleteBucketPolicy')],
  GetBucketOwnershipControls: [bucket('s3:GetBucketOwnershipControls')],
  PutBucketOwnershipControls: [bucket('s3:PutBucketOwnershipControls')],
  DeleteBucketOwnershipControls: [bucket('s3:PutBucketOwnershipControls')],
  GetPublicAccessBlock: [bucket('s3:GetBucketPublicAccessBlock')],
  PutPublicAccessBlock: [bucket('s3:PutBucketPublicAccessBlock')],
  DeletePublicAccessBlock: [bucket('s3:PutBucketPublicAccessBlock')],
  GetBucketCors: [bucket('s3:GetBucketCORS')],
  PutBucketCors: [bucket('s3:PutBucketCORS')],
  DeleteBucketCors: [bucket('s3:PutBucketCORS')],
  PostObject: [object('s3:PutObject')],
};

/** Versioned forms of object actions, used when the request names a version id. */
const versionedActions: Readonly<Record<string, string>> = {
  's3:GetObject': 's3:GetObjectVersion',
  's3:DeleteObject': 's3:DeleteObjectVersion',
  's3:GetObjectAcl': 's3:GetObjectVersionAcl',
  's3:PutObjectAcl': 's3:PutObjectVersionAcl',
};

/** The request facts that change which permissions an operation needs. */
export interface OperationTarget {
  readonly bucket?: string;
  readonly key?: string;
  /** `versionId` of the request: GetObject then needs `s3:GetObjectVersion`, and so on. */
  readonly versionId?: string;
  /** Source of CopyObject and UploadPartCopy. */
  readonly copySource?: { readonly bucket: string; readonly key: string; readonly versionId?: string };
  /**
   * True when the request sets an ACL: `x-amz-acl` or an `x-amz-grant-*` header (for
   * CreateBucket, an ACL other than `private`). PutObject, CopyObject, PostObject and
   * CreateMultipartUpload then also need `s3:PutObjectAcl`, CreateBucket `s3:PutBucketAcl`.
   */
  readonly setsAcl?: boolean;
  /** True when an object write sets tags (`x-amz-tagging`): `s3:PutObjectTagging` is needed too. */
  readonly setsTagging?: boolean;
  /** True when CreateBucket has `x-amz-object-ownership`: `s3:PutBucketOwnershipControls` is needed too. */
  readonly setsObjectOwnership?: boolean;
}

/** A permission with its resource ARN, ready for `evaluatePolicies`. */
export interface RequiredPermission {
  readonly action: string;
  readonly resource: string;
}

const objectWrites: ReadonlySet<S3Operation> = new Set(['PutObject', 'CopyObject', 'PostObject', 'CreateMultipartUpload']);

/** Builds the resource ARN of a bucket, `arn:aws:s3:::BUCKET`. */
export function bucketArn(bucketName: string): string {
  return `${s3ArnPrefix}${bucketName}`;
}

/** Builds the resource ARN of an object, `arn:aws:s3:::BUCKET/KEY`, with the key unencoded. */
export function objectArn(bucketName: string, key: string): string {
  return `${s3ArnPrefix}${bucketName}/${key}`;
}

/**
 * `s3:ListAllMyBuckets` has no resource type, so it is checked against a resource that
 * `*` and `arn:aws:s3:::*` match but no single bucket's ARN does.
 */
export const accountResource = `${s3ArnPrefix}*`;

function resourceFor(target: PermissionTarget, request: OperationTarget): string {
  if (target === 'account') return accountResource;
  if (target === 'copySource') {
    if (request.copySource === undefined) throw new TypeError('copySource is required for a copy operation');
    return objectArn(request.copySource.bucket, request.copySource.key);
  }
  if (request.bucket === undefined) throw new TypeError(`bucket is required for a ${target} permission`);
  if (target === 'bucket') return bucketArn(request.bucket);
  if (request.key === undefined) throw new TypeError('key is required for an object permission');
  return objectArn(request.bucket, request.key);
}

function versioned(permission: OperationPermission, request: OperationTarget): string {
  const versionId = permission.target === 'copySource' ? request.copySource?.versionId : request.versionId;
  if (versionId === undefined) return permission.action;
  return versionedActions[permission.action] ?? permission.action;
}

/**
 * Lists the actions an S3 request needs, each with its resource ARN. All of them must be
 * allowed. For DeleteObjects, call it once per key named in the request body.
 *
 * @throws TypeError when the target lacks the bucket, key or copy source the operation needs.
 */
export function requiredPermissions(operation: S3Operation, request: OperationTarget): RequiredPermission[] {
  const permissions: OperationPermission[] = [...operationPermissions[operation]];
  if (operation === 'CreateBucket') {
    if (request.setsAcl === true) permissions.push(bucket('s3:PutBucketAcl'));
    if (request.setsObjectOwnership === true) permissions.push(bucket('s3:PutBucketOwnershipControls'));
  }
  if (objectWrites.has(operation)) {
    if (request.setsAcl === true) permissions.push(object('s3:PutObjectAcl'));
    if (request.setsTagging === true) permissions.push(object('s3:PutObjectTagging'));
  }
  return permissions.map((permission) => ({
    action: versioned(permission, request),
    resource: resourceFor(permission.target, request),
  }));
}
