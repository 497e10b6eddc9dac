import { S3Error } from '../errors/s3-error.js';
import type { Identity } from '../http/request-context.js';
import { lookupCredential, rootPrincipal, type IdentityService } from '../iam/index.js';

/** A secret access key and the identity it signs for. */
export interface SigningCredential {
  readonly secretAccessKey: string;
  identity: Identity;
}

/**
 * Finds the secret behind an access key id: `undefined` for a key never issued. A key that
 * exists but cannot sign (inactive, deleted, an expired session) raises the S3 error for
 * it, so that every signature check treats those the same way.
 */
export interface CredentialStore {
  lookup(accessKeyId: string): Promise<SigningCredential | undefined>;
}

export interface RootCredential {
  accessKeyId: string;
  secretAccessKey: string;
  canonicalId: string;
}

/**
 * The root user's key first, then users' keys and sessions from the identity store. A
 * presigned URL is checked here at every use, so disabling or deleting the key that signed
 * it, or the end of the session that signed it, ends the URL too.
 */
export class CofferCredentialStore implements CredentialStore {
  constructor(
    private readonly root: RootCredential,
    private readonly identities: IdentityService,
  ) {}

  async lookup(accessKeyId: string): Promise<SigningCredential | undefined> {
    if (accessKeyId === this.root.accessKeyId) {
      const identity = rootPrincipal(
        { accountId: this.identities.accountId, canonicalId: this.root.canonicalId, displayName: 'root' },
        accessKeyId,
      );
      return { secretAccessKey: this.root.secretAccessKey, identity };
    }
    const found = await lookupCredential(
      {
        store: this.identities.store,
        secrets: this.identities.secrets,
        root: { canonicalId: this.root.canonicalId, displayName: 'root' },
      },
      accessKeyId,
    );
    if (found === undefined) return undefined;
    switch (found.status) {
      case 'active':
        return { secretAccessKey: found.secretAccessKey, identity: found.principal };
      case 'inactive':
        throw new S3Error('AccessDenied', `The access key ${accessKeyId} is inactive, so requests it signed are denied. Activate the key or sign with another one.`);
      case 'deleted':
        throw new S3Error('AccessDenied', `The access key ${accessKeyId} was deleted, so requests it signed are denied. Sign with an active key.`);
      case 'expired':
        throw new S3Error('ExpiredToken', 'The provided token has expired.');
    }
  }
}
