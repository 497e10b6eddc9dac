import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';

import { freePort, spawnLogged, stopChild, waitForHttp } from '../processes.js';
import { benchBucket, type Target } from './target.js';

/** Path of the nginx binary that Debian's package installs. */
export const nginxBinary = '/usr/sbin/nginx';

/**
 * Starts nginx from a generated configuration: static files from a folder for GET and
 * HEAD, `dav_methods PUT` for uploads, one worker per core, every path in `workDir`.
 */
export async function startNginx(workDir: string): Promise<Target> {
  const prefix = join(workDir, 'nginx');
  const root = join(prefix, 'root');
  await mkdir(join(root, benchBucket), { recursive: true });
  await mkdir(join(prefix, 'body'), { recursive: true });
  const port = await freePort();
  const configFile = join(prefix, 'nginx.conf');
  await writeFile(configFile, nginxConfig(prefix, root, port));

  const handle = spawnLogged(nginxBinary, ['-p', prefix, '-c', configFile, '-e', join(prefix, 'error.log')], join(prefix, 'stdout.log'));
  await waitForHttp(port, handle, 'nginx');
  return {
    id: 'nginx',
    label: 'nginx',
    port,
    host: `127.0.0.1:${port}`,
    s3: undefined,
    dataId: prefix,
    pid: handle.pid,
    stop: () => stopChild(handle),
  };
}

function nginxConfig(prefix: string, root: string, port: number): string {
  // A master started as root would switch its workers to `nobody`, who cannot read the
  // private temp folder; naming the current user keeps them as that user.
  const user = process.getuid?.() === 0 ? `user ${userInfo().username};\n` : '';
  return `${user}worker_processes auto;
daemon off;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;

events {
  worker_connections 1024;
}

http {
  default_type application/octet-stream;
  access_log ${join(prefix, 'access.log')};
  client_body_temp_path ${join(prefix, 'body')};
  proxy_temp_path ${join(prefix, 'proxy')};
  fastcgi_temp_path ${join(prefix, 'fastcgi')};
  uwsgi_temp_path ${join(prefix, 'uwsgi')};
  scgi_temp_path ${join(prefix, 'scgi')};
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  client_max_body_size 0;

  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / {
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw;
    }
  }
}
`;
}
