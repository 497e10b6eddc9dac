import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  authenticatedUsersUri,
  blockAllPublicAccess,
  cannedAcl,
  cannedAclNames,
  checkPublicAclAllowed,
  checkPublicPolicyAllowed,
  combinePublicAccessBlocks,
  isPublicAcl,
  logDeliveryUri,
  noPublicAccessBlock,
  parsePublicAccessBlock,
  policyAppliesToRequester,
  privateAcl,
  publicAccessBlockRoot,
  renderPublicAccessBlock,
  type AccessControlList,
  type PublicAccessBlockConfiguration,
} from '../../src/acl/index.js';
import { buildXml } from '../../src/xml/xml.js';
import { bucketOwnerId, otherId, ownerId, s3ErrorOf } from './acl-helpers.js';

// Rules from the S3 User Guide page "Blocking public access to your Amazon S3 storage" and
// the PublicAccessBlockConfiguration data type of the API reference.

test('PublicAccessBlock render matches S3 shape', () => {
  const configuration: PublicAccessBlockConfiguration = { ...noPublicAccessBlock, blockPublicAcls: true, restrictPublicBuckets: true };
  assert.equal(
    buildXml(publicAccessBlockRoot, renderPublicAccessBlock(configuration)),
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      '<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls>' +
      '<BlockPublicPolicy>false</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>' +
      '</PublicAccessBlockConfiguration>',
  );
});

const settings = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

for (const setting of settings) {
  test(`PublicAccessBlock round trip ${setting}`, () => {
    const configuration = { ...noPublicAccessBlock, [setting]: true };
    const xml = buildXml(publicAccessBlockRoot, renderPublicAccessBlock(configuration));
    assert.deepEqual(parsePublicAccessBlock(xml), configuration);
  });
}

test('PublicAccessBlock round trip all on', () => {
  const xml = buildXml(publicAccessBlockRoot, renderPublicAccessBlock(blockAllPublicAccess));
  assert.deepEqual(parsePublicAccessBlock(xml), blockAllPublicAccess);
});

// The reference spells the value TRUE; SDKs send true.
test('PublicAccessBlock upper-case TRUE', () => {
  const configuration = parsePublicAccessBlock(
    '<PublicAccessBlockConfiguration><BlockPublicPolicy>TRUE</BlockPublicPolicy></PublicAccessBlockConfiguration>',
  );
  assert.deepEqual(configuration, { ...noPublicAccessBlock, blockPublicPolicy: true });
});

test('PublicAccessBlock missing settings are false', () => {
  const configuration = parsePublicAccessBlock(
    '<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IgnorePublicAcls>true</IgnorePublicAcls></PublicAccessBlockConfiguration>',
  );
  assert.deepEqual(configuration, { ...noPublicAccessBlock, ignorePublicAcls: true });
});

test('PublicAccessBlock empty configuration', () => {
  assert.deepEqual(parsePublicAccessBlock('<PublicAccessBlockConfiguration/>'), noPublicAccessBlock);
});

const malformedConfigurations: Array<{ name: string; xml: string }> = [
  { name: 'value yes', xml: '<PublicAccessBlockConfiguration><BlockPublicAcls>yes</BlockPublicAcls></PublicAccessBlockConfiguration>' },
  { name: 'empty value', xml: '<PublicAccessBlockConfiguration><BlockPublicAcls></BlockPublicAcls></PublicAccessBlockConfiguration>' },
  {
    name: 'repeated setting',
    xml: '<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><BlockPublicAcls>false</BlockPublicAcls></PublicAccessBlockConfiguration>',
  },
  { name: 'wrong root', xml: '<PublicAccessBlock><BlockPublicAcls>true</BlockPublicAcls></PublicAccessBlock>' },
  { name: 'not well-formed', xml: '<PublicAccessBlockConfiguration>' },
];

for (const { name, xml } of malformedConfigurations) {
  test(`PublicAccessBlock ${name} rejected`, async () => {
    const error = await s3ErrorOf(() => parsePublicAccessBlock(xml));
    assert.equal(error.code, 'MalformedXML');
  });
}

// "If the block public access settings for the access point, bucket, or account differ, then
// Amazon S3 applies the most restrictive combination".
test('PublicAccessBlock combination is most restrictive', () => {
  const account = { ...noPublicAccessBlock, blockPublicPolicy: true };
  const bucket = { ...noPublicAccessBlock, ignorePublicAcls: true };
  assert.deepEqual(combinePublicAccessBlocks(account, bucket, undefined), {
    ...noPublicAccessBlock,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
  });
});

test('PublicAccessBlock combination of nothing is off', () => {
  assert.deepEqual(combinePublicAccessBlocks(), noPublicAccessBlock);
});

