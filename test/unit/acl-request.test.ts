import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  aclFromPutAclRequest,
  aclFromRequestHeaders,
  allUsersUri,
  buildAccessControlPolicyXml,
  cannedAcl,
  privateAcl,
} from '../../src/acl/index.js';
import { bucketOwnerId, otherId, ownerId, resolveEmail, s3ErrorOf } from './acl-helpers.js';

const options = { ownerId, bucketOwnerId, target: 'object' as const, resolveEmail };

test('request ACL absent', async () => {
  assert.equal(await aclFromRequestHeaders({ 'content-type': 'text/plain' }, options), undefined);
});

test('request ACL canned', async () => {
  const requested = await aclFromRequestHeaders({ 'x-amz-acl': 'bucket-owner-read' }, options);
  assert.deepEqual(requested, {
    source: 'canned',
    cannedAcl: 'bucket-owner-read',
    acl: cannedAcl('bucket-owner-read', options),
  });
});

test('request ACL grant headers', async () => {
  const requested = await aclFromRequestHeaders({ 'x-amz-grant-read': `uri="${allUsersUri}"` }, options);
  assert.deepEqual(requested, {
    source: 'grant-headers',
    acl: { ownerId, grants: [{ grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' }] },
  });
});

test('request ACL canned with grants rejected', async () => {
  const error = await s3ErrorOf(() =>
    aclFromRequestHeaders({ 'x-amz-acl': 'public-read', 'x-amz-grant-full-control': `id="${otherId}"` }, options),
  );
  assert.equal(error.code, 'InvalidRequest');
});

test('request ACL unknown canned name', async () => {
  const error = await s3ErrorOf(() => aclFromRequestHeaders({ 'x-amz-acl': 'everyone' }, options));
  assert.equal(error.code, 'InvalidArgument');
  assert.equal(error.details.ArgumentName, 'x-amz-acl');
});

test('put ACL request body', async () => {
  const body = buildAccessControlPolicyXml(privateAcl(ownerId), () => undefined);
  const requested = await aclFromPutAclRequest({}, body, options);
  assert.deepEqual(requested, { source: 'access-control-policy', acl: privateAcl(ownerId) });
});

test('put ACL request headers', async () => {
  const requested = await aclFromPutAclRequest({ 'x-amz-acl': 'private' }, '', options);
  assert.equal(requested.source, 'canned');
});

test('put ACL request whitespace body uses headers', async () => {
  const requested = await aclFromPutAclRequest({ 'x-amz-grant-read': `id="${otherId}"` }, '\n', options);
  assert.equal(requested.source, 'grant-headers');
});

// "You cannot specify access permission using both the body and the request headers."
test('put ACL request body and headers rejected', async () => {
  const body = buildAccessControlPolicyXml(privateAcl(ownerId), () => undefined);
  const error = await s3ErrorOf(() => aclFromPutAclRequest({ 'x-amz-acl': 'private' }, body, options));
  assert.equal(error.code, 'UnexpectedContent');
  assert.equal(error.status, 400);
});

test('put ACL request body and grant header rejected', async () => {
  const body = buildAccessControlPolicyXml(privateAcl(ownerId), () => undefined);
  const error = await s3ErrorOf(() => aclFromPutAclRequest({ 'x-amz-grant-read': `id="${otherId}"` }, body, options));
  assert.equal(error.code, 'UnexpectedContent');
});

test('put ACL request without ACL rejected', async () => {
  const error = await s3ErrorOf(() => aclFromPutAclRequest({}, '', options));
  assert.equal(error.code, 'MissingSecurityHeader');
});

test('put ACL request body owner mismatch', async () => {
  const body = buildAccessControlPolicyXml(privateAcl(otherId), () => undefined);
  const error = await s3ErrorOf(() => aclFromPutAclRequest({}, body, options));
  assert.equal(error.code, 'AccessDenied');
});
