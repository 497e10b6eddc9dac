import type { Logger } from '../../log/logger.js';
import type { MetadataStores } from '../open-metadata.js';
import { AdvisoryLease } from './advisory-lease.js';
import { redactConnectionString } from './connection-string.js';
import { migrate } from './migrate.js';
import { MetadataConnectionError, openPool } from './pool.js';
import { PostgresAuditStore } from './postgres-audit-store.js';
import { PostgresIdentityStore } from './postgres-identity-store.js';
import { PostgresMetadataStore } from './postgres-metadata-store.js';
import { PostgresShareStore } from './postgres-share-store.js';
import { migrations } from './schema.js';

/**
 * Connects to PostgreSQL, applies pending schema migrations and opens every store on one
 * pool. The pool ends when all of them are closed.
 */
export async function openPostgresStores(connectionString: string, log: Logger): Promise<MetadataStores> {
  const database = redactConnectionString(connectionString);
  const pool = openPool(connectionString, (error) => {
    log.warn({ err: error, database }, 'a pooled metadata database connection failed; the pool opens a new one');
  });
  let lease: AdvisoryLease;
  try {
    await pool.query('SELECT 1').catch((error: Error) => {
      throw new MetadataConnectionError(connectionString, error);
    });
    const applied = await migrate(pool, migrations);
    if (applied.length > 0) log.info({ database, versions: applied }, 'applied metadata schema migrations');
    lease = await AdvisoryLease.acquire(pool, (error) => {
      log.error({ err: error, database }, 'the connection holding this node lease failed');
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  log.info({ database, nodeId: lease.nodeId }, 'opened the PostgreSQL metadata database');

  // Each store closes once; the last one to close ends the lease and the pool.
  const stillOpen = new Set(['metadata', 'identities', 'shares', 'audit']);
  const closer = (store: string) => async () => {
    if (!stillOpen.delete(store) || stillOpen.size > 0) return;
    await lease.release();
    await pool.end();
  };
  const metadata = new PostgresMetadataStore(pool, closer('metadata'));
  const identities = new PostgresIdentityStore(pool, closer('identities'));
  const shares = new PostgresShareStore(pool, closer('shares'));
  const audit = new PostgresAuditStore(pool, closer('audit'));
  return {
    metadata,
    identities,
    shares,
    audit,
    lease,
    shared: true,
    close: async () => {
      await metadata.close();
      await identities.close();
      await shares.close();
      await audit.close();
    },
  };
}
