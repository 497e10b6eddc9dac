import type { EncryptedSecret } from './secret-box.js';

/**
 * Persistence of users, access keys, roles, inline policies and sessions. Every method is
 * atomic, and names of users and roles compare case-insensitively, as IAM names do.
 * Implementations store secrets only in their sealed form; sealing and opening happen in
 * the caller (`SecretBox`), so an engine never receives a plain secret.
 */
export interface IdentityStore {
  /** The account: its 12-digit id is generated and stored on first use. */
  getAccount(): Promise<AccountRecord>;

  createUser(user: UserRecord): Promise<'created' | 'exists' | 'email-taken'>;
  getUser(userName: string): Promise<UserRecord | undefined>;
  getUserById(userId: string): Promise<UserRecord | undefined>;
  getUserByCanonicalId(canonicalId: string): Promise<UserRecord | undefined>;
  /** Finds the user an S3 ACL email grantee names; emails compare case-insensitively. */
  getUserByEmail(email: string): Promise<UserRecord | undefined>;
  /** Users whose path starts with `pathPrefix`, by name, after the name `after`. */
  listUsers(query: ListQuery & { pathPrefix: string }): Promise<UserRecord[]>;
  /**
   * A value that changes whenever a user is created or deleted, by any process using the
   * same database, so that a copy of the users kept in memory can tell it is out of date.
   * Optional: without it such a copy is reloaded after a fixed time.
   */
  usersVersion?(): Promise<string>;
  /** Deletes a user that has no access keys and no inline policies, as IAM requires. */
  deleteUser(userName: string): Promise<'deleted' | 'missing' | 'has-access-keys' | 'has-policies'>;

  /** Adds a key unless the user already has `maxPerUser` keys that are not deleted. */
  createAccessKey(
    userName: string,
    key: NewAccessKey,
    maxPerUser: number,
  ): Promise<{ status: 'created'; record: AccessKeyRecord } | { status: 'no-such-user' } | { status: 'limit-exceeded' }>;
  /** A key and its sealed secret; deleted keys come back as tombstones without a secret. */
  getAccessKey(accessKeyId: string): Promise<StoredAccessKey | undefined>;
  /** Keys of a user that are not deleted, by access key id; undefined when the user is missing. */
  listAccessKeys(userName: string): Promise<AccessKeyRecord[] | undefined>;
  updateAccessKeyStatus(
    userName: string,
    accessKeyId: string,
    status: 'Active' | 'Inactive',
  ): Promise<'updated' | 'no-such-user' | 'no-such-key'>;
  /** Replaces the key with a tombstone that keeps its id, owner and dates but not its secret. */
  deleteAccessKey(userName: string, accessKeyId: string): Promise<'deleted' | 'no-such-user' | 'no-such-key'>;
  /**
   * Records a successful use. Implementations may skip the write when the stored use is
   * recent (within five minutes) for the same service and region, as IAM's own value is
   * approximate too.
   */
  recordAccessKeyUse(accessKeyId: string, use: KeyUse): Promise<void>;

  /**
   * Creates or replaces an inline policy unless the user's policies would then exceed
   * `maxTotalSize` (sum of `size` over the user's policies).
   */
  putUserPolicy(userName: string, policy: InlinePolicy, maxTotalSize: number): Promise<'stored' | 'no-such-user' | 'too-large'>;
  getUserPolicy(userName: string, policyName: string): Promise<InlinePolicy | 'no-such-user' | 'no-such-policy'>;
  /** Policies of a user by name; undefined when the user is missing. */
  listUserPolicies(userName: string): Promise<InlinePolicy[] | undefined>;
  deleteUserPolicy(userName: string, policyName: string): Promise<'deleted' | 'no-such-user' | 'no-such-policy'>;

