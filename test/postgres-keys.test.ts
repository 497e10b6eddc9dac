import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

import { s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { createTestDatabase, type TestDatabase } from './harness/postgres.js';
import { startCoffer, type CofferServer } from './harness/server.js';

// Keys PostgreSQL text cannot hold. This test needs a running PostgreSQL with either
// COFFER_TEST_METADATA value (scripts/start-postgres.sh).

const bucket = 'nul-keys';
let database: TestDatabase;
let server: CofferServer;
let s3: S3Client;

before(async () => {
  database = await createTestDatabase();
  server = await startCoffer({ args: ['--metadata', database.url] });
  // Without retries: the SDK would otherwise resend a request that failed on the server.
  s3 = s3Client(server, { maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const key of ['a', 'a/1', 'b']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
});

after(async () => {
  await server?.stop();
  await database?.drop();
});

describe('U+0000 in keys on PostgreSQL', () => {
  it('PutObject is InvalidArgument', async () => {
    const error = await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a\u0000b', Body: 'x' })));
    assert.equal(error.status, 400);
    assert.equal(error.name, 'InvalidArgument');
  });

  it('CreateMultipartUpload is InvalidArgument', async () => {
    const error = await sdkError(s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'a\u0000b' })));
    assert.equal(error.name, 'InvalidArgument');
  });

  it('GetObject is NoSuchKey', async () => {
    const error = await sdkError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a\u0000b' })));
    assert.equal(error.name, 'NoSuchKey');
  });

  it('StartAfter with U+0000', async () => {
    const output = await s3.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'a\u0000z' }));
    assert.deepEqual((output.Contents ?? []).map((entry) => entry.Key), ['a/1', 'b']);
  });

  it('Prefix with U+0000 matches nothing', async () => {
    const output = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'a\u0000' }));
    assert.equal(output.KeyCount, 0);
  });
});
