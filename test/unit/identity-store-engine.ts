import type { IdentityStore } from '../../src/iam/identity-store.js';
import { createLogger } from '../../src/log/logger.js';
import { openPostgresStores } from '../../src/metadata/postgres/open-postgres.js';
import { SqliteIdentityStore } from '../../src/metadata/sqlite/sqlite-identity-store.js';
import { createTestDatabase, testMetadataEngine, type TestDatabase } from '../harness/postgres.js';

/**
 * A place an identity store can be opened, closed and opened again: a SQLite file, or with
 * `COFFER_TEST_METADATA=postgres` a fresh PostgreSQL database.
 */
export interface StoreLocation {
  open(): Promise<IdentityStore>;
  /** Drops the database, if there is one; every store opened here must be closed first. */
  remove(): Promise<void>;
}

export function storeLocation(sqlitePath: string): StoreLocation {
  if (testMetadataEngine() === 'sqlite') {
    return { open: async () => new SqliteIdentityStore(sqlitePath), remove: async () => {} };
  }
  let database: Promise<TestDatabase> | undefined;
  return {
    open: async () => {
      database ??= createTestDatabase();
      const stores = await openPostgresStores((await database).url, createLogger('silent'));
      await stores.metadata.close();
      return stores.identities;
    },
    remove: async () => {
      if (database !== undefined) await (await database).drop();
    },
  };
}
