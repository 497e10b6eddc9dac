import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { sendRequest } from '../load/http-request.js';
import { freePort, spawnLogged, stopChild, waitForHttp } from '../processes.js';
import { repoRoot } from '../paths.js';
import type { SigningIdentity } from '../load/sigv4.js';
import { benchBucket, type Target } from './target.js';

export interface CofferOptions {
  workDir: string;
  /**
   * Data directory and root credentials, shared by the Coffer targets: several servers may
   * use one data directory, as the workers of one server do, and seeding it once saves
   * minutes of the listing workload.
   */
  data: CofferData;
  /** Value of `--workers`; a build without the option always serves from one process. */
  workers: number;
  /** Whether this build has `--workers`, whose default is one worker per CPU. */
  hasWorkersOption: boolean;
  /** Extra Node.js flags for the server, such as `--cpu-prof`. */
  nodeArgs: string[];
}

export interface CofferData {
  dataDir: string;
  identity: SigningIdentity;
}

/** Creates the data directory and root credentials the Coffer targets share. */
export async function createCofferData(workDir: string): Promise<CofferData> {
  const dataDir = join(workDir, 'coffer-data');
  await mkdir(dataDir, { recursive: true });
  return {
    dataDir,
    identity: {
      accessKeyId: `BENCH${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      region: 'us-east-1',
    },
  };
}

/** Starts `coffer serve` on the shared data directory and creates the benchmark bucket. */
export async function startCoffer(options: CofferOptions): Promise<Target> {
  const id = options.workers === 1 ? 'coffer-1' : 'coffer-all';
  const { dataDir, identity } = options.data;
  const port = await freePort();
  const args = [...options.nodeArgs, join(repoRoot, 'bin', 'coffer.js'), 'serve', '--port', String(port), '--data', dataDir];
  if (options.hasWorkersOption) args.push('--workers', String(options.workers));
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('COFFER_')) env[name] = value;
  }
  env.COFFER_ROOT_ACCESS_KEY_ID = identity.accessKeyId;
  env.COFFER_ROOT_SECRET_ACCESS_KEY = identity.secretAccessKey;
  const handle = spawnLogged(process.execPath, args, join(options.workDir, `${id}.log`), { env, cwd: options.workDir });
  await waitForHttp(port, handle, id);

  const target: Target = {
    id,
    label: id === 'coffer-1' ? 'Coffer 1 worker' : `Coffer ${options.workers} workers`,
    port,
    host: `127.0.0.1:${port}`,
    s3: identity,
    dataId: dataDir,
    pid: handle.pid,
    stop: () => stopChild(handle),
  };
  const created = await sendRequest(target, { method: 'PUT', path: `/${benchBucket}` });
  // 409 BucketAlreadyOwnedByYou: the other Coffer target created it in the shared directory.
  if (created.status !== 200 && created.status !== 409) throw new Error(`${id}: CreateBucket returned ${created.status}: ${created.body}`);
  return target;
}
