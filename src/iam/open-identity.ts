import { join } from 'node:path';

import { SqliteIdentityStore } from '../metadata/sqlite/sqlite-identity-store.js';
import type { IdentityStore } from './identity-store.js';
import { loadMasterKeyring } from './master-key.js';
import { SecretBox, SecretUnavailableError, secretContext } from './secret-box.js';

export interface IdentityService {
  store: IdentityStore;
  secrets: SecretBox;
  accountId: string;
  /** Path of the master key file. */
  keyFile: string;
  /** True when the master key was created by this start. */
  generatedKey: boolean;
  /** Secrets re-sealed with the current master key because a retired key sealed them. */
  rewrapped: number;
  /** Access key ids whose secret no loaded master key opens; they cannot sign requests. */
  unreadable: string[];
}

export interface OpenIdentityOptions {
  dataDir: string;
  /** SQLite file of the identity tables; the metadata database by default. */
  databasePath?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Re-seal secrets that a retired master key sealed (default true). A cluster worker passes
   * false, because the primary did it once before forking.
   */
  rewrapSecrets?: boolean;
}

/**
 * Opens the identity layer at server start. It loads (or creates) the master key, opens the
 * SQLite identity store and makes sure the account id exists. Then it re-seals with the
 * current key every secret that a retired key sealed, which completes a key rotation.
 */
export async function openIdentityService(options: OpenIdentityOptions): Promise<IdentityService> {
  const loaded = await loadMasterKeyring(options.dataDir, options.env);
  const secrets = new SecretBox(loaded.keyring);
  const store = new SqliteIdentityStore(options.databasePath ?? join(options.dataDir, 'metadata.sqlite'));
  const { accountId } = await store.getAccount();
  const unreadable: string[] = [];
  if (options.rewrapSecrets === false) {
    return { store, secrets, accountId, keyFile: loaded.file, generatedKey: loaded.generated, rewrapped: 0, unreadable };
  }
  const rewrapped = await store.rewrapSecrets((item) => {
    if (secrets.isCurrent(item.secret)) return undefined;
    const context = secretContext(item.kind, item.accessKeyId);
    try {
      return secrets.seal(secrets.open(item.secret, context), context);
    } catch (error) {
      if (!(error instanceof SecretUnavailableError)) throw error;
      unreadable.push(item.accessKeyId);
      return undefined;
    }
  });
  return { store, secrets, accountId, keyFile: loaded.file, generatedKey: loaded.generated, rewrapped, unreadable };
}
