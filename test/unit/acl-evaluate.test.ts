import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  aclAllows,
  aclGrants,
  allUsersUri,
  authenticatedUsersUri,
  logDeliveryUri,
  permissions,
  type AccessControlList,
  type Grantee,
  type Permission,
  type Requester,
} from '../../src/acl/index.js';
import { otherId, ownerId } from './acl-helpers.js';

const anonymous: Requester = 'anonymous';
const other: Requester = { canonicalId: otherId };
const owner: Requester = { canonicalId: ownerId };

function aclWith(grantee: Grantee, permission: Permission): AccessControlList {
  return { ownerId, grants: [{ grantee, permission }] };
}

// Grantee rules from "Access control list (ACL) overview", "Who is a grantee?": AllUsers
// admits signed and unsigned requests, AuthenticatedUsers "all requests must be signed".
const cases: Array<{ name: string; grantee: Grantee; requester: Requester; expected: boolean }> = [
  { name: 'AllUsers admits anonymous', grantee: { type: 'Group', uri: allUsersUri }, requester: anonymous, expected: true },
  { name: 'AllUsers admits signed', grantee: { type: 'Group', uri: allUsersUri }, requester: other, expected: true },
  {
    name: 'AuthenticatedUsers rejects anonymous',
    grantee: { type: 'Group', uri: authenticatedUsersUri },
    requester: anonymous,
    expected: false,
  },
  {
    name: 'AuthenticatedUsers admits signed',
    grantee: { type: 'Group', uri: authenticatedUsersUri },
    requester: other,
    expected: true,
  },
  { name: 'LogDelivery admits no requester', grantee: { type: 'Group', uri: logDeliveryUri }, requester: other, expected: false },
  { name: 'canonical user admits that account', grantee: { type: 'CanonicalUser', id: otherId }, requester: other, expected: true },
  { name: 'canonical user rejects other account', grantee: { type: 'CanonicalUser', id: otherId }, requester: owner, expected: false },
  { name: 'canonical user rejects anonymous', grantee: { type: 'CanonicalUser', id: otherId }, requester: anonymous, expected: false },
];

for (const { name, grantee, requester, expected } of cases) {
  test(`ACL grant ${name}`, () => {
    assert.equal(aclGrants(aclWith(grantee, 'READ'), requester, 'READ'), expected);
  });
}

// "FULL_CONTROL: Allows grantee the READ, WRITE, READ_ACP, and WRITE_ACP permissions".
for (const permission of permissions) {
  test(`ACL FULL_CONTROL implies ${permission}`, () => {
    assert.equal(aclGrants(aclWith({ type: 'CanonicalUser', id: otherId }, 'FULL_CONTROL'), other, permission), true);
  });
}

// Every other permission grants itself and nothing else.
for (const granted of permissions.filter((permission) => permission !== 'FULL_CONTROL')) {
  for (const requested of permissions) {
    test(`ACL ${granted} grant for ${requested}`, () => {
      const acl = aclWith({ type: 'CanonicalUser', id: otherId }, granted);
      assert.equal(aclGrants(acl, other, requested), granted === requested);
    });
  }
}

test('ACL without grants grants nothing', () => {
  const acl: AccessControlList = { ownerId, grants: [] };
  assert.equal(aclGrants(acl, owner, 'READ'), false);
});

test('ACL grants from any matching grant', () => {
  const acl: AccessControlList = {
    ownerId,
    grants: [
      { grantee: { type: 'CanonicalUser', id: ownerId }, permission: 'FULL_CONTROL' },
      { grantee: { type: 'Group', uri: authenticatedUsersUri }, permission: 'WRITE' },
    ],
  };
  assert.equal(aclGrants(acl, other, 'WRITE'), true);
});

// IgnorePublicAcls: "causes Amazon S3 to ignore all public ACLs on a bucket and any objects
// that it contains" (Blocking public access page).
test('ACL ignorePublicAcls drops AllUsers grant', () => {
  const acl = aclWith({ type: 'Group', uri: allUsersUri }, 'READ');
  assert.equal(aclGrants(acl, anonymous, 'READ', { ignorePublicAcls: true }), false);
});

test('ACL ignorePublicAcls drops AuthenticatedUsers grant', () => {
  const acl = aclWith({ type: 'Group', uri: authenticatedUsersUri }, 'READ');
  assert.equal(aclGrants(acl, other, 'READ', { ignorePublicAcls: true }), false);
});

test('ACL ignorePublicAcls keeps account grant', () => {
  const acl = aclWith({ type: 'CanonicalUser', id: otherId }, 'READ');
  assert.equal(aclGrants(acl, other, 'READ', { ignorePublicAcls: true }), true);
});

// The owner keeps READ_ACP and WRITE_ACP without a grant; the Ceph s3-tests case
// test_bucket_acl_no_grants records this S3 behaviour.
const emptyAcl: AccessControlList = { ownerId, grants: [] };

test('ACL owner keeps READ_ACP without grants', () => {
  assert.equal(aclAllows(emptyAcl, owner, 'READ_ACP'), true);
});

test('ACL owner keeps WRITE_ACP without grants', () => {
  assert.equal(aclAllows(emptyAcl, owner, 'WRITE_ACP'), true);
});

test('ACL owner loses READ without grants', () => {
  assert.equal(aclAllows(emptyAcl, owner, 'READ'), false);
});

test('ACL owner loses WRITE without grants', () => {
  assert.equal(aclAllows(emptyAcl, owner, 'WRITE'), false);
});

test('ACL non-owner gets no implicit ACP', () => {
  assert.equal(aclAllows(emptyAcl, other, 'READ_ACP'), false);
});

test('ACL anonymous gets no implicit ACP', () => {
  assert.equal(aclAllows(emptyAcl, anonymous, 'WRITE_ACP'), false);
});

test('ACL allows through grants', () => {
  assert.equal(aclAllows(aclWith({ type: 'Group', uri: allUsersUri }, 'READ'), anonymous, 'READ'), true);
});
