import { runCommand } from '../processes.js';

/** Result of one curl transfer. */
export interface Transfer {
  status: number;
  bytes: number;
  seconds: number;
}

/**
 * Uploads `file` with PUT, or downloads to /dev/null with GET, over one connection.
 * `Expect: 100-continue` is turned off so that no target waits for it.
 */
export async function curlTransfer(method: 'GET' | 'PUT', url: string, file?: string): Promise<Transfer> {
  const args = ['--silent', '--show-error', '--output', '/dev/null', '--header', 'Expect:'];
  if (method === 'PUT') args.push('--upload-file', file!);
  args.push('--write-out', '%{http_code} %{size_download} %{size_upload} %{time_total}', url);
  const [status, downloaded, uploaded, seconds] = (await runCommand('curl', args)).trim().split(' ').map(Number);
  return { status: status!, bytes: method === 'PUT' ? uploaded! : downloaded!, seconds: seconds! };
}
