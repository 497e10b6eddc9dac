import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  aclsEnabled,
  allUsersUri,
  cannedAcl,
  checkAclAllowedByOwnership,
  checkBucketAclForEnforcedOwnership,
  defaultObjectOwnership,
  effectiveAcl,
  logDeliveryUri,
  objectOwnerFor,
  objectOwnershipValues,
  ownershipControlsRoot,
  parseObjectOwnershipHeader,
  parseOwnershipControls,
  privateAcl,
  renderOwnershipControls,
  type AccessControlList,
  type ObjectOwnership,
  type RequestedAcl,
} from '../../src/acl/index.js';
import { buildXml } from '../../src/xml/xml.js';
import { bucketOwnerId, otherId, ownerId, s3ErrorOf } from './acl-helpers.js';

// Rules from the S3 User Guide page "Controlling ownership of objects and disabling ACLs for
// your bucket" and its "Troubleshooting" page.

test('ownership default is BucketOwnerEnforced', () => {
  assert.equal(defaultObjectOwnership, 'BucketOwnerEnforced');
});

for (const ownership of objectOwnershipValues) {
  test(`OwnershipControls round trip ${ownership}`, () => {
    const xml = buildXml(ownershipControlsRoot, renderOwnershipControls(ownership));
    assert.equal(parseOwnershipControls(xml), ownership);
  });
}

test('OwnershipControls render matches S3 shape', () => {
  assert.equal(
    buildXml(ownershipControlsRoot, renderOwnershipControls('ObjectWriter')),
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>',
  );
});

// S3 returns MalformedXML for a second rule and for an unknown value.
const malformedControls: Array<{ name: string; xml: string }> = [
  {
    name: 'two rules',
    xml:
      '<OwnershipControls><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule>' +
      '<Rule><ObjectOwnership>BucketOwnerPreferred</ObjectOwnership></Rule></OwnershipControls>',
  },
  { name: 'no rule', xml: '<OwnershipControls></OwnershipControls>' },
  { name: 'unknown value', xml: '<OwnershipControls><Rule><ObjectOwnership>invalid_ownership</ObjectOwnership></Rule></OwnershipControls>' },
  { name: 'lower-case value', xml: '<OwnershipControls><Rule><ObjectOwnership>objectwriter</ObjectOwnership></Rule></OwnershipControls>' },
  { name: 'rule without value', xml: '<OwnershipControls><Rule></Rule></OwnershipControls>' },
  { name: 'wrong root', xml: '<Ownership><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></Ownership>' },
  { name: 'not well-formed', xml: '<OwnershipControls><Rule>' },
];

for (const { name, xml } of malformedControls) {
  test(`OwnershipControls ${name} rejected`, async () => {
    const error = await s3ErrorOf(() => parseOwnershipControls(xml));
    assert.equal(error.code, 'MalformedXML');
    assert.equal(error.status, 400);
  });
}

test('ownership header absent', () => {
  assert.equal(parseObjectOwnershipHeader(undefined), undefined);
});

test('ownership header BucketOwnerPreferred', () => {
  assert.equal(parseObjectOwnershipHeader('BucketOwnerPreferred'), 'BucketOwnerPreferred');
});

test('ownership header unknown value', async () => {
  const error = await s3ErrorOf(() => parseObjectOwnershipHeader('Nobody'));
  assert.equal(error.code, 'InvalidArgument');
  assert.equal(error.details.ArgumentName, 'x-amz-object-ownership');
});

test('ownership BucketOwnerEnforced disables ACLs', () => {
  assert.equal(aclsEnabled('BucketOwnerEnforced'), false);
});

test('ownership BucketOwnerPreferred keeps ACLs', () => {
  assert.equal(aclsEnabled('BucketOwnerPreferred'), true);
});

test('ownership ObjectWriter keeps ACLs', () => {
  assert.equal(aclsEnabled('ObjectWriter'), true);
});

