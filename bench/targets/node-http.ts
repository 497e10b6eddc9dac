import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { freePort, spawnLogged, stopChild, waitForHttp } from '../processes.js';
import { benchBucket, type Target } from './target.js';

/** Starts the bare node:http server of node-http-server.ts in its own process. */
export async function startNodeHttp(workDir: string): Promise<Target> {
  const root = join(workDir, 'node-http');
  await mkdir(join(root, benchBucket), { recursive: true });
  const port = await freePort();
  const script = join(import.meta.dirname, 'node-http-server.js');
  const handle = spawnLogged(process.execPath, [script, root, String(port)], join(workDir, 'node-http.log'));
  await waitForHttp(port, handle, 'node:http');
  return {
    id: 'node-http',
    label: 'node:http',
    port,
    host: `127.0.0.1:${port}`,
    s3: undefined,
    dataId: root,
    pid: handle.pid,
    stop: () => stopChild(handle),
  };
}
