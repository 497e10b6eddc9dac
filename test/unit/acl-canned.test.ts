import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  allUsersUri,
  authenticatedUsersUri,
  cannedAcl,
  cannedAclNames,
  ec2BundleReaderId,
  logDeliveryUri,
  type AclTarget,
  type Grant,
} from '../../src/acl/index.js';
import { bucketOwnerId, ownerId, s3ErrorOf } from './acl-helpers.js';

// Expected grants come from the canned ACL table of the S3 User Guide page "Access control
// list (ACL) overview". In each case the object owner differs from the bucket owner.
const ownerFull: Grant = { grantee: { type: 'CanonicalUser', id: ownerId }, permission: 'FULL_CONTROL' };
const ec2Read: Grant = {
  grantee: { type: 'CanonicalUser', id: ec2BundleReaderId, displayName: 'za-team' },
  permission: 'READ',
};

const cases: Array<{ name: string; target: AclTarget; grants: Grant[] }> = [
  { name: 'private', target: 'bucket', grants: [ownerFull] },
  { name: 'private', target: 'object', grants: [ownerFull] },
  {
    name: 'public-read',
    target: 'bucket',
    grants: [ownerFull, { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' }],
  },
  {
    name: 'public-read',
    target: 'object',
    grants: [ownerFull, { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' }],
  },
  {
    name: 'public-read-write',
    target: 'bucket',
    grants: [
      ownerFull,
      { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' },
      { grantee: { type: 'Group', uri: allUsersUri }, permission: 'WRITE' },
    ],
  },
  {
    name: 'public-read-write',
    target: 'object',
    grants: [
      ownerFull,
      { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' },
      { grantee: { type: 'Group', uri: allUsersUri }, permission: 'WRITE' },
    ],
  },
  // "Amazon EC2 gets READ access": S3 names EC2 by its canonical user id, display name za-team.
  { name: 'aws-exec-read', target: 'bucket', grants: [ownerFull, ec2Read] },
  { name: 'aws-exec-read', target: 'object', grants: [ownerFull, ec2Read] },
  {
    name: 'authenticated-read',
    target: 'bucket',
    grants: [ownerFull, { grantee: { type: 'Group', uri: authenticatedUsersUri }, permission: 'READ' }],
  },
  {
    name: 'authenticated-read',
    target: 'object',
    grants: [ownerFull, { grantee: { type: 'Group', uri: authenticatedUsersUri }, permission: 'READ' }],
  },
  // "If you specify this canned ACL when creating a bucket, Amazon S3 ignores it."
  { name: 'bucket-owner-read', target: 'bucket', grants: [ownerFull] },
  {
    name: 'bucket-owner-read',
    target: 'object',
    grants: [ownerFull, { grantee: { type: 'CanonicalUser', id: bucketOwnerId }, permission: 'READ' }],
  },
  { name: 'bucket-owner-full-control', target: 'bucket', grants: [ownerFull] },
  {
    name: 'bucket-owner-full-control',
    target: 'object',
    grants: [ownerFull, { grantee: { type: 'CanonicalUser', id: bucketOwnerId }, permission: 'FULL_CONTROL' }],
  },
  // The table lists only the LogDelivery grants; S3 keeps the owner's FULL_CONTROL as well.
  {
    name: 'log-delivery-write',
    target: 'bucket',
    grants: [
      ownerFull,
      { grantee: { type: 'Group', uri: logDeliveryUri }, permission: 'WRITE' },
      { grantee: { type: 'Group', uri: logDeliveryUri }, permission: 'READ_ACP' },
    ],
  },
  {
    name: 'log-delivery-write',
    target: 'object',
    grants: [
      ownerFull,
      { grantee: { type: 'Group', uri: logDeliveryUri }, permission: 'WRITE' },
      { grantee: { type: 'Group', uri: logDeliveryUri }, permission: 'READ_ACP' },
    ],
  },
];

for (const { name, target, grants } of cases) {
  test(`canned ${name} ${target}`, () => {
    const acl = cannedAcl(name, { ownerId, bucketOwnerId, target });
    assert.equal(acl.ownerId, ownerId);
    assert.deepEqual(acl.grants, grants);
  });
}

test('canned table covers every name for both targets', () => {
  for (const target of ['bucket', 'object'] as const) {
    const covered = cases.filter((entry) => entry.target === target).map((entry) => entry.name);
    assert.deepEqual(covered, [...cannedAclNames], target);
  }
});

for (const name of ['bucket-owner-read', 'bucket-owner-full-control'] as const) {
  test(`canned ${name} object of bucket owner`, () => {
    const acl = cannedAcl(name, { ownerId: bucketOwnerId, bucketOwnerId, target: 'object' });
    assert.deepEqual(acl.grants, [
      { grantee: { type: 'CanonicalUser', id: bucketOwnerId }, permission: 'FULL_CONTROL' },
    ]);
  });
}

test('canned ACL result is JSON for storage', () => {
  const acl = cannedAcl('aws-exec-read', { ownerId, bucketOwnerId, target: 'object' });
  assert.deepEqual(JSON.parse(JSON.stringify(acl)), acl);
});

for (const name of ['public', 'Private', 'PUBLIC-READ', '', 'bucket-owner-write']) {
  test(`canned unknown name ${JSON.stringify(name)} rejected`, async () => {
    const error = await s3ErrorOf(() => cannedAcl(name, { ownerId, bucketOwnerId, target: 'object' }));
    assert.equal(error.code, 'InvalidArgument');
    assert.equal(error.status, 400);
    assert.equal(error.details.ArgumentName, 'x-amz-acl');
    assert.equal(error.details.ArgumentValue, name);
  });
}
