import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  DeleteObjectsCommand,
  GetObjectAclCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectAclCommand,
  type ObjectCannedACL,
} from '@aws-sdk/client-s3';

import { AccessFixture, allow, deny, identityStatement, type TestUser } from './access/fixture.js';
import { boto3Text, sdkRead } from './access/reads.js';
import { sdkError } from './harness/errors.js';

// The owner reads a private object. A second user reads it only once it is public, granted
// to them by ACL (by canonical id or email), or allowed by a bucket policy or their user
// policy. An explicit Deny in the bucket policy beats each of these.

let fixture: AccessFixture;
let bob: TestUser;
let carol: TestUser;
const bucket = 'sharing';
const key = 'report.txt';
const content = 'quarterly numbers\n';
const objectArn = `arn:aws:s3:::${bucket}/${key}`;

before(async () => {
  fixture = await AccessFixture.start();
  await fixture.awsOk(['s3api', 'create-bucket', '--bucket', bucket]);
  const file = join(fixture.dir, 'report.txt');
  await writeFile(file, content);
  await fixture.awsOk(['s3api', 'put-object', '--bucket', bucket, '--key', key, '--body', file]);
  bob = await fixture.createUser('bob');
  carol = await fixture.createUserWithEmail('carol', 'carol@example.com');
});

after(async () => {
  await fixture?.stop();
});

/** Reads the object as Bob with aws-cli, the JavaScript SDK and boto3; all three must agree. */
async function bobReads(): Promise<string> {
  const [cli, sdk, [python]] = await Promise.all([
    fixture.awsRead(bucket, key, bob),
    sdkRead(fixture.s3(bob), bucket, key),
    fixture.boto3([{ caller: bob, operation: 'get_object', params: { Bucket: bucket, Key: key } }]),
  ]);
  assert.deepEqual({ sdk, boto3: boto3Text(python!) }, { sdk: cli, boto3: cli }, 'aws-cli, the JavaScript SDK and boto3 disagree');
  return cli;
}

/** Sets the object's ACL as its owner: a canned ACL, or a READ grant header. */
async function setObjectAcl(acl: { canned: ObjectCannedACL } | { grantRead: string }): Promise<void> {
  const input = 'canned' in acl ? { ACL: acl.canned } : { GrantRead: acl.grantRead };
  await fixture.s3().send(new PutObjectAclCommand({ Bucket: bucket, Key: key, ...input }));
}

describe('a private object', () => {
  it('is read by its owner', async () => {
    assert.equal(await fixture.awsRead(bucket, key, fixture.root), content);
  });

  it('is refused to a second user', async () => {
    assert.equal(await bobReads(), 'AccessDenied');
  });

  it('is refused to an anonymous curl', async () => {
    const response = await fixture.curl(`${fixture.endpoint}/${bucket}/${key}`);
    assert.equal(response.status, 403);
    assert.match(response.body, /<Code>AccessDenied<\/Code>/);
  });

  it('shows its owner with the display name from the identity store', async () => {
    const acl = await fixture.s3().send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
    assert.equal(acl.Owner?.DisplayName, 'root');
    assert.deepEqual(
      acl.Grants?.map((grant) => [grant.Grantee?.Type, grant.Grantee?.DisplayName, grant.Permission]),
      [['CanonicalUser', 'root', 'FULL_CONTROL']],
    );
  });
});

describe('the public-read canned ACL', () => {
  after(() => setObjectAcl({ canned: 'private' }));

  it('lets the second user and anonymous callers read', async () => {
    await fixture.awsOk(['s3api', 'put-object-acl', '--bucket', bucket, '--key', key, '--acl', 'public-read']);
    assert.equal(await bobReads(), content);
    const response = await fixture.curl(`${fixture.endpoint}/${bucket}/${key}`);
    assert.deepEqual(response, { status: 200, body: content });
  });

  it('shows as a READ grant to AllUsers', async () => {
    const acl = await fixture.awsJson<{ Grants: Array<{ Grantee: { URI?: string }; Permission: string }> }>([
      's3api',
      'get-object-acl',
      '--bucket',
      bucket,
      '--key',
      key,
    ]);
    assert.deepEqual(
      acl.Grants.filter((grant) => grant.Grantee.URI !== undefined).map((grant) => [grant.Grantee.URI, grant.Permission]),
      [['http://acs.amazonaws.com/groups/global/AllUsers', 'READ']],
    );
  });

  it('ends with the private canned ACL', async () => {
    await setObjectAcl({ canned: 'private' });
    assert.equal(await bobReads(), 'AccessDenied');
    assert.equal((await fixture.curl(`${fixture.endpoint}/${bucket}/${key}`)).status, 403);
  });
});

