import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { HeadObjectCommand } from '@aws-sdk/client-s3';

import { run, runOk, s3Client, toolEnv, type RunResult } from './harness/clients.js';
import { digestFile, tempDir, writeRandomFile } from './harness/files.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let env: NodeJS.ProcessEnv;
let dir: string;
let config: string;
const bucket = 'rclone-bucket';
const small = 'small file written by rclone\n';

before(async () => {
  server = await startCoffer();
  env = await toolEnv(server);
  dir = await tempDir('rclone');
  config = join(dir, 'rclone.conf');
  await writeFile(
    config,
    [
      '[coffer]',
      'type = s3',
      'provider = Other',
      `access_key_id = ${server.accessKeyId}`,
      `secret_access_key = ${server.secretAccessKey}`,
      `endpoint = ${server.endpoint}`,
      'region = us-east-1',
      'force_path_style = true',
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'small.txt'), small);
});

after(async () => {
  await server?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function rclone(args: string[]): Promise<RunResult> {
  return run('rclone', ['--config', config, '--retries', '1', '--low-level-retries', '1', ...args], { env, timeoutMs: 300_000 });
}

describe('rclone', () => {
  it('mkdir', async () => {
    const result = await rclone(['mkdir', `coffer:${bucket}`]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('lsd lists the bucket', async () => {
    const result = await rclone(['lsd', 'coffer:']);
    assert.match(result.stdout, new RegExp(`\\s${bucket}$`, 'm'));
  });

  it('copyto upload', async () => {
    const result = await rclone(['copyto', join(dir, 'small.txt'), `coffer:${bucket}/dir/small.txt`]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('lsl lists the object with its size', async () => {
    const result = await rclone(['lsl', `coffer:${bucket}`]);
    assert.match(result.stdout, new RegExp(`^\\s*${Buffer.byteLength(small)} .* dir/small\\.txt$`, 'm'));
  });

  it('copyto download', async () => {
    const out = join(dir, 'small-back.txt');
    const result = await rclone(['copyto', `coffer:${bucket}/dir/small.txt`, out]);
    assert.deepEqual([result.code, await readFile(out, 'utf8').catch(() => '<missing>')], [0, small]);
  });

  it('check finds no differences', async () => {
    const result = await rclone(['check', '--one-way', join(dir, 'small.txt'), `coffer:${bucket}/dir/`]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('deletefile', async () => {
    const result = await rclone(['deletefile', `coffer:${bucket}/dir/small.txt`]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('deletefile removed the object', async () => {
    const result = await rclone(['lsf', '-R', `coffer:${bucket}`]);
    assert.doesNotMatch(result.stdout, /small\.txt/);
  });

  describe('20 MiB copyto', () => {
    let source: { md5: string; size: number };
    before(async () => {
      await writeRandomFile(join(dir, 'big.bin'), 20 * 1024 * 1024);
      source = await digestFile(join(dir, 'big.bin'));
    });

    it('upload', async () => {
      const result = await rclone(['copyto', '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M', join(dir, 'big.bin'), `coffer:${bucket}/big.bin`]);
      assert.equal(result.code, 0, result.stderr);
    });

    it('upload went multipart', async () => {
      const head = await s3Client(server).send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
      assert.match(head.ETag ?? '', /^"[0-9a-f]{32}-4"$/);
    });

    it('md5sum matches', async () => {
      const result = await rclone(['md5sum', `coffer:${bucket}/big.bin`]);
      assert.equal(result.stdout.split(/\s+/)[0], source.md5);
    });

    it('download MD5 matches', async () => {
      const out = join(dir, 'big-back.bin');
      await runOk('rclone', ['--config', config, 'copyto', `coffer:${bucket}/big.bin`, out], { env, timeoutMs: 300_000 });
      assert.deepEqual(await digestFile(out), source);
    });

    it('purge', async () => {
      const result = await rclone(['purge', `coffer:${bucket}`]);
      assert.equal(result.code, 0, result.stderr);
    });
  });
});