// "Bucket owner enforced: Bucket owner owns every object"; "Bucket owner preferred: If an
// object upload includes the bucket-owner-full-control canned ACL, the bucket owner owns the
// object. Objects uploaded with other ACLs are owned by the writing account."
const ownerCases: Array<{ name: string; ownership: ObjectOwnership; cannedAcl: string | undefined; owner: string }> = [
  { name: 'BucketOwnerEnforced without ACL', ownership: 'BucketOwnerEnforced', cannedAcl: undefined, owner: bucketOwnerId },
  {
    name: 'BucketOwnerEnforced with full control',
    ownership: 'BucketOwnerEnforced',
    cannedAcl: 'bucket-owner-full-control',
    owner: bucketOwnerId,
  },
  {
    name: 'BucketOwnerPreferred with full control',
    ownership: 'BucketOwnerPreferred',
    cannedAcl: 'bucket-owner-full-control',
    owner: bucketOwnerId,
  },
  { name: 'BucketOwnerPreferred without ACL', ownership: 'BucketOwnerPreferred', cannedAcl: undefined, owner: otherId },
  { name: 'BucketOwnerPreferred with bucket-owner-read', ownership: 'BucketOwnerPreferred', cannedAcl: 'bucket-owner-read', owner: otherId },
  { name: 'ObjectWriter with full control', ownership: 'ObjectWriter', cannedAcl: 'bucket-owner-full-control', owner: otherId },
  { name: 'ObjectWriter without ACL', ownership: 'ObjectWriter', cannedAcl: undefined, owner: otherId },
];

for (const { name, ownership, cannedAcl: canned, owner } of ownerCases) {
  test(`object owner ${name}`, () => {
    assert.equal(objectOwnerFor(ownership, { writerId: otherId, bucketOwnerId, cannedAcl: canned }), owner);
  });
}

// With BucketOwnerPreferred and bucket-owner-full-control "the bucket owner has full control
// access, and the object writer no longer has full control access".
test('BucketOwnerPreferred full control ACL', () => {
  const owner = objectOwnerFor('BucketOwnerPreferred', { writerId: otherId, bucketOwnerId, cannedAcl: 'bucket-owner-full-control' });
  const acl = cannedAcl('bucket-owner-full-control', { ownerId: owner, bucketOwnerId, target: 'object' });
  assert.deepEqual(acl, privateAcl(bucketOwnerId));
});

function canned(name: Parameters<typeof cannedAcl>[0], owner = bucketOwnerId): RequestedAcl {
  const acl = cannedAcl(name, { ownerId: owner, bucketOwnerId, target: 'object' });
  return { source: 'canned', cannedAcl: name as 'private', acl };
}

function granted(acl: AccessControlList): RequestedAcl {
  return { source: 'grant-headers', acl };
}

function policyBody(acl: AccessControlList): RequestedAcl {
  return { source: 'access-control-policy', acl };
}

// Under BucketOwnerEnforced a bucket "accepts only PUT requests that do not specify an ACL or
// PUT requests with bucket owner full control ACLs, such as the bucket-owner-full-control
// canned ACL or equivalent forms of this ACL expressed in XML".
const enforcedAccepted: Array<{ name: string; requested: RequestedAcl | undefined }> = [
  { name: 'no ACL', requested: undefined },
  { name: 'bucket-owner-full-control', requested: canned('bucket-owner-full-control') },
  { name: 'private', requested: canned('private') },
  { name: 'equivalent XML', requested: policyBody(privateAcl(bucketOwnerId)) },
  { name: 'equivalent grant header', requested: granted(privateAcl(bucketOwnerId)) },
];

for (const { name, requested } of enforcedAccepted) {
  test(`BucketOwnerEnforced accepts ${name}`, () => {
    assert.doesNotThrow(() => checkAclAllowedByOwnership('BucketOwnerEnforced', requested, bucketOwnerId));
  });
}

