import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { createFileExclusive } from '../config/exclusive-file.js';

/** Length of a master key: AES-256 takes 32 bytes. */
export const masterKeyLength = 32;

/** A master key and the id stored next to every ciphertext made with it. */
export interface MasterKey {
  /** 16 hex digits derived from the key; it identifies the key without revealing it. */
  readonly id: string;
  /** The key bytes; not enumerable, so logging or serialising the object leaves them out. */
  readonly key: Buffer;
}

/**
 * The current master key, which seals new secrets, and retired keys, which only open
 * secrets sealed before a rotation.
 */
export class MasterKeyring {
  readonly current: MasterKey;
  readonly #keys = new Map<string, MasterKey>();

  constructor(current: MasterKey, retired: MasterKey[] = []) {
    this.current = current;
    for (const key of retired) this.#keys.set(key.id, key);
    this.#keys.set(current.id, current);
  }

  /** Returns the key with this id, current or retired. */
  get(id: string): MasterKey | undefined {
    return this.#keys.get(id);
  }

  get ids(): string[] {
    return [...this.#keys.keys()];
  }
}

export interface LoadedMasterKeyring {
  keyring: MasterKeyring;
  /** Path of the current key file. */
  file: string;
  /** True when this call created the key file. */
  generated: boolean;
  /** Retired key files that were loaded. */
  retiredFiles: string[];
}

/** Wraps 32 key bytes with their id. */
export function masterKeyFromBytes(bytes: Buffer): MasterKey {
  if (bytes.length !== masterKeyLength) {
    throw new Error(`a master key must be ${masterKeyLength} bytes, not ${bytes.length}`);
  }
  const id = createHash('sha256').update('coffer master key id\0').update(bytes).digest('hex').slice(0, 16);
  const key = {} as MasterKey;
  Object.defineProperty(key, 'id', { value: id, enumerable: true });
  Object.defineProperty(key, 'key', { value: Buffer.from(bytes), enumerable: false });
  return key;
}

/**
 * Loads the master key from `COFFER_MASTER_KEY_FILE`, or else `DATA_DIR/keys/master.key`,
 * creating it (mode 0600, in a folder created with mode 0700) on first start. Every `*.key`
 * file in the `retired` folder next to it is loaded as a retired key. A key file that group
 * or others may read is rejected, because it would let them read every stored secret.
 */
export async function loadMasterKeyring(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedMasterKeyring> {
  const configured = env.COFFER_MASTER_KEY_FILE;
  const file = configured !== undefined && configured !== '' ? configured : join(dataDir, 'keys', 'master.key');
  let generated = false;
  let current = await readKeyFile(file);
  if (current === undefined) {
    generated = await createKeyFile(file);
    current = await readKeyFile(file);
    if (current === undefined) throw new Error(`master key file ${file} vanished right after it was created`);
  }

  const retiredDir = join(dirname(file), 'retired');
  const retiredFiles: string[] = [];
  const retired: MasterKey[] = [];
  for (const name of await listKeyFiles(retiredDir)) {
    const path = join(retiredDir, name);
    const key = await readKeyFile(path);
    if (key === undefined) continue;
    retired.push(key);
    retiredFiles.push(path);
  }
  return { keyring: new MasterKeyring(current, retired), file, generated, retiredFiles };
}

/** Writes 32 random bytes with mode 0600; false when another process created the file first. */
async function createKeyFile(file: string): Promise<boolean> {
  const folder = dirname(file);
  const created = await mkdir(folder, { recursive: true, mode: 0o700 });
  if (created !== undefined) await chmod(folder, 0o700);
  try {
    // Never half written to a node that starts at the same time and reads it.
    return await createFileExclusive(file, randomBytes(masterKeyLength), 0o600);
  } catch (error) {
    throw new Error(`cannot create master key file ${file}: ${(error as Error).message}`);
  }
}

/**
 * Reads a key file: 32 raw bytes, or 64 hex digits or base64 of 32 bytes as text (what
 * `openssl rand -hex 32` and `openssl rand -base64 32` print). Undefined when it is missing.
 */
async function readKeyFile(file: string): Promise<MasterKey | undefined> {
  let mode: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error(`master key file ${file} is not a regular file`);
    mode = info.mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `master key file ${file} has mode ${(mode & 0o777).toString(8)}, so group or others can read it; run chmod 600 ${file}`,
    );
  }
  const content = await readFile(file);
  if (content.length === masterKeyLength) return masterKeyFromBytes(content);
  const text = content.toString('latin1').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return masterKeyFromBytes(Buffer.from(text, 'hex'));
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return masterKeyFromBytes(Buffer.from(text, 'base64'));
  throw new Error(
    `master key file ${file} contains ${content.length} bytes; expected 32 raw bytes, 64 hex digits or 44 base64 characters`,
  );
}

async function listKeyFiles(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => name.endsWith('.key')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