describe('ACL grants', () => {
  after(() => setObjectAcl({ canned: 'private' }));

  it('by canonical id let that user read, and nobody else', async () => {
    await fixture.awsOk(['s3api', 'put-object-acl', '--bucket', bucket, '--key', key, '--grant-read', `id=${bob.canonicalId}`]);
    assert.equal(await bobReads(), content);
    assert.equal(await sdkRead(fixture.s3(carol), bucket, key), 'AccessDenied');
  });

  it('show the grantee with its display name', async () => {
    const acl = await fixture.s3(bob).send(new GetObjectAclCommand({ Bucket: bucket, Key: key })).catch((error: Error) => error);
    // Bob may read the object but not its ACL: READ does not include READ_ACP.
    assert.equal((acl as Error).name, 'AccessDenied');
    const seen = await fixture.s3().send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
    assert.deepEqual(
      seen.Grants?.map((grant) => [grant.Grantee?.ID, grant.Grantee?.DisplayName, grant.Permission]),
      [[bob.canonicalId, 'bob', 'READ']],
    );
  });

  it('by email address resolve to the user with that address', async () => {
    await fixture.awsOk(['s3api', 'put-object-acl', '--bucket', bucket, '--key', key, '--grant-read', 'emailaddress=carol@example.com']);
    assert.equal(await sdkRead(fixture.s3(carol), bucket, key), content);
    assert.equal(await bobReads(), 'AccessDenied');
    const acl = await fixture.s3().send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
    assert.deepEqual(
      acl.Grants?.map((grant) => [grant.Grantee?.ID, grant.Grantee?.DisplayName, grant.Permission]),
      [[carol.canonicalId, 'carol', 'READ']],
    );
  });

  it('to an unknown email address or canonical id are refused', async () => {
    const byEmail = await fixture.awsError(
      ['s3api', 'put-object-acl', '--bucket', bucket, '--key', key, '--grant-read', 'emailaddress=nobody@example.com'],
    );
    assert.equal(byEmail.code, 'UnresolvableGrantByEmailAddress');
    const byId = await fixture.awsError(
      ['s3api', 'put-object-acl', '--bucket', bucket, '--key', key, '--grant-read', `id=${'0'.repeat(64)}`],
    );
    assert.equal(byId.code, 'InvalidArgument');
  });

  it('in an AccessControlPolicy body work like the headers', async () => {
    const current = await fixture.s3().send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
    await fixture.s3().send(
      new PutObjectAclCommand({
        Bucket: bucket,
        Key: key,
        AccessControlPolicy: {
          Owner: { ID: current.Owner!.ID },
          Grants: [
            { Grantee: { Type: 'CanonicalUser', ID: current.Owner!.ID }, Permission: 'FULL_CONTROL' },
            { Grantee: { Type: 'CanonicalUser', ID: bob.canonicalId }, Permission: 'READ' },
          ],
        },
      }),
    );
    assert.equal(await bobReads(), content);
    await setObjectAcl({ canned: 'private' });
    assert.equal(await bobReads(), 'AccessDenied');
  });
});

describe('a bucket policy', () => {
  after(() => fixture.deleteBucketPolicy(bucket));

  it('allowing the user lets that user read', async () => {
    const policy = { Version: '2012-10-17', Statement: [allow({ AWS: bob.arn }, 's3:GetObject', `arn:aws:s3:::${bucket}/*`)] };
    await fixture.awsOk(['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', JSON.stringify(policy)]);
    assert.equal(await bobReads(), content);
    assert.equal(await sdkRead(fixture.s3(carol), bucket, key), 'AccessDenied');
  });

  it('is returned as it was sent', async () => {
    const { Policy } = await fixture.awsJson<{ Policy: string }>(['s3api', 'get-bucket-policy', '--bucket', bucket]);
    assert.deepEqual(JSON.parse(Policy), {
      Version: '2012-10-17',
      Statement: [allow({ AWS: bob.arn }, 's3:GetObject', `arn:aws:s3:::${bucket}/*`)],
    });
  });

  it('no longer applies once deleted', async () => {
    await fixture.awsOk(['s3api', 'delete-bucket-policy', '--bucket', bucket]);
    assert.equal(await bobReads(), 'AccessDenied');
    const missing = await fixture.awsError(['s3api', 'get-bucket-policy', '--bucket', bucket]);
    assert.equal(missing.code, 'NoSuchBucketPolicy');
  });
});

