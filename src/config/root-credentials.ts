import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { createFileExclusive } from './exclusive-file.js';

export interface RootCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  canonicalId: string;
  /** Where the secret lives when Coffer generated it; undefined when it came from the environment. */
  file: string | undefined;
  generated: boolean;
}

const credentialsFileName = 'root-credentials.json';
const canonicalIdFileName = 'root-canonical-id';

/**
 * Loads the root credentials: `COFFER_ROOT_ACCESS_KEY_ID` and
 * `COFFER_ROOT_SECRET_ACCESS_KEY` when both are set, else the pair stored in the data
 * directory, else a new pair written there with mode 0600. Nodes that share the data
 * directory and start together agree on one pair: only one creates the file, and the
 * others read what it wrote.
 */
export async function loadRootCredentials(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RootCredentials> {
  const canonicalId = await loadCanonicalId(dataDir);
  const envKey = env.COFFER_ROOT_ACCESS_KEY_ID;
  const envSecret = env.COFFER_ROOT_SECRET_ACCESS_KEY;
  if ((envKey === undefined) !== (envSecret === undefined)) {
    throw new Error(
      'set both COFFER_ROOT_ACCESS_KEY_ID and COFFER_ROOT_SECRET_ACCESS_KEY, or neither',
    );
  }
  if (envKey !== undefined && envSecret !== undefined) {
    checkAccessKeyId(envKey);
    if (envSecret.length < 8) {
      throw new Error('COFFER_ROOT_SECRET_ACCESS_KEY is too short: use at least 8 characters');
    }
    return { accessKeyId: envKey, secretAccessKey: envSecret, canonicalId, file: undefined, generated: false };
  }

  const file = join(dataDir, credentialsFileName);
  const stored = await readJson(file);
  if (stored !== undefined) {
    return {
      accessKeyId: String(stored.accessKeyId),
      secretAccessKey: String(stored.secretAccessKey),
      canonicalId,
      file,
      generated: false,
    };
  }
  const accessKeyId = `CFR${randomBytes(9).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(30).toString('base64url');
  const created = await createFileExclusive(file, `${JSON.stringify({ accessKeyId, secretAccessKey }, null, 2)}\n`, 0o600);
  if (!created) return loadRootCredentials(dataDir, env);
  return { accessKeyId, secretAccessKey, canonicalId, file, generated: true };
}

function checkAccessKeyId(accessKeyId: string): void {
  if (!/^[A-Za-z0-9]{3,128}$/.test(accessKeyId)) {
    throw new Error('COFFER_ROOT_ACCESS_KEY_ID must be 3 to 128 letters and digits');
  }
}

async function loadCanonicalId(dataDir: string): Promise<string> {
  const file = join(dataDir, canonicalIdFileName);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const canonicalId = randomBytes(32).toString('hex');
  if (!(await createFileExclusive(file, `${canonicalId}\n`, 0o600))) return loadCanonicalId(dataDir);
  return canonicalId;
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
}
