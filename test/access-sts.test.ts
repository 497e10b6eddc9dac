import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { AccessFixture, assertSecretsNotLogged, identityStatement, type Credentials, type TestUser } from './access/fixture.js';
import { boto3Text, sdkRead } from './access/reads.js';
import { sleep } from './harness/files.js';
import { childPids } from './harness/processes.js';
import { runPython } from './harness/clients.js';

// Temporary credentials from GetSessionToken and AssumeRole work only with their session
// token, carry the permissions of their user or role, and end with the session.

let fixture: AccessFixture;
let erin: TestUser;
const bucket = 'vault';
const otherBucket = 'elsewhere';
const key = 'combination.txt';
const content = '12-34-56\n';

before(async () => {
  fixture = await AccessFixture.start();
  const client = fixture.s3();
  await fixture.awsOk(['s3api', 'create-bucket', '--bucket', bucket]);
  await fixture.awsOk(['s3api', 'create-bucket', '--bucket', otherBucket]);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content }));
  await client.send(new PutObjectCommand({ Bucket: otherBucket, Key: key, Body: 'not for erin\n' }));
  erin = await fixture.createUser('erin');
  await fixture.putUserPolicy('erin', 'vault', [
    identityStatement('Allow', 's3:GetObject', `arn:aws:s3:::${bucket}/*`),
    identityStatement('Allow', 'sts:AssumeRole', '*'),
  ]);
});

after(async () => {
  await fixture?.stop();
});

interface StsCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

function toCredentials(sts: StsCredentials): Credentials {
  return fixture.rememberSession({
    accessKeyId: sts.AccessKeyId,
    secretAccessKey: sts.SecretAccessKey,
    sessionToken: sts.SessionToken,
  });
}

/** Returns the same credentials with one character of the session token changed. */
function alteredToken(credentials: Credentials): Credentials {
  const token = credentials.sessionToken!;
  const last = token.at(-3) === 'A' ? 'B' : 'A';
  return { ...credentials, sessionToken: `${token.slice(0, -3)}${last}${token.slice(-2)}` };
}

function withoutToken(credentials: Credentials): Credentials {
  return { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey };
}

/** Checks that credentials read with their token, and fail with InvalidToken without it or with another. */
async function checkToken(credentials: Credentials): Promise<void> {
  assert.equal(await fixture.awsRead(bucket, key, credentials), content);
  assert.equal(await sdkRead(fixture.s3(credentials), bucket, key), content);
  const results = await fixture.boto3([
    { caller: credentials, operation: 'get_object', params: { Bucket: bucket, Key: key } },
    { caller: withoutToken(credentials), operation: 'get_object', params: { Bucket: bucket, Key: key } },
    { caller: alteredToken(credentials), operation: 'get_object', params: { Bucket: bucket, Key: key } },
  ]);
  assert.deepEqual(results.map(boto3Text), [content, 'InvalidToken', 'InvalidToken']);
  assert.equal(await fixture.awsRead(bucket, key, withoutToken(credentials)), 'InvalidToken');
  assert.equal(await sdkRead(fixture.s3(alteredToken(credentials)), bucket, key), 'InvalidToken');
}

