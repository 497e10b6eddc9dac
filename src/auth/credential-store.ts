import { S3Error } from '../errors/s3-error.js';
import type { Identity } from '../http/request-context.js';
import { lookupCredential, rootPrincipal, type IdentityService } from '../iam/index.js';

/** A secret access key and the identity it signs for. */
export type SigningCredential = ActiveSigningCredential | RejectedSigningCredential;

export interface ActiveSigningCredential {
  readonly secretAccessKey: string;
  identity: Identity;
  rejection?: undefined;
}

/**
 * A key that exists but may not sign, such as an inactive one. Its error is raised only
 * after the signature proves that the caller has the secret. A wrong signature gets the
 * error of an unknown key, so the key's state stays hidden from anyone without the secret.
 */
export interface RejectedSigningCredential {
  readonly secretAccessKey: string;
  identity?: undefined;
  rejection: S3Error;
}

/** Returns the identity of a credential whose signature matched, or raises its rejection. */
export function signerIdentity(credential: SigningCredential): Identity {
  if (credential.rejection !== undefined) throw credential.rejection;
  return credential.identity;
}

/** Returns the error for a signature that did not match: `mismatch`, or InvalidAccessKeyId for a rejected key. */
export function signatureError(credential: SigningCredential, accessKeyId: string, mismatch: () => S3Error): S3Error {
  return credential.rejection !== undefined ? unknownAccessKey(accessKeyId) : mismatch();
}

/** Returns InvalidAccessKeyId, for a key never issued, deleted, or rejected with a wrong signature. */
export function unknownAccessKey(accessKeyId: string): S3Error {
  return new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKeyId });
}

/**
 * Finds the secret behind an access key id: `undefined` for a key never issued or deleted,
 * which S3 reports as InvalidAccessKeyId. An inactive key comes back rejected. An expired
 * session raises ExpiredToken at once, as S3 does.
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
        return {
          secretAccessKey: found.secretAccessKey,
          rejection: new S3Error(
            'AccessDenied',
            `The access key ${accessKeyId} is inactive, so requests it signed are denied. Activate the key or sign with another one.`,
          ),
        };
      case 'deleted':
        return undefined;
      case 'expired':
        throw new S3Error('ExpiredToken', 'The provided token has expired.');
    }
  }
}
