import assert from 'node:assert/strict';
import { test } from 'node:test';

import { aclPermissionFor, type Permission } from '../../src/acl/index.js';

// Expected values follow the table "Mapping of ACL permissions and access policy permissions"
// of "Access control list (ACL) overview". Bucket READ maps to s3:ListBucket,
// s3:ListBucketVersions and s3:ListBucketMultipartUploads, and bucket WRITE to s3:PutObject.
// Object WRITE is "Not applicable". Object READ maps to s3:GetObject, and READ_ACP and
// WRITE_ACP map to the actions that read and write the ACL.
const cases: Array<{ operation: string; bucket: Permission | undefined; object: Permission | undefined }> = [
  { operation: 'ListObjects', bucket: 'READ', object: undefined },
  { operation: 'ListObjectsV2', bucket: 'READ', object: undefined },
  { operation: 'ListObjectVersions', bucket: 'READ', object: undefined },
  { operation: 'ListMultipartUploads', bucket: 'READ', object: undefined },
  { operation: 'HeadBucket', bucket: 'READ', object: undefined },
  { operation: 'PutObject', bucket: 'WRITE', object: undefined },
  { operation: 'PostObject', bucket: 'WRITE', object: undefined },
  { operation: 'DeleteObject', bucket: 'WRITE', object: undefined },
  { operation: 'DeleteObjects', bucket: 'WRITE', object: undefined },
  { operation: 'CopyObject', bucket: 'WRITE', object: 'READ' },
  { operation: 'CreateMultipartUpload', bucket: 'WRITE', object: undefined },
  { operation: 'UploadPart', bucket: 'WRITE', object: undefined },
  { operation: 'UploadPartCopy', bucket: 'WRITE', object: 'READ' },
  { operation: 'CompleteMultipartUpload', bucket: 'WRITE', object: undefined },
  { operation: 'AbortMultipartUpload', bucket: 'WRITE', object: undefined },
  { operation: 'ListParts', bucket: 'WRITE', object: undefined },
  { operation: 'GetObject', bucket: undefined, object: 'READ' },
  { operation: 'HeadObject', bucket: undefined, object: 'READ' },
  { operation: 'GetBucketAcl', bucket: 'READ_ACP', object: undefined },
  { operation: 'PutBucketAcl', bucket: 'WRITE_ACP', object: undefined },
  { operation: 'GetObjectAcl', bucket: undefined, object: 'READ_ACP' },
  { operation: 'PutObjectAcl', bucket: undefined, object: 'WRITE_ACP' },
  // Owner-only operations: no ACL grants them.
  { operation: 'ListBuckets', bucket: undefined, object: undefined },
  { operation: 'CreateBucket', bucket: undefined, object: undefined },
  { operation: 'DeleteBucket', bucket: undefined, object: undefined },
  { operation: 'GetBucketLocation', bucket: undefined, object: undefined },
  { operation: 'GetBucketVersioning', bucket: undefined, object: undefined },
  { operation: 'PutBucketPolicy', bucket: undefined, object: undefined },
  { operation: 'PutBucketOwnershipControls', bucket: undefined, object: undefined },
  { operation: 'PutPublicAccessBlock', bucket: undefined, object: undefined },
  { operation: 'Unknown', bucket: undefined, object: undefined },
  { operation: 'toString', bucket: undefined, object: undefined },
];

for (const { operation, bucket, object } of cases) {
  test(`ACL permission ${operation} on bucket`, () => {
    assert.equal(aclPermissionFor(operation, 'bucket'), bucket);
  });
  test(`ACL permission ${operation} on object`, () => {
    assert.equal(aclPermissionFor(operation, 'object'), object);
  });
}
