import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Returns the PIDs of the child processes of `pid`, such as the workers of a cluster, sorted. */
export async function childPids(pid: number): Promise<number[]> {
  const taskDir = `/proc/${pid}/task`;
  const pids: number[] = [];
  for (const task of await readdir(taskDir)) {
    const children = await readFile(join(taskDir, task, 'children'), 'utf8').catch(() => '');
    for (const child of children.split(' ').filter((text) => text.trim() !== '')) pids.push(Number(child));
  }
  return pids.sort((a, b) => a - b);
}
