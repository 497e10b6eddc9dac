import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { AccessFixture, allow, assertSecretsNotLogged, deny, identityStatement, type TestUser } from './access/fixture.js';
import { sdkRead } from './access/reads.js';

// aws:SourceIp is the TCP peer's address. X-Forwarded-For is believed only from a proxy the
// server is configured to trust (`--trusted-proxy`), so a client cannot claim an address itself.

let direct: AccessFixture;
let proxied: AccessFixture;
const bucket = 'by-address';
const key = 'office-only.txt';
const content = 'office hours\n';
const objects = `arn:aws:s3:::${bucket}/*`;

before(async () => {
  [direct, proxied] = await Promise.all([
    AccessFixture.start(),
    AccessFixture.start({ args: ['--trusted-proxy', '127.0.0.1'] }),
  ]);
  for (const fixture of [direct, proxied]) {
    await fixture.awsOk(['s3api', 'create-bucket', '--bucket', bucket]);
    await fixture.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content }));
  }
});

after(async () => {
  if (direct !== undefined && proxied !== undefined) {
    assertSecretsNotLogged([direct.server, proxied.server], [...direct.secrets, ...proxied.secrets]);
  }
  await direct?.stop();
  await proxied?.stop();
});

/** Sends an anonymous curl GET of the object, optionally claiming a client address; returns the status. */
async function anonymousStatus(fixture: AccessFixture, forwardedFor?: string): Promise<number> {
  const header = forwardedFor === undefined ? [] : ['-H', `X-Forwarded-For: ${forwardedFor}`];
  return (await fixture.curl(`${fixture.endpoint}/${bucket}/${key}`, header)).status;
}

function anyoneFrom(cidr: string): object {
  return allow('*', 's3:GetObject', objects, { IpAddress: { 'aws:SourceIp': cidr } });
}

/** Creates a JavaScript SDK client whose requests carry `X-Forwarded-For: address`. */
function forwardingClient(fixture: AccessFixture, user: TestUser, address: string): S3Client {
  const client = fixture.s3(user);
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-forwarded-for'] = address;
      return next(args);
    },
    { step: 'build', name: 'forwardedFor' },
  );
  return client;
}

describe('aws:SourceIp without a trusted proxy', () => {
  it('is the peer address', async () => {
    await direct.putBucketPolicy(bucket, [anyoneFrom('127.0.0.1/32')]);
    assert.equal(await anonymousStatus(direct), 200);
    await direct.putBucketPolicy(bucket, [anyoneFrom('192.0.2.0/24')]);
    assert.equal(await anonymousStatus(direct), 403);
  });

  it('ignores an X-Forwarded-For header sent by the client', async () => {
    await direct.putBucketPolicy(bucket, [anyoneFrom('203.0.113.0/24')]);
    assert.equal(await anonymousStatus(direct, '203.0.113.7'), 403);
    await direct.putBucketPolicy(bucket, [anyoneFrom('127.0.0.1/32')]);
    assert.equal(await anonymousStatus(direct, '203.0.113.7'), 200);
  });
});

describe('aws:SourceIp behind a trusted proxy (--trusted-proxy 127.0.0.1)', () => {
  it('is the address X-Forwarded-For names', async () => {
    await proxied.putBucketPolicy(bucket, [anyoneFrom('203.0.113.0/24')]);
    assert.equal(await anonymousStatus(proxied, '203.0.113.7'), 200);
    assert.equal(await anonymousStatus(proxied, '198.51.100.1'), 403);
  });

  it('skips trusted hops from the right of the list', async () => {
    assert.equal(await anonymousStatus(proxied, '203.0.113.7, 127.0.0.1'), 200);
    assert.equal(await anonymousStatus(proxied, '203.0.113.7, 198.51.100.1'), 403);
  });

  it('is the proxy itself when no X-Forwarded-For is sent', async () => {
    assert.equal(await anonymousStatus(proxied), 403);
    await proxied.putBucketPolicy(bucket, [anyoneFrom('127.0.0.1/32')]);
    assert.equal(await anonymousStatus(proxied), 200);
    assert.equal(await anonymousStatus(proxied, '203.0.113.7'), 403);
  });
});

describe('an explicit Deny on aws:SourceIp', () => {
  let users: TestUser[];

  before(async () => {
    users = await Promise.all([direct.createUser('gina'), proxied.createUser('gina')]);
    for (const [fixture, user] of [[direct, users[0]!], [proxied, users[1]!]] as const) {
      await fixture.putUserPolicy('gina', 'read', [identityStatement('Allow', 's3:GetObject', objects)]);
      await fixture.putBucketPolicy(bucket, [
        deny({ AWS: user.arn }, 's3:GetObject', objects, { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
      ]);
    }
  });

  it('refuses a signed request from outside the range, whatever it claims, without a trusted proxy', async () => {
    assert.equal(await sdkRead(forwardingClient(direct, users[0]!, '203.0.113.7'), bucket, key), 'AccessDenied');
    assert.equal(await direct.awsRead(bucket, key, users[0]!), 'AccessDenied');
  });

  it('lets a signed request through when the trusted proxy forwards an address in the range', async () => {
    assert.equal(await sdkRead(forwardingClient(proxied, users[1]!, '203.0.113.7'), bucket, key), content);
    assert.equal(await sdkRead(forwardingClient(proxied, users[1]!, '198.51.100.1'), bucket, key), 'AccessDenied');
  });
});
