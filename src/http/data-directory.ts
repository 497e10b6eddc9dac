import { mkdir } from 'node:fs/promises';

import { loadRootCredentials, type RootCredentials } from '../config/root-credentials.js';
import type { ServerConfig } from '../config/server-config.js';
import { openIdentityService, type IdentityService } from '../iam/index.js';
import type { Logger } from '../log/logger.js';
import type { AuditStore } from '../metadata/audit-store.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import { openMetadataStores, type MetadataStores } from '../metadata/open-metadata.js';
import type { ShareStore } from '../metadata/share-store.js';
import { DiskBlobStore } from '../storage/disk-blob-store.js';

/**
 * Age below which a blob no record names is kept by the start-up sweep when other nodes
 * share the metadata. A node commits a blob's record right after renaming the blob into
 * place, so an hour is far more than any write needs between the two.
 */
const sharedBlobGraceMs = 60 * 60 * 1000;

/** The stores of one data directory, open in this process. */
export interface DataDirectory {
  root: RootCredentials;
  metadata: MetadataStore;
  blobs: DiskBlobStore;
  identities: IdentityService;
  shares: ShareStore;
  audit: AuditStore;
  close(): Promise<void>;
}

/**
 * Does the once-per-start work on the data directory and opens its stores: creates the
 * directory, loads or generates the root credentials and the master key, brings the schema
 * up to date, removes what an interrupted write left behind and re-seals secrets after a
 * master key rotation. It logs the start-up banner, including the credentials file.
 *
 * On SQLite, only one process may run this at a time, and no server may be writing to the
 * directory, because the sweep deletes every temporary file of a stopped process and every
 * blob no record names. With shared metadata (PostgreSQL) other nodes may be running: the
 * sweep leaves their temporary files alone and keeps young unreferenced blobs.
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

  const stores = await openMetadataStores(config.metadata, log);
  const blobs = new DiskBlobStore(config.dataDir, stores.lease.nodeId);
  await blobs.init();
  const swept = await blobs.sweep(await stores.metadata.referencedBlobIds(), {
    isAlive: (nodeId) => stores.lease.isAlive(nodeId),
    // Another node may have renamed a blob into place and not yet committed its record.
    unreferencedMinAgeMs: stores.shared ? sharedBlobGraceMs : 0,
  });
  if (swept.removedBlobs > 0 || swept.removedTemporary > 0) {
    log.info(swept, 'removed data left by an interrupted write');
  }

  const identities = await openIdentityService({ dataDir: config.dataDir, store: stores.identities });
  if (identities.generatedKey) {
    log.info({ keyFile: identities.keyFile }, 'generated the master key that encrypts stored secret keys; back it up apart from the database');
  }
  if (identities.unreadable.length > 0) {
    log.warn({ accessKeyIds: identities.unreadable }, 'no loaded master key opens the secrets of these access keys; they cannot sign requests');
  }
  return withClose(stores, { root, metadata: stores.metadata, blobs, identities, shares: stores.shares, audit: stores.audit });
}

/**
 * Opens the stores of a data directory that `prepareDataDirectory` already set up, as a
 * cluster worker does. It writes nothing at start: the credentials, the master key and the
 * schema exist, so the loaders only read them, and it neither sweeps nor re-seals.
 */
export async function openDataDirectory(config: ServerConfig, log: Logger): Promise<DataDirectory> {
  const root = await loadRootCredentials(config.dataDir);
  const stores = await openMetadataStores(config.metadata, log);
  const blobs = new DiskBlobStore(config.dataDir, stores.lease.nodeId);
  const identities = await openIdentityService({ dataDir: config.dataDir, store: stores.identities, rewrapSecrets: false });
  return withClose(stores, { root, metadata: stores.metadata, blobs, identities, shares: stores.shares, audit: stores.audit });
}

function withClose(metadataStores: MetadataStores, stores: Omit<DataDirectory, 'close'>): DataDirectory {
  return {
    ...stores,
    close: async () => {
      // Closes every store of the metadata engine and gives up the node lease.
      await metadataStores.close();
    },
  };
}