describe('a user policy', () => {
  after(() => fixture.awsOk(['iam', 'delete-user-policy', '--user-name', 'bob', '--policy-name', 'read-sharing']));

  it('allowing the object lets that user read', async () => {
    await fixture.putUserPolicy('bob', 'read-sharing', [identityStatement('Allow', 's3:GetObject', `arn:aws:s3:::${bucket}/*`)]);
    assert.equal(await bobReads(), content);
    assert.equal(await sdkRead(fixture.s3(carol), bucket, key), 'AccessDenied');
  });
});

describe('an explicit Deny in the bucket policy', () => {
  /** Grants Bob read access one way, checks it works, adds the Deny, and checks it wins. */
  async function denyBeats(grant: () => Promise<void>, otherStatements: object[] = []): Promise<void> {
    await grant();
    assert.equal(await bobReads(), content, 'the grant alone should let Bob read');
    await fixture.putBucketPolicy(bucket, [...otherStatements, deny({ AWS: bob.arn }, 's3:GetObject', objectArn)]);
    assert.equal(await bobReads(), 'AccessDenied');
  }

  async function reset(): Promise<void> {
    await fixture.deleteBucketPolicy(bucket);
    await setObjectAcl({ canned: 'private' });
    await fixture.aws(['iam', 'delete-user-policy', '--user-name', 'bob', '--policy-name', 'read-sharing']);
  }

  it('beats the public-read ACL, for the denied user only', async () => {
    await denyBeats(() => setObjectAcl({ canned: 'public-read' }));
    assert.equal((await fixture.curl(`${fixture.endpoint}/${bucket}/${key}`)).status, 200);
    await reset();
  });

  it('beats an ACL grant', async () => {
    await denyBeats(() => setObjectAcl({ grantRead: `id=${bob.canonicalId}` }));
    await reset();
  });

  it('beats an Allow in the same bucket policy', async () => {
    const allowBob = allow({ AWS: bob.arn }, 's3:GetObject', `arn:aws:s3:::${bucket}/*`);
    await denyBeats(() => fixture.putBucketPolicy(bucket, [allowBob]), [allowBob]);
    await reset();
  });

  it('beats an Allow in the user policy', async () => {
    await denyBeats(() =>
      fixture.putUserPolicy('bob', 'read-sharing', [identityStatement('Allow', 's3:GetObject', `arn:aws:s3:::${bucket}/*`)]),
    );
    await reset();
  });
});

describe('DeleteObjects', () => {
  const mine = 'bob/mine.txt';
  const theirs = 'others/theirs.txt';

  before(async () => {
    const file = join(fixture.dir, 'small.txt');
    await writeFile(file, 'small\n');
    for (const name of [mine, theirs]) {
      await fixture.awsOk(['s3api', 'put-object', '--bucket', bucket, '--key', name, '--body', file]);
    }
    await fixture.putUserPolicy('bob', 'delete-own', [identityStatement('Allow', 's3:DeleteObject', `arn:aws:s3:::${bucket}/bob/*`)]);
  });

  after(() => fixture.awsOk(['iam', 'delete-user-policy', '--user-name', 'bob', '--policy-name', 'delete-own']));

  it('deletes the keys the caller may delete and reports AccessDenied for the others', async () => {
    const result = await fixture.awsJson<{ Deleted?: Array<{ Key: string }>; Errors?: Array<{ Key: string; Code: string }> }>(
      ['s3api', 'delete-objects', '--bucket', bucket, '--delete', JSON.stringify({ Objects: [{ Key: mine }, { Key: theirs }] })],
      bob,
    );
    assert.deepEqual(result.Deleted?.map((entry) => entry.Key), [mine]);
    assert.deepEqual(result.Errors?.map((entry) => [entry.Key, entry.Code]), [[theirs, 'AccessDenied']]);
  });

  it('left the refused key in place', async () => {
    await fixture.s3().send(new HeadObjectCommand({ Bucket: bucket, Key: theirs }));
    const gone = await sdkError(fixture.s3().send(new HeadObjectCommand({ Bucket: bucket, Key: mine })));
    assert.equal(gone.status, 404);
  });

  it('reports every key as AccessDenied to a caller with no permission', async () => {
    const result = await fixture
      .s3(carol)
      .send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: theirs }, { Key: key }] } }));
    assert.deepEqual(result.Deleted ?? [], []);
    assert.deepEqual(result.Errors?.map((entry) => [entry.Key, entry.Code]), [[theirs, 'AccessDenied'], [key, 'AccessDenied']]);
    await fixture.s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  });
});

