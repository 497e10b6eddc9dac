import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';

import {
  aclFromGrantHeaders,
  allUsersUri,
  authenticatedUsersUri,
  logDeliveryUri,
  type Grant,
} from '../../src/acl/index.js';
import { otherEmail, otherId, ownerId, resolveEmail, s3ErrorOf } from './acl-helpers.js';

const options = { ownerId, resolveEmail };

const readBy = (id: string): Grant => ({ grantee: { type: 'CanonicalUser', id }, permission: 'READ' });

// Header syntax from the PutBucketAcl and PutObjectAcl references ("You specify each grantee
// as a type=value pair") and the ACL overview example
// `x-amz-grant-read: emailAddress="xyz@amazon.com", emailAddress="abc@amazon.com"`.
const forms: Array<{ name: string; headers: IncomingHttpHeaders; grants: Grant[] }> = [
  { name: 'id quoted', headers: { 'x-amz-grant-read': `id="${otherId}"` }, grants: [readBy(otherId)] },
  // The AWS CLI reference writes values without quotes, e.g. `uri=http://acs...`.
  { name: 'id bare', headers: { 'x-amz-grant-read': `id=${otherId}` }, grants: [readBy(otherId)] },
  {
    name: 'uri AllUsers',
    headers: { 'x-amz-grant-read': `uri="${allUsersUri}"` },
    grants: [{ grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' }],
  },
  {
    name: 'uri AuthenticatedUsers bare',
    headers: { 'x-amz-grant-read': `uri=${authenticatedUsersUri}` },
    grants: [{ grantee: { type: 'Group', uri: authenticatedUsersUri }, permission: 'READ' }],
  },
  {
    name: 'uri LogDelivery',
    headers: { 'x-amz-grant-write': `uri="${logDeliveryUri}"` },
    grants: [{ grantee: { type: 'Group', uri: logDeliveryUri }, permission: 'WRITE' }],
  },
  // An email grantee is stored as the canonical user it resolves to.
  { name: 'email resolved', headers: { 'x-amz-grant-read': `emailAddress="${otherEmail}"` }, grants: [readBy(otherId)] },
  { name: 'email type lower case', headers: { 'x-amz-grant-read': `emailaddress=${otherEmail}` }, grants: [readBy(otherId)] },
  { name: 'id type upper case', headers: { 'x-amz-grant-read': `ID="${otherId}"` }, grants: [readBy(otherId)] },
  {
    name: 'list of grantees',
    headers: { 'x-amz-grant-read': `id="${otherId}", uri="${allUsersUri}",emailAddress="${otherEmail}"` },
    grants: [readBy(otherId), { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' }, readBy(otherId)],
  },
  {
    name: 'spaces around pairs',
    headers: { 'x-amz-grant-read': `  id = "${otherId}" ,  uri = "${allUsersUri}"  ` },
    grants: [readBy(otherId), { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' }],
  },
  {
    name: 'every permission header',
    headers: {
      'x-amz-grant-full-control': `id="${ownerId}"`,
      'x-amz-grant-read': `id="${otherId}"`,
      'x-amz-grant-write': `id="${otherId}"`,
      'x-amz-grant-read-acp': `id="${otherId}"`,
      'x-amz-grant-write-acp': `id="${otherId}"`,
    },
    grants: [
      readBy(otherId),
      { grantee: { type: 'CanonicalUser', id: otherId }, permission: 'WRITE' },
      { grantee: { type: 'CanonicalUser', id: otherId }, permission: 'READ_ACP' },
      { grantee: { type: 'CanonicalUser', id: otherId }, permission: 'WRITE_ACP' },
      { grantee: { type: 'CanonicalUser', id: ownerId }, permission: 'FULL_CONTROL' },
    ],
  },
  // Node joins a repeated header with ', ', which is again a valid list.
  {
    name: 'repeated header',
    headers: { 'x-amz-grant-read': [`id="${otherId}"`, `uri="${allUsersUri}"`] },
    grants: [readBy(otherId), { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' }],
  },
];

for (const { name, headers, grants } of forms) {
  test(`grant header ${name}`, async () => {
    const acl = await aclFromGrantHeaders(headers, options);
    assert.equal(acl?.ownerId, ownerId);
    assert.deepEqual(acl?.grants, grants);
  });
}

// With grant headers S3 stores exactly the grants given: the owner gets no FULL_CONTROL grant
// unless a header names the owner.
test('grant header does not add owner', async () => {
  const acl = await aclFromGrantHeaders({ 'x-amz-grant-read': `id="${otherId}"` }, options);
  const ownerGrants = acl?.grants.filter((grant) => grant.grantee.type === 'CanonicalUser' && grant.grantee.id === ownerId);
  assert.deepEqual(ownerGrants, []);
});

test('grant header absent gives no ACL', async () => {
  const acl = await aclFromGrantHeaders({ 'x-amz-acl': 'private', 'content-type': 'text/plain' }, options);
  assert.equal(acl, undefined);
});

// "You can use either a canned ACL or specify access permissions explicitly. You cannot do
// both." (PutBucketAcl reference); S3 names the conflict in its message.
test('grant header with x-amz-acl rejected', async () => {
  const error = await s3ErrorOf(() =>
    aclFromGrantHeaders({ 'x-amz-acl': 'private', 'x-amz-grant-read': `uri="${authenticatedUsersUri}"` }, options),
  );
  assert.equal(error.code, 'InvalidRequest');
  assert.equal(error.status, 400);
  assert.equal(error.message, 'Specifying both Canned ACLs and Header Grants is not allowed');
});

test('grant header email unresolvable', async () => {
  const error = await s3ErrorOf(() => aclFromGrantHeaders({ 'x-amz-grant-read': 'emailAddress="nobody@example.com"' }, options));
  assert.equal(error.code, 'UnresolvableGrantByEmailAddress');
  assert.equal(error.status, 400);
});

test('grant header invalid id', async () => {
  const error = await s3ErrorOf(() => aclFromGrantHeaders({ 'x-amz-grant-full-control': 'id="0123"' }, options));
  assert.equal(error.code, 'InvalidArgument');
  assert.equal(error.details.ArgumentName, 'id');
  assert.equal(error.details.ArgumentValue, '0123');
});

test('grant header unknown account id', async () => {
  const error = await s3ErrorOf(() =>
    aclFromGrantHeaders({ 'x-amz-grant-read': `id="${otherId}"` }, { ...options, canonicalIdExists: async () => false }),
  );
  assert.equal(error.code, 'InvalidArgument');
  assert.equal(error.details.ArgumentName, 'id');
});

test('grant header known account id', async () => {
  const acl = await aclFromGrantHeaders(
    { 'x-amz-grant-read': `id="${otherId}"` },
    { ...options, canonicalIdExists: async (id) => id === otherId },
  );
  assert.deepEqual(acl?.grants, [readBy(otherId)]);
});

test('grant header invalid group uri', async () => {
  const uri = 'http://acs.amazonaws.com/groups/global/Authenticated';
  const error = await s3ErrorOf(() => aclFromGrantHeaders({ 'x-amz-grant-read': `uri="${uri}"` }, options));
  assert.equal(error.code, 'InvalidArgument');
  assert.equal(error.details.ArgumentName, 'uri');
  assert.equal(error.details.ArgumentValue, uri);
});

// S3 rejects a value it cannot split into type=value pairs with InvalidArgument "Argument
// format not recognized", naming the header.
const malformedValues: Array<{ name: string; value: string }> = [
  { name: 'empty value', value: '' },
  { name: 'bare word', value: 'fdjklasaj' },
  { name: 'type without value', value: 'id' },
  { name: 'empty bare value', value: 'id=' },
  { name: 'empty quoted value', value: 'id=""' },
  { name: 'unknown type', value: `name="${otherId}"` },
  { name: 'trailing comma', value: `id="${otherId}",` },
  { name: 'leading comma', value: `,id="${otherId}"` },
  { name: 'missing comma', value: `id="${otherId}" uri="${allUsersUri}"` },
  { name: 'text after quotes', value: `id="${otherId}"junk` },
  { name: 'unclosed quote', value: `id="${otherId}` },
];

for (const { name, value } of malformedValues) {
  test(`grant header ${name} rejected`, async () => {
    const error = await s3ErrorOf(() => aclFromGrantHeaders({ 'x-amz-grant-write-acp': value }, options));
    assert.equal(error.code, 'InvalidArgument');
    assert.equal(error.message, 'Argument format not recognized');
    assert.equal(error.details.ArgumentName, 'x-amz-grant-write-acp');
    assert.equal(error.details.ArgumentValue, value);
  });
}

test('grant header 100 grantees accepted', async () => {
  const value = Array.from({ length: 100 }, () => `uri="${allUsersUri}"`).join(', ');
  const acl = await aclFromGrantHeaders({ 'x-amz-grant-read': value }, options);
  assert.equal(acl?.grants.length, 100);
});

test('grant header 101 grantees rejected', async () => {
  const value = Array.from({ length: 101 }, () => `uri="${allUsersUri}"`).join(', ');
  const error = await s3ErrorOf(() => aclFromGrantHeaders({ 'x-amz-grant-read': value }, options));
  assert.equal(error.code, 'InvalidArgument');
});
