import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import { lookupCredential, type ActiveCredential } from '../../src/iam/credential-lookup.js';
import { QueryApiError, toQueryApiError } from '../../src/iam/errors.js';
import type { Principal } from '../../src/iam/principal.js';
import { secretContext } from '../../src/iam/secret-box.js';
import { createFixture, expectQueryError, iam, parseXml, type IdentityFixture } from './iam-fixtures.js';

let fixture: IdentityFixture;
let accountId: string;

beforeEach(async () => {
  await fixture?.close();
  fixture = await createFixture();
  accountId = (await fixture.store.getAccount()).accountId;
});

after(async () => {
  await fixture?.close();
});

/** Creates a user with an access key and returns the principal that key signs for. */
async function userPrincipal(userName: string): Promise<Principal> {
  await iam(fixture, 'CreateUser', { UserName: userName });
  const created = await iam(fixture, 'CreateAccessKey', { UserName: userName });
  const credential = await lookupCredential(
    { store: fixture.store, secrets: fixture.secrets, root: { canonicalId: fixture.rootCanonicalId, displayName: 'root' } },
    created.AccessKey.AccessKeyId,
  );
  assert.equal(credential?.status, 'active');
  return (credential as ActiveCredential).principal;
}

const allowPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }],
});

const trustPolicy = (principal: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });

describe('IAM dispatch', () => {
  it('missing Action', async () => {
    await expectQueryError(
      import('../../src/iam/query-api.js').then((m) => m.handleIamRequest(new Map(), fixture.root, fixture.deps())),
      'MissingAction',
      400,
    );
  });

  it('unknown action', async () => {
    await expectQueryError(iam(fixture, 'CreateGroup', { GroupName: 'g' }), 'InvalidAction', 400, 'Could not find operation CreateGroup for version 2010-05-08');
  });

  it('wrong version', async () => {
    await expectQueryError(iam(fixture, 'ListUsers', { Version: '2099-01-01' }), 'InvalidAction', 400, /for version 2099-01-01/);
  });

  it('GetSessionToken credentials rejected', async () => {
    const caller: Principal = { ...fixture.root, sessionSource: 'GetSessionToken' };
    await expectQueryError(iam(fixture, 'ListUsers', {}, caller), 'AccessDenied', 403);
  });

  it('error document shape', () => {
    const error = new QueryApiError('NoSuchEntity', 'The user with name bob cannot be found.');
    const document = parseXml(error.toXml('REQ-1')).ErrorResponse;
    assert.equal(document['@_xmlns'], 'https://iam.amazonaws.com/doc/2010-05-08/');
    assert.deepEqual(document.Error, { Type: 'Sender', Code: 'NoSuchEntity', Message: 'The user with name bob cannot be found.' });
    assert.equal(document.RequestId, 'REQ-1');
    assert.equal(error.status, 404);
  });

  it('internal errors hide their cause', () => {
    const error = toQueryApiError(new Error('disk on fire at /secret/path'), 'iam');
    assert.equal(error.code, 'ServiceFailure');
    assert.equal(error.status, 500);
    assert.equal(error.type, 'Receiver');
    assert.doesNotMatch(error.message, /disk/);
    assert.equal(toQueryApiError(new Error('x'), 'sts').code, 'InternalFailure');
  });

  it('response document shape', async () => {
    const { handleIamRequest } = await import('../../src/iam/query-api.js');
    const xml = await handleIamRequest(new Map([['Action', 'CreateUser'], ['UserName', 'bob']]), fixture.root, fixture.deps());
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<CreateUserResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><CreateUserResult><User>/);
    assert.match(xml, /<\/CreateUserResult><ResponseMetadata><RequestId>REQUEST-ID-1<\/RequestId><\/ResponseMetadata><\/CreateUserResponse>$/);
  });
});