describe('a missing key', () => {
  const missing = 'no-such-file.txt';
  after(() => fixture.awsOk(['iam', 'delete-user-policy', '--user-name', 'bob', '--policy-name', 'read-sharing']));

  it('is NoSuchKey to the owner', async () => {
    assert.equal(await fixture.awsRead(bucket, missing, fixture.root), 'NoSuchKey');
  });

  it('is AccessDenied without s3:ListBucket', async () => {
    await fixture.putUserPolicy('bob', 'read-sharing', [identityStatement('Allow', 's3:GetObject', `arn:aws:s3:::${bucket}/*`)]);
    assert.equal(await fixture.awsRead(bucket, key, bob), content);
    assert.equal(await fixture.awsRead(bucket, missing, bob), 'AccessDenied');
  });

  it('is NoSuchKey with s3:ListBucket', async () => {
    await fixture.putUserPolicy('bob', 'read-sharing', [
      identityStatement('Allow', 's3:GetObject', `arn:aws:s3:::${bucket}/*`),
      identityStatement('Allow', 's3:ListBucket', `arn:aws:s3:::${bucket}`),
    ]);
    assert.equal(await fixture.awsRead(bucket, missing, bob), 'NoSuchKey');
    const [python] = await fixture.boto3([{ caller: bob, operation: 'get_object', params: { Bucket: bucket, Key: missing } }]);
    assert.equal(boto3Text(python!), 'NoSuchKey');
  });

  it('is AccessDenied to an anonymous caller', async () => {
    const response = await fixture.curl(`${fixture.endpoint}/${bucket}/${missing}`);
    assert.equal(response.status, 403);
  });
});

describe('malformed policies', () => {
  const statement = (extra: object) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`, ...extra });

  async function bucketPolicyError(policy: string): Promise<{ code: string; message: string }> {
    return fixture.awsError(['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', policy]);
  }

  async function userPolicyError(document: string): Promise<{ code: string; message: string }> {
    return fixture.awsError([
      'iam',
      'put-user-policy',
      '--user-name',
      'bob',
      '--policy-name',
      'broken',
      '--policy-document',
      document,
    ]);
  }

  it('bucket policy that is not JSON', async () => {
    const error = await bucketPolicyError('{"Version":"2012-10-17","Statement":[');
    assert.equal(error.code, 'MalformedPolicy');
    assert.match(error.message, /invalid Json/);
  });

  it('bucket policy without a Principal', async () => {
    const error = await bucketPolicyError(JSON.stringify({ Version: '2012-10-17', Statement: [statement({})] }));
    assert.deepEqual(error, { code: 'MalformedPolicy', message: 'Missing required field Principal' });
  });

  it('bucket policy naming another bucket', async () => {
    const policy = { Version: '2012-10-17', Statement: [statement({ Principal: '*', Resource: 'arn:aws:s3:::elsewhere/*' })] };
    const error = await bucketPolicyError(JSON.stringify(policy));
    assert.deepEqual(error, { code: 'MalformedPolicy', message: 'Policy has invalid resource: "arn:aws:s3:::elsewhere/*"' });
  });

  it('bucket policy with an unknown action', async () => {
    const policy = { Version: '2012-10-17', Statement: [statement({ Principal: '*', Action: 's3:GetObjekt' })] };
    const error = await bucketPolicyError(JSON.stringify(policy));
    assert.deepEqual(error, { code: 'MalformedPolicy', message: 'Policy has invalid action: "s3:GetObjekt"' });
  });

  it('user policy that is not JSON', async () => {
    const error = await userPolicyError('{"Version":"2012-10-17","Statement":[');
    assert.equal(error.code, 'MalformedPolicyDocument');
    assert.match(error.message, /invalid Json/);
  });

  it('user policy with a Principal', async () => {
    const error = await userPolicyError(JSON.stringify({ Version: '2012-10-17', Statement: [statement({ Principal: '*' })] }));
    assert.deepEqual(error, { code: 'MalformedPolicyDocument', message: 'Policy document should not specify a principal.' });
  });

  it('user policy without a Resource', async () => {
    const error = await userPolicyError(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] }));
    assert.deepEqual(error, { code: 'MalformedPolicyDocument', message: 'Policy statement must contain resources.' });
  });

  it('left nothing stored', async () => {
    assert.equal((await fixture.awsError(['s3api', 'get-bucket-policy', '--bucket', bucket])).code, 'NoSuchBucketPolicy');
    const listed = await fixture.awsJson<{ PolicyNames: string[] }>(['iam', 'list-user-policies', '--user-name', 'bob']);
    assert.deepEqual(listed.PolicyNames, []);
  });
});

describe('a bucket policy that denies everything', () => {
  const ownBucket = 'bobs-bucket';
  const denyAll = (name: string) =>
    deny('*', 's3:*', [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`]);

  after(() => fixture.awsOk(['iam', 'delete-user-policy', '--user-name', 'bob', '--policy-name', 'own-bucket']));

  it('still lets the root user read, replace and delete the policy', async () => {
    await fixture.putBucketPolicy(bucket, [denyAll(bucket)]);
    assert.equal(await fixture.awsRead(bucket, key, fixture.root), 'AccessDenied');
    await fixture.awsOk(['s3api', 'get-bucket-policy', '--bucket', bucket]);
    await fixture.putBucketPolicy(bucket, [denyAll(bucket)]);
    await fixture.deleteBucketPolicy(bucket);
    assert.equal(await fixture.awsRead(bucket, key, fixture.root), content);
  });

  it('still lets a user who owns the bucket delete the policy', async () => {
    await fixture.putUserPolicy('bob', 'own-bucket', [
      identityStatement('Allow', 's3:*', [`arn:aws:s3:::${ownBucket}`, `arn:aws:s3:::${ownBucket}/*`]),
    ]);
    await fixture.awsOk(['s3api', 'create-bucket', '--bucket', ownBucket], bob);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [denyAll(ownBucket)] });
    await fixture.awsOk(['s3api', 'put-bucket-policy', '--bucket', ownBucket, '--policy', policy], bob);
    assert.equal((await fixture.awsError(['s3api', 'list-objects-v2', '--bucket', ownBucket], bob)).code, 'AccessDenied');
    await fixture.awsOk(['s3api', 'delete-bucket-policy', '--bucket', ownBucket], bob);
    await fixture.awsOk(['s3api', 'list-objects-v2', '--bucket', ownBucket], bob);
  });
});

