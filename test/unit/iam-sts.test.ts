import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, beforeEach, describe, it } from 'node:test';

import { lookupCredential, type ActiveCredential, type CredentialLookup } from '../../src/iam/credential-lookup.js';
import type { Principal } from '../../src/iam/principal.js';
import { sessionTokenMatches } from '../../src/iam/session-token.js';
import { handleStsRequest } from '../../src/sts/query-api.js';
import { createFixture, expectQueryError, iam, parseXml, sts, type IdentityFixture } from './iam-fixtures.js';

let fixture: IdentityFixture;
let accountId: string;
let alice: Principal;
let aliceKey: { AccessKeyId: string; SecretAccessKey: string };
let clock: Date;

const readPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }],
});

beforeEach(async () => {
  await fixture?.close();
  fixture = await createFixture();
  accountId = (await fixture.store.getAccount()).accountId;
  clock = new Date('2030-01-01T00:00:00Z');
  const deps = fixture.deps;
  fixture.deps = () => ({ ...deps(), now: () => clock });
  await iam(fixture, 'CreateUser', { UserName: 'alice' });
  await iam(fixture, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'read', PolicyDocument: readPolicy });
  aliceKey = (await iam(fixture, 'CreateAccessKey', { UserName: 'alice' })).AccessKey;
  alice = active(await lookup(aliceKey.AccessKeyId)).principal;
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }],
  });
  await iam(fixture, 'CreateRole', { RoleName: 'reader', AssumeRolePolicyDocument: trust, MaxSessionDuration: '7200' });
  await iam(fixture, 'PutRolePolicy', { RoleName: 'reader', PolicyName: 'role-read', PolicyDocument: readPolicy.replace('bucket', 'role-bucket') });
});

after(async () => {
  await fixture?.close();
});

function lookup(accessKeyId: string): Promise<CredentialLookup> {
  return lookupCredential(
    { store: fixture.store, secrets: fixture.secrets, root: { canonicalId: fixture.rootCanonicalId, displayName: 'root' }, now: clock },
    accessKeyId,
  );
}

function active(result: CredentialLookup): ActiveCredential {
  assert.equal(result?.status, 'active', `expected an active credential, got ${JSON.stringify(result)}`);
  return result as ActiveCredential;
}

describe('lookupCredential', () => {
  it('user key', async () => {
    const credential = active(await lookup(aliceKey.AccessKeyId));
    assert.equal(credential.secretAccessKey, aliceKey.SecretAccessKey);
    assert.equal(credential.principal.type, 'User');
    assert.equal(credential.principal.arn, `arn:aws:iam::${accountId}:user/alice`);
    assert.equal(credential.principal.accountId, accountId);
    assert.equal(credential.principal.userName, 'alice');
    assert.match(credential.principal.canonicalId, /^[0-9a-f]{64}$/);
    assert.equal(credential.principal.displayName, 'alice');
    assert.deepEqual(credential.principal.identityPolicies, [readPolicy]);
  });

  it('secret stays out of logs', async () => {
    const credential = active(await lookup(aliceKey.AccessKeyId));
    assert.equal(JSON.stringify(credential).includes(aliceKey.SecretAccessKey), false);
    assert.equal(inspect(credential, { depth: 5 }).includes(aliceKey.SecretAccessKey), false);
    assert.equal(String(credential).includes(aliceKey.SecretAccessKey), false);
  });

  it('unknown, inactive, deleted', async () => {
    assert.equal(await lookup('AKIANEVERNEVERNEVER1'), undefined);
    await iam(fixture, 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: aliceKey.AccessKeyId, Status: 'Inactive' });
    const inactive = await lookup(aliceKey.AccessKeyId);
    assert.deepEqual(inactive, { status: 'inactive' });
    assert.equal((inactive as { secretAccessKey?: string }).secretAccessKey, aliceKey.SecretAccessKey);
    await iam(fixture, 'DeleteAccessKey', { UserName: 'alice', AccessKeyId: aliceKey.AccessKeyId });
    assert.deepEqual(await lookup(aliceKey.AccessKeyId), { status: 'deleted' });
  });
});

