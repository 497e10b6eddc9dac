import type pg from 'pg';

/** One versioned schema change: statements that run in one transaction. */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

/**
 * Name of the session advisory lock held while migrating. Nodes that start at the same
 * time wait for each other here, so each migration runs once.
 */
const migrationLockName = 'coffer schema migrations';

/**
 * Brings the database up to the newest migration and returns the versions applied now.
 * Each pending migration runs in its own transaction together with the row in
 * `schema_migrations` that records it, so a failure leaves the database at the previous
 * version. A database that records a version this build does not know was written by a
 * newer Coffer; it is left alone and the start fails, rather than running on a schema it
 * does not understand.
 */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[]): Promise<number[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [migrationLockName]);
    try {
      return await applyPending(client, migrations);
    } finally {
      await client
        .query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [migrationLockName])
        .catch((error: Error) => {
          broken = error;
        });
    }
  } finally {
    // A connection that could not give the lock back still holds it; closing it frees it.
    client.release(broken ?? false);
  }
}

async function applyPending(client: pg.PoolClient, migrations: readonly Migration[]): Promise<number[]> {
  await client.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`,
  );
  const { rows } = await client.query<{ version: number }>(`SELECT version FROM schema_migrations`);
  const applied = new Set(rows.map((row) => row.version));
  const known = new Set(migrations.map((migration) => migration.version));
  const unknown = [...applied].filter((version) => !known.has(version)).sort((a, b) => a - b);
  if (unknown.length > 0) {
    throw new Error(
      `the metadata database has schema version ${unknown.join(', ')}, which this Coffer does not know; ` +
        'it was written by a newer Coffer, so run that version or newer',
    );
  }

  const appliedNow: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await client.query('BEGIN');
    try {
      for (const statement of migration.statements) await client.query(statement);
      await client.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`schema migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`);
    }
    appliedNow.push(migration.version);
  }
  return appliedNow;
}
