import { runCommand } from '../processes.js';
import type { WrkRequest, WrkSummary } from './wrk.js';

export const abBinary = 'ab';

/**
 * Replays one HEAD request with ApacheBench over keep-alive connections for the
 * duration. wrk 4.1 cannot: it waits for the body that a HEAD response's Content-Length
 * announces. ab is single-threaded, so its ceiling is shown against node:http.
 */
export async function runAbHead(run: {
  port: number;
  request: WrkRequest;
  connections: number;
  durationSeconds: number;
}): Promise<WrkSummary> {
  const args = ['-q', '-k', '-i', '-c', String(run.connections), '-t', String(run.durationSeconds), '-n', '100000000'];
  for (const [name, value] of Object.entries(run.request.headers)) {
    // ab writes its own Host header, the same `127.0.0.1:PORT` the request was signed for.
    if (name.toLowerCase() !== 'host') args.push('-H', `${name}: ${value}`);
  }
  args.push(`http://127.0.0.1:${run.port}${run.request.path}`);
  const output = await runCommand(abBinary, args);
  const field = (pattern: RegExp): number => Number(pattern.exec(output)?.[1] ?? 0);
  const requests = field(/^Complete requests:\s+(\d+)/m);
  const seconds = field(/^Time taken for tests:\s+([\d.]+) seconds/m);
  return {
    requests,
    durationUs: seconds * 1e6,
    bytes: 0,
    connectErrors: 0,
    readErrors: field(/^Failed requests:\s+(\d+)/m),
    writeErrors: field(/^Write errors:\s+(\d+)/m),
    statusErrors: field(/^Non-2xx responses:\s+(\d+)/m),
    timeouts: 0,
    // ab reports latency percentiles in whole milliseconds.
    p50Us: field(/^\s+50%\s+(\d+)/m) * 1000,
    p99Us: field(/^\s+99%\s+(\d+)/m) * 1000,
  };
}
