import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { sleep, tempDir } from './harness/files.js';
import { rawRequest, streamRequest } from './harness/http.js';
import { startCoffer, type CofferServer, type ProcessExit } from './harness/server.js';

describe('generated root credentials', () => {
  let dataDir: string;
  let server: CofferServer;
  let stored: { accessKeyId: string; secretAccessKey: string };
  let output: string;

  before(async () => {
    dataDir = await tempDir('generated');
    server = await startCoffer({ rootEnv: false, dataDir });
    stored = JSON.parse(await readFile(join(dataDir, 'root-credentials.json'), 'utf8')) as typeof stored;
    const s3 = s3Client(server);
    await s3.send(new CreateBucketCommand({ Bucket: 'generated' }));
    await s3.send(new PutObjectCommand({ Bucket: 'generated', Key: 'k', Body: 'v' }));
    const wrong = s3Client(server, { credentials: { accessKeyId: server.accessKeyId, secretAccessKey: 'not-the-secret-0000' }, maxAttempts: 1 });
    await sdkError(wrong.send(new ListBucketsCommand({})));
    await rawRequest(await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'generated', Key: 'k' }), { expiresIn: 60 }));
    output = server.stdout() + server.stderr();
  });

  after(async () => {
    await server?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('stored in the data dir', () => {
    assert.deepEqual([typeof stored.accessKeyId, typeof stored.secretAccessKey], ['string', 'string']);
  });

  it('file mode 0600', async () => {
    const mode = (await stat(join(dataDir, 'root-credentials.json'))).mode & 0o777;
    assert.equal(mode.toString(8), '600');
  });

  it('secret at least 30 characters', () => {
    assert.ok(stored.secretAccessKey.length >= 30, `${stored.secretAccessKey.length} characters`);
  });

  it('prints the access key id', () => {
    assert.ok(output.includes(stored.accessKeyId));
  });

  it('prints the credentials file path', () => {
    assert.ok(output.includes(join(dataDir, 'root-credentials.json')));
  });

  it('generated credentials work', async () => {
    const result = await s3Client(server).send(new ListBucketsCommand({}));
    assert.deepEqual((result.Buckets ?? []).map((bucket) => bucket.Name), ['generated']);
  });

  it('secret not on stdout', () => {
    assert.ok(!server.stdout().includes(stored.secretAccessKey));
  });

  it('secret not on stderr', () => {
    assert.ok(!server.stderr().includes(stored.secretAccessKey));
  });

  describe('restart without root env vars', () => {
    let restarted: CofferServer;
    before(async () => {
      await server.stop();
      restarted = await startCoffer({ rootEnv: false, dataDir });
    });

    after(async () => {
      await restarted?.stop();
    });

    it('reuses the stored access key id', () => {
      assert.equal(restarted.accessKeyId, stored.accessKeyId);
    });

    it('stored credentials still work', async () => {
      const result = await s3Client(restarted).send(new ListBucketsCommand({}));
      assert.deepEqual((result.Buckets ?? []).map((bucket) => bucket.Name), ['generated']);
    });

    it('secret not in the output', () => {
      assert.ok(!(restarted.stdout() + restarted.stderr()).includes(stored.secretAccessKey));
    });
  });
});

describe('root credentials from the environment', () => {
  let server: CofferServer;
  before(async () => {
    server = await startCoffer();
    const s3 = s3Client(server);
    await s3.send(new CreateBucketCommand({ Bucket: 'env' }));
    await s3.send(new PutObjectCommand({ Bucket: 'env', Key: 'k', Body: 'v' }));
    const wrong = s3Client(server, { credentials: { accessKeyId: server.accessKeyId, secretAccessKey: 'not-the-secret-0000' }, maxAttempts: 1 });
    await sdkError(wrong.send(new ListBucketsCommand({})));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'env', Key: 'k' }), { expiresIn: 60 });
    await rawRequest(url);
    await rawRequest(url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'));
  });

  after(async () => {
    await server?.stop();
  });

  it('no credentials file written', async () => {
    await assert.rejects(stat(join(server.dataDir, 'root-credentials.json')), { code: 'ENOENT' });
  });

  it('prints the access key id', () => {
    assert.ok(server.stdout().includes(server.accessKeyId));
  });

  it('secret not on stdout', () => {
    assert.ok(!server.stdout().includes(server.secretAccessKey));
  });

  it('secret not on stderr', () => {
    assert.ok(!server.stderr().includes(server.secretAccessKey));
  });

  it('every stdout line is JSON', () => {
    const lines = server.stdout().split('\n').filter((line) => line !== '');
    const bad = lines.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    assert.deepEqual(bad, []);
  });
});

/**
 * Stores `body`, starts a presigned download of it, sends SIGTERM after the first chunk,
 * runs `meanwhile` while the reader pauses, then reads the rest. A reset connection shows
 * as a short download.
 */
async function downloadAcrossSigterm(
  server: CofferServer,
  bucket: string,
  body: Buffer,
  meanwhile: () => Promise<void>,
): Promise<{ md5: string; size: number }> {
  const s3 = s3Client(server);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'body.bin', Body: body }));
  const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'body.bin' }), { expiresIn: 600 });

  const response = await streamRequest(url);
  const chunks = response[Symbol.asyncIterator]();
  const hash = createHash('md5');
  let received = 0;
  const first = await chunks.next();
  hash.update(first.value as Buffer);
  received += (first.value as Buffer).length;

  process.kill(server.pid, 'SIGTERM');
  await meanwhile();
  try {
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) {
      hash.update(next.value as Buffer);
      received += (next.value as Buffer).length;
    }
  } catch {
    // The size and digest below show what was lost.
  }
  return { md5: hash.digest('hex'), size: received };
}

describe('SIGTERM while a reader pauses', () => {
  // Small enough that the server hands its last byte to the socket while the reader
  // pauses, which is when a connection looks idle to Node although bytes still wait.
  const size = 2 * 1024 * 1024;
  const body = randomBytes(size);
  let server: CofferServer;
  let download: { md5: string; size: number };

  before(async () => {
    server = await startCoffer();
    download = await downloadAcrossSigterm(server, 'drain-paused', body, () => sleep(1500));
    await server.exited;
  });

  after(async () => {
    await server?.stop();
  });

  it('paused download finishes whole', () => {
    assert.deepEqual(download, { md5: createHash('md5').update(body).digest('hex'), size });
  });
});

describe('SIGTERM during a download', () => {
  const size = 64 * 1024 * 1024;
  const body = randomBytes(size);
  let server: CofferServer;
  let download: { md5: string; size: number };
  let exit: ProcessExit;
  let newConnection: 'refused' | 'accepted';

  before(async () => {
    server = await startCoffer();
    download = await downloadAcrossSigterm(server, 'drain', body, async () => {
      await sleep(500);
      newConnection = await rawRequest(`${server.endpoint}/`).then(
        () => 'accepted' as const,
        () => 'refused' as const,
      );
    });
    exit = await server.exited;
  });

  after(async () => {
    await server?.stop();
  });

  it('in-flight download finishes whole', () => {
    assert.deepEqual(download, { md5: createHash('md5').update(body).digest('hex'), size });
  });

  it('new connections refused while draining', () => {
    assert.equal(newConnection, 'refused');
  });

  it('exits 0', () => {
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  it('logs the stop', () => {
    assert.ok(server.logLines().some((line) => line.msg === 'stopped'));
  });
});
