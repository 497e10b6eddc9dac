import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { sendRequest } from '../load/http-request.js';
import { freePort, spawnLogged, stopChild, waitForHttp } from '../processes.js';
import { repoRoot } from '../paths.js';
import { benchBucket, type Target } from './target.js';

export interface CofferOptions {
  workDir: string;
  /** Value of `--workers`; a build without the option always serves from one process. */
  workers: number;
  /** Whether this build has `--workers`, whose default is one worker per CPU. */
  hasWorkersOption: boolean;
  /** Extra Node.js flags for the server, such as `--cpu-prof`. */
  nodeArgs: string[];
}

/** Starts `coffer serve` with a fresh data directory and creates the benchmark bucket. */
export async function startCoffer(options: CofferOptions): Promise<Target> {
  const id = options.workers === 1 ? 'coffer-1' : 'coffer-all';
  const dataDir = join(options.workDir, id, 'data');
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const identity = {
    accessKeyId: `BENCH${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    region: 'us-east-1',
  };
  const args = [...options.nodeArgs, join(repoRoot, 'bin', 'coffer.js'), 'serve', '--port', String(port), '--data', dataDir];
  if (options.hasWorkersOption) args.push('--workers', String(options.workers));
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('COFFER_')) env[name] = value;
  }
  env.COFFER_ROOT_ACCESS_KEY_ID = identity.accessKeyId;
  env.COFFER_ROOT_SECRET_ACCESS_KEY = identity.secretAccessKey;
  const handle = spawnLogged(process.execPath, args, join(options.workDir, id, 'server.log'), { env, cwd: options.workDir });
  await waitForHttp(port, handle, id);

  const target: Target = {
    id,
    label: id === 'coffer-1' ? 'Coffer 1 worker' : `Coffer ${options.workers} workers`,
    port,
    host: `127.0.0.1:${port}`,
    s3: identity,
    pid: handle.pid,
    stop: () => stopChild(handle),
  };
  const created = await sendRequest(target, { method: 'PUT', path: `/${benchBucket}` });
  if (created.status !== 200) throw new Error(`${id}: CreateBucket returned ${created.status}: ${created.body}`);
  return target;
}
