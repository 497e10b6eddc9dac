import type Database from 'better-sqlite3';

import type {
  AccessKeyRecord,
  AccountRecord,
  IdentityStore,
  InlinePolicy,
  KeyUse,
  ListQuery,
  NewAccessKey,
  RoleRecord,
  SealedItem,
  SessionRecord,
  StoredAccessKey,
  UserRecord,
} from '../../iam/identity-store.js';
import { newAccountId } from '../../iam/ids.js';
import type { EncryptedSecret } from '../../iam/secret-box.js';
import {
  keyUseResolutionMs,
  toAccessKey,
  toPolicy,
  toRole,
  toSession,
  toUser,
  type AccessKeyRow,
  type PolicyRow,
  type RoleRow,
  type SessionRow,
  type UserRow,
} from '../identity-rows.js';
import { openSqliteDatabase, StatementCache } from './database.js';
import { identitySchemaStatements } from './identity-schema.js';

/**
 * The identity store on SQLite. It opens its own connection unless handed one, so it can
 * live in the metadata database file next to the metadata tables. better-sqlite3 is
 * synchronous and each method runs in one transaction, which makes each one atomic.
 */
export class SqliteIdentityStore implements IdentityStore {
  private readonly db: Database.Database;
  private readonly statements: StatementCache;
  private readonly ownsDatabase: boolean;
  private account: AccountRecord | undefined;

  /** `database` is a file path, or an open handle that stays open when this store closes. */
  constructor(database: string | Database.Database) {
    this.ownsDatabase = typeof database === 'string';
    this.db = typeof database === 'string' ? openSqliteDatabase(database) : database;
    this.statements = new StatementCache(this.db);
    for (const statement of identitySchemaStatements) this.db.exec(statement);
  }

  async getAccount(): Promise<AccountRecord> {
    if (this.account !== undefined) return this.account;
    const read = this.db.transaction((): AccountRecord => {
      const rows = this.statements.get(`SELECT name, value FROM iam_settings WHERE name IN ('account_id', 'account_created_at')`)
        .all() as Array<{ name: string; value: string }>;
      const settings = new Map(rows.map((row) => [row.name, row.value]));
      const accountId = settings.get('account_id');
      const createdAt = settings.get('account_created_at');
      if (accountId !== undefined && createdAt !== undefined) {
        return { accountId, createdAt: new Date(Number(createdAt)) };
      }
      const account = { accountId: newAccountId(), createdAt: new Date(Math.floor(Date.now() / 1000) * 1000) };
      const insert = this.statements.get(`INSERT INTO iam_settings (name, value) VALUES (?, ?)`);
      insert.run('account_id', account.accountId);
      insert.run('account_created_at', String(account.createdAt.getTime()));
      return account;
    });
    this.account = read.immediate();
    return this.account;
  }

