import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectAclCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { runOk, s3Client, toolEnv } from './harness/clients.js';
import { digestStream, md5Hex, sleep } from './harness/files.js';
import { rawRequest, streamRequest } from './harness/http.js';
import { childPids } from './harness/processes.js';
import { repoRoot } from './harness/paths.js';
import { startCoffer, type CofferServer, type ProcessExit } from './harness/server.js';

const MiB = 1024 * 1024;
const bucket = 'shared';

/** Creates an SDK client that opens a new TCP connection for every request, so requests reach both workers in turn. */
function freshConnectionClient(server: CofferServer): S3Client {
  return s3Client(server, { requestHandler: { httpAgent: new Agent({ keepAlive: false }) } });
}

/** Returns the PIDs of the workers that logged a request line for `operation` on a key starting with `keyPrefix`. */
function servingPids(server: CofferServer, operation: string, keyPrefix = ''): Set<number> {
  const pids = new Set<number>();
  for (const line of server.logLines()) {
    if (line.msg !== 'request' || line.operation !== operation) continue;
    if (typeof line.key !== 'string' || !line.key.startsWith(keyPrefix)) continue;
    pids.add(Number(line.pid));
  }
  return pids;
}

/** Returns the PID of the worker that logged the request line for `operation` on `key`. */
function servingPid(server: CofferServer, operation: string, key: string): number | undefined {
  const line = server.logLines().find((candidate) => candidate.msg === 'request' && candidate.operation === operation && candidate.key === key);
  return line === undefined ? undefined : Number(line.pid);
}

/** Returns true when the server logged that the worker with this PID listens. */
function isReady(server: CofferServer, pid: number): boolean {
  return server.logLines().some((line) => line.msg === 'worker ready' && line.pid === pid);
}

/** Waits until `condition` holds, polling every 100 ms, and fails after `timeoutMs`. */
async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

async function bodyOf(s3: S3Client, key: string): Promise<Buffer> {
  const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await output.Body!.transformToByteArray());
}

describe('two workers on one data directory', () => {
  let server: CofferServer;
  let s3: S3Client;
  let workers: number[];
  let stopExit: ProcessExit | undefined;

  before(async () => {
    server = await startCoffer({ args: ['--workers', '2'] });
    s3 = freshConnectionClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    workers = await childPids(server.pid);
  });

  after(async () => {
    stopExit ??= await server?.stop();
  });

  it('forks two workers', () => {
    assert.equal(workers.length, 2, `children of the server: ${workers.join(', ')}`);
  });

  it('logs the listen address once', () => {
    const listening = server.logLines().filter((line) => line.msg === 'listening');
    assert.equal(listening.length, 1);
    assert.equal(listening[0]!.port, server.port);
    assert.equal(listening[0]!.workers, 2);
  });

  it('logs the start-up banner once', () => {
    const banners = server.logLines().filter((line) => line.msg === 'loaded root credentials');
    assert.equal(banners.length, 1);
    assert.equal(banners[0]!.worker, undefined);
  });

  it('reads each write from a fresh connection', async () => {
    const mismatches: string[] = [];
    for (let index = 0; index < 200; index += 1) {
      const key = `read-after-write/${index}`;
      const body = randomBytes(64 + index);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      const read = await bodyOf(s3, key);
      if (!read.equals(body)) mismatches.push(key);
    }
    assert.deepEqual(mismatches, []);
    await waitFor('the request log lines', () => servingPid(server, 'GetObject', 'read-after-write/199') !== undefined);
    const both = new Set([...servingPids(server, 'PutObject', 'read-after-write/'), ...servingPids(server, 'GetObject', 'read-after-write/')]);
    assert.deepEqual([...both].sort((a, b) => a - b), workers);
    let crossWorker = 0;
    for (let index = 0; index < 200; index += 1) {
      const key = `read-after-write/${index}`;
      if (servingPid(server, 'PutObject', key) !== servingPid(server, 'GetObject', key)) crossWorker += 1;
    }
    // Connections go to the workers in turn, so most reads reach the worker that did not write.
    assert.ok(crossWorker >= 50, `only ${crossWorker} of 200 keys were read through another worker than the one that wrote them`);
  });

  it('keeps one whole object after concurrent overwrites', async () => {
    const key = 'contended.bin';
    const bodies = Array.from({ length: 12 }, () => randomBytes(2 * MiB));
    const results = await Promise.allSettled(
      bodies.map((body) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))),
    );
    const failed = results.filter((result) => result.status === 'rejected');
    assert.deepEqual(failed, [], 'every overwrite succeeds');
    await waitFor('the request log lines', () => servingPids(server, 'PutObject', key).size >= 2);

    const read = await bodyOf(s3, key);
    const winner = bodies.findIndex((body) => body.equals(read));
    assert.ok(winner !== -1, `the stored ${read.length} bytes match none of the bodies sent`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    assert.equal(head.ETag, `"${md5Hex(bodies[winner]!)}"`);
    assert.equal(head.ContentLength, 2 * MiB);
  });

  it('completes a multipart upload whose parts reach both workers', async () => {
    const key = 'multipart.bin';
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(MiB)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const uploaded = [];
    for (const [index, part] of parts.entries()) {
      const output = await s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: index + 1, Body: part }),
      );
      uploaded.push({ PartNumber: index + 1, ETag: output.ETag });
    }
    await waitFor('the request log lines', () => servingPids(server, 'UploadPart', key).size >= 2);
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: uploaded } }),
    );
    const read = await bodyOf(s3, key);
    assert.equal(md5Hex(read), md5Hex(Buffer.concat(parts)));
  });

  it('stops every worker on SIGTERM', async () => {
    stopExit = await server.stop();
    assert.equal(stopExit.code, 0);
    for (const pid of workers) {
      assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, `worker ${pid} still runs`);
    }
    const stopped = server.logLines().filter((line) => line.msg === 'stopped');
    assert.equal(stopped.length, 3, 'the primary and both workers log that they stopped');
  });
});

