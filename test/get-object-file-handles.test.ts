/**
 * GetObject keeps no object file open after a request that fails once the data is open:
 * the server's open descriptors under DATA/blobs, read from /proc, must drop back to none.
 */
import assert from 'node:assert/strict';
import { readdir, readlink } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { s3Client } from './harness/clients.js';
import { sleep } from './harness/files.js';
import { errorCode, rawRequest } from './harness/http.js';
import { childPids } from './harness/processes.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
const bucket = 'file-handles';

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'single.txt', Body: 'one blob' }));
  // An 11 MiB object uploaded in two parts, so it is stored as two blobs.
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: 'parts.bin', Body: Buffer.alloc(11 * 1024 * 1024, 7) },
    partSize: 6 * 1024 * 1024,
  });
  await upload.done();
});

after(async () => {
  await server?.stop();
});

/**
 * Counts the descriptors of the server's processes that point at blob files, DATA/blobs/XX/ID.
 * The server keeps the shard directories DATA/blobs/XX open for their fsync, so those are
 * not counted.
 */
async function openBlobCount(): Promise<number> {
  const blobDir = join(server.dataDir, 'blobs');
  let count = 0;
  for (const pid of [server.pid, ...(await childPids(server.pid))]) {
    const fdDir = `/proc/${pid}/fd`;
    for (const fd of await readdir(fdDir).catch(() => [])) {
      const target = await readlink(join(fdDir, fd)).catch(() => '');
      if (target.startsWith(`${blobDir}/`) && target.slice(blobDir.length + 1).includes('/')) count += 1;
    }
  }
  return count;
}

/** Waits up to two seconds for the open blob count to reach zero and returns the last count. */
async function settledBlobCount(): Promise<number> {
  let count = await openBlobCount();
  for (let attempt = 0; attempt < 20 && count > 0; attempt += 1) {
    await sleep(100);
    count = await openBlobCount();
  }
  return count;
}

function presignGet(key: string, overrides: { ResponseContentType?: string }): Promise<string> {
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key, ...overrides }), { expiresIn: 600 });
}

describe('GetObject file handles', () => {
  for (const key of ['single.txt', 'parts.bin']) {
    it(`invalid override closes ${key}`, async () => {
      const url = await presignGet(key, { ResponseContentType: 'text/plain\u0001' });
      const response = await rawRequest(url);
      assert.equal(response.status, 400);
      assert.equal(errorCode(response), 'InvalidArgument');
      assert.equal(await settledBlobCount(), 0);
    });
  }

  it('aborted download closes parts.bin', async () => {
    const url = new URL(await presignGet('parts.bin', {}));
    const received = await new Promise<number>((resolve, reject) => {
      const request = httpGet(url, (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          // Goes away after the first megabyte, while the server still has most to send.
          if (bytes >= 1024 * 1024) {
            request.destroy();
            resolve(bytes);
          }
        });
        response.on('error', () => undefined);
      });
      request.on('error', (error) => {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
      });
    });
    assert.ok(received < 11 * 1024 * 1024);
    assert.equal(await settledBlobCount(), 0);
    const again = await rawRequest(await presignGet('parts.bin', {}));
    assert.equal(again.status, 200);
    assert.ok(again.body.equals(Buffer.alloc(11 * 1024 * 1024, 7)));
  });

  it('finished download closes parts.bin', async () => {
    const response = await rawRequest(await presignGet('parts.bin', {}));
    assert.equal(response.status, 200);
    assert.equal(response.body.length, 11 * 1024 * 1024);
    assert.equal(await settledBlobCount(), 0);
  });
});
