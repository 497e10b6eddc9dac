import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';

import { run, s3Client } from './harness/clients.js';
import { startCoffer, type CofferServer } from './harness/server.js';

const domain = 'coffer.test';
const bucket = 'vhost-bucket';
const emptySha256 = createHash('sha256').update('').digest('hex');

let server: CofferServer;

before(async () => {
  server = await startCoffer({ args: ['--domain', domain] });
  const client = s3Client(server);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'dir/file name.txt', Body: 'virtual hosted' }));
});

after(async () => {
  await server?.stop();
});

/** Sends a SigV4 header-signed GET with curl, addressing the bucket through the Host header. */
async function signedGet(host: string, path: string): Promise<{ status: string; body: string }> {
  const result = await run('curl', [
    '-s',
    '-w',
    '\n%{http_code}',
    '--aws-sigv4',
    'aws:amz:us-east-1:s3',
    '--user',
    `${server.accessKeyId}:${server.secretAccessKey}`,
    '-H',
    `x-amz-content-sha256: ${emptySha256}`,
    '-H',
    `Host: ${host}`,
    `${server.endpoint}${path}`,
  ]);
  const newline = result.stdout.lastIndexOf('\n');
  return { body: result.stdout.slice(0, newline), status: result.stdout.slice(newline + 1) };
}

describe('virtual-hosted addressing', () => {
  it('GetObject through BUCKET.DOMAIN', async () => {
    const response = await signedGet(`${bucket}.${domain}:${server.port}`, '/dir/file%20name.txt');
    assert.equal(response.status, '200');
    assert.equal(response.body, 'virtual hosted');
  });

  it('ListObjectsV2 through BUCKET.DOMAIN', async () => {
    const response = await signedGet(`${bucket}.${domain}:${server.port}`, '/?list-type=2');
    assert.equal(response.status, '200');
    assert.match(response.body, /<Name>vhost-bucket<\/Name>/);
    assert.match(response.body, /<Key>dir\/file name\.txt<\/Key>/);
  });

  it('unknown bucket host NoSuchBucket', async () => {
    const response = await signedGet(`missing-bucket.${domain}:${server.port}`, '/key');
    assert.equal(response.status, '404');
    assert.match(response.body, /<Code>NoSuchBucket<\/Code>/);
  });

  it('path style still works', async () => {
    const response = await signedGet(`127.0.0.1:${server.port}`, `/${bucket}/dir/file%20name.txt`);
    assert.equal(response.status, '200');
    assert.equal(response.body, 'virtual hosted');
  });
});
