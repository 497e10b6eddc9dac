import type pg from 'pg';

/** SQLSTATE codes after which PostgreSQL expects the client to run the transaction again. */
const retryableCodes = new Set(['40001', '40P01']);

/** Tries per transaction; each conflict means another node committed meanwhile. */
const maxAttempts = 8;

/**
 * Runs `work` in one READ COMMITTED transaction on a pooled connection and commits it.
 * The stores take the row locks and advisory locks they need inside `work`, so concurrent
 * transactions on other nodes wait rather than interleave. A serialization failure or a
 * deadlock rolls back and runs `work` again, after a short random pause.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const client = await pool.connect();
    let release: Error | boolean = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        // A connection that cannot roll back is broken; the pool must not hand it out again.
        release = rollbackError;
      });
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !retryableCodes.has(code) || attempt >= maxAttempts) throw error;
    } finally {
      client.release(release);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
  }
}

/**
 * Takes a transaction-level advisory lock named by `scope` and `name`. Writers of one object
 * key (or one IAM name space) take the same lock, so the check-then-write inside their
 * transactions runs one at a time across every node. A hash collision only makes two
 * unrelated writers wait for each other.
 */
export async function lockName(client: pg.PoolClient, scope: string, name: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${scope}\u0001${name}`]);
}