const enforcedRejected: Array<{ name: string; requested: RequestedAcl }> = [
  { name: 'public ACL', requested: canned('public-read') },
  { name: 'public-read-write', requested: canned('public-read-write') },
  { name: 'authenticated-read', requested: canned('authenticated-read') },
  { name: 'bucket-owner-read', requested: canned('bucket-owner-read', otherId) },
  { name: 'aws-exec-read', requested: canned('aws-exec-read') },
  { name: 'log-delivery-write', requested: canned('log-delivery-write') },
  { name: 'grant to another account', requested: granted(privateAcl(otherId)) },
  {
    name: 'XML grant to a group',
    requested: policyBody({
      ownerId: bucketOwnerId,
      grants: [{ grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' }],
    }),
  },
  {
    name: 'XML with extra grant',
    requested: policyBody({
      ownerId: bucketOwnerId,
      grants: [...privateAcl(bucketOwnerId).grants, { grantee: { type: 'CanonicalUser', id: otherId }, permission: 'READ' }],
    }),
  },
  {
    name: 'bucket owner READ only',
    requested: policyBody({
      ownerId: bucketOwnerId,
      grants: [{ grantee: { type: 'CanonicalUser', id: bucketOwnerId }, permission: 'READ' }],
    }),
  },
  { name: 'empty grant list', requested: policyBody({ ownerId: bucketOwnerId, grants: [] }) },
];

for (const { name, requested } of enforcedRejected) {
  test(`BucketOwnerEnforced rejects ${name}`, async () => {
    const error = await s3ErrorOf(() => checkAclAllowedByOwnership('BucketOwnerEnforced', requested, bucketOwnerId));
    assert.equal(error.code, 'AccessControlListNotSupported');
    assert.equal(error.status, 400);
  });
}

for (const ownership of ['BucketOwnerPreferred', 'ObjectWriter'] as const) {
  test(`${ownership} accepts public ACL`, () => {
    assert.doesNotThrow(() => checkAclAllowedByOwnership(ownership, canned('public-read-write'), bucketOwnerId));
  });
}

// "your bucket ACL must give full control only to the bucket owner", else
// InvalidBucketAclWithObjectOwnership.
test('enforcing ownership with private bucket ACL', () => {
  assert.doesNotThrow(() => checkBucketAclForEnforcedOwnership(privateAcl(bucketOwnerId), bucketOwnerId));
});

const invalidBucketAcls: Array<{ name: string; acl: AccessControlList }> = [
  { name: 'public-read', acl: cannedAcl('public-read', { ownerId: bucketOwnerId, bucketOwnerId, target: 'bucket' }) },
  { name: 'log-delivery-write', acl: cannedAcl('log-delivery-write', { ownerId: bucketOwnerId, bucketOwnerId, target: 'bucket' }) },
  {
    name: 'grant to another account',
    acl: {
      ownerId: bucketOwnerId,
      grants: [...privateAcl(bucketOwnerId).grants, { grantee: { type: 'CanonicalUser', id: otherId }, permission: 'READ' }],
    },
  },
  {
    name: 'LogDelivery only',
    acl: { ownerId: bucketOwnerId, grants: [{ grantee: { type: 'Group', uri: logDeliveryUri }, permission: 'WRITE' }] },
  },
];

for (const { name, acl } of invalidBucketAcls) {
  test(`enforcing ownership with ${name} bucket ACL rejected`, async () => {
    const error = await s3ErrorOf(() => checkBucketAclForEnforcedOwnership(acl, bucketOwnerId));
    assert.equal(error.code, 'InvalidBucketAclWithObjectOwnership');
    assert.equal(error.status, 400);
  });
}

// "Requests to read ACLs always return a response that shows full control for the bucket owner."
test('effective ACL BucketOwnerEnforced shows bucket owner', () => {
  const stored = cannedAcl('public-read', { ownerId: otherId, bucketOwnerId, target: 'object' });
  const acl = effectiveAcl(stored, { ownership: 'BucketOwnerEnforced', bucketOwnerId, ignorePublicAcls: false });
  assert.deepEqual(acl, privateAcl(bucketOwnerId));
});

test('effective ACL ObjectWriter keeps stored ACL', () => {
  const stored = cannedAcl('public-read', { ownerId: otherId, bucketOwnerId, target: 'object' });
  assert.deepEqual(effectiveAcl(stored, { ownership: 'ObjectWriter', bucketOwnerId, ignorePublicAcls: false }), stored);
});

// "GET Bucket acl returns an ACL that reflects the access permissions that Amazon S3 is
// enforcing" while IgnorePublicAcls is set.
test('effective ACL IgnorePublicAcls drops public grants', () => {
  const stored = cannedAcl('public-read', { ownerId, bucketOwnerId, target: 'bucket' });
  const acl = effectiveAcl(stored, { ownership: 'BucketOwnerPreferred', bucketOwnerId, ignorePublicAcls: true });
  assert.deepEqual(acl, privateAcl(ownerId));
});