describe('GetSessionToken', () => {
  let session: Credentials;

  before(async () => {
    const { Credentials } = await fixture.awsJson<{ Credentials: StsCredentials }>(
      ['sts', 'get-session-token', '--duration-seconds', '900'],
      erin,
    );
    session = toCredentials(Credentials);
  });

  it('gives credentials that work with their session token only', async () => {
    await checkToken(session);
  });

  it('gives the user’s own permissions', async () => {
    assert.equal(await sdkRead(fixture.s3(session), otherBucket, key), 'AccessDenied');
    const listing = await fixture.s3(session).send(new ListObjectsV2Command({ Bucket: bucket })).catch((error: Error) => error);
    assert.equal((listing as Error).name, 'AccessDenied');
  });

  it('gives a presigned URL that works for anyone', async () => {
    const url = await getSignedUrl(fixture.s3(session), new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 300 });
    assert.match(url, /X-Amz-Security-Token=/);
    assert.deepEqual(await fixture.curl(url), { status: 200, body: content });
  });

  it('gives a SigV2 presigned URL that works', async () => {
    const { urls } = await runPython<{ urls: string[] }>(
      'presign.py',
      { endpoint: fixture.endpoint, requests: [{ operation: 'get_object', bucket, key, expires: 300, signature: 's3' }] },
      fixture.env(session),
    );
    assert.match(urls[0]!, /[?&]Signature=.*[?&]x-amz-security-token=|[?&]x-amz-security-token=.*[?&]Signature=/);
    assert.deepEqual(await fixture.curl(urls[0]!), { status: 200, body: content });
  });

  it('refuses a SigV2 presigned URL without its token', async () => {
    const { urls } = await runPython<{ urls: string[] }>(
      'presign.py',
      { endpoint: fixture.endpoint, requests: [{ operation: 'get_object', bucket, key, expires: 300, signature: 's3' }] },
      fixture.env(session),
    );
    const stripped = urls[0]!.replace(/&?x-amz-security-token=[^&]*/, '');
    assert.equal((await fixture.curl(stripped)).status, 403);
  });
});