  async createUser(user: UserRecord): Promise<'created' | 'exists' | 'email-taken'> {
    const create = this.db.transaction((): 'created' | 'exists' | 'email-taken' => {
      if (this.statements.get(`SELECT 1 FROM iam_users WHERE user_name = ?`).get(user.userName) !== undefined) {
        return 'exists';
      }
      if (user.email !== undefined && this.statements.get(`SELECT 1 FROM iam_users WHERE email = ?`).get(user.email) !== undefined) {
        return 'email-taken';
      }
      this.statements
        .get(
          `INSERT INTO iam_users (user_id, user_name, path, arn, created_at, canonical_id, display_name, email, tags)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          user.userId,
          user.userName,
          user.path,
          user.arn,
          user.createdAt.getTime(),
          user.canonicalId,
          user.displayName,
          user.email ?? null,
          JSON.stringify(user.tags),
        );
      return 'created';
    });
    return create.immediate();
  }

  async getUser(userName: string): Promise<UserRecord | undefined> {
    return this.userWhere('user_name = ?', userName);
  }

  async getUserById(userId: string): Promise<UserRecord | undefined> {
    return this.userWhere('user_id = ?', userId);
  }

  async getUserByCanonicalId(canonicalId: string): Promise<UserRecord | undefined> {
    return this.userWhere('canonical_id = ?', canonicalId);
  }

  async getUserByEmail(email: string): Promise<UserRecord | undefined> {
    return this.userWhere('email = ?', email);
  }

  async listUsers(query: ListQuery & { pathPrefix: string }): Promise<UserRecord[]> {
    const rows = this.statements
      .get(
        `SELECT * FROM iam_users
         WHERE substr(path, 1, ?) = ? AND (? IS NULL OR user_name > ?)
         ORDER BY user_name LIMIT ?`,
      )
      .all(query.pathPrefix.length, query.pathPrefix, query.after ?? null, query.after ?? null, query.limit) as UserRow[];
    return rows.map(toUser);
  }

  async usersVersion(): Promise<string> {
    const row = this.statements.get(`SELECT value FROM iam_settings WHERE name = 'users_version'`).get() as
      | { value: string }
      | undefined;
    return row?.value ?? '0';
  }

  async deleteUser(userName: string): Promise<'deleted' | 'missing' | 'has-access-keys' | 'has-policies'> {
    const remove = this.db.transaction((): 'deleted' | 'missing' | 'has-access-keys' | 'has-policies' => {
      const userId = this.userIdOf(userName);
      if (userId === undefined) return 'missing';
      const key = this.statements.get(`SELECT 1 FROM iam_access_keys WHERE user_id = ? AND status != 'Deleted' LIMIT 1`)
        .get(userId);
      if (key !== undefined) return 'has-access-keys';
      const policy = this.statements.get(`SELECT 1 FROM iam_user_policies WHERE user_id = ? LIMIT 1`).get(userId);
      if (policy !== undefined) return 'has-policies';
      this.statements.get(`DELETE FROM iam_users WHERE user_id = ?`).run(userId);
      return 'deleted';
    });
    return remove.immediate();
  }

  async createAccessKey(
    userName: string,
    key: NewAccessKey,
    maxPerUser: number,
  ): Promise<{ status: 'created'; record: AccessKeyRecord } | { status: 'no-such-user' } | { status: 'limit-exceeded' }> {
    const create = this.db.transaction(() => {
      const user = this.statements.get(`SELECT user_id, user_name FROM iam_users WHERE user_name = ?`).get(userName) as
        | { user_id: string; user_name: string }
        | undefined;
      if (user === undefined) return { status: 'no-such-user' as const };
      const { count } = this.statements.get(`SELECT count(*) AS count FROM iam_access_keys WHERE user_id = ? AND status != 'Deleted'`)
        .get(user.user_id) as { count: number };
      if (count >= maxPerUser) return { status: 'limit-exceeded' as const };
      this.statements
        .get(
          `INSERT INTO iam_access_keys (access_key_id, user_id, user_name, status, secret_key_id, secret_ciphertext, created_at)
           VALUES (?, ?, ?, 'Active', ?, ?, ?)`,
        )
        .run(key.accessKeyId, user.user_id, user.user_name, key.secret.keyId, key.secret.ciphertext, key.createdAt.getTime());
      const row = this.statements.get(`SELECT * FROM iam_access_keys WHERE access_key_id = ?`).get(key.accessKeyId) as AccessKeyRow;
      return { status: 'created' as const, record: toAccessKey(row) };
    });
    return create.immediate();
  }

  async getAccessKey(accessKeyId: string): Promise<StoredAccessKey | undefined> {
    const row = this.statements.get(`SELECT * FROM iam_access_keys WHERE access_key_id = ?`).get(accessKeyId) as
      | AccessKeyRow
      | undefined;
    if (row === undefined) return undefined;
    const secret =
      row.secret_key_id === null || row.secret_ciphertext === null
        ? undefined
        : { keyId: row.secret_key_id, ciphertext: row.secret_ciphertext };
    return { record: toAccessKey(row), secret };
  }

  async listAccessKeys(userName: string): Promise<AccessKeyRecord[] | undefined> {
    const list = this.db.transaction(() => {
      const userId = this.userIdOf(userName);
      if (userId === undefined) return undefined;
      const rows = this.statements.get(`SELECT * FROM iam_access_keys WHERE user_id = ? AND status != 'Deleted' ORDER BY access_key_id`)
        .all(userId) as AccessKeyRow[];
      return rows.map(toAccessKey);
    });
    return list();
  }

  async updateAccessKeyStatus(
    userName: string,
    accessKeyId: string,
    status: 'Active' | 'Inactive',
  ): Promise<'updated' | 'no-such-user' | 'no-such-key'> {
    const update = this.db.transaction((): 'updated' | 'no-such-user' | 'no-such-key' => {
      const userId = this.userIdOf(userName);
      if (userId === undefined) return 'no-such-user';
      const result = this.statements
        .get(
          `UPDATE iam_access_keys SET status = ? WHERE access_key_id = ? AND user_id = ? AND status != 'Deleted'`,
        )
        .run(status, accessKeyId, userId);
      return result.changes === 1 ? 'updated' : 'no-such-key';
    });
    return update.immediate();
  }

  async deleteAccessKey(userName: string, accessKeyId: string): Promise<'deleted' | 'no-such-user' | 'no-such-key'> {
    const remove = this.db.transaction((): 'deleted' | 'no-such-user' | 'no-such-key' => {
      const userId = this.userIdOf(userName);
      if (userId === undefined) return 'no-such-user';
      const result = this.statements
        .get(
          `UPDATE iam_access_keys
           SET status = 'Deleted', secret_key_id = NULL, secret_ciphertext = NULL, deleted_at = ?
           WHERE access_key_id = ? AND user_id = ? AND status != 'Deleted'`,
        )
        .run(Date.now(), accessKeyId, userId);
      if (result.changes !== 1) return 'no-such-key';
      return 'deleted';
    });
    return remove.immediate();
  }

  async recordAccessKeyUse(accessKeyId: string, use: KeyUse): Promise<void> {
    const at = use.at.getTime();
    this.statements
      .get(
        `UPDATE iam_access_keys SET last_used_at = ?, last_used_service = ?, last_used_region = ?
         WHERE access_key_id = ? AND status != 'Deleted'
           AND (last_used_at IS NULL OR last_used_at < ? OR last_used_service IS NOT ? OR last_used_region IS NOT ?)`,
      )
      .run(at, use.service, use.region, accessKeyId, at - keyUseResolutionMs, use.service, use.region);
  }

  async putUserPolicy(userName: string, policy: InlinePolicy, maxTotalSize: number): Promise<'stored' | 'no-such-user' | 'too-large'> {
    const put = this.db.transaction((): 'stored' | 'no-such-user' | 'too-large' => {
      const userId = this.userIdOf(userName);
      if (userId === undefined) return 'no-such-user';
      return this.putPolicy('iam_user_policies', 'user_id', userId, policy, maxTotalSize);
    });
    return put.immediate();
  }

  async getUserPolicy(userName: string, policyName: string): Promise<InlinePolicy | 'no-such-user' | 'no-such-policy'> {
    const get = this.db.transaction((): InlinePolicy | 'no-such-user' | 'no-such-policy' => {
      const userId = this.userIdOf(userName);
      if (userId === undefined) return 'no-such-user';
      return this.policyOf('iam_user_policies', 'user_id', userId, policyName) ?? 'no-such-policy';
    });
    return get();
  }

  async listUserPolicies(userName: string): Promise<InlinePolicy[] | undefined> {
    const list = this.db.transaction(() => {
      const userId = this.userIdOf(userName);
      if (userId === undefined) return undefined;
      return this.policiesOf('iam_user_policies', 'user_id', userId);
    });
    return list();
  }

  async deleteUserPolicy(userName: string, policyName: string): Promise<'deleted' | 'no-such-user' | 'no-such-policy'> {
    const remove = this.db.transaction((): 'deleted' | 'no-such-user' | 'no-such-policy' => {
      const userId = this.userIdOf(userName);
      if (userId === undefined) return 'no-such-user';
      const result = this.statements.get(`DELETE FROM iam_user_policies WHERE user_id = ? AND policy_name = ?`)
        .run(userId, policyName);
      return result.changes === 1 ? 'deleted' : 'no-such-policy';
    });
    return remove.immediate();
  }

  async createRole(role: RoleRecord): Promise<'created' | 'exists'> {
    const create = this.db.transaction((): 'created' | 'exists' => {
      if (this.statements.get(`SELECT 1 FROM iam_roles WHERE role_name = ?`).get(role.roleName) !== undefined) {
        return 'exists';
      }
      this.statements
        .get(
          `INSERT INTO iam_roles (role_id, role_name, path, arn, created_at, trust_policy, description, max_session_duration, tags)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          role.roleId,
          role.roleName,
          role.path,
          role.arn,
          role.createdAt.getTime(),
          role.trustPolicy,
          role.description ?? null,
          role.maxSessionDuration,
          JSON.stringify(role.tags),
        );
      return 'created';
    });
    return create.immediate();
  }

