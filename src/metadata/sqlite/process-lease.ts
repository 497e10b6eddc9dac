import { randomBytes } from 'node:crypto';

import type { NodeLease } from '../node-lease.js';

const nodeIdPattern = /^pid(\d+)x[0-9a-f]+$/;

/**
 * The lease of a node on the embedded engine. A SQLite database is only shared by processes
 * on one machine, so the node id contains the process id, and a node is alive while a process
 * with that id exists. A reused process id can only keep a dead node's files until a later
 * start; it never makes a live node look dead.
 */
export class ProcessLease implements NodeLease {
  readonly nodeId = `pid${process.pid}x${randomBytes(4).toString('hex')}`;

  async isAlive(nodeId: string): Promise<boolean> {
    if (nodeId === this.nodeId) return true;
    const match = nodeIdPattern.exec(nodeId);
    if (match === null) return false;
    const pid = Number(match[1]);
    // Another id with this process's pid is from an earlier run, as in a restarted container.
    if (pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: the process exists but belongs to another user.
      return (error as NodeJS.ErrnoException).code !== 'ESRCH';
    }
  }

  async release(): Promise<void> {}
}