  createRole(role: RoleRecord): Promise<'created' | 'exists'>;
  getRole(roleName: string): Promise<RoleRecord | undefined>;
  getRoleById(roleId: string): Promise<RoleRecord | undefined>;
  listRoles(query: ListQuery & { pathPrefix: string }): Promise<RoleRecord[]>;
  /** Deletes a role that has no inline policies, as IAM requires. */
  deleteRole(roleName: string): Promise<'deleted' | 'missing' | 'has-policies'>;
  recordRoleUse(roleId: string, use: { at: Date; region: string }): Promise<void>;
  putRolePolicy(roleName: string, policy: InlinePolicy, maxTotalSize: number): Promise<'stored' | 'no-such-role' | 'too-large'>;
  getRolePolicy(roleName: string, policyName: string): Promise<InlinePolicy | 'no-such-role' | 'no-such-policy'>;
  listRolePolicies(roleName: string): Promise<InlinePolicy[] | undefined>;
  deleteRolePolicy(roleName: string, policyName: string): Promise<'deleted' | 'no-such-role' | 'no-such-policy'>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(accessKeyId: string): Promise<SessionRecord | undefined>;
  /** Deletes sessions that expired before `before`; returns how many. */
  deleteExpiredSessions(before: Date): Promise<number>;

  /**
   * Calls `rewrap` for every stored secret: keys that are not deleted, and sessions. What
   * it returns replaces the old ciphertext, and `undefined` leaves it as it is. Returns how
   * many were replaced. Used after a master key rotation.
   */
  rewrapSecrets(rewrap: (item: SealedItem) => EncryptedSecret | undefined): Promise<number>;

  close(): Promise<void>;
}

export interface AccountRecord {
  accountId: string;
  createdAt: Date;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface ListQuery {
  /** Exclusive lower bound (a name, or an access key id), compared case-insensitively. */
  after: string | undefined;
  limit: number;
}

export interface UserRecord {
  userName: string;
  /** `AIDA…`; stays with this user, so a new user of the same name is a different user. */
  userId: string;
  /** `/` or `/segment/…/`. */
  path: string;
  arn: string;
  createdAt: Date;
  canonicalId: string;
  displayName: string;
  email: string | undefined;
  tags: Tag[];
}

export type AccessKeyStatus = 'Active' | 'Inactive' | 'Deleted';

export interface KeyUse {
  at: Date;
  service: string;
  region: string;
}

export interface AccessKeyRecord {
  accessKeyId: string;
  userId: string;
  /** The owner's name when the key was created; kept on tombstones after the user is gone. */
  userName: string;
  status: AccessKeyStatus;
  createdAt: Date;
  lastUsed: KeyUse | undefined;
  deletedAt: Date | undefined;
}

export interface NewAccessKey {
  accessKeyId: string;
  secret: EncryptedSecret;
  createdAt: Date;
}

export interface StoredAccessKey {
  record: AccessKeyRecord;
  /** Undefined on a tombstone. */
  secret: EncryptedSecret | undefined;
}

export interface InlinePolicy {
  policyName: string;
  document: string;
  /** Size counted against the quota: characters other than whitespace, as IAM counts. */
  size: number;
}

export interface RoleRecord {
  roleName: string;
  /** `AROA…` */
  roleId: string;
  path: string;
  arn: string;
  createdAt: Date;
  /** The trust policy (AssumeRolePolicyDocument) as stored, not URL-encoded. */
  trustPolicy: string;
  description: string | undefined;
  /** Maximum session duration AssumeRole may grant, in seconds (3600 to 43200). */
  maxSessionDuration: number;
  tags: Tag[];
  lastUsed: { at: Date; region: string } | undefined;
}

/** Temporary credentials issued by GetSessionToken or AssumeRole. */
export interface SessionRecord {
  /** `ASIA…` */
  accessKeyId: string;
  secret: EncryptedSecret;
  /** Hex SHA-256 of the session token; the token itself is never stored. */
  tokenDigest: string;
  source: 'GetSessionToken' | 'AssumeRole';
  createdAt: Date;
  expiresAt: Date;
  /** The user of a GetSessionToken session; undefined for one the root user asked for. */
  userId: string | undefined;
  /** The long-term access key that called GetSessionToken; the session ends when that key does. */
  parentAccessKeyId: string | undefined;
  /** The role of an AssumeRole session. */
  roleId: string | undefined;
  /** RoleSessionName of an AssumeRole session. */
  sessionName: string | undefined;
  /** ARN of the caller of AssumeRole. */
  assumerArn: string | undefined;
  /** The inline session policy given to AssumeRole. */
  sessionPolicy: string | undefined;
}

/** A stored secret handed to `rewrapSecrets`. */
export interface SealedItem {
  kind: 'access-key' | 'session';
  accessKeyId: string;
  secret: EncryptedSecret;
}