  async getRole(roleName: string): Promise<RoleRecord | undefined> {
    const row = this.statements.get(`SELECT * FROM iam_roles WHERE role_name = ?`).get(roleName) as RoleRow | undefined;
    return row === undefined ? undefined : toRole(row);
  }

  async getRoleById(roleId: string): Promise<RoleRecord | undefined> {
    const row = this.statements.get(`SELECT * FROM iam_roles WHERE role_id = ?`).get(roleId) as RoleRow | undefined;
    return row === undefined ? undefined : toRole(row);
  }

  async listRoles(query: ListQuery & { pathPrefix: string }): Promise<RoleRecord[]> {
    const rows = this.statements
      .get(
        `SELECT * FROM iam_roles
         WHERE substr(path, 1, ?) = ? AND (? IS NULL OR role_name > ?)
         ORDER BY role_name LIMIT ?`,
      )
      .all(query.pathPrefix.length, query.pathPrefix, query.after ?? null, query.after ?? null, query.limit) as RoleRow[];
    return rows.map(toRole);
  }

  async deleteRole(roleName: string): Promise<'deleted' | 'missing' | 'has-policies'> {
    const remove = this.db.transaction((): 'deleted' | 'missing' | 'has-policies' => {
      const roleId = this.roleIdOf(roleName);
      if (roleId === undefined) return 'missing';
      const policy = this.statements.get(`SELECT 1 FROM iam_role_policies WHERE role_id = ? LIMIT 1`).get(roleId);
      if (policy !== undefined) return 'has-policies';
      this.statements.get(`DELETE FROM iam_roles WHERE role_id = ?`).run(roleId);
      return 'deleted';
    });
    return remove.immediate();
  }

