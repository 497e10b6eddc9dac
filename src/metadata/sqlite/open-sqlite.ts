import type { MetadataStores } from '../open-metadata.js';
import { ProcessLease } from './process-lease.js';
import { SqliteIdentityStore } from './sqlite-identity-store.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.js';

/** Opens the metadata and identity tables in one SQLite file, creating it on first start. */
export function openSqliteStores(path: string): MetadataStores {
  const metadata = new SqliteMetadataStore(path);
  const identities = new SqliteIdentityStore(path);
  const lease = new ProcessLease();
  return {
    metadata,
    identities,
    lease,
    shared: false,
    close: async () => {
      await metadata.close();
      await identities.close();
      await lease.release();
    },
  };
}
