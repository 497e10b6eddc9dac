import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import * as Minio from 'minio';

import { digestStream, md5Hex } from './harness/files.js';
import { region } from './harness/clients.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let minio: Minio.Client;
const bucket = 'minio-js';
const MiB = 1024 * 1024;

before(async () => {
  server = await startCoffer();
  minio = new Minio.Client({
    endPoint: '127.0.0.1',
    port: server.port,
    useSSL: false,
    accessKey: server.accessKeyId,
    secretKey: server.secretAccessKey,
    region,
    pathStyle: true,
    // The default part size (64 MiB) would send 20 MiB in one PUT.
    partSize: 5 * MiB,
  });
});

after(async () => {
  await server?.stop();
});

async function listKeys(prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of minio.listObjectsV2(bucket, prefix, true)) keys.push((item as { name: string }).name);
  return keys;
}

describe('minio-js', () => {
  const small = Buffer.from('small object written by minio-js');

  it('makeBucket', async () => {
    await minio.makeBucket(bucket, region);
    assert.equal(await minio.bucketExists(bucket), true);
  });

  it('putObject', async () => {
    const info = await minio.putObject(bucket, 'dir/small.txt', small, small.length, { 'Content-Type': 'text/plain' });
    assert.equal(info.etag, md5Hex(small));
  });

  it('listObjectsV2', async () => {
    assert.deepEqual(await listKeys(), ['dir/small.txt']);
  });

  it('statObject', async () => {
    const stat = await minio.statObject(bucket, 'dir/small.txt');
    assert.deepEqual([stat.size, stat.metaData['content-type']], [small.length, 'text/plain']);
  });

  it('getObject', async () => {
    const digest = await digestStream(await minio.getObject(bucket, 'dir/small.txt'));
    assert.deepEqual(digest, { md5: md5Hex(small), size: small.length });
  });

  it('getPartialObject', async () => {
    const digest = await digestStream(await minio.getPartialObject(bucket, 'dir/small.txt', 6, 6));
    assert.equal(digest.md5, md5Hex(small.subarray(6, 12)));
  });

  it('presignedGetObject downloads with fetch', async () => {
    const url = await minio.presignedGetObject(bucket, 'dir/small.txt', 60);
    const response = await fetch(url);
    assert.deepEqual([response.status, Buffer.from(await response.arrayBuffer()).equals(small)], [200, true]);
  });

  it('presignedPutObject uploads with fetch', async () => {
    const url = await minio.presignedPutObject(bucket, 'dir/presigned.txt', 60);
    const response = await fetch(url, { method: 'PUT', body: new Uint8Array(small) });
    await response.arrayBuffer();
    assert.equal(response.status, 200);
  });

  it('removeObject', async () => {
    await minio.removeObject(bucket, 'dir/small.txt');
    await minio.removeObject(bucket, 'dir/presigned.txt');
    assert.deepEqual(await listKeys(), []);
  });

  describe('20 MiB putObject', () => {
    const pieces = Array.from({ length: 20 }, () => randomBytes(MiB));
    const expected = md5Hex(Buffer.concat(pieces));
    let etag: string;

    it('upload goes multipart', async () => {
      const info = await minio.putObject(bucket, 'big.bin', Readable.from(pieces), 20 * MiB);
      etag = info.etag;
      assert.match(etag, /^[0-9a-f]{32}-4$/);
    });

    it('download MD5 matches', async () => {
      const digest = await digestStream(await minio.getObject(bucket, 'big.bin'));
      assert.deepEqual(digest, { md5: expected, size: 20 * MiB });
    });

    it('removeObject', async () => {
      await minio.removeObject(bucket, 'big.bin');
      assert.deepEqual(await listKeys(), []);
    });

    it('removeBucket', async () => {
      await minio.removeBucket(bucket);
      assert.equal(await minio.bucketExists(bucket), false);
    });
  });
});
