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
const bucket = 's3cmd-bucket';
const small = 'small file written by s3cmd\n';

before(async () => {
  server = await startCoffer();
  env = await toolEnv(server);
  dir = await tempDir('s3cmd');
  config = join(dir, 's3cfg');
  const host = `127.0.0.1:${server.port}`;
  // host_bucket without %(bucket)s makes s3cmd use path-style requests.
  await writeFile(
    config,
    [
      '[default]',
      `access_key = ${server.accessKeyId}`,
      `secret_key = ${server.secretAccessKey}`,
      `host_base = ${host}`,
      `host_bucket = ${host}`,
      'use_https = False',
      'signature_v2 = False',
      'bucket_location = us-east-1',
      'multipart_chunk_size_mb = 5',
      'progress_meter = False',
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'small.txt'), small);
});

after(async () => {
  await server?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function s3cmd(args: string[]): Promise<RunResult> {
  return run('s3cmd', ['--config', config, ...args], { env, timeoutMs: 300_000 });
}

describe('s3cmd', () => {
  it('mb', async () => {
    const result = await s3cmd(['mb', `s3://${bucket}`]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('ls lists the bucket', async () => {
    const result = await s3cmd(['ls']);
    assert.match(result.stdout, new RegExp(`s3://${bucket}$`, 'm'));
  });

  it('put', async () => {
    const result = await s3cmd(['put', join(dir, 'small.txt'), `s3://${bucket}/dir/small.txt`]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('ls lists the object with its size', async () => {
    const result = await s3cmd(['ls', `s3://${bucket}/dir/`]);
    assert.match(result.stdout, new RegExp(`\\s${Buffer.byteLength(small)}\\s+s3://${bucket}/dir/small\\.txt$`, 'm'));
  });

  it('get', async () => {
    const out = join(dir, 'small-back.txt');
    const result = await s3cmd(['get', `s3://${bucket}/dir/small.txt`, out]);
    assert.deepEqual([result.code, await readFile(out, 'utf8').catch(() => '<missing>')], [0, small]);
  });

  it('del', async () => {
    const result = await s3cmd(['del', `s3://${bucket}/dir/small.txt`]);
    assert.equal(result.code, 0, result.stderr);
  });

  it('del removed the object', async () => {
    const result = await s3cmd(['ls', '--recursive', `s3://${bucket}`]);
    assert.doesNotMatch(result.stdout, /small\.txt/);
  });

  describe('20 MiB put', () => {
    let source: { md5: string; size: number };
    before(async () => {
      await writeRandomFile(join(dir, 'big.bin'), 20 * 1024 * 1024);
      source = await digestFile(join(dir, 'big.bin'));
    });

    it('upload', async () => {
      const result = await s3cmd(['put', join(dir, 'big.bin'), `s3://${bucket}/big.bin`]);
      assert.equal(result.code, 0, result.stderr);
    });

    it('upload went multipart', async () => {
      const head = await s3Client(server).send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
      assert.match(head.ETag ?? '', /^"[0-9a-f]{32}-4"$/);
    });

    it('download MD5 matches', async () => {
      const out = join(dir, 'big-back.bin');
      await runOk('s3cmd', ['--config', config, 'get', `s3://${bucket}/big.bin`, out], { env, timeoutMs: 300_000 });
      assert.deepEqual(await digestFile(out), source);
    });

    it('del and rb', async () => {
      await s3cmd(['del', `s3://${bucket}/big.bin`]);
      const result = await s3cmd(['rb', `s3://${bucket}`]);
      assert.equal(result.code, 0, result.stderr);
    });
  });
});