describe('CreateUser', () => {
  it('returns the new user', async () => {
    const { User } = await iam(fixture, 'CreateUser', {
      UserName: 'alice',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'blue',
      Email: 'alice@example.com',
    });
    assert.equal(User.Path, '/');
    assert.equal(User.UserName, 'alice');
    assert.match(User.UserId, /^AIDA[A-Z2-7]{17}$/);
    assert.equal(User.Arn, `arn:aws:iam::${accountId}:user/alice`);
    assert.match(User.CreateDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(User.Tags.member, [{ Key: 'team', Value: 'blue' }]);
    assert.match(User.CanonicalId, /^[0-9a-f]{64}$/);
    assert.equal(User.Email, 'alice@example.com');
  });

  it('path goes into the ARN', async () => {
    const { User } = await iam(fixture, 'CreateUser', { UserName: 'bob', Path: '/ops/night/' });
    assert.equal(User.Path, '/ops/night/');
    assert.equal(User.Arn, `arn:aws:iam::${accountId}:user/ops/night/bob`);
  });

  it('duplicate name differing in case', async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice' });
    await expectQueryError(iam(fixture, 'CreateUser', { UserName: 'ALICE' }), 'EntityAlreadyExists', 409, 'User with name ALICE already exists.');
  });

  it('duplicate email', async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice', Email: 'team@example.com' });
    await expectQueryError(iam(fixture, 'CreateUser', { UserName: 'bob', Email: 'TEAM@example.com' }), 'EntityAlreadyExists', 409);
  });

  it('invalid name', async () => {
    await expectQueryError(
      iam(fixture, 'CreateUser', { UserName: 'bad name!' }),
      'ValidationError',
      400,
      "1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  it('name too long', async () => {
    await expectQueryError(
      iam(fixture, 'CreateUser', { UserName: 'a'.repeat(65) }),
      'ValidationError',
      400,
      `1 validation error detected: Value '${'a'.repeat(65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });

  it('missing name', async () => {
    await expectQueryError(
      iam(fixture, 'CreateUser', {}),
      'ValidationError',
      400,
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports every violation', async () => {
    await expectQueryError(
      iam(fixture, 'CreateUser', { UserName: 'ok', Path: 'ops' }),
      'ValidationError',
      400,
      "1 validation error detected: Value 'ops' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
    );
    await expectQueryError(iam(fixture, 'CreateUser', { UserName: 'no way', Path: 'ops' }), 'ValidationError', 400, /^2 validation errors detected: Value 'no way' at 'userName'.*; Value 'ops' at 'path'/);
  });

  it('permissions boundary rejected', async () => {
    await expectQueryError(
      iam(fixture, 'CreateUser', { UserName: 'alice', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnly' }),
      'ValidationError',
      400,
      /PermissionsBoundary is not supported/,
    );
  });

  it('duplicate tag keys', async () => {
    await expectQueryError(
      iam(fixture, 'CreateUser', {
        UserName: 'alice',
        'Tags.member.1.Key': 'Team',
        'Tags.member.1.Value': 'a',
        'Tags.member.2.Key': 'team',
        'Tags.member.2.Value': 'b',
      }),
      'InvalidInput',
      400,
    );
  });

  it('invalid tag key', async () => {
    await expectQueryError(
      iam(fixture, 'CreateUser', { UserName: 'alice', 'Tags.member.1.Key': 'a#b', 'Tags.member.1.Value': 'x' }),
      'ValidationError',
      400,
      /at 'tags.1.member.key'/,
    );
  });
});

describe('GetUser', () => {
  it('root without UserName', async () => {
    const { User } = await iam(fixture, 'GetUser');
    assert.equal(User.UserId, accountId);
    assert.equal(User.Arn, `arn:aws:iam::${accountId}:root`);
    assert.match(User.CreateDate, /Z$/);
  });

  it('user without UserName', async () => {
    const alice = await userPrincipal('alice');
    const { User } = await iam(fixture, 'GetUser', {}, alice);
    assert.equal(User.UserName, 'alice');
    assert.equal(User.UserId, alice.userId);
  });

  it('role session without UserName', async () => {
    const session: Principal = { ...fixture.root, type: 'AssumedRole', sessionSource: 'AssumeRole' };
    await expectQueryError(iam(fixture, 'GetUser', {}, session), 'ValidationError', 400, 'Must specify userName when calling with non-User credentials');
  });

  it('missing user', async () => {
    await expectQueryError(iam(fixture, 'GetUser', { UserName: 'nobody' }), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
  });
});

describe('ListUsers', () => {
  it('pages with Marker', async () => {
    for (const name of ['dave', 'alice', 'Carol', 'bob']) await iam(fixture, 'CreateUser', { UserName: name });
    const first = await iam(fixture, 'ListUsers', { MaxItems: '3' });
    assert.deepEqual(first.Users.member.map((u: { UserName: string }) => u.UserName), ['alice', 'bob', 'Carol']);
    assert.equal(first.IsTruncated, 'true');
    const second = await iam(fixture, 'ListUsers', { MaxItems: '3', Marker: first.Marker });
    assert.deepEqual(second.Users.member.map((u: { UserName: string }) => u.UserName), ['dave']);
    assert.equal(second.IsTruncated, 'false');
    assert.equal(second.Marker, undefined);
  });

  it('empty list', async () => {
    const result = await iam(fixture, 'ListUsers');
    assert.equal(result.Users, '');
    assert.equal(result.IsTruncated, 'false');
  });

  it('path prefix', async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice', Path: '/ops/' });
    await iam(fixture, 'CreateUser', { UserName: 'bob' });
    const result = await iam(fixture, 'ListUsers', { PathPrefix: '/ops/' });
    assert.deepEqual(result.Users.member.map((u: { UserName: string }) => u.UserName), ['alice']);
  });

  it('MaxItems bounds', async () => {
    await expectQueryError(iam(fixture, 'ListUsers', { MaxItems: '0' }), 'ValidationError', 400, /Member must have value greater than or equal to 1$/);
    await expectQueryError(iam(fixture, 'ListUsers', { MaxItems: '1001' }), 'ValidationError', 400, /Member must have value less than or equal to 1000$/);
    await expectQueryError(iam(fixture, 'ListUsers', { MaxItems: 'ten' }), 'ValidationError', 400, /Value 'ten' at 'maxItems'/);
  });
});

describe('DeleteUser', () => {
  it('conflicts until keys and policies are gone', async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice' });
    const { AccessKey } = await iam(fixture, 'CreateAccessKey', { UserName: 'alice' });
    await iam(fixture, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'read', PolicyDocument: allowPolicy });
    await expectQueryError(iam(fixture, 'DeleteUser', { UserName: 'alice' }), 'DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.');
    await iam(fixture, 'DeleteAccessKey', { UserName: 'alice', AccessKeyId: AccessKey.AccessKeyId });
    await expectQueryError(iam(fixture, 'DeleteUser', { UserName: 'alice' }), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await iam(fixture, 'DeleteUserPolicy', { UserName: 'alice', PolicyName: 'read' });
    assert.deepEqual(await iam(fixture, 'DeleteUser', { UserName: 'alice' }), {});
    await expectQueryError(iam(fixture, 'DeleteUser', { UserName: 'alice' }), 'NoSuchEntity', 404);
  });
});

describe('access keys', () => {
  it('CreateAccessKey returns the secret once', async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice' });
    const { AccessKey } = await iam(fixture, 'CreateAccessKey', { UserName: 'alice' });
    assert.equal(AccessKey.UserName, 'alice');
    assert.match(AccessKey.AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(AccessKey.Status, 'Active');
    assert.equal(AccessKey.SecretAccessKey.length, 40);
    const stored = await fixture.store.getAccessKey(AccessKey.AccessKeyId);
    assert.equal(fixture.secrets.open(stored!.secret!, secretContext('access-key', AccessKey.AccessKeyId)), AccessKey.SecretAccessKey);

    const { handleIamRequest } = await import('../../src/iam/query-api.js');
    const listed = await handleIamRequest(new Map([['Action', 'ListAccessKeys'], ['UserName', 'alice']]), fixture.root, fixture.deps());
    assert.equal(listed.includes(AccessKey.SecretAccessKey), false);
    assert.match(listed, new RegExp(`<AccessKeyId>${AccessKey.AccessKeyId}</AccessKeyId>`));
  });

  it('two keys per user', async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice' });
    await iam(fixture, 'CreateAccessKey', { UserName: 'alice' });
    await iam(fixture, 'CreateAccessKey', { UserName: 'alice' });
    await expectQueryError(iam(fixture, 'CreateAccessKey', { UserName: 'alice' }), 'LimitExceeded', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
  });

  it('caller is the default user', async () => {
    const alice = await userPrincipal('alice');
    const { AccessKey } = await iam(fixture, 'CreateAccessKey', {}, alice);
    assert.equal(AccessKey.UserName, 'alice');
    const listed = await iam(fixture, 'ListAccessKeys', {}, alice);
    assert.equal(listed.AccessKeyMetadata.member.length, 2);
  });

  it('root must name the user', async () => {
    await expectQueryError(iam(fixture, 'CreateAccessKey'), 'ValidationError', 400, /Must specify userName/);
    await expectQueryError(iam(fixture, 'ListAccessKeys'), 'ValidationError', 400, /Must specify userName/);
  });

  it('missing user', async () => {
    await expectQueryError(iam(fixture, 'CreateAccessKey', { UserName: 'nobody' }), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
    await expectQueryError(iam(fixture, 'ListAccessKeys', { UserName: 'nobody' }), 'NoSuchEntity', 404);
  });

  it('UpdateAccessKey status', async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice' });
    const { AccessKey } = await iam(fixture, 'CreateAccessKey', { UserName: 'alice' });
    await iam(fixture, 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: AccessKey.AccessKeyId, Status: 'Inactive' });
    let listed = await iam(fixture, 'ListAccessKeys', { UserName: 'alice' });
    assert.equal(listed.AccessKeyMetadata.member[0].Status, 'Inactive');
    // Root may leave UserName out: the key's owner is found from the key.
    await iam(fixture, 'UpdateAccessKey', { AccessKeyId: AccessKey.AccessKeyId, Status: 'Active' });
    listed = await iam(fixture, 'ListAccessKeys', { UserName: 'alice' });
    assert.equal(listed.AccessKeyMetadata.member[0].Status, 'Active');
  });

  it('UpdateAccessKey validation', async () => {
    await expectQueryError(
      iam(fixture, 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA', Status: 'Disabled' }),
      'ValidationError',
      400,
      "1 validation error detected: Value 'Disabled' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
    );
    await expectQueryError(
      iam(fixture, 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: 'AKIA', Status: 'Active' }),
      'ValidationError',
      400,
      /at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16/,
    );
  });

  it("another user's key is not found", async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice' });
    await iam(fixture, 'CreateUser', { UserName: 'bob' });
    const { AccessKey } = await iam(fixture, 'CreateAccessKey', { UserName: 'alice' });
    await expectQueryError(
      iam(fixture, 'DeleteAccessKey', { UserName: 'bob', AccessKeyId: AccessKey.AccessKeyId }),
      'NoSuchEntity',
      404,
      `The Access Key with id ${AccessKey.AccessKeyId} cannot be found.`,
    );
  });

  it('deleted key reported as deleted', async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice' });
    const { AccessKey } = await iam(fixture, 'CreateAccessKey', { UserName: 'alice' });
    await iam(fixture, 'DeleteAccessKey', { AccessKeyId: AccessKey.AccessKeyId });
    const lookup = await lookupCredential(
      { store: fixture.store, secrets: fixture.secrets, root: { canonicalId: fixture.rootCanonicalId, displayName: 'root' } },
      AccessKey.AccessKeyId,
    );
    assert.deepEqual(lookup, { status: 'deleted' });
    await expectQueryError(iam(fixture, 'DeleteAccessKey', { AccessKeyId: AccessKey.AccessKeyId }), 'NoSuchEntity', 404);
  });

  it('GetAccessKeyLastUsed', async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice' });
    const { AccessKey } = await iam(fixture, 'CreateAccessKey', { UserName: 'alice' });
    let result = await iam(fixture, 'GetAccessKeyLastUsed', { AccessKeyId: AccessKey.AccessKeyId });
    assert.equal(result.UserName, 'alice');
    assert.deepEqual(result.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });
    await fixture.store.recordAccessKeyUse(AccessKey.AccessKeyId, { at: new Date('2024-01-01T00:00:00Z'), service: 's3', region: 'us-east-1' });
    result = await iam(fixture, 'GetAccessKeyLastUsed', { AccessKeyId: AccessKey.AccessKeyId });
    assert.deepEqual(result.AccessKeyLastUsed, { LastUsedDate: '2024-01-01T00:00:00Z', ServiceName: 's3', Region: 'us-east-1' });
  });
});

describe('user policies', () => {
  beforeEach(async () => {
    await iam(fixture, 'CreateUser', { UserName: 'alice' });
  });

  it('put, get, list, delete', async () => {
    await iam(fixture, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'read', PolicyDocument: allowPolicy });
    const got = await iam(fixture, 'GetUserPolicy', { UserName: 'alice', PolicyName: 'read' });
    assert.equal(got.UserName, 'alice');
    assert.equal(got.PolicyName, 'read');
    assert.equal(got.PolicyDocument, encodeURIComponent(allowPolicy));
    assert.equal(decodeURIComponent(got.PolicyDocument), allowPolicy);
    const listed = await iam(fixture, 'ListUserPolicies', { UserName: 'alice' });
    assert.deepEqual(listed.PolicyNames.member, ['read']);
    await iam(fixture, 'DeleteUserPolicy', { UserName: 'alice', PolicyName: 'read' });
    await expectQueryError(
      iam(fixture, 'GetUserPolicy', { UserName: 'alice', PolicyName: 'read' }),
      'NoSuchEntity',
      404,
      'The user policy with name read cannot be found.',
    );
  });

  it('invalid JSON', async () => {
    await expectQueryError(
      iam(fixture, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: '{"Version": ' }),
      'MalformedPolicyDocument',
      400,
      /^This policy contains invalid Json/,
    );
  });

  it('principal not allowed', async () => {
    await expectQueryError(
      iam(fixture, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: trustPolicy('*') }),
      'MalformedPolicyDocument',
      400,
    );
  });

  it('size quota', async () => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(1000)}/*` };
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
    await iam(fixture, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'one', PolicyDocument: big });
    await expectQueryError(
      iam(fixture, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'two', PolicyDocument: big }),
      'LimitExceeded',
      409,
      'Maximum policy size of 2048 bytes exceeded for user alice',
    );
    // Whitespace does not count, so a pretty-printed copy replacing the first one fits.
    await iam(fixture, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'one', PolicyDocument: JSON.stringify(JSON.parse(big), null, 8) });
  });

  it('document characters', async () => {
    await expectQueryError(
      iam(fixture, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: '{"a":"\u2603"}' }),
      'ValidationError',
      400,
      /at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  it('missing user', async () => {
    await expectQueryError(
      iam(fixture, 'PutUserPolicy', { UserName: 'nobody', PolicyName: 'p', PolicyDocument: allowPolicy }),
      'NoSuchEntity',
      404,
    );
    await expectQueryError(iam(fixture, 'ListUserPolicies', { UserName: 'nobody' }), 'NoSuchEntity', 404);
  });
});

