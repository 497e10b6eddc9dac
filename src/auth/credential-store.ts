import type { Identity } from '../http/request-context.js';

/** A secret access key and the identity it signs for. */
export interface SigningCredential {
  secretAccessKey: string;
  identity: Identity;
}

/** Finds the secret behind an access key id; `undefined` for an unknown key. */
export interface CredentialStore {
  lookup(accessKeyId: string): Promise<SigningCredential | undefined>;
}

/** The root user alone, from the server's root credentials. */
export class RootCredentialStore implements CredentialStore {
  constructor(private readonly root: SigningCredential) {}

  async lookup(accessKeyId: string): Promise<SigningCredential | undefined> {
    return accessKeyId === this.root.identity.accessKeyId ? this.root : undefined;
  }
}
