import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketOwnershipControlsCommand,
  DeletePublicAccessBlockCommand,
  GetBucketAclCommand,
  GetBucketOwnershipControlsCommand,
  GetObjectAclCommand,
  GetPublicAccessBlockCommand,
  PutBucketAclCommand,
  PutBucketOwnershipControlsCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  UploadPartCommand,
  type PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';

import { AccessFixture, allow, type Credentials, type TestUser } from './access/fixture.js';
import { sdkError } from './harness/errors.js';

// Public buckets and objects: a public-read bucket ACL and a Principal "*" policy let anyone
// list and read, until Block Public Access stops them. ACLs set on writes (CreateBucket,
// PutObject, CopyObject, multipart uploads, POST forms) follow Object Ownership and Block
// Public Access.

let fixture: AccessFixture;
let bob: TestUser;
const bucket = 'open-house';
const key = 'notice.txt';
const content = 'open on Saturdays\n';

before(async () => {
  fixture = await AccessFixture.start();
  bob = await fixture.createUser('bob');
});

after(async () => {
  await fixture?.stop();
});

/** Sends an anonymous curl request and returns the status, the body and any S3 error code. */
async function anonymous(path: string): Promise<{ status: number; code?: string; body: string }> {
  const response = await fixture.curl(`${fixture.endpoint}${path}`);
  const code = /<Code>([^<]+)<\/Code>/.exec(response.body)?.[1];
  return { status: response.status, ...(code === undefined ? {} : { code }), body: response.body };
}

async function setBlock(configuration: PublicAccessBlockConfiguration): Promise<void> {
  await fixture.s3().send(new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: configuration }));
}

