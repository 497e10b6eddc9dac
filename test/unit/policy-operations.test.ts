import assert from 'node:assert/strict';
import { test } from 'node:test';

import { operationPermissions, requiredPermissions, type S3Operation } from '../../src/policy/index.js';

const target = { bucket: 'photos', key: 'a/b.jpg' };
const bucketArn = 'arn:aws:s3:::photos';
const objectArn = 'arn:aws:s3:::photos/a/b.jpg';

// Operation to [action, resource] pairs, after "Actions, resources, and condition keys for
// Amazon S3" and each operation's permissions section in the Amazon S3 API Reference.
const rows: [S3Operation, [string, string][]][] = [
  ['ListBuckets', [['s3:ListAllMyBuckets', 'arn:aws:s3:::*']]],
  ['CreateBucket', [['s3:CreateBucket', bucketArn]]],
  // HeadBucket: "To use this operation, you must have permissions to perform the s3:ListBucket action."
  ['HeadBucket', [['s3:ListBucket', bucketArn]]],
  ['DeleteBucket', [['s3:DeleteBucket', bucketArn]]],
  ['GetBucketLocation', [['s3:GetBucketLocation', bucketArn]]],
  ['GetBucketVersioning', [['s3:GetBucketVersioning', bucketArn]]],
  ['ListObjects', [['s3:ListBucket', bucketArn]]],
  ['ListObjectsV2', [['s3:ListBucket', bucketArn]]],
  ['ListObjectVersions', [['s3:ListBucketVersions', bucketArn]]],
  ['PutObject', [['s3:PutObject', objectArn]]],
  ['GetObject', [['s3:GetObject', objectArn]]],
  ['HeadObject', [['s3:GetObject', objectArn]]],
  ['DeleteObject', [['s3:DeleteObject', objectArn]]],
  ['DeleteObjects', [['s3:DeleteObject', objectArn]]],
  ['CreateMultipartUpload', [['s3:PutObject', objectArn]]],
  ['UploadPart', [['s3:PutObject', objectArn]]],
  ['CompleteMultipartUpload', [['s3:PutObject', objectArn]]],
  ['AbortMultipartUpload', [['s3:AbortMultipartUpload', objectArn]]],
  ['ListParts', [['s3:ListMultipartUploadParts', objectArn]]],
  ['ListMultipartUploads', [['s3:ListBucketMultipartUploads', bucketArn]]],
  ['GetBucketAcl', [['s3:GetBucketAcl', bucketArn]]],
  ['PutBucketAcl', [['s3:PutBucketAcl', bucketArn]]],
  ['GetObjectAcl', [['s3:GetObjectAcl', objectArn]]],
  ['PutObjectAcl', [['s3:PutObjectAcl', objectArn]]],
  ['GetBucketPolicy', [['s3:GetBucketPolicy', bucketArn]]],
  ['PutBucketPolicy', [['s3:PutBucketPolicy', bucketArn]]],
  ['DeleteBucketPolicy', [['s3:DeleteBucketPolicy', bucketArn]]],
  ['GetBucketOwnershipControls', [['s3:GetBucketOwnershipControls', bucketArn]]],
  ['PutBucketOwnershipControls', [['s3:PutBucketOwnershipControls', bucketArn]]],
  // DeleteBucketOwnershipControls: "you must have the s3:PutBucketOwnershipControls permission".
  ['DeleteBucketOwnershipControls', [['s3:PutBucketOwnershipControls', bucketArn]]],
  ['GetPublicAccessBlock', [['s3:GetBucketPublicAccessBlock', bucketArn]]],
  ['PutPublicAccessBlock', [['s3:PutBucketPublicAccessBlock', bucketArn]]],
  // DeletePublicAccessBlock: "you must have the s3:PutBucketPublicAccessBlock permission".
  ['DeletePublicAccessBlock', [['s3:PutBucketPublicAccessBlock', bucketArn]]],
  ['GetBucketCors', [['s3:GetBucketCORS', bucketArn]]],
  ['PutBucketCors', [['s3:PutBucketCORS', bucketArn]]],
  // DeleteBucketCors: "you must have permission to perform the s3:PutBucketCORS action".
  ['DeleteBucketCors', [['s3:PutBucketCORS', bucketArn]]],
  ['PostObject', [['s3:PutObject', objectArn]]],
];

for (const [operation, expected] of rows) {
  test(`operation ${operation} permissions`, () => {
    const permissions = requiredPermissions(operation, target).map((p) => [p.action, p.resource]);
    assert.deepEqual(permissions, expected);
  });
}

test('operation table covers every operation', () => {
  const tested = [...rows.map(([operation]) => operation), 'CopyObject', 'UploadPartCopy'];
  assert.deepEqual(Object.keys(operationPermissions).sort(), tested.sort());
});

test('CopyObject source and destination', () => {
  const permissions = requiredPermissions('CopyObject', { ...target, copySource: { bucket: 'archive', key: 'old.jpg' } });
  assert.deepEqual(permissions, [
    { action: 's3:GetObject', resource: 'arn:aws:s3:::archive/old.jpg' },
    { action: 's3:PutObject', resource: objectArn },
  ]);
});

test('UploadPartCopy versioned source', () => {
  const permissions = requiredPermissions('UploadPartCopy', { ...target, copySource: { bucket: 'archive', key: 'old.jpg', versionId: 'v1' } });
  assert.deepEqual(permissions, [
    { action: 's3:GetObjectVersion', resource: 'arn:aws:s3:::archive/old.jpg' },
    { action: 's3:PutObject', resource: objectArn },
  ]);
});

// GetObject: "If you include a versionId in your request header, you must have the s3:GetObjectVersion permission."
const versionRows: [S3Operation, string][] = [
  ['GetObject', 's3:GetObjectVersion'],
  ['HeadObject', 's3:GetObjectVersion'],
  ['DeleteObject', 's3:DeleteObjectVersion'],
  ['GetObjectAcl', 's3:GetObjectVersionAcl'],
  ['PutObjectAcl', 's3:PutObjectVersionAcl'],
  ['PutObject', 's3:PutObject'],
];

for (const [operation, action] of versionRows) {
  test(`operation ${operation} with versionId`, () => {
    assert.deepEqual(requiredPermissions(operation, { ...target, versionId: 'v1' }).map((p) => p.action), [action]);
  });
}

test('PutObject with ACL and tagging headers', () => {
  const actions = requiredPermissions('PutObject', { ...target, setsAcl: true, setsTagging: true }).map((p) => p.action);
  assert.deepEqual(actions, ['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging']);
});

test('CreateBucket with ACL and object ownership', () => {
  const actions = requiredPermissions('CreateBucket', { bucket: 'photos', setsAcl: true, setsObjectOwnership: true }).map((p) => p.action);
  assert.deepEqual(actions, ['s3:CreateBucket', 's3:PutBucketAcl', 's3:PutBucketOwnershipControls']);
});

test('operation without key rejected', () => {
  assert.throws(() => requiredPermissions('GetObject', { bucket: 'photos' }), TypeError);
  assert.throws(() => requiredPermissions('CopyObject', target), TypeError);
});
