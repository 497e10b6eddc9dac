import type { Logger } from '../../log/logger.js';
import { redactConnectionString } from './connection-string.js';
import { openPool } from './pool.js';
import { migrations } from './schema.js';

/** How often a running node reads the schema version. */
const checkIntervalMs = 5_000;

/** The newest schema version among this build's migrations. */
export const latestSchemaVersion = Math.max(...migrations.map((migration) => migration.version));

/**
 * Reads the newest version in `schema_migrations` every few seconds and calls `onNewer`
 * once when it is above `latestSchemaVersion`. Another node of a newer Coffer has then
 * migrated the schema, and records it writes may be in a format this node cannot read.
 * A failed read is logged and tried again at the next interval. Returns a function that
 * stops the watch.
 */
export function watchSchemaVersion(connectionString: string, log: Logger, onNewer: (version: number) => void): () => Promise<void> {
  const database = redactConnectionString(connectionString);
  const pool = openPool(
    connectionString,
    (error) => log.warn({ err: error, database }, 'the schema version check lost its database connection'),
    1,
  );
  let reported = false;
  const check = async (): Promise<void> => {
    try {
      const { rows } = await pool.query<{ version: number | null }>(`SELECT max(version) AS version FROM schema_migrations`);
      const version = rows[0]?.version ?? 0;
      if (version > latestSchemaVersion && !reported) {
        reported = true;
        onNewer(version);
      }
    } catch (error) {
      log.warn({ err: error, database }, 'reading the metadata schema version failed');
    }
  };
  const timer = setInterval(() => void check(), checkIntervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await pool.end();
  };
}