describe('a public bucket', () => {
  before(async () => {
    await fixture.awsOk(['s3api', 'create-bucket', '--bucket', bucket, '--acl', 'public-read']);
    await fixture.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content }));
  });

  it('lists for anyone through its public-read ACL', async () => {
    const listing = await anonymous(`/${bucket}?list-type=2`);
    assert.equal(listing.status, 200);
    assert.match(listing.body, new RegExp(`<Key>${key}</Key>`));
    const [python] = await fixture.boto3([{ caller: 'anonymous', operation: 'list_objects_v2', params: { Bucket: bucket } }]);
    assert.ok(python!.ok);
  });

  it('does not let anyone read objects through the bucket ACL alone', async () => {
    assert.deepEqual(await anonymous(`/${bucket}/${key}`).then((r) => [r.status, r.code]), [403, 'AccessDenied']);
  });

  it('lets anyone read objects through a Principal "*" policy', async () => {
    const policy = { Version: '2012-10-17', Statement: [allow('*', 's3:GetObject', `arn:aws:s3:::${bucket}/*`)] };
    await fixture.awsOk(['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', JSON.stringify(policy)]);
    assert.deepEqual(await anonymous(`/${bucket}/${key}`).then((r) => [r.status, r.body]), [200, content]);
    const [python] = await fixture.boto3([{ caller: 'anonymous', operation: 'get_object', params: { Bucket: bucket, Key: key } }]);
    assert.deepEqual(python, { ok: true, data: { ...(python as { data: object }).data, Body: content } });
  });

  it('stops listing, but still reads, with IgnorePublicAcls alone', async () => {
    await setBlock({ IgnorePublicAcls: true });
    assert.deepEqual(await anonymous(`/${bucket}?list-type=2`).then((r) => [r.status, r.code]), [403, 'AccessDenied']);
    assert.equal((await anonymous(`/${bucket}/${key}`)).status, 200);
    const acl = await fixture.s3().send(new GetBucketAclCommand({ Bucket: bucket }));
    assert.deepEqual(acl.Grants?.map((grant) => grant.Grantee?.Type), ['CanonicalUser'], 'GetBucketAcl shows the ACL as enforced');
  });

  it('stops reading, but still lists, with RestrictPublicBuckets alone', async () => {
    await setBlock({ RestrictPublicBuckets: true });
    assert.equal((await anonymous(`/${bucket}?list-type=2`)).status, 200);
    assert.deepEqual(await anonymous(`/${bucket}/${key}`).then((r) => [r.status, r.code]), [403, 'AccessDenied']);
    assert.equal(await fixture.awsRead(bucket, key, fixture.root), content, 'the owner still reads');
  });

  it('stops both once aws-cli blocks all public access', async () => {
    await fixture.awsOk([
      's3api',
      'put-public-access-block',
      '--bucket',
      bucket,
      '--public-access-block-configuration',
      'BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    ]);
    assert.equal((await anonymous(`/${bucket}?list-type=2`)).status, 403);
    assert.equal((await anonymous(`/${bucket}/${key}`)).status, 403);
    const shown = await fixture.awsJson<{ PublicAccessBlockConfiguration: Record<string, boolean> }>([
      's3api',
      'get-public-access-block',
      '--bucket',
      bucket,
    ]);
    assert.deepEqual(shown.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
  });

  it('refuses new public ACLs and policies while blocked', async () => {
    const bucketAcl = await fixture.awsError(['s3api', 'put-bucket-acl', '--bucket', bucket, '--acl', 'public-read']);
    assert.equal(bucketAcl.code, 'AccessDenied');
    const objectAcl = await fixture.awsError(['s3api', 'put-object', '--bucket', bucket, '--key', 'other.txt', '--acl', 'public-read']);
    assert.equal(objectAcl.code, 'AccessDenied');
    const policy = { Version: '2012-10-17', Statement: [allow('*', 's3:GetObject', `arn:aws:s3:::${bucket}/*`)] };
    const publicPolicy = await fixture.awsError(['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', JSON.stringify(policy)]);
    assert.equal(publicPolicy.code, 'AccessDenied');
    // A policy naming one user is not public, so BlockPublicPolicy lets it through.
    await fixture.putBucketPolicy(bucket, [allow({ AWS: bob.arn }, 's3:GetObject', `arn:aws:s3:::${bucket}/*`)]);
  });

  it('is public again once the block is deleted', async () => {
    await fixture.awsOk(['s3api', 'delete-public-access-block', '--bucket', bucket]);
    const policy = { Version: '2012-10-17', Statement: [allow('*', 's3:GetObject', `arn:aws:s3:::${bucket}/*`)] };
    await fixture.awsOk(['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', JSON.stringify(policy)]);
    assert.equal((await anonymous(`/${bucket}?list-type=2`)).status, 200);
    assert.equal((await anonymous(`/${bucket}/${key}`)).status, 200);
    const missing = await sdkError(fixture.s3().send(new GetPublicAccessBlockCommand({ Bucket: bucket })));
    assert.deepEqual([missing.status, missing.name], [404, 'NoSuchPublicAccessBlockConfiguration']);
  });
});

describe('ACLs on writes', () => {
  const writes = 'writes';

  before(async () => {
    await fixture.s3().send(new CreateBucketCommand({ Bucket: writes }));
  });

  it('PutObject with x-amz-acl public-read makes the object public', async () => {
    const file = join(fixture.dir, 'flyer.txt');
    await writeFile(file, 'flyer\n');
    await fixture.awsOk(['s3api', 'put-object', '--bucket', writes, '--key', 'flyer.txt', '--body', file, '--acl', 'public-read']);
    assert.deepEqual(await anonymous(`/${writes}/flyer.txt`).then((r) => [r.status, r.body]), [200, 'flyer\n']);
  });

  it('PutObject with a grant header shares the object with one user', async () => {
    await fixture.s3().send(
      new PutObjectCommand({ Bucket: writes, Key: 'for-bob.txt', Body: 'hello bob\n', GrantRead: `id=${bob.canonicalId}` }),
    );
    assert.equal(await fixture.awsRead(writes, 'for-bob.txt', bob), 'hello bob\n');
    assert.equal((await anonymous(`/${writes}/for-bob.txt`)).status, 403);
  });

  it('CopyObject gives the copy the request ACL, never the source ACL', async () => {
    const client = fixture.s3();
    await client.send(new CopyObjectCommand({ Bucket: writes, Key: 'copy-private.txt', CopySource: `${writes}/flyer.txt` }));
    assert.equal((await anonymous(`/${writes}/copy-private.txt`)).status, 403);
    await client.send(
      new CopyObjectCommand({ Bucket: writes, Key: 'copy-public.txt', CopySource: `${writes}/for-bob.txt`, ACL: 'public-read' }),
    );
    assert.deepEqual(await anonymous(`/${writes}/copy-public.txt`).then((r) => [r.status, r.body]), [200, 'hello bob\n']);
    assert.equal(await fixture.awsRead(writes, 'copy-private.txt', bob), 'AccessDenied');
  });

  it('CreateMultipartUpload keeps its ACL for the completed object', async () => {
    const client = fixture.s3();
    const upload = await client.send(new CreateMultipartUploadCommand({ Bucket: writes, Key: 'big.bin', ACL: 'public-read' }));
    const part = await client.send(
      new UploadPartCommand({ Bucket: writes, Key: 'big.bin', UploadId: upload.UploadId, PartNumber: 1, Body: 'one part\n' }),
    );
    assert.equal((await anonymous(`/${writes}/big.bin`)).status, 403, 'nothing is public before Complete');
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: writes,
        Key: 'big.bin',
        UploadId: upload.UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    assert.deepEqual(await anonymous(`/${writes}/big.bin`).then((r) => [r.status, r.body]), [200, 'one part\n']);
  });

  /** Uploads `posted\n` with a POST form that boto3 signed, with an `acl` field: the response. */
  async function postWithAcl(
    name: string,
    acl: string | undefined,
    caller: Credentials = fixture.root,
  ): Promise<{ status: number; body: string }> {
    const withAcl = acl === undefined ? {} : { Fields: { acl }, Conditions: [{ acl }] };
    const [post] = await fixture.boto3([
      { caller, operation: 'generate_presigned_post', params: { Bucket: writes, Key: name, ...withAcl } },
    ]);
    assert.ok(post!.ok);
    const { url, fields } = post.data as { url: string; fields: Record<string, string> };
    const file = join(fixture.dir, 'posted.txt');
    await writeFile(file, 'posted\n');
    const form = Object.entries(fields).flatMap(([field, value]) => ['-F', `${field}=${value}`]);
    return fixture.curl(url, [...form, '-F', `file=@${file}`]);
  }

  it('a POST form with acl=public-read makes the upload public', async () => {
    assert.equal((await postWithAcl('posted.txt', 'public-read')).status, 204);
    assert.deepEqual(await anonymous(`/${writes}/posted.txt`).then((r) => [r.status, r.body]), [200, 'posted\n']);
  });

  it('setting an ACL needs s3:PutObjectAcl', async () => {
    await fixture.putBucketPolicy(writes, [allow({ AWS: bob.arn }, 's3:PutObject', `arn:aws:s3:::${writes}/*`)]);
    const asBob = fixture.s3(bob);
    await asBob.send(new PutObjectCommand({ Bucket: writes, Key: 'by-bob.txt', Body: 'x' }));
    const put = await sdkError(asBob.send(new PutObjectCommand({ Bucket: writes, Key: 'by-bob.txt', Body: 'x', ACL: 'public-read' })));
    assert.equal(put.name, 'AccessDenied');
    assert.equal((await postWithAcl('by-bob.txt', undefined, bob)).status, 204);
    const posted = await postWithAcl('by-bob.txt', 'public-read', bob);
    assert.deepEqual([posted.status, /<Code>([^<]+)<\/Code>/.exec(posted.body)?.[1]], [403, 'AccessDenied']);
    assert.equal((await anonymous(`/${writes}/by-bob.txt`)).status, 403);
    await fixture.deleteBucketPolicy(writes);
  });

  it('BlockPublicAcls refuses public ACLs on every kind of write', async () => {
    const client = fixture.s3();
    await client.send(new PutPublicAccessBlockCommand({ Bucket: writes, PublicAccessBlockConfiguration: { BlockPublicAcls: true } }));
    const attempts = {
      PutObject: () => client.send(new PutObjectCommand({ Bucket: writes, Key: 'x.txt', Body: 'x', ACL: 'public-read' })),
      CopyObject: () =>
        client.send(new CopyObjectCommand({ Bucket: writes, Key: 'x.txt', CopySource: `${writes}/flyer.txt`, ACL: 'public-read' })),
      CreateMultipartUpload: () =>
        client.send(new CreateMultipartUploadCommand({ Bucket: writes, Key: 'x.txt', ACL: 'authenticated-read' })),
      PutBucketAcl: () => client.send(new PutBucketAclCommand({ Bucket: writes, ACL: 'public-read' })),
    };
    const outcomes: Record<string, string> = {};
    for (const [operation, attempt] of Object.entries(attempts)) outcomes[operation] = (await sdkError(attempt())).name;
    const posted = await postWithAcl('posted-blocked.txt', 'public-read');
    outcomes.PostObject = /<Code>([^<]+)<\/Code>/.exec(posted.body)?.[1] ?? String(posted.status);
    assert.deepEqual(outcomes, {
      PutObject: 'AccessDenied',
      CopyObject: 'AccessDenied',
      CreateMultipartUpload: 'AccessDenied',
      PutBucketAcl: 'AccessDenied',
      PostObject: 'AccessDenied',
    });
    await client.send(new DeletePublicAccessBlockCommand({ Bucket: writes }));
  });
});

describe('Object Ownership', () => {
  const enforced = 'enforced';
  const preferred = 'preferred';

  it('CreateBucket refuses a public ACL with BucketOwnerEnforced', async () => {
    const error = await fixture.awsError([
      's3api',
      'create-bucket',
      '--bucket',
      enforced,
      '--object-ownership',
      'BucketOwnerEnforced',
      '--acl',
      'public-read',
    ]);
    assert.equal(error.code, 'InvalidBucketAclWithObjectOwnership');
    assert.equal((await fixture.awsError(['s3api', 'head-bucket', '--bucket', enforced])).code, '404');
  });

  it('BucketOwnerEnforced refuses ACLs other than the bucket owner’s full control', async () => {
    await fixture.awsOk(['s3api', 'create-bucket', '--bucket', enforced, '--object-ownership', 'BucketOwnerEnforced']);
    const controls = await fixture.awsJson<{ OwnershipControls: { Rules: Array<{ ObjectOwnership: string }> } }>([
      's3api',
      'get-bucket-ownership-controls',
      '--bucket',
      enforced,
    ]);
    assert.deepEqual(controls.OwnershipControls.Rules, [{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const refused = await fixture.awsError(['s3api', 'put-object', '--bucket', enforced, '--key', 'a.txt', '--acl', 'public-read']);
    assert.equal(refused.code, 'AccessControlListNotSupported');
    const bucketAcl = await fixture.awsError(['s3api', 'put-bucket-acl', '--bucket', enforced, '--acl', 'public-read']);
    assert.equal(bucketAcl.code, 'AccessControlListNotSupported');
    await fixture.awsOk(['s3api', 'put-object', '--bucket', enforced, '--key', 'a.txt', '--acl', 'bucket-owner-full-control']);
  });

  it('BucketOwnerEnforced makes the bucket owner own what others write', async () => {
    await fixture.putBucketPolicy(enforced, [allow({ AWS: bob.arn }, 's3:PutObject', `arn:aws:s3:::${enforced}/*`)]);
    await fixture.s3(bob).send(new PutObjectCommand({ Bucket: enforced, Key: 'from-bob.txt', Body: 'bob\n' }));
    const acl = await fixture.s3().send(new GetObjectAclCommand({ Bucket: enforced, Key: 'from-bob.txt' }));
    assert.deepEqual([acl.Owner?.ID, acl.Owner?.DisplayName], [fixture.rootCanonicalId, 'root']);
  });

  it('BucketOwnerPreferred gives the bucket owner objects written with bucket-owner-full-control', async () => {
    const client = fixture.s3();
    await client.send(new CreateBucketCommand({ Bucket: preferred }));
    await client.send(
      new PutBucketOwnershipControlsCommand({
        Bucket: preferred,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      }),
    );
    await fixture.putBucketPolicy(preferred, [allow({ AWS: bob.arn }, ['s3:PutObject', 's3:PutObjectAcl'], `arn:aws:s3:::${preferred}/*`)]);
    const asBob = fixture.s3(bob);
    await asBob.send(new PutObjectCommand({ Bucket: preferred, Key: 'handed-over.txt', Body: 'x', ACL: 'bucket-owner-full-control' }));
    await asBob.send(new PutObjectCommand({ Bucket: preferred, Key: 'kept.txt', Body: 'x' }));
    const owners = [];
    for (const name of ['handed-over.txt', 'kept.txt']) {
      owners.push((await client.send(new GetObjectAclCommand({ Bucket: preferred, Key: name }))).Owner?.DisplayName);
    }
    assert.deepEqual(owners, ['root', 'bob']);
  });

  it('refuses BucketOwnerEnforced while the bucket ACL grants others', async () => {
    const client = fixture.s3();
    await client.send(new PutBucketAclCommand({ Bucket: preferred, ACL: 'public-read' }));
    const refused = await sdkError(
      client.send(
        new PutBucketOwnershipControlsCommand({
          Bucket: preferred,
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        }),
      ),
    );
    assert.equal(refused.name, 'InvalidBucketAclWithObjectOwnership');
  });

  it('deleting the controls leaves no rule', async () => {
    const client = fixture.s3();
    const deleted = await client.send(new DeleteBucketOwnershipControlsCommand({ Bucket: preferred }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    const missing = await sdkError(client.send(new GetBucketOwnershipControlsCommand({ Bucket: preferred })));
    assert.deepEqual([missing.status, missing.name], [404, 'OwnershipControlsNotFoundError']);
  });
});
