import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { s3Client } from './harness/clients.js';
import { digestStream, listTree, md5Hex, sleep, tempDir } from './harness/files.js';
import { streamRequest } from './harness/http.js';
import { startCoffer, type CofferServer, type ProcessExit } from './harness/server.js';

const MiB = 1024 * 1024;
const bucket = 'durable';

describe('kill -9 during an overwrite', () => {
  const oldBody = randomBytes(MiB + 123);
  const uploadSize = 200 * MiB;
  const smallBucket = 'durability-small';
  const smallBody = 'kept in the metadata record, '.repeat(100);
  let dataDir: string;
  let first: CofferServer;
  let restarted: CofferServer;
  let s3: S3Client;
  let oldEtag: string | undefined;
  let largestTemporary = 0;
  let killExit: ProcessExit;

  before(async () => {
    dataDir = await tempDir('durability');
    first = await startCoffer({ dataDir });
    const s3First = s3Client(first);
    await s3First.send(new CreateBucketCommand({ Bucket: bucket }));
    oldEtag = (await s3First.send(new PutObjectCommand({ Bucket: bucket, Key: 'victim.bin', Body: oldBody }))).ETag;
    await s3First.send(new CreateBucketCommand({ Bucket: smallBucket }));
    await s3First.send(new PutObjectCommand({ Bucket: smallBucket, Key: 'small.txt', Body: smallBody }));

    // A presigned PUT streams the body as sent, with no client-side buffering or checksum.
    const signer = s3Client(first, { requestChecksumCalculation: 'WHEN_REQUIRED' });
    const url = await getSignedUrl(signer, new PutObjectCommand({ Bucket: bucket, Key: 'victim.bin' }), { expiresIn: 600 });
    let stopGenerating = false;
    async function* slowBody() {
      for (let sent = 0; sent < uploadSize && !stopGenerating; sent += 256 * 1024) {
        yield randomBytes(256 * 1024);
        await sleep(10);
      }
    }
    const upload = streamRequest(url, {
      method: 'PUT',
      headers: { 'content-length': uploadSize },
      body: Readable.from(slowBody()),
    }).catch((error: unknown) => error);

    const tmpDir = join(dataDir, 'tmp');
    const deadline = Date.now() + 60_000;
    while (largestTemporary < 16 * MiB && Date.now() < deadline) {
      await sleep(50);
      for (const name of await readdir(tmpDir)) {
        const size = (await stat(join(tmpDir, name)).catch(() => ({ size: 0 }))).size;
        largestTemporary = Math.max(largestTemporary, size);
      }
    }
    killExit = await first.kill9();
    stopGenerating = true;
    await upload;

    restarted = await startCoffer({ dataDir, credentials: { accessKeyId: first.accessKeyId, secretAccessKey: first.secretAccessKey } });
    s3 = s3Client(restarted);
  });

  after(async () => {
    await restarted?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('killed mid-upload', (t) => {
    t.diagnostic(`the temporary file had ${largestTemporary} of ${uploadSize} bytes at the kill`);
    assert.ok(largestTemporary >= 16 * MiB, `temporary file reached only ${largestTemporary} bytes`);
    assert.ok(largestTemporary < uploadSize, `temporary file reached ${largestTemporary} bytes: the upload had ended`);
  });

  it('small object survives kill -9', async () => {
    const output = await s3.send(new GetObjectCommand({ Bucket: smallBucket, Key: 'small.txt' }));
    assert.equal(await output.Body!.transformToString(), smallBody);
  });

  it('kill -9 ended the server', () => {
    assert.equal(killExit.signal, 'SIGKILL');
  });

  it('old object same bytes after restart', async () => {
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'victim.bin' }));
    const digest = await digestStream(output.Body as Readable);
    assert.deepEqual(digest, { md5: md5Hex(oldBody), size: oldBody.length });
  });

  it('old object same ETag after restart', async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'victim.bin' }));
    assert.equal(head.ETag, oldEtag);
  });

  it('no partial object in the listing', async () => {
    const output = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    assert.deepEqual(
      (output.Contents ?? []).map((entry) => [entry.Key, entry.Size, entry.ETag]),
      [['victim.bin', oldBody.length, oldEtag]],
    );
  });

  it('tmp empty after restart', async () => {
    assert.deepEqual(await readdir(join(dataDir, 'tmp')), []);
  });

  it('only the old object data left', async () => {
    const blobDir = join(dataDir, 'blobs');
    let total = 0;
    for (const path of await listTree(blobDir)) {
      const info = await stat(join(blobDir, path));
      if (info.isFile()) total += info.size;
    }
    assert.equal(total, oldBody.length);
  });

  it('new writes work after restart', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'after-restart.txt', Body: 'still writable' }));
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'after-restart.txt' }));
    assert.equal(await output.Body!.transformToString(), 'still writable');
  });
});

describe('change while a reader is mid-download', () => {
  const size = 64 * MiB;
  let server: CofferServer;
  let s3: S3Client;

  before(async () => {
    server = await startCoffer();
    s3 = s3Client(server);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  after(async () => {
    await server?.stop();
  });

  /**
   * Starts a download of `key`, reads its first chunk, runs `change` while the rest waits
   * in the pipe, then reads to the end. Returns what the reader got and how far it was.
   */
  async function readAcross(key: string, change: () => Promise<void>): Promise<{ md5: string; size: number; receivedBeforeChange: number }> {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 600 });
    const response = await streamRequest(url);
    if (response.statusCode !== 200) throw new Error(`GET answered ${response.statusCode}`);
    const hash = createHash('md5');
    let received = 0;
    const chunks = response[Symbol.asyncIterator]();
    const firstChunk = await chunks.next();
    hash.update(firstChunk.value as Buffer);
    received += (firstChunk.value as Buffer).length;
    await change();
    const receivedBeforeChange = received;
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
      hash.update(next.value as Buffer);
      received += (next.value as Buffer).length;
    }
    return { md5: hash.digest('hex'), size: received, receivedBeforeChange };
  }

  describe('overwrite', () => {
    const oldBody = randomBytes(size);
    const newBody = randomBytes(MiB);
    let result: { md5: string; size: number; receivedBeforeChange: number };
    before(async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'read-overwrite.bin', Body: oldBody }));
      result = await readAcross('read-overwrite.bin', async () => {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'read-overwrite.bin', Body: newBody }));
      });
    });

    it('reader was mid-download', () => {
      assert.ok(result.receivedBeforeChange < size, `had ${result.receivedBeforeChange} of ${size} bytes`);
    });

    it('reader gets the whole old object', () => {
      assert.deepEqual({ md5: result.md5, size: result.size }, { md5: md5Hex(oldBody), size });
    });

    it('next reader gets the new object', async () => {
      const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'read-overwrite.bin' }));
      assert.equal((await digestStream(output.Body as Readable)).md5, md5Hex(newBody));
    });
  });

  describe('delete', () => {
    const oldBody = randomBytes(size);
    let result: { md5: string; size: number; receivedBeforeChange: number };
    before(async () => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'read-delete.bin', Body: oldBody }));
      result = await readAcross('read-delete.bin', async () => {
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'read-delete.bin' }));
      });
    });

    it('reader was mid-download', () => {
      assert.ok(result.receivedBeforeChange < size, `had ${result.receivedBeforeChange} of ${size} bytes`);
    });

    it('reader gets the whole deleted object', () => {
      assert.deepEqual({ md5: result.md5, size: result.size }, { md5: md5Hex(oldBody), size });
    });
  });
});
