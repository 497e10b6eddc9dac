import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ListBucketsCommand } from '@aws-sdk/client-s3';

import { run, s3Client, toolEnv, type RunResult } from './harness/clients.js';
import { repoRoot } from './harness/paths.js';
import { startCoffer, type CofferServer } from './harness/server.js';

const script = join(repoRoot, 'examples', 'presign-flow.sh');
let server: CofferServer;
let env: NodeJS.ProcessEnv;

before(async () => {
  server = await startCoffer();
  env = await toolEnv(server);
});

after(async () => {
  await server?.stop();
});

describe('examples/presign-flow.sh', () => {
  let result: RunResult;
  before(async () => {
    result = await run('bash', [script], { env: { ...env, COFFER_BUCKET: 'presign-flow' }, timeoutMs: 120_000 });
  });

  it('exits 0', () => {
    assert.equal(result.code, 0, `stdout: ${result.stdout}\nstderr: ${result.stderr}`);
  });

  it('reports success', () => {
    assert.match(result.stdout, /^presign-flow: OK: /m);
  });

  it('waited for the expiry', () => {
    assert.match(result.stdout, /checking that the expired boto3 URL is rejected/);
  });

  it('removes its bucket', async () => {
    const output = await s3Client(server).send(new ListBucketsCommand({}));
    assert.deepEqual(output.Buckets ?? [], []);
  });

  it('wrong secret exits non-zero with a message', async () => {
    const failed = await run('bash', [script], { env: { ...env, AWS_SECRET_ACCESS_KEY: 'not-the-secret-0000' }, timeoutMs: 120_000 });
    assert.deepEqual([failed.code, /presign-flow: FAILED: could not make bucket/.test(failed.stderr)], [1, true]);
  });

  it('--help prints usage', async () => {
    const help = await run('bash', [script, '--help'], { env });
    assert.deepEqual([help.code, help.stdout.startsWith('Usage: ')], [0, true]);
  });

  it('no credentials prints usage and fails', async () => {
    const bare = { ...env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', COFFER_CREDENTIALS_FILE: '/nonexistent/root-credentials.json' };
    const failed = await run('bash', [script], { env: bare });
    assert.deepEqual([failed.code, failed.stderr.startsWith('Usage: ')], [1, true]);
  });
});