  async recordRoleUse(roleId: string, use: { at: Date; region: string }): Promise<void> {
    this.statements.get(`UPDATE iam_roles SET last_used_at = ?, last_used_region = ? WHERE role_id = ?`)
      .run(use.at.getTime(), use.region, roleId);
  }

  async putRolePolicy(roleName: string, policy: InlinePolicy, maxTotalSize: number): Promise<'stored' | 'no-such-role' | 'too-large'> {
    const put = this.db.transaction((): 'stored' | 'no-such-role' | 'too-large' => {
      const roleId = this.roleIdOf(roleName);
      if (roleId === undefined) return 'no-such-role';
      return this.putPolicy('iam_role_policies', 'role_id', roleId, policy, maxTotalSize);
    });
    return put.immediate();
  }

  async getRolePolicy(roleName: string, policyName: string): Promise<InlinePolicy | 'no-such-role' | 'no-such-policy'> {
    const get = this.db.transaction((): InlinePolicy | 'no-such-role' | 'no-such-policy' => {
      const roleId = this.roleIdOf(roleName);
      if (roleId === undefined) return 'no-such-role';
      return this.policyOf('iam_role_policies', 'role_id', roleId, policyName) ?? 'no-such-policy';
    });
    return get();
  }

  async listRolePolicies(roleName: string): Promise<InlinePolicy[] | undefined> {
    const list = this.db.transaction(() => {
      const roleId = this.roleIdOf(roleName);
      if (roleId === undefined) return undefined;
      return this.policiesOf('iam_role_policies', 'role_id', roleId);
    });
    return list();
  }