describe('kill -9 of a worker mid-upload', () => {
  const oldBody = randomBytes(MiB + 7);
  const uploadSize = 200 * MiB;
  let server: CofferServer;
  let s3: S3Client;
  let before9: number[];
  let victim = 0;
  let largestTemporary = 0;

  before(async () => {
    server = await startCoffer({ args: ['--workers', '2'] });
    s3 = freshConnectionClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'victim.bin', Body: oldBody }));
    before9 = await childPids(server.pid);

    const signer = s3Client(server, { requestChecksumCalculation: 'WHEN_REQUIRED' });
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

    // The temporary file's name ends with the PID of the worker writing it.
    const tmpDir = join(server.dataDir, 'tmp');
    await waitFor('a temporary file of 8 MiB', async () => {
      for (const name of await readdir(tmpDir)) {
        const size = (await stat(join(tmpDir, name)).catch(() => ({ size: 0 }))).size;
        if (size > largestTemporary) {
          largestTemporary = size;
          victim = Number(name.slice(name.lastIndexOf('.') + 1));
        }
      }
      return largestTemporary >= 8 * MiB;
    }, 60_000);
    process.kill(victim, 'SIGKILL');
    stopGenerating = true;
    await upload;
  });

  after(async () => {
    await server?.stop();
  });

  it('killed a worker mid-upload', () => {
    assert.ok(before9.includes(victim), `PID ${victim} from the temporary file name is not one of ${before9.join(', ')}`);
    assert.ok(largestTemporary < uploadSize, 'the upload had ended before the kill');
  });

  it('replaces the killed worker', async () => {
    await waitFor('a replacement worker', async () => {
      const pids = await childPids(server.pid);
      return pids.length === 2 && !pids.includes(victim) && pids.every((pid) => isReady(server, pid));
    });
    const exited = server.logLines().find((line) => line.msg === 'worker exited; starting a replacement');
    assert.equal(exited?.pid, victim);
    assert.equal(exited?.signal, 'SIGKILL');
  });

  it('removes the temporary file of the killed worker', async () => {
    await waitFor('the temporary file to go', async () => {
      const names = await readdir(join(server.dataDir, 'tmp'));
      return !names.some((name) => name.endsWith(`.${victim}`));
    });
  });

  it('keeps the old object whole', async () => {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'victim.bin' }));
      const digest = await digestStream(output.Body as Readable);
      assert.deepEqual(digest, { md5: md5Hex(oldBody), size: oldBody.length });
    }
  });

  it('serves new requests on both workers', async () => {
    await waitFor('a replacement worker', async () => {
      const pids = await childPids(server.pid);
      return pids.length === 2 && pids.every((pid) => isReady(server, pid));
    });
    const workers = await childPids(server.pid);
    for (let index = 0; index < 10; index += 1) {
      const key = `after-kill/${index}`;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
      assert.equal((await bodyOf(s3, key)).toString(), key);
    }
    await waitFor('the request log lines', () => servingPid(server, 'GetObject', 'after-kill/9') !== undefined);
    const served = new Set([...servingPids(server, 'PutObject', 'after-kill/'), ...servingPids(server, 'GetObject', 'after-kill/')]);
    for (const pid of workers) assert.ok(served.has(pid), `worker ${pid} served no request`);
  });
});