describe('Owner elements', () => {
  const ownBucket = 'bobs-listing';

  before(async () => {
    await fixture.putUserPolicy('bob', 'own-listing', [
      identityStatement('Allow', 's3:*', [`arn:aws:s3:::${ownBucket}`, `arn:aws:s3:::${ownBucket}/*`]),
    ]);
    await fixture.awsOk(['s3api', 'create-bucket', '--bucket', ownBucket], bob);
    await fixture.awsOk(['s3api', 'put-object', '--bucket', ownBucket, '--key', 'from-bob.txt'], bob);
    await fixture.awsOk(['s3api', 'put-object', '--bucket', ownBucket, '--key', 'from-root.txt']);
  });

  after(() => fixture.awsOk(['iam', 'delete-user-policy', '--user-name', 'bob', '--policy-name', 'own-listing']));

  it('show the display name of each object owner in listings', async () => {
    const listing = await fixture.s3().send(new ListObjectsV2Command({ Bucket: ownBucket, FetchOwner: true }));
    assert.deepEqual(
      listing.Contents?.map((entry) => [entry.Key, entry.Owner?.ID, entry.Owner?.DisplayName]),
      [
        ['from-bob.txt', bob.canonicalId, 'bob'],
        ['from-root.txt', fixture.rootCanonicalId, 'root'],
      ],
    );
  });

  it('show the caller in ListBuckets', async () => {
    const listing = await fixture.awsJson<{ Owner: { ID: string; DisplayName: string } }>(['s3api', 'list-buckets'], bob);
    assert.deepEqual(listing.Owner, { ID: bob.canonicalId, DisplayName: 'bob' });
  });

  it('show the bucket owner in GetBucketAcl', async () => {
    const acl = await fixture.awsJson<{ Owner: { ID: string; DisplayName: string } }>(
      ['s3api', 'get-bucket-acl', '--bucket', ownBucket],
      bob,
    );
    assert.deepEqual(acl.Owner, { ID: bob.canonicalId, DisplayName: 'bob' });
  });
});
