import type { IdentityStore } from '../iam/identity-store.js';
import type { Logger } from '../log/logger.js';
import type { AuditStore } from './audit-store.js';
import type { MetadataLocation } from './metadata-location.js';
import type { MetadataStore } from './metadata-store.js';
import type { NodeLease } from './node-lease.js';
import type { ShareStore } from './share-store.js';

/** The stores of one metadata engine, opened together. */
export interface MetadataStores {
  metadata: MetadataStore;
  identities: IdentityStore;
  shares: ShareStore;
  audit: AuditStore;
  lease: NodeLease;
  /**
   * True when other nodes may write the same metadata while this one runs, so data that
   * looks unreferenced may belong to another node's write in progress.
   */
  shared: boolean;
  /** Closes the stores and gives up the lease. */
  close(): Promise<void>;
}

/**
 * Opens the metadata engine that `location` names. This is the one place that chooses an
 * engine; the server and the identity layer see only the interfaces. PostgreSQL is
 * migrated to the newest schema first.
 */
export async function openMetadataStores(location: MetadataLocation, log: Logger): Promise<MetadataStores> {
  if (location.engine === 'postgres') {
    // Loaded only when asked for, so the embedded default starts without pg.
    const { openPostgresStores } = await import('./postgres/open-postgres.js');
    return openPostgresStores(location.connectionString, log);
  }
  const { openSqliteStores } = await import('./sqlite/open-sqlite.js');
  return openSqliteStores(location.path);
}

/**
 * Calls `onNewer` when another node migrates the PostgreSQL schema past the newest version
 * among this build's migrations. SQLite serves one node, whose processes all start
 * together, so it needs no watch. Returns a function that stops the watch.
 */
export async function watchMetadataSchema(
  location: MetadataLocation,
  log: Logger,
  onNewer: (version: number, known: number) => void,
): Promise<() => Promise<void>> {
  if (location.engine !== 'postgres') return async () => undefined;
  const { latestSchemaVersion, watchSchemaVersion } = await import('./postgres/schema-watch.js');
  return watchSchemaVersion(location.connectionString, log, (version) => onNewer(version, latestSchemaVersion));
}
