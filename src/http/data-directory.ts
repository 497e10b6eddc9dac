import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { loadRootCredentials, type RootCredentials } from '../config/root-credentials.js';
import type { ServerConfig } from '../config/server-config.js';
import { openIdentityService, type IdentityService } from '../iam/index.js';
import type { Logger } from '../log/logger.js';
import { SqliteAuditStore } from '../metadata/sqlite/sqlite-audit-store.js';
import { SqliteMetadataStore } from '../metadata/sqlite/sqlite-metadata-store.js';
import { SqliteShareStore } from '../metadata/sqlite/sqlite-share-store.js';
import { DiskBlobStore } from '../storage/disk-blob-store.js';

/** The stores of one data directory, open in this process. */
export interface DataDirectory {
  root: RootCredentials;
  metadata: SqliteMetadataStore;
  blobs: DiskBlobStore;
  identities: IdentityService;
  shares: SqliteShareStore;
  audit: SqliteAuditStore;
  close(): Promise<void>;
}

/**
 * Does the once-per-start work on the data directory and opens its stores: creates the
 * directory, loads or generates the root credentials and the master key, brings the schema
 * up to date, removes what an interrupted write left behind and re-seals secrets after a
 * master key rotation. It logs the start-up banner, including the credentials file.
 *
 * Only one process may run this at a time, and no server may be writing to the directory,
 * because the sweep deletes every temporary file and every blob no record names.
 */
export async function prepareDataDirectory(config: ServerConfig, log: Logger): Promise<DataDirectory> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const root = await loadRootCredentials(config.dataDir);
  if (root.generated) {
    log.info(
      { accessKeyId: root.accessKeyId, secretFile: root.file },
      'generated root credentials; the secret access key is in the file named here (mode 0600)',
    );
  } else {
    log.info({ accessKeyId: root.accessKeyId, source: root.file ?? 'environment' }, 'loaded root credentials');
  }

  const metadata = new SqliteMetadataStore(join(config.dataDir, 'metadata.sqlite'));
  const blobs = new DiskBlobStore(config.dataDir);
  await blobs.init();
  const swept = await blobs.sweep(await metadata.referencedBlobIds());
  if (swept.removedBlobs > 0 || swept.removedTemporary > 0) {
    log.info(swept, 'removed data left by an interrupted write');
  }

  const identities = await openIdentityService({ dataDir: config.dataDir });
  if (identities.generatedKey) {
    log.info({ keyFile: identities.keyFile }, 'generated the master key that encrypts stored secret keys; back it up apart from the database');
  }
  if (identities.unreadable.length > 0) {
    log.warn({ accessKeyIds: identities.unreadable }, 'no loaded master key opens the secrets of these access keys; they cannot sign requests');
  }
  return withClose({ root, metadata, blobs, identities, ...openShareStores(config) });
}

/**
 * Opens the stores of a data directory that `prepareDataDirectory` already set up, as a
 * cluster worker does. It writes nothing at start: the credentials, the master key and the
 * schema exist, so the loaders only read them, and it neither sweeps nor re-seals.
 */
export async function openDataDirectory(config: ServerConfig): Promise<DataDirectory> {
  const root = await loadRootCredentials(config.dataDir);
  const metadata = new SqliteMetadataStore(join(config.dataDir, 'metadata.sqlite'));
  const blobs = new DiskBlobStore(config.dataDir);
  const identities = await openIdentityService({ dataDir: config.dataDir, rewrapSecrets: false });
  return withClose({ root, metadata, blobs, identities, ...openShareStores(config) });
}

function openShareStores(config: ServerConfig): Pick<DataDirectory, 'shares' | 'audit'> {
  const path = join(config.dataDir, 'metadata.sqlite');
  return { shares: new SqliteShareStore(path), audit: new SqliteAuditStore(path) };
}

function withClose(stores: Omit<DataDirectory, 'close'>): DataDirectory {
  return {
    ...stores,
    close: async () => {
      await stores.metadata.close();
      await stores.identities.store.close();
      await stores.shares.close();
      await stores.audit.close();
    },
  };
}