// "Amazon S3 considers a bucket or object ACL public if it grants any permissions to members
// of the predefined AllUsers or AuthenticatedUsers groups."
const publicCanned = new Set(['public-read', 'public-read-write', 'authenticated-read']);

for (const name of cannedAclNames) {
  test(`public ACL check canned ${name}`, () => {
    const acl = cannedAcl(name, { ownerId, bucketOwnerId, target: 'object' });
    assert.equal(isPublicAcl(acl), publicCanned.has(name));
  });
}

test('public ACL check AuthenticatedUsers WRITE_ACP', () => {
  const acl: AccessControlList = { ownerId, grants: [{ grantee: { type: 'Group', uri: authenticatedUsersUri }, permission: 'WRITE_ACP' }] };
  assert.equal(isPublicAcl(acl), true);
});

test('public ACL check LogDelivery is not public', () => {
  const acl: AccessControlList = { ownerId, grants: [{ grantee: { type: 'Group', uri: logDeliveryUri }, permission: 'WRITE' }] };
  assert.equal(isPublicAcl(acl), false);
});

// BlockPublicAcls: "PUT Bucket ACL and PUT Object ACL calls fail if the specified ACL is
// public. PUT Object calls fail if the request includes a public ACL. PUT Bucket calls fail if
// the request includes a public ACL."
const blockAcls = { ...noPublicAccessBlock, blockPublicAcls: true };

for (const name of publicCanned) {
  test(`BlockPublicAcls rejects ${name}`, async () => {
    const acl = cannedAcl(name, { ownerId, bucketOwnerId, target: 'object' });
    const error = await s3ErrorOf(() => checkPublicAclAllowed(blockAcls, acl));
    assert.equal(error.code, 'AccessDenied');
    assert.equal(error.status, 403);
  });
}

test('BlockPublicAcls accepts private', () => {
  assert.doesNotThrow(() => checkPublicAclAllowed(blockAcls, privateAcl(ownerId)));
});

test('BlockPublicAcls accepts account grant', () => {
  const acl: AccessControlList = { ownerId, grants: [{ grantee: { type: 'CanonicalUser', id: otherId }, permission: 'FULL_CONTROL' }] };
  assert.doesNotThrow(() => checkPublicAclAllowed(blockAcls, acl));
});

// IgnorePublicAcls "doesn't prevent new public ACLs from being set".
test('IgnorePublicAcls accepts public ACL', () => {
  const acl = cannedAcl('public-read', { ownerId, bucketOwnerId, target: 'object' });
  assert.doesNotThrow(() => checkPublicAclAllowed({ ...noPublicAccessBlock, ignorePublicAcls: true }, acl));
});

const publicPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }],
});
const accountPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::bucket/*',
    },
  ],
});

// BlockPublicPolicy: "reject calls to PUT Bucket policy if the specified bucket policy allows
// public access".
test('BlockPublicPolicy rejects public policy', async () => {
  const error = await s3ErrorOf(() => checkPublicPolicyAllowed({ ...noPublicAccessBlock, blockPublicPolicy: true }, publicPolicy));
  assert.equal(error.code, 'AccessDenied');
});

test('BlockPublicPolicy accepts account policy', () => {
  assert.doesNotThrow(() => checkPublicPolicyAllowed({ ...noPublicAccessBlock, blockPublicPolicy: true }, accountPolicy));
});

test('BlockPublicPolicy off accepts public policy', () => {
  assert.doesNotThrow(() => checkPublicPolicyAllowed(noPublicAccessBlock, publicPolicy));
});

// RestrictPublicBuckets "restricts access to an access point or bucket with a public policy to
// only AWS service principals and authorized users within the bucket owner's account".
const restrict = { ...noPublicAccessBlock, restrictPublicBuckets: true };

test('RestrictPublicBuckets blocks anonymous on public policy', () => {
  assert.equal(policyAppliesToRequester(restrict, true, 'anonymous', bucketOwnerId), false);
});

test('RestrictPublicBuckets blocks other account on public policy', () => {
  assert.equal(policyAppliesToRequester(restrict, true, { canonicalId: otherId }, bucketOwnerId), false);
});

test('RestrictPublicBuckets keeps owner account on public policy', () => {
  assert.equal(policyAppliesToRequester(restrict, true, { canonicalId: bucketOwnerId }, bucketOwnerId), true);
});

// "RestrictPublicBuckets only applies to buckets that have public policies."
test('RestrictPublicBuckets ignores non-public policy', () => {
  assert.equal(policyAppliesToRequester(restrict, false, { canonicalId: otherId }, bucketOwnerId), true);
});

test('RestrictPublicBuckets off keeps anonymous', () => {
  assert.equal(policyAppliesToRequester(noPublicAccessBlock, true, 'anonymous', bucketOwnerId), true);
});
