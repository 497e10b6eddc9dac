import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

import { nginxBinary } from './targets/nginx.js';

/** What the results depend on: cores, CPU, memory, kernel and tool versions. */
export function describeMachine(): string[] {
  return [
    `nproc: ${availableParallelism()}`,
    `CPU: ${cpus()[0]?.model ?? 'unknown'}`,
    `Memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `Kernel: ${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}`,
    `Node.js: ${process.version}`,
    `nginx: ${versionOf(nginxBinary, ['-v'])}`,
    `wrk: ${versionOf('wrk', ['-v'])}`,
    `ab: ${versionOf('ab', ['-V'])}`,
    `curl: ${versionOf('curl', ['--version'])}`,
  ];
}

/** The 1-minute load average, to show whether other work shared the machine. */
export function loadAverage(): string {
  return loadavg()[0]!.toFixed(2);
}

/** First line a tool prints for its version; nginx and wrk print it to stderr. */
function versionOf(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  return output.split('\n')[0] ?? 'unknown';
}
