import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { sendRequest } from '../load/http-request.js';
import { repoRoot } from '../paths.js';
import { freePort, spawnLogged, stopChild, waitForHttp } from '../processes.js';
import { benchBucket, type Target } from './target.js';

/** Starts s3rver from npm in its own process, with its default credentials. */
export async function startS3rver(workDir: string): Promise<Target> {
  const dataDir = join(workDir, 's3rver');
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const script = join(repoRoot, 'node_modules', 's3rver', 'bin', 's3rver.js');
  // s3rver 3.7 encrypts continuation tokens with DES, which OpenSSL 3 only offers
  // through its legacy provider; without it every second listing page fails.
  const args = ['--openssl-legacy-provider', script, '--directory', dataDir, '--address', '127.0.0.1', '--port', String(port), '--silent'];
  const handle = spawnLogged(process.execPath, args, join(workDir, 's3rver.log'));
  await waitForHttp(port, handle, 's3rver');
  const target: Target = {
    id: 's3rver',
    label: 's3rver',
    port,
    host: `127.0.0.1:${port}`,
    // s3rver's built-in account, documented in its README.
    s3: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', region: 'us-east-1' },
    dataId: dataDir,
    pid: handle.pid,
    stop: () => stopChild(handle),
  };
  const created = await sendRequest(target, { method: 'PUT', path: `/${benchBucket}` });
  if (created.status !== 200) throw new Error(`s3rver: CreateBucket returned ${created.status}: ${created.body}`);
  return target;
}