describe('AssumeRole', () => {
  let session: Credentials;

  before(async () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: erin.arn }, Action: 'sts:AssumeRole' }],
    };
    const { Role } = await fixture.awsJson<{ Role: { Arn: string } }>([
      'iam',
      'create-role',
      '--role-name',
      'vault-reader',
      '--assume-role-policy-document',
      JSON.stringify(trust),
    ]);
    const rolePolicy = { Version: '2012-10-17', Statement: [identityStatement('Allow', 's3:GetObject', `arn:aws:s3:::${bucket}/*`)] };
    await fixture.awsOk([
      'iam',
      'put-role-policy',
      '--role-name',
      'vault-reader',
      '--policy-name',
      'read-vault',
      '--policy-document',
      JSON.stringify(rolePolicy),
    ]);
    const { Credentials } = await fixture.awsJson<{ Credentials: StsCredentials }>(
      ['sts', 'assume-role', '--role-arn', Role.Arn, '--role-session-name', 'audit', '--duration-seconds', '900'],
      erin,
    );
    session = toCredentials(Credentials);
  });

  it('gives credentials that work with their session token only', async () => {
    await checkToken(session);
  });

  it('gives only what the role policy allows', async () => {
    const client = fixture.s3(session);
    assert.equal(await sdkRead(client, otherBucket, key), 'AccessDenied');
    const listing = await client.send(new ListObjectsV2Command({ Bucket: bucket })).catch((error: Error) => error);
    assert.equal((listing as Error).name, 'AccessDenied');
    const write = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'planted.txt', Body: 'x' })).catch((error: Error) => error);
    assert.equal((write as Error).name, 'AccessDenied');
    const policy = await fixture.aws(['s3api', 'delete-bucket-policy', '--bucket', bucket], session);
    assert.match(policy.stderr, /\(AccessDenied\)/);
  });

  it('cannot be assumed by a user the trust policy does not name', async () => {
    const frank = await fixture.createUser('frank');
    await fixture.putUserPolicy('frank', 'assume', [identityStatement('Allow', 'sts:AssumeRole', '*')]);
    const error = await fixture.awsError(
      ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${fixture.accountId}:role/vault-reader`, '--role-session-name', 'sneaky'],
      frank,
    );
    assert.equal(error.code, 'AccessDenied');
  });
});

describe('a session past its expiry', () => {
  // The server's clock is moved forward instead of waiting out the 15-minute minimum session:
  // `access/clock-shift.js` is loaded into this server and advances its Date by 1000 s on
  // SIGUSR2. Presigned URLs are signed for an hour, so only the sessions run out.
  let shifted: AccessFixture;
  let reader: TestUser;
  let userSession: Credentials;
  let roleSession: Credentials;
  const urls: string[] = [];

  before(async () => {
    shifted = await AccessFixture.start({
      env: {
        NODE_OPTIONS: `--import=${new URL('./access/clock-shift.js', import.meta.url).href}`,
        CLOCK_SHIFT_STEP_SECONDS: '1000',
      },
    });
    await shifted.awsOk(['s3api', 'create-bucket', '--bucket', bucket]);
    await shifted.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content }));
    reader = await shifted.createUser('reader');
    await shifted.putUserPolicy('reader', 'vault', [
      identityStatement('Allow', 's3:GetObject', `arn:aws:s3:::${bucket}/*`),
      identityStatement('Allow', 'sts:AssumeRole', '*'),
    ]);
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: reader.arn }, Action: 'sts:AssumeRole' }] };
    await shifted.awsOk(['iam', 'create-role', '--role-name', 'brief', '--assume-role-policy-document', JSON.stringify(trust)]);
    const rolePolicy = { Version: '2012-10-17', Statement: [identityStatement('Allow', 's3:GetObject', `arn:aws:s3:::${bucket}/*`)] };
    await shifted.awsOk(['iam', 'put-role-policy', '--role-name', 'brief', '--policy-name', 'read', '--policy-document', JSON.stringify(rolePolicy)]);

    const user = await shifted.awsJson<{ Credentials: StsCredentials }>(['sts', 'get-session-token', '--duration-seconds', '900'], reader);
    const role = await shifted.awsJson<{ Credentials: StsCredentials }>(
      ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${shifted.accountId}:role/brief`, '--role-session-name', 'short', '--duration-seconds', '900'],
      reader,
    );
    userSession = shifted.rememberSession({
      accessKeyId: user.Credentials.AccessKeyId,
      secretAccessKey: user.Credentials.SecretAccessKey,
      sessionToken: user.Credentials.SessionToken,
    });
    roleSession = shifted.rememberSession({
      accessKeyId: role.Credentials.AccessKeyId,
      secretAccessKey: role.Credentials.SecretAccessKey,
      sessionToken: role.Credentials.SessionToken,
    });
    const { urls: boto3Urls } = await runPython<{ urls: string[] }>(
      'presign.py',
      { endpoint: shifted.endpoint, requests: [{ operation: 'get_object', bucket, key, expires: 3600, signature: 's3v4' }] },
      shifted.env(userSession),
    );
    urls.push(boto3Urls[0]!);
    urls.push(await getSignedUrl(shifted.s3(roleSession), new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 3600 }));
  });

  after(async () => {
    if (shifted === undefined) return;
    assertSecretsNotLogged([shifted.server, fixture.server], [...shifted.secrets, ...fixture.secrets]);
    await shifted.stop();
  });

  it('works before the session expires', async () => {
    for (const url of urls) assert.deepEqual(await shifted.curl(url), { status: 200, body: content });
  });

  it('fails with ExpiredToken once the server’s clock is past the expiry', async () => {
    // A server started with --workers is a process group, so every process in it moves its clock.
    const processes = [shifted.server.pid, ...(await childPids(shifted.server.pid))];
    const confirmed = (): boolean =>
      processes.every((pid) => shifted.server.logLines().some((line) => line.msg === 'clock shifted' && line.pid === pid));
    process.kill(-shifted.server.pid, 'SIGUSR2');
    for (let waited = 0; !confirmed(); waited += 50) {
      assert.ok(waited < 10_000, 'the server did not confirm the clock shift');
      await sleep(50);
    }
    for (const url of urls) {
      const response = await shifted.curl(url);
      assert.equal(response.status, 400, url);
      assert.match(response.body, /<Code>ExpiredToken<\/Code>/);
    }
  });
});
