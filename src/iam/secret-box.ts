import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import type { MasterKeyring } from './master-key.js';

/**
 * A secret sealed with AES-256-GCM: `keyId` names the master key, and `ciphertext` is a
 * format byte, the 12-byte nonce, the 16-byte tag and the encrypted text.
 */
export interface EncryptedSecret {
  keyId: string;
  ciphertext: Buffer;
}

const formatVersion = 1;
const nonceLength = 12;
const tagLength = 16;

/** Thrown when a secret cannot be opened: unknown key id, or a ciphertext that fails its tag. */
export class SecretUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnavailableError';
  }
}

/** Returns the associated data that binds a sealed secret to the access key id it belongs to. */
export function secretContext(kind: 'access-key' | 'session', accessKeyId: string): string {
  return `coffer:${kind}:${accessKeyId}`;
}

/**
 * Seals and opens secret access keys with the master keys. The associated data names the
 * record a secret belongs to, so a ciphertext copied onto another row in the database does
 * not open.
 */
export class SecretBox {
  constructor(private readonly keyring: MasterKeyring) {}

  seal(plaintext: string, context: string): EncryptedSecret {
    const { id, key } = this.keyring.current;
    const nonce = randomBytes(nonceLength);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagLength });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const ciphertext = Buffer.concat([Buffer.from([formatVersion]), nonce, cipher.getAuthTag(), encrypted]);
    return { keyId: id, ciphertext };
  }

  open(secret: EncryptedSecret, context: string): string {
    const master = this.keyring.get(secret.keyId);
    if (master === undefined) {
      throw new SecretUnavailableError(
        `the secret was sealed with master key ${secret.keyId}, which is neither the current key nor a retired one`,
      );
    }
    const data = secret.ciphertext;
    if (data.length < 1 + nonceLength + tagLength || data[0] !== formatVersion) {
      throw new SecretUnavailableError('the sealed secret has an unknown format');
    }
    const nonce = data.subarray(1, 1 + nonceLength);
    const tag = data.subarray(1 + nonceLength, 1 + nonceLength + tagLength);
    const encrypted = data.subarray(1 + nonceLength + tagLength);
    const decipher = createDecipheriv('aes-256-gcm', master.key, nonce, { authTagLength: tagLength });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(encrypted), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnavailableError(`the sealed secret failed authentication under master key ${secret.keyId}`);
    }
  }

  /** True when the secret is sealed with the current key, so a rotation need not rewrap it. */
  isCurrent(secret: EncryptedSecret): boolean {
    return secret.keyId === this.keyring.current.id;
  }
}
