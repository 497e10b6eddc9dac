import { accountRootArn, assumedRoleArn } from './arn.js';
import type { IdentityStore } from './identity-store.js';
import type { Principal, RootIdentity } from './principal.js';
import { secretContext, type SecretBox } from './secret-box.js';

/**
 * Result of looking up an access key id before checking a signature:
 * `undefined` for an id this store never issued, a status for one it can no longer sign
 * with, or the secret and the principal it signs for. An inactive key keeps its secret, so
 * that the server can check the signature before it reveals the key's state.
 */
export type CredentialLookup =
  | undefined
  | { status: 'deleted' | 'expired' }
  | InactiveCredential
  | ActiveCredential;

/** `secretAccessKey` is not enumerable, as in `ActiveCredential`. */
export interface InactiveCredential {
  status: 'inactive';
  readonly secretAccessKey: string;
}

/**
 * `secretAccessKey` is not enumerable, so logging or serialising the result leaves it out.
 * For temporary credentials the request must also carry the session token whose digest is
 * `principal.sessionTokenDigest` (compare with `sessionTokenMatches`).
 */
export interface ActiveCredential {
  status: 'active';
  readonly secretAccessKey: string;
  principal: Principal;
}

export interface CredentialLookupDeps {
  store: IdentityStore;
  secrets: SecretBox;
  /** The root's canonical id and display name, for sessions of the root user. */
  root: Omit<RootIdentity, 'accountId'>;
  now?: Date;
}

/**
 * Finds the secret and principal of a user's access key (`AKIA…`) or a session (`ASIA…`).
 * Root credentials are not in the store; the server checks them first. A session ends
 * when it expires, when its user or role is deleted, and when the key that called
 * GetSessionToken is deactivated or deleted.
 */
export async function lookupCredential(deps: CredentialLookupDeps, accessKeyId: string): Promise<CredentialLookup> {
  const key = await deps.store.getAccessKey(accessKeyId);
  if (key !== undefined) return userKeyCredential(deps, key.record, key.secret);
  const session = await deps.store.getSession(accessKeyId);
  if (session === undefined) return undefined;

  const now = deps.now ?? new Date();
  if (session.expiresAt.getTime() <= now.getTime()) return { status: 'expired' };
  const { accountId } = await deps.store.getAccount();
  const base = {
    accountId,
    accessKeyId,
    sessionSource: session.source,
    sessionTokenDigest: session.tokenDigest,
    expiresAt: session.expiresAt,
  };
  const secret = () => deps.secrets.open(session.secret, secretContext('session', accessKeyId));

  if (session.parentAccessKeyId !== undefined) {
    const parent = await deps.store.getAccessKey(session.parentAccessKeyId);
    if (parent?.record.status === 'Deleted') return { status: 'deleted' };
    if (parent?.record.status === 'Inactive') return inactiveCredential(secret());
  }

  if (session.source === 'AssumeRole') {
    const role = session.roleId === undefined ? undefined : await deps.store.getRoleById(session.roleId);
    if (role === undefined || session.sessionName === undefined) return { status: 'deleted' };
    const policies = (await deps.store.listRolePolicies(role.roleName)) ?? [];
    return activeCredential(secret(), {
      ...base,
      type: 'AssumedRole',
      arn: assumedRoleArn(accountId, role.roleName, session.sessionName),
      userId: `${role.roleId}:${session.sessionName}`,
      canonicalId: deps.root.canonicalId,
      displayName: deps.root.displayName,
      role: { roleName: role.roleName, roleId: role.roleId, arn: role.arn },
      sessionPolicy: session.sessionPolicy,
      identityPolicies: policies.map((policy) => policy.document),
    });
  }

  if (session.userId === undefined) {
    return activeCredential(secret(), {
      ...base,
      type: 'Account',
      arn: accountRootArn(accountId),
      userId: accountId,
      canonicalId: deps.root.canonicalId,
      displayName: deps.root.displayName,
      identityPolicies: [],
    });
  }
  const user = await deps.store.getUserById(session.userId);
  if (user === undefined) return { status: 'deleted' };
  const policies = (await deps.store.listUserPolicies(user.userName)) ?? [];
  return activeCredential(secret(), {
    ...base,
    type: 'User',
    arn: user.arn,
    userName: user.userName,
    userId: user.userId,
    canonicalId: user.canonicalId,
    displayName: user.displayName,
    identityPolicies: policies.map((policy) => policy.document),
  });
}

async function userKeyCredential(
  deps: CredentialLookupDeps,
  key: { accessKeyId: string; userId: string; status: string },
  sealed: Parameters<SecretBox['open']>[0] | undefined,
): Promise<CredentialLookup> {
  if (key.status === 'Deleted' || sealed === undefined) return { status: 'deleted' };
  if (key.status === 'Inactive') return inactiveCredential(deps.secrets.open(sealed, secretContext('access-key', key.accessKeyId)));
  const user = await deps.store.getUserById(key.userId);
  if (user === undefined) return { status: 'deleted' };
  const { accountId } = await deps.store.getAccount();
  const policies = (await deps.store.listUserPolicies(user.userName)) ?? [];
  const secret = deps.secrets.open(sealed, secretContext('access-key', key.accessKeyId));
  return activeCredential(secret, {
    type: 'User',
    arn: user.arn,
    accountId,
    userName: user.userName,
    userId: user.userId,
    canonicalId: user.canonicalId,
    displayName: user.displayName,
    accessKeyId: key.accessKeyId,
    identityPolicies: policies.map((policy) => policy.document),
  });
}

function inactiveCredential(secretAccessKey: string): InactiveCredential {
  const credential = { status: 'inactive' } as InactiveCredential;
  Object.defineProperty(credential, 'secretAccessKey', { value: secretAccessKey, enumerable: false });
  return credential;
}

function activeCredential(secretAccessKey: string, principal: Principal): ActiveCredential {
  const credential = { status: 'active', principal } as ActiveCredential;
  Object.defineProperty(credential, 'secretAccessKey', { value: secretAccessKey, enumerable: false });
  return credential;
}