  async deleteRolePolicy(roleName: string, policyName: string): Promise<'deleted' | 'no-such-role' | 'no-such-policy'> {
    const remove = this.db.transaction((): 'deleted' | 'no-such-role' | 'no-such-policy' => {
      const roleId = this.roleIdOf(roleName);
      if (roleId === undefined) return 'no-such-role';
      const result = this.statements.get(`DELETE FROM iam_role_policies WHERE role_id = ? AND policy_name = ?`)
        .run(roleId, policyName);
      return result.changes === 1 ? 'deleted' : 'no-such-policy';
    });
    return remove.immediate();
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.statements
      .get(
        `INSERT INTO iam_sessions (access_key_id, secret_key_id, secret_ciphertext, token_digest, source, created_at,
           expires_at, user_id, parent_access_key_id, role_id, session_name, assumer_arn, session_policy)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        session.accessKeyId,
        session.secret.keyId,
        session.secret.ciphertext,
        session.tokenDigest,
        session.source,
        session.createdAt.getTime(),
        session.expiresAt.getTime(),
        session.userId ?? null,
        session.parentAccessKeyId ?? null,
        session.roleId ?? null,
        session.sessionName ?? null,
        session.assumerArn ?? null,
        session.sessionPolicy ?? null,
      );
  }

  async getSession(accessKeyId: string): Promise<SessionRecord | undefined> {
    const row = this.statements.get(`SELECT * FROM iam_sessions WHERE access_key_id = ?`).get(accessKeyId) as
      | SessionRow
      | undefined;
    return row === undefined ? undefined : toSession(row);
  }

  async deleteExpiredSessions(before: Date): Promise<number> {
    return this.statements.get(`DELETE FROM iam_sessions WHERE expires_at < ?`).run(before.getTime()).changes;
  }

  async rewrapSecrets(rewrap: (item: SealedItem) => EncryptedSecret | undefined): Promise<number> {
    const run = this.db.transaction(() => {
      let replaced = 0;
      const keys = this.statements
        .get(
          `SELECT access_key_id, secret_key_id, secret_ciphertext FROM iam_access_keys
           WHERE status != 'Deleted' AND secret_ciphertext IS NOT NULL`,
        )
        .all() as Array<{ access_key_id: string; secret_key_id: string; secret_ciphertext: Buffer }>;
      const updateKey = this.statements.get(
        `UPDATE iam_access_keys SET secret_key_id = ?, secret_ciphertext = ? WHERE access_key_id = ?`,
      );
      for (const row of keys) {
        const secret = { keyId: row.secret_key_id, ciphertext: row.secret_ciphertext };
        const next = rewrap({ kind: 'access-key', accessKeyId: row.access_key_id, secret });
        if (next === undefined) continue;
        updateKey.run(next.keyId, next.ciphertext, row.access_key_id);
        replaced += 1;
      }
      const sessions = this.statements.get(`SELECT access_key_id, secret_key_id, secret_ciphertext FROM iam_sessions`)
        .all() as Array<{ access_key_id: string; secret_key_id: string; secret_ciphertext: Buffer }>;
      const updateSession = this.statements.get(
        `UPDATE iam_sessions SET secret_key_id = ?, secret_ciphertext = ? WHERE access_key_id = ?`,
      );
      for (const row of sessions) {
        const secret = { keyId: row.secret_key_id, ciphertext: row.secret_ciphertext };
        const next = rewrap({ kind: 'session', accessKeyId: row.access_key_id, secret });
        if (next === undefined) continue;
        updateSession.run(next.keyId, next.ciphertext, row.access_key_id);
        replaced += 1;
      }
      return replaced;
    });
    return run.immediate();
  }

  async close(): Promise<void> {
    if (this.ownsDatabase && this.db.open) this.db.close();
  }

  private userWhere(condition: string, value: string): UserRecord | undefined {
    const row = this.statements.get(`SELECT * FROM iam_users WHERE ${condition}`).get(value) as UserRow | undefined;
    return row === undefined ? undefined : toUser(row);
  }

  private userIdOf(userName: string): string | undefined {
    const row = this.statements.get(`SELECT user_id FROM iam_users WHERE user_name = ?`).get(userName) as
      | { user_id: string }
      | undefined;
    return row?.user_id;
  }

  private roleIdOf(roleName: string): string | undefined {
    const row = this.statements.get(`SELECT role_id FROM iam_roles WHERE role_name = ?`).get(roleName) as
      | { role_id: string }
      | undefined;
    return row?.role_id;
  }

  /** Stores a policy of a user or role; runs inside the caller's transaction. */
  private putPolicy(
    table: 'iam_user_policies' | 'iam_role_policies',
    ownerColumn: 'user_id' | 'role_id',
    ownerId: string,
    policy: InlinePolicy,
    maxTotalSize: number,
  ): 'stored' | 'too-large' {
    const { others } = this.statements.get(`SELECT coalesce(sum(size), 0) AS others FROM ${table} WHERE ${ownerColumn} = ? AND policy_name != ?`)
      .get(ownerId, policy.policyName) as { others: number };
    if (others + policy.size > maxTotalSize) return 'too-large';
    // A replaced policy takes the new name's spelling, as a name differing only in case is the same policy.
    this.statements.get(`DELETE FROM ${table} WHERE ${ownerColumn} = ? AND policy_name = ?`).run(ownerId, policy.policyName);
    this.statements.get(`INSERT INTO ${table} (${ownerColumn}, policy_name, document, size) VALUES (?, ?, ?, ?)`)
      .run(ownerId, policy.policyName, policy.document, policy.size);
    return 'stored';
  }

  private policyOf(
    table: 'iam_user_policies' | 'iam_role_policies',
    ownerColumn: 'user_id' | 'role_id',
    ownerId: string,
    policyName: string,
  ): InlinePolicy | undefined {
    const row = this.statements.get(`SELECT policy_name, document, size FROM ${table} WHERE ${ownerColumn} = ? AND policy_name = ?`)
      .get(ownerId, policyName) as PolicyRow | undefined;
    return row === undefined ? undefined : toPolicy(row);
  }

  private policiesOf(
    table: 'iam_user_policies' | 'iam_role_policies',
    ownerColumn: 'user_id' | 'role_id',
    ownerId: string,
  ): InlinePolicy[] {
    const rows = this.statements.get(`SELECT policy_name, document, size FROM ${table} WHERE ${ownerColumn} = ? ORDER BY policy_name`)
      .all(ownerId) as PolicyRow[];
    return rows.map(toPolicy);
  }
}