describe('users created through another worker', () => {
  let server: CofferServer;

  before(async () => {
    server = await startCoffer({ args: ['--workers', '2'] });
  });

  after(async () => {
    await server?.stop();
  });

  it('display name on every worker', async () => {
    const s3 = freshConnectionClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'lent.txt', Body: 'lent' }));
    // Both workers load their account directory before the user exists.
    for (let index = 0; index < 4; index += 1) {
      await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'lent.txt' }));
    }

    // One IAM request, so only one worker handles a request that creates a user.
    const added = await runOk(
      process.execPath,
      [join(repoRoot, 'bin', 'coffer.js'), 'admin', '--endpoint-url', server.endpoint, '--json', 'user', 'add', 'bob'],
      { env: await toolEnv(server) },
    );
    const bob = JSON.parse(added.stdout) as { CanonicalId: string };
    await s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'lent.txt', GrantRead: `id=${bob.CanonicalId}` }));
    for (let index = 0; index < 6; index += 1) {
      const acl = await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'lent.txt' }));
      const grant = acl.Grants?.find((candidate) => candidate.Grantee?.ID === bob.CanonicalId);
      assert.equal(grant?.Grantee?.DisplayName, 'bob', `GetObjectAcl number ${index + 1}`);
    }
    await waitFor('the request log lines', () => servingPids(server, 'GetObjectAcl').size >= 2);
  });
});

describe('bucket settings changed through another worker', () => {
  const settingsBucket = 'settings';
  let server: CofferServer;
  let s3: S3Client;

  before(async () => {
    server = await startCoffer({ args: ['--workers', '2'] });
    s3 = freshConnectionClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: settingsBucket }));
    await s3.send(new PutObjectCommand({ Bucket: settingsBucket, Key: 'doc.txt', Body: 'doc' }));
  });

  after(async () => {
    await server?.stop();
  });

  /** Sends anonymous GETs, each on a new connection so that both workers serve some, and returns their statuses. */
  async function anonymousStatuses(count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const response = await rawRequest(`${server.endpoint}/${settingsBucket}/doc.txt`, { headers: { Connection: 'close' } });
      statuses.push(response.status);
    }
    return statuses;
  }

  it('policy changes reach every worker at once', async () => {
    // Both workers read the bucket's settings before the policy exists.
    assert.deepEqual(await anonymousStatuses(4), [403, 403, 403, 403]);

    const publicRead = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${settingsBucket}/*` }],
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket: settingsBucket, Policy: JSON.stringify(publicRead) }));
    assert.deepEqual(await anonymousStatuses(6), [200, 200, 200, 200, 200, 200]);

    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: settingsBucket,
        PublicAccessBlockConfiguration: { RestrictPublicBuckets: true },
      }),
    );
    assert.deepEqual(await anonymousStatuses(6), [403, 403, 403, 403, 403, 403]);

    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: settingsBucket }));
    assert.deepEqual(await anonymousStatuses(6), [200, 200, 200, 200, 200, 200]);

    await s3.send(new DeleteBucketPolicyCommand({ Bucket: settingsBucket }));
    assert.deepEqual(await anonymousStatuses(6), [403, 403, 403, 403, 403, 403]);

    await waitFor('the request log lines', () => servingPids(server, 'GetObject', 'doc.txt').size >= 2);
  });
});
