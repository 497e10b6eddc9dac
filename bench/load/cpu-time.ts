import { readFileSync } from 'node:fs';

import { processTree } from './rss.js';

/** Clock ticks per second of /proc/PID/stat times; 100 on Linux for every common architecture. */
const ticksPerSecond = 100;

/**
 * CPU time (user plus system) that `pid` and its descendants have used so far, in
 * microseconds. The difference over a load divided by its requests is the server's
 * cost per request, which stays meaningful when other work shares the cores.
 */
export function treeCpuMicros(pid: number): number {
  let ticks = 0;
  for (const member of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${member}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may contain spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between two reads.
    }
  }
  return (ticks / ticksPerSecond) * 1e6;
}