describe('GetSessionToken', () => {
  it('user session', async () => {
    const { Credentials } = await sts(fixture, 'GetSessionToken', {}, alice);
    assert.match(Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(Credentials.SecretAccessKey.length, 40);
    assert.ok(Credentials.SessionToken.length > 40);
    assert.equal(Credentials.Expiration, '2030-01-01T12:00:00Z');

    const credential = active(await lookup(Credentials.AccessKeyId));
    assert.equal(credential.secretAccessKey, Credentials.SecretAccessKey);
    const { principal } = credential;
    assert.equal(principal.type, 'User');
    assert.equal(principal.arn, alice.arn);
    assert.equal(principal.sessionSource, 'GetSessionToken');
    assert.equal(sessionTokenMatches(Credentials.SessionToken, principal.sessionTokenDigest!), true);
    assert.deepEqual(principal.expiresAt, new Date('2030-01-01T12:00:00Z'));
    assert.deepEqual(principal.identityPolicies, [readPolicy]);
  });

  it('session follows the user policies', async () => {
    const { Credentials } = await sts(fixture, 'GetSessionToken', {}, alice);
    await iam(fixture, 'DeleteUserPolicy', { UserName: 'alice', PolicyName: 'read' });
    assert.deepEqual(active(await lookup(Credentials.AccessKeyId)).principal.identityPolicies, []);
  });

  it('duration bounds', async () => {
    await expectQueryError(
      sts(fixture, 'GetSessionToken', { DurationSeconds: '899' }, alice),
      'ValidationError',
      400,
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    await expectQueryError(
      sts(fixture, 'GetSessionToken', { DurationSeconds: '129601' }, alice),
      'ValidationError',
      400,
      /Member must have value less than or equal to 129600$/,
    );
    const { Credentials } = await sts(fixture, 'GetSessionToken', { DurationSeconds: '900' }, alice);
    assert.equal(Credentials.Expiration, '2030-01-01T00:15:00Z');
  });

  it('root sessions last an hour', async () => {
    const byDefault = await sts(fixture, 'GetSessionToken', {}, fixture.root);
    assert.equal(byDefault.Credentials.Expiration, '2030-01-01T01:00:00Z');
    const longer = await sts(fixture, 'GetSessionToken', { DurationSeconds: '7200' }, fixture.root);
    assert.equal(longer.Credentials.Expiration, '2030-01-01T01:00:00Z');
    const principal = active(await lookup(longer.Credentials.AccessKeyId)).principal;
    assert.equal(principal.type, 'Account');
    assert.equal(principal.arn, `arn:aws:iam::${accountId}:root`);
    assert.equal(principal.canonicalId, fixture.rootCanonicalId);
  });

  it('session credentials rejected', async () => {
    const { Credentials } = await sts(fixture, 'GetSessionToken', {}, alice);
    const session = active(await lookup(Credentials.AccessKeyId)).principal;
    await expectQueryError(sts(fixture, 'GetSessionToken', {}, session), 'AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
  });

  it('MFA parameters rejected', async () => {
    await expectQueryError(
      sts(fixture, 'GetSessionToken', { SerialNumber: 'arn:aws:iam::123456789012:mfa/alice', TokenCode: '123456' }, alice),
      'ValidationError',
      400,
      /no MFA devices/,
    );
  });

  it('expires', async () => {
    const { Credentials } = await sts(fixture, 'GetSessionToken', { DurationSeconds: '900' }, alice);
    clock = new Date('2030-01-01T00:15:00Z');
    assert.deepEqual(await lookup(Credentials.AccessKeyId), { status: 'expired' });
  });

  it('ends with the calling key', async () => {
    const { Credentials } = await sts(fixture, 'GetSessionToken', {}, alice);
    await iam(fixture, 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: aliceKey.AccessKeyId, Status: 'Inactive' });
    const inactive = await lookup(Credentials.AccessKeyId);
    assert.deepEqual(inactive, { status: 'inactive' });
    assert.equal((inactive as { secretAccessKey?: string }).secretAccessKey, Credentials.SecretAccessKey);
    await iam(fixture, 'DeleteAccessKey', { UserName: 'alice', AccessKeyId: aliceKey.AccessKeyId });
    assert.deepEqual(await lookup(Credentials.AccessKeyId), { status: 'deleted' });
  });

  it('ends with the user', async () => {
    const { Credentials } = await sts(fixture, 'GetSessionToken', {}, fixture.root);
    const userSession = await sts(fixture, 'GetSessionToken', {}, alice);
    await iam(fixture, 'DeleteAccessKey', { UserName: 'alice', AccessKeyId: aliceKey.AccessKeyId });
    await iam(fixture, 'DeleteUserPolicy', { UserName: 'alice', PolicyName: 'read' });
    await iam(fixture, 'DeleteUser', { UserName: 'alice' });
    assert.deepEqual(await lookup(userSession.Credentials.AccessKeyId), { status: 'deleted' });
    assert.equal((await lookup(Credentials.AccessKeyId))?.status, 'active');
  });
});

describe('AssumeRole', () => {
  const roleArn = () => `arn:aws:iam::${accountId}:role/reader`;

  it('issues role credentials', async () => {
    const result = await sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'job-1' }, alice);
    const role = await fixture.store.getRole('reader');
    assert.equal(result.AssumedRoleUser.Arn, `arn:aws:sts::${accountId}:assumed-role/reader/job-1`);
    assert.equal(result.AssumedRoleUser.AssumedRoleId, `${role!.roleId}:job-1`);
    assert.match(result.Credentials.AccessKeyId, /^ASIA/);
    assert.equal(result.Credentials.Expiration, '2030-01-01T01:00:00Z');
    assert.equal(result.PackedPolicySize, undefined);

    const credential = active(await lookup(result.Credentials.AccessKeyId));
    assert.equal(credential.secretAccessKey, result.Credentials.SecretAccessKey);
    const { principal } = credential;
    assert.equal(principal.type, 'AssumedRole');
    assert.equal(principal.arn, `arn:aws:sts::${accountId}:assumed-role/reader/job-1`);
    assert.equal(principal.userId, `${role!.roleId}:job-1`);
    assert.equal(principal.canonicalId, fixture.rootCanonicalId);
    assert.deepEqual(principal.role, { roleName: 'reader', roleId: role!.roleId, arn: roleArn() });
    assert.deepEqual(principal.identityPolicies, [readPolicy.replace('bucket', 'role-bucket')]);
    assert.equal(sessionTokenMatches(result.Credentials.SessionToken, principal.sessionTokenDigest!), true);
    assert.ok((await fixture.store.getRole('reader'))?.lastUsed !== undefined);
  });

  it('asks with the trust policy', async () => {
    await sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'job-1', ExternalId: 'ext-42' }, alice);
    const request = fixture.authorizations.at(-1)!;
    assert.equal(request.action, 'sts:AssumeRole');
    assert.equal(request.resource, roleArn());
    assert.equal(request.principal.arn, alice.arn);
    assert.equal(request.resourcePolicy, (await fixture.store.getRole('reader'))!.trustPolicy);
    assert.deepEqual(request.context, { 'sts:RoleSessionName': 'job-1', 'sts:ExternalId': 'ext-42' });
  });

  it('denied', async () => {
    fixture.decide = () => 'implicit-deny';
    const error = await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'job-1' }, alice),
      'AccessDenied',
      403,
      `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn()}`,
    );
    const document = parseXml(error.toXml('R')).ErrorResponse;
    assert.equal(document['@_xmlns'], 'https://sts.amazonaws.com/doc/2011-06-15/');
    assert.equal(document.Error.Type, 'Sender');
  });

  it('missing role denied alike', async () => {
    const missing = `arn:aws:iam::${accountId}:role/nothing`;
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: missing, RoleSessionName: 'job-1' }, alice),
      'AccessDenied',
      403,
      `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
    );
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/other/path/reader`, RoleSessionName: 'job-1' }, alice),
      'AccessDenied',
      403,
    );
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: 'arn:aws:iam::000000000000:role/reader', RoleSessionName: 'job-1' }, alice),
      'AccessDenied',
      403,
    );
  });

  it('root may not assume roles', async () => {
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'job-1' }, fixture.root),
      'AccessDenied',
      403,
      'Roles may not be assumed by root accounts.',
    );
  });

  it('duration limits', async () => {
    const twoHours = await sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'a1', DurationSeconds: '7200' }, alice);
    assert.equal(twoHours.Credentials.Expiration, '2030-01-01T02:00:00Z');
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'a1', DurationSeconds: '7201' }, alice),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'a1', DurationSeconds: '43201' }, alice),
      'ValidationError',
      400,
      /Member must have value less than or equal to 43200$/,
    );
    const chained = active(await lookup(twoHours.Credentials.AccessKeyId)).principal;
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'a2', DurationSeconds: '3601' }, chained),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    await sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'a2' }, chained);
  });

  it('session policy', async () => {
    const result = await sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 's1', Policy: readPolicy }, alice);
    assert.equal(result.PackedPolicySize, String(Math.ceil((readPolicy.length / 2048) * 100)));
    assert.equal(active(await lookup(result.Credentials.AccessKeyId)).principal.sessionPolicy, readPolicy);

    const malformed = await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 's1', Policy: '{not json' }, alice),
      'MalformedPolicyDocument',
      400,
    );
    assert.equal(malformed.service, 'sts');
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'b'.repeat(2100)}/*` };
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 's1', Policy: JSON.stringify({ Statement: [statement] }) }, alice),
      'PackedPolicyTooLarge',
      400,
      /^Packed policy consumes \d+% of allotted space/,
    );
  });

  it('parameter validation', async () => {
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'bad name' }, alice),
      'ValidationError',
      400,
      "1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
    await expectQueryError(sts(fixture, 'AssumeRole', { RoleSessionName: 'x1' }, alice), 'ValidationError', 400, /Value null at 'roleArn'/);
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: 'arn:aws:s3:::some-bucket-name', RoleSessionName: 'x1' }, alice),
      'ValidationError',
      400,
      /is invalid/,
    );
    await expectQueryError(
      sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 'x1', 'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/x' }, alice),
      'ValidationError',
      400,
      /PolicyArns is not supported/,
    );
  });

  it('ends with the role', async () => {
    const result = await sts(fixture, 'AssumeRole', { RoleArn: roleArn(), RoleSessionName: 's1' }, alice);
    await iam(fixture, 'DeleteRolePolicy', { RoleName: 'reader', PolicyName: 'role-read' });
    await iam(fixture, 'DeleteRole', { RoleName: 'reader' });
    assert.deepEqual(await lookup(result.Credentials.AccessKeyId), { status: 'deleted' });
  });
});

describe('GetCallerIdentity', () => {
  it('root, user and role session', async () => {
    assert.deepEqual(await sts(fixture, 'GetCallerIdentity', {}, fixture.root), {
      UserId: accountId,
      Account: accountId,
      Arn: `arn:aws:iam::${accountId}:root`,
    });
    assert.deepEqual(await sts(fixture, 'GetCallerIdentity', {}, alice), { UserId: alice.userId, Account: accountId, Arn: alice.arn });
    const assumed = await sts(fixture, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/reader`, RoleSessionName: 's1' }, alice);
    const session = active(await lookup(assumed.Credentials.AccessKeyId)).principal;
    const identity = await sts(fixture, 'GetCallerIdentity', {}, session);
    assert.equal(identity.Arn, assumed.AssumedRoleUser.Arn);
    assert.equal(identity.UserId, assumed.AssumedRoleUser.AssumedRoleId);
  });
});

describe('STS dispatch', () => {
  it('unknown action', async () => {
    const error = await expectQueryError(
      handleStsRequest(new Map([['Action', 'GetFederationToken']]), alice, fixture.deps()),
      'InvalidAction',
      400,
      'Could not find operation GetFederationToken for version 2011-06-15',
    );
    assert.match(error.toXml('R'), /xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"/);
  });

  it('response namespace', async () => {
    const xml = await handleStsRequest(new Map([['Action', 'GetCallerIdentity']]), alice, fixture.deps());
    assert.match(xml, /<GetCallerIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><GetCallerIdentityResult>/);
  });
});
