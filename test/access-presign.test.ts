import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { AccessFixture, deny, identityStatement, type Caller, type Credentials, type TestUser } from './access/fixture.js';
import { runPython } from './harness/clients.js';

// A presigned URL is judged as its signer at each use: it works for anyone while the signer
// may read the object, and stops when the signer loses access or its key is disabled or
// deleted. Bucket policies can reject presigned URLs (s3:authType) or old ones
// (s3:signatureAge).

let fixture: AccessFixture;
let bob: TestUser;
let dave: TestUser;
const bucket = 'presigned';
const key = 'plan.txt';
const content = 'the plan\n';

before(async () => {
  fixture = await AccessFixture.start();
  await fixture.awsOk(['s3api', 'create-bucket', '--bucket', bucket]);
  await fixture.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content }));
  bob = await fixture.createUser('bob');
  dave = await fixture.createUser('dave');
  await fixture.putUserPolicy('dave', 'read-presigned', [identityStatement('Allow', 's3:GetObject', `arn:aws:s3:::${bucket}/*`)]);
});

after(async () => {
  await fixture?.stop();
});

/** Presigns a GET of the object with aws-cli as `caller`. */
async function awsPresign(caller: Caller, expiresIn = 300): Promise<string> {
  const result = await fixture.awsOk(['s3', 'presign', `s3://${bucket}/${key}`, '--expires-in', String(expiresIn)], caller);
  return result.stdout.trim();
}

/** Presigns a GET of the object with boto3 as `caller`. */
async function boto3Presign(caller: Credentials): Promise<string> {
  const { urls } = await runPython<{ urls: string[] }>(
    'presign.py',
    { endpoint: fixture.endpoint, requests: [{ operation: 'get_object', bucket, key, expires: 300, signature: 's3v4' }] },
    fixture.env(caller),
  );
  return urls[0]!;
}

/** Presigns a GET of the object with the JavaScript SDK as `caller`, signed at `signingDate`. */
function sdkPresign(caller: Credentials, options: { expiresIn?: number; signingDate?: Date } = {}): Promise<string> {
  return getSignedUrl(fixture.s3(caller), new GetObjectCommand({ Bucket: bucket, Key: key }), {
    expiresIn: options.expiresIn ?? 300,
    ...(options.signingDate === undefined ? {} : { signingDate: options.signingDate }),
  });
}

/** Fetches a URL with curl, as anyone could: the object's text, or the S3 error code. */
async function fetchWithCurl(url: string): Promise<string> {
  const response = await fixture.curl(url);
  if (response.status === 200) return response.body;
  return /<Code>([^<]+)<\/Code>/.exec(response.body)?.[1] ?? `<status ${response.status}>`;
}

describe('a URL presigned by the owner', () => {
  it('works for anyone, from aws-cli, boto3 and the JavaScript SDK', async () => {
    const urls = [await awsPresign(fixture.root), await boto3Presign(fixture.root), await sdkPresign(fixture.root)];
    for (const url of urls) assert.equal(await fetchWithCurl(url), content, url);
  });
});

describe('a URL presigned by a user without access', () => {
  it('is refused with AccessDenied', async () => {
    assert.equal(await fetchWithCurl(await awsPresign(bob)), 'AccessDenied');
    assert.equal(await fetchWithCurl(await boto3Presign(bob)), 'AccessDenied');
  });
});

describe('a URL presigned with a key that is then disabled', () => {
  let url: string;

  before(async () => {
    url = await sdkPresign(dave, { expiresIn: 3600 });
  });

  it('works while the key is active', async () => {
    assert.equal(await fetchWithCurl(url), content);
  });

  it('is refused with AccessDenied once the key is inactive', async () => {
    await fixture.awsOk(['iam', 'update-access-key', '--user-name', 'dave', '--access-key-id', dave.accessKeyId, '--status', 'Inactive']);
    assert.equal(await fetchWithCurl(url), 'AccessDenied');
    assert.equal(await fixture.awsRead(bucket, key, dave), 'AccessDenied');
  });

  it('keeps the inactive state from a wrong secret', async () => {
    const guess = { ...dave, secretAccessKey: `${dave.secretAccessKey.slice(0, -4)}abcd` };
    assert.equal(await fixture.awsRead(bucket, key, guess), 'InvalidAccessKeyId');
    assert.equal(await fetchWithCurl(await sdkPresign(guess)), 'InvalidAccessKeyId');
  });

  it('works again once the key is active again', async () => {
    await fixture.awsOk(['iam', 'update-access-key', '--user-name', 'dave', '--access-key-id', dave.accessKeyId, '--status', 'Active']);
    assert.equal(await fetchWithCurl(url), content);
  });

  it('is refused with InvalidAccessKeyId once the key is deleted', async () => {
    await fixture.awsOk(['iam', 'delete-access-key', '--user-name', 'dave', '--access-key-id', dave.accessKeyId]);
    assert.equal(await fetchWithCurl(url), 'InvalidAccessKeyId');
    assert.equal(await fixture.awsRead(bucket, key, dave), 'InvalidAccessKeyId');
  });
});

describe('a bucket policy denying s3:authType REST-QUERY-STRING', () => {
  before(async () => {
    await fixture.putBucketPolicy(bucket, [
      deny('*', 's3:GetObject', `arn:aws:s3:::${bucket}/*`, { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } }),
    ]);
  });

  after(() => fixture.deleteBucketPolicy(bucket));

  it('refuses presigned URLs, even the owner’s', async () => {
    assert.equal(await fetchWithCurl(await awsPresign(fixture.root)), 'AccessDenied');
    assert.equal(await fetchWithCurl(await sdkPresign(fixture.root)), 'AccessDenied');
  });

  it('lets header-signed requests through', async () => {
    assert.equal(await fixture.awsRead(bucket, key, fixture.root), content);
    const [python] = await fixture.boto3([{ caller: fixture.root, operation: 'get_object', params: { Bucket: bucket, Key: key } }]);
    assert.ok(python!.ok);
  });
});

describe('a bucket policy capping s3:signatureAge', () => {
  const maxAgeMs = 10 * 60 * 1000;
  let oldUrl: string;

  before(async () => {
    // Signed 20 minutes ago and valid for an hour: within X-Amz-Expires, but older than the cap.
    oldUrl = await sdkPresign(fixture.root, { expiresIn: 3600, signingDate: new Date(Date.now() - 20 * 60 * 1000) });
  });

  after(() => fixture.deleteBucketPolicy(bucket));

  it('leaves an old URL working while no policy caps the age', async () => {
    assert.equal(await fetchWithCurl(oldUrl), content);
  });

  it('refuses the old URL once the policy denies older signatures', async () => {
    await fixture.putBucketPolicy(bucket, [
      deny('*', 's3:GetObject', `arn:aws:s3:::${bucket}/*`, { NumericGreaterThan: { 's3:signatureAge': String(maxAgeMs) } }),
    ]);
    assert.equal(await fetchWithCurl(oldUrl), 'AccessDenied');
  });

  it('accepts a fresh URL', async () => {
    assert.equal(await fetchWithCurl(await sdkPresign(fixture.root)), content);
    assert.equal(await fetchWithCurl(await boto3Presign(fixture.root)), content);
  });
});
