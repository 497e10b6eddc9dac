import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CreateBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';

import { run, s3Client, toolEnv, type RunResult } from './harness/clients.js';
import { digestFile, digestStream, readMemory, tempDir } from './harness/files.js';
import { startCoffer, type CofferServer } from './harness/server.js';

const GiB = 1024 * 1024 * 1024;
const limitBytes = 200 * 1000 * 1000;
const bucket = 'memory';

let server: CofferServer;
let env: NodeJS.ProcessEnv;
let dir: string;
let file: string;

/** Samples VmRSS of the server every 100 ms while `work` runs; returns the largest seen. */
async function sampleRss<T>(work: () => Promise<T>): Promise<{ result: T; maxRss: number; samples: number }> {
  let maxRss = 0;
  let samples = 0;
  const sample = async (): Promise<void> => {
    const { rss } = await readMemory(server.pid);
    maxRss = Math.max(maxRss, rss);
    samples += 1;
  };
  await sample();
  const timer = setInterval(() => void sample().catch(() => undefined), 100);
  try {
    const result = await work();
    await sample();
    return { result, maxRss, samples };
  } finally {
    clearInterval(timer);
  }
}

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

before(async () => {
  server = await startCoffer();
  env = await toolEnv(server);
  dir = await tempDir('memory');
  file = join(dir, 'one-gib.bin');
  // Sparse: the 1 GiB of zeros costs no disk until the server stores it.
  const handle = await open(file, 'w');
  await handle.truncate(GiB);
  await handle.close();
  await s3Client(server).send(new CreateBucketCommand({ Bucket: bucket }));
});

after(async () => {
  await server?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('1 GiB through aws-cli', { timeout: 900_000 }, () => {
  let upload: { result: RunResult; maxRss: number; samples: number };
  let download: { result: { md5: string; size: number; code: number | null }; maxRss: number; samples: number };
  let source: { md5: string; size: number };

  before(async () => {
    source = await digestFile(file);
    upload = await sampleRss(() =>
      run('aws', ['--endpoint-url', server.endpoint, 's3', 'cp', file, `s3://${bucket}/one-gib.bin`], { env, timeoutMs: 600_000 }),
    );
  });

  it('upload succeeds', () => {
    assert.equal(upload.result.code, 0, upload.result.stderr);
  });

  it('upload sampled', () => {
    assert.ok(upload.samples >= 5, `${upload.samples} samples`);
  });

  it('RSS during upload under 200 MB', (t) => {
    t.diagnostic(`largest VmRSS during upload ${megabytes(upload.maxRss)} over ${upload.samples} samples`);
    assert.ok(upload.maxRss < limitBytes, `VmRSS reached ${megabytes(upload.maxRss)}`);
  });

  it('VmHWM after upload under 200 MB', async (t) => {
    const { hwm } = await readMemory(server.pid);
    t.diagnostic(`VmHWM after upload ${megabytes(hwm)}`);
    assert.ok(hwm < limitBytes, `VmHWM ${megabytes(hwm)}`);
  });

  it('stored size', async () => {
    const head = await s3Client(server).send(new HeadObjectCommand({ Bucket: bucket, Key: 'one-gib.bin' }));
    assert.equal(head.ContentLength, GiB);
  });

  describe('download', () => {
    before(async () => {
      download = await sampleRss(async () => {
        const child = spawn('aws', ['--endpoint-url', server.endpoint, 's3', 'cp', `s3://${bucket}/one-gib.bin`, '-'], {
          env,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
        const digest = await digestStream(child.stdout);
        return { ...digest, code: await exited };
      });
    });

    it('download succeeds', () => {
      assert.equal(download.result.code, 0);
    });

    it('download size', () => {
      assert.equal(download.result.size, source.size);
    });

    it('download MD5', () => {
      assert.equal(download.result.md5, source.md5);
    });

    it('RSS during download under 200 MB', (t) => {
      t.diagnostic(`largest VmRSS during download ${megabytes(download.maxRss)} over ${download.samples} samples`);
      assert.ok(download.maxRss < limitBytes, `VmRSS reached ${megabytes(download.maxRss)}`);
    });

    it('VmHWM after download under 200 MB', async (t) => {
      const { hwm } = await readMemory(server.pid);
      t.diagnostic(`VmHWM after download ${megabytes(hwm)}`);
      assert.ok(hwm < limitBytes, `VmHWM ${megabytes(hwm)}`);
    });
  });
});
