import { randomInt } from 'node:crypto';

import type pg from 'pg';

import type { NodeLease } from '../node-lease.js';

/** First key of the two-key advisory locks that name nodes; the second is the node number. */
const nodeLockClass = 0x436f6672;

const nodeIdPattern = /^pg(\d+)$/;

/**
 * The lease of a node on PostgreSQL: a session advisory lock on the node's number, held by
 * one connection for as long as the process runs. PostgreSQL drops the lock when that
 * connection ends, so a node that crashed, or whose machine did, is seen as stopped at once.
 *
 * NOTE: a node whose lease connection breaks (PostgreSQL restarted) loses its lock while it
 * keeps running, so a node starting after that may remove its temporary files; the upload
 * in progress then fails with an error and leaves no object behind.
 */
export class AdvisoryLease implements NodeLease {
  private constructor(
    readonly nodeId: string,
    private readonly client: pg.PoolClient,
  ) {}

  /** Takes a free node number on a connection kept out of the pool. */
  static async acquire(pool: pg.Pool, onError: (error: Error) => void): Promise<AdvisoryLease> {
    const client = await pool.connect();
    client.on('error', onError);
    try {
      for (;;) {
        const number = randomInt(0, 2 ** 31 - 1);
        const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1, $2) AS locked`, [
          nodeLockClass,
          number,
        ]);
        if (rows[0]!.locked) return new AdvisoryLease(`pg${number}`, client);
      }
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  }

  async isAlive(nodeId: string): Promise<boolean> {
    if (nodeId === this.nodeId) return true;
    const match = nodeIdPattern.exec(nodeId);
    if (match === null) return false;
    const number = Number(match[1]);
    const { rows } = await this.client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1, $2) AS locked`, [
      nodeLockClass,
      number,
    ]);
    if (!rows[0]!.locked) return true;
    await this.client.query(`SELECT pg_advisory_unlock($1, $2)`, [nodeLockClass, number]);
    return false;
  }

  async release(): Promise<void> {
    // Ending the connection drops every lock it holds.
    this.client.release(true);
  }
}