describe('roles', () => {
  it('CreateRole and GetRole', async () => {
    const trust = trustPolicy(`arn:aws:iam::${accountId}:root`);
    const created = await iam(fixture, 'CreateRole', { RoleName: 'reader', AssumeRolePolicyDocument: trust, Description: 'Reads' });
    assert.equal(created.Role.RoleName, 'reader');
    assert.match(created.Role.RoleId, /^AROA[A-Z2-7]{17}$/);
    assert.equal(created.Role.Arn, `arn:aws:iam::${accountId}:role/reader`);
    assert.equal(created.Role.AssumeRolePolicyDocument, encodeURIComponent(trust));
    assert.equal(created.Role.MaxSessionDuration, '3600');
    assert.equal(created.Role.Description, 'Reads');
    const got = await iam(fixture, 'GetRole', { RoleName: 'READER' });
    assert.equal(got.Role.RoleId, created.Role.RoleId);
    assert.equal(got.Role.RoleLastUsed, '');
    await expectQueryError(iam(fixture, 'CreateRole', { RoleName: 'Reader', AssumeRolePolicyDocument: trust }), 'EntityAlreadyExists', 409, 'Role with name Reader already exists.');
  });

  it('trust policy checks', async () => {
    const withResource = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Resource: '*' }],
    });
    await expectQueryError(
      iam(fixture, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: withResource }),
      'MalformedPolicyDocument',
      400,
      'Has prohibited field Resource',
    );
    const huge = trustPolicy(`arn:aws:iam::${accountId}:user/${'u'.repeat(2100)}`);
    await expectQueryError(
      iam(fixture, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: huge }),
      'LimitExceeded',
      409,
      'Cannot exceed quota for ACLSizePerRole: 2048',
    );
  });

  it('MaxSessionDuration bounds', async () => {
    await expectQueryError(
      iam(fixture, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trustPolicy('*'), MaxSessionDuration: '600' }),
      'ValidationError',
      400,
      "1 validation error detected: Value '600' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
    );
  });

  it('ListRoles and DeleteRole', async () => {
    await iam(fixture, 'CreateRole', { RoleName: 'b', AssumeRolePolicyDocument: trustPolicy('*') });
    await iam(fixture, 'CreateRole', { RoleName: 'a', AssumeRolePolicyDocument: trustPolicy('*'), Path: '/svc/' });
    const listed = await iam(fixture, 'ListRoles');
    assert.deepEqual(listed.Roles.member.map((r: { RoleName: string }) => r.RoleName), ['a', 'b']);
    await iam(fixture, 'PutRolePolicy', { RoleName: 'a', PolicyName: 'p', PolicyDocument: allowPolicy });
    await expectQueryError(iam(fixture, 'DeleteRole', { RoleName: 'a' }), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await iam(fixture, 'DeleteRolePolicy', { RoleName: 'a', PolicyName: 'p' });
    await iam(fixture, 'DeleteRole', { RoleName: 'a' });
    await expectQueryError(iam(fixture, 'GetRole', { RoleName: 'a' }), 'NoSuchEntity', 404, 'The role with name a cannot be found.');
  });

  it('role policies', async () => {
    await iam(fixture, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trustPolicy('*') });
    await iam(fixture, 'PutRolePolicy', { RoleName: 'r', PolicyName: 'p', PolicyDocument: allowPolicy });
    const got = await iam(fixture, 'GetRolePolicy', { RoleName: 'r', PolicyName: 'p' });
    assert.equal(decodeURIComponent(got.PolicyDocument), allowPolicy);
    assert.equal(got.RoleName, 'r');
    assert.deepEqual((await iam(fixture, 'ListRolePolicies', { RoleName: 'r' })).PolicyNames.member, ['p']);
    await expectQueryError(
      iam(fixture, 'GetRolePolicy', { RoleName: 'r', PolicyName: 'q' }),
      'NoSuchEntity',
      404,
      'The role policy with name q cannot be found.',
    );
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(5000)}/*` };
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
    await iam(fixture, 'PutRolePolicy', { RoleName: 'r', PolicyName: 'big1', PolicyDocument: big });
    await expectQueryError(
      iam(fixture, 'PutRolePolicy', { RoleName: 'r', PolicyName: 'big2', PolicyDocument: big }),
      'LimitExceeded',
      409,
      'Maximum policy size of 10240 bytes exceeded for role r',
    );
  });
});

describe('IAM authorization', () => {
  it('action and resource of each call', async () => {
    const alice = await userPrincipal('alice');
    await iam(fixture, 'CreateUser', { UserName: 'bob', Path: '/ops/' }, alice);
    await iam(fixture, 'ListUsers', {}, alice);
    await iam(fixture, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'p', PolicyDocument: allowPolicy }, alice);
    await iam(fixture, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trustPolicy('*') }, alice);
    assert.deepEqual(
      fixture.authorizations.map((request) => [request.principal.arn, request.action, request.resource]),
      [
        [alice.arn, 'iam:CreateUser', `arn:aws:iam::${accountId}:user/ops/bob`],
        [alice.arn, 'iam:ListUsers', `arn:aws:iam::${accountId}:user/`],
        [alice.arn, 'iam:PutUserPolicy', `arn:aws:iam::${accountId}:user/ops/bob`],
        [alice.arn, 'iam:CreateRole', `arn:aws:iam::${accountId}:role/r`],
      ],
    );
  });

  it('root bypasses the decider', async () => {
    fixture.decide = () => 'explicit-deny';
    await iam(fixture, 'CreateUser', { UserName: 'bob' });
    assert.equal(fixture.authorizations.length, 0);
  });

  it('implicit deny message', async () => {
    const alice = await userPrincipal('alice');
    fixture.decide = () => 'implicit-deny';
    await expectQueryError(
      iam(fixture, 'CreateUser', { UserName: 'bob' }, alice),
      'AccessDenied',
      403,
      `User: ${alice.arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${accountId}:user/bob because no identity-based policy allows the iam:CreateUser action`,
    );
  });

  it('explicit deny message', async () => {
    const alice = await userPrincipal('alice');
    fixture.decide = () => 'explicit-deny';
    await expectQueryError(
      iam(fixture, 'ListUsers', {}, alice),
      'AccessDenied',
      403,
      `User: ${alice.arn} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${accountId}:user/ with an explicit deny in an identity-based policy`,
    );
  });

  it('denial before existence', async () => {
    const alice = await userPrincipal('alice');
    fixture.decide = () => 'implicit-deny';
    await expectQueryError(iam(fixture, 'GetUser', { UserName: 'nobody' }, alice), 'AccessDenied', 403);
  });

  it('validation before authorization', async () => {
    const alice = await userPrincipal('alice');
    fixture.decide = () => 'implicit-deny';
    await expectQueryError(iam(fixture, 'CreateUser', { UserName: 'bad name' }, alice), 'ValidationError', 400);
  });

  it('no decider: only root', async () => {
    const alice = await userPrincipal('alice');
    const { handleIamRequest } = await import('../../src/iam/query-api.js');
    const deps = { ...fixture.deps(), authorize: undefined };
    await handleIamRequest(new Map([['Action', 'ListUsers']]), fixture.root, deps);
    await expectQueryError(handleIamRequest(new Map([['Action', 'ListUsers']]), alice, deps), 'AccessDenied', 403);
  });
});
