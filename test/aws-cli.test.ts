import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { run, runOk, s3Client, toolEnv, type RunResult } from './harness/clients.js';
import { digestFile, tempDir, writeRandomFile } from './harness/files.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
let env: NodeJS.ProcessEnv;
let dir: string;
const bucket = 'cli-bucket';
const small = 'small file written by aws s3 cp\n';

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  env = await toolEnv(server);
  dir = await tempDir('aws-cli');
  await writeFile(join(dir, 'small.txt'), small);
});

after(async () => {
  await server?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function aws(args: string[]): Promise<RunResult> {
  return run('aws', ['--endpoint-url', server.endpoint, ...args], { env, timeoutMs: 300_000 });
}

/** Runs aws and fails with its output unless it exits 0. */
function awsOk(args: string[]): Promise<RunResult> {
  return runOk('aws', ['--endpoint-url', server.endpoint, ...args], { env, timeoutMs: 300_000 });
}

describe('aws s3', () => {
  it('mb', async () => {
    const result = await aws(['s3', 'mb', `s3://${bucket}`]);
    assert.deepEqual([result.code, result.stdout.trim()], [0, `make_bucket: ${bucket}`]);
  });

  it('ls lists the bucket', async () => {
    const result = await awsOk(['s3', 'ls']);
    assert.match(result.stdout, new RegExp(`\\s${bucket}$`, 'm'));
  });

  it('cp upload', async () => {
    const result = await aws(['s3', 'cp', join(dir, 'small.txt'), `s3://${bucket}/dir/small.txt`]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('ls lists the object with its size', async () => {
    const result = await awsOk(['s3', 'ls', `s3://${bucket}/dir/`]);
    assert.match(result.stdout, new RegExp(`\\s${Buffer.byteLength(small)} small\\.txt$`, 'm'));
  });

  it('ls shows a prefix as PRE', async () => {
    const result = await awsOk(['s3', 'ls', `s3://${bucket}/`]);
    assert.match(result.stdout, /^\s+PRE dir\/$/m);
  });

  it('cp download', async () => {
    await awsOk(['s3', 'cp', `s3://${bucket}/dir/small.txt`, join(dir, 'small-back.txt')]);
    assert.equal(await readFile(join(dir, 'small-back.txt'), 'utf8'), small);
  });

  it('presign downloads with curl', async () => {
    const url = (await awsOk(['s3', 'presign', `s3://${bucket}/dir/small.txt`, '--expires-in', '60'])).stdout.trim();
    const result = await runOk('curl', ['-sS', '--fail', url]);
    assert.equal(result.stdout, small);
  });

  it('rm', async () => {
    const result = await aws(['s3', 'rm', `s3://${bucket}/dir/small.txt`]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('rm removed the object', async () => {
    const result = await awsOk(['s3', 'ls', '--recursive', `s3://${bucket}/`]);
    assert.doesNotMatch(result.stdout, /small\.txt/);
  });
});

describe('aws s3 cp 20 MiB', () => {
  const size = 20 * 1024 * 1024;
  let source: { md5: string; size: number };

  before(async () => {
    await writeRandomFile(join(dir, 'big.bin'), size);
    source = await digestFile(join(dir, 'big.bin'));
  });

  it('upload', async () => {
    const result = await aws(['s3', 'cp', join(dir, 'big.bin'), `s3://${bucket}/big.bin`]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('upload went multipart', async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    assert.match(head.ETag ?? '', /^"[0-9a-f]{32}-3"$/);
  });

  it('stored size', async () => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    assert.equal(head.ContentLength, size);
  });

  it('download MD5 matches', async () => {
    await awsOk(['s3', 'cp', `s3://${bucket}/big.bin`, join(dir, 'big-back.bin')]);
    assert.deepEqual(await digestFile(join(dir, 'big-back.bin')), source);
  });
});

describe('aws s3api', () => {
  it('put-object', async () => {
    const result = await awsOk([
      's3api', 'put-object', '--bucket', bucket, '--key', 'api/doc.txt', '--body', join(dir, 'small.txt'),
      '--content-type', 'text/plain', '--metadata', 'origin=s3api',
    ]);
    assert.match(String((JSON.parse(result.stdout) as { ETag?: string }).ETag), /^"[0-9a-f]{32}"$/);
  });

  it('head-object', async () => {
    const result = await awsOk(['s3api', 'head-object', '--bucket', bucket, '--key', 'api/doc.txt']);
    const head = JSON.parse(result.stdout) as { ContentLength?: number; ContentType?: string; Metadata?: Record<string, string> };
    assert.deepEqual([head.ContentLength, head.ContentType, head.Metadata], [Buffer.byteLength(small), 'text/plain', { origin: 's3api' }]);
  });

  it('get-object', async () => {
    const out = join(dir, 'api-doc.txt');
    await awsOk(['s3api', 'get-object', '--bucket', bucket, '--key', 'api/doc.txt', out]);
    assert.equal(await readFile(out, 'utf8'), small);
  });

  it('get-object --range', async () => {
    const out = join(dir, 'api-doc-range.txt');
    await awsOk(['s3api', 'get-object', '--bucket', bucket, '--key', 'api/doc.txt', '--range', 'bytes=0-4', out]);
    assert.equal(await readFile(out, 'utf8'), small.slice(0, 5));
  });

  it('list-objects-v2', async () => {
    const result = await awsOk(['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'api/']);
    const listing = JSON.parse(result.stdout) as { Contents?: Array<{ Key: string; Size: number }> };
    assert.deepEqual(listing.Contents?.map((entry) => [entry.Key, entry.Size]), [['api/doc.txt', Buffer.byteLength(small)]]);
  });

  it('head-object missing key exits non-zero with 404', async () => {
    const result = await aws(['s3api', 'head-object', '--bucket', bucket, '--key', 'api/absent.txt']);
    assert.deepEqual([result.code !== 0, /\(404\)/.test(result.stderr)], [true, true]);
  });
});
