import type { MetadataStores } from '../open-metadata.js';
import { ProcessLease } from './process-lease.js';
import { SqliteAuditStore } from './sqlite-audit-store.js';
import { SqliteIdentityStore } from './sqlite-identity-store.js';
import { SqliteMetadataStore } from './sqlite-metadata-store.js';
import { SqliteShareStore } from './sqlite-share-store.js';

/** Opens every store's tables in one SQLite file, creating it on first start. */
export function openSqliteStores(path: string): MetadataStores {
  const metadata = new SqliteMetadataStore(path);
  const identities = new SqliteIdentityStore(path);
  const shares = new SqliteShareStore(path);
  const audit = new SqliteAuditStore(path);
  const lease = new ProcessLease();
  return {
    metadata,
    identities,
    shares,
    audit,
    lease,
    shared: false,
    close: async () => {
      await metadata.close();
      await identities.close();
      await shares.close();
      await audit.close();
      await lease.release();
    },
  };
}
