import type pg from 'pg';

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
  toRole,
  toSession,
  toUser,
  type AccessKeyRow,
  type RoleRow,
  type SessionRow,
  type UserRow,
} from '../identity-rows.js';
import { deletePolicy, getPolicy, listPolicies, putPolicy, rolePolicies, userPolicies } from './inline-policies.js';
import { inTransaction, lockName } from './transaction.js';

/** Matches a name column against a parameter case-insensitively, folding ASCII only (as NOCASE). */
const sameName = (column: string, parameter: string) => `lower(${column}) = lower(${parameter}::text COLLATE "C")`;

/**
 * The identity store on PostgreSQL, shared by every node that points at the database.
 * Each method runs in one transaction. A check and the write that depends on it stay
 * atomic across nodes because the writer locks what it checks. Writes of a user's or
 * role's keys and policies lock its row `FOR UPDATE`. Creating a user or role takes an
 * advisory lock on that name space, and the unique indexes back this up.
 */
export class PostgresIdentityStore implements IdentityStore {
  /** The account never changes once stored, so one read per process is enough. */
  private account: AccountRecord | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly onClose: () => Promise<void>,
  ) {}

  async getAccount(): Promise<AccountRecord> {
    if (this.account !== undefined) return this.account;
    this.account = await inTransaction(this.pool, async (client) => {
      await lockName(client, 'iam', 'account');
      const { rows } = await client.query<{ name: string; value: string }>(
        `SELECT name, value FROM iam_settings WHERE name IN ('account_id', 'account_created_at')`,
      );
      const settings = new Map(rows.map((row) => [row.name, row.value]));
      const accountId = settings.get('account_id');
      const createdAt = settings.get('account_created_at');
      if (accountId !== undefined && createdAt !== undefined) {
        return { accountId, createdAt: new Date(Number(createdAt)) };
      }
      const account = { accountId: newAccountId(), createdAt: new Date(Math.floor(Date.now() / 1000) * 1000) };
      await client.query(`INSERT INTO iam_settings (name, value) VALUES ('account_id', $1), ('account_created_at', $2)`, [
        account.accountId,
        String(account.createdAt.getTime()),
      ]);
      return account;
    });
    return this.account;
  }

  async createUser(user: UserRecord): Promise<'created' | 'exists' | 'email-taken'> {
    return inTransaction(this.pool, async (client) => {
      await lockName(client, 'iam', 'users');
      const byName = await client.query(`SELECT 1 FROM iam_users WHERE ${sameName('user_name', '$1')}`, [user.userName]);
      if (byName.rowCount !== 0) return 'exists';
      if (user.email !== undefined) {
        const byEmail = await client.query(`SELECT 1 FROM iam_users WHERE ${sameName('email', '$1')}`, [user.email]);
        if (byEmail.rowCount !== 0) return 'email-taken';
      }
      await client.query(
        `INSERT INTO iam_users (user_id, user_name, path, arn, created_at, canonical_id, display_name, email, tags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          user.userId,
          user.userName,
          user.path,
          user.arn,
          user.createdAt.getTime(),
          user.canonicalId,
          user.displayName,
          user.email ?? null,
          JSON.stringify(user.tags),
        ],
      );
      await bumpUsersVersion(client);
      return 'created';
    });
  }

  async getUser(userName: string): Promise<UserRecord | undefined> {
    return this.userWhere(sameName('user_name', '$1'), userName);
  }

  async getUserById(userId: string): Promise<UserRecord | undefined> {
    return this.userWhere('user_id = $1', userId);
  }

  async getUserByCanonicalId(canonicalId: string): Promise<UserRecord | undefined> {
    return this.userWhere('canonical_id = $1', canonicalId);
  }

  async getUserByEmail(email: string): Promise<UserRecord | undefined> {
    return this.userWhere(sameName('email', '$1'), email);
  }

  async listUsers(query: ListQuery & { pathPrefix: string }): Promise<UserRecord[]> {
    const { rows } = await this.pool.query<UserRow>(
      `SELECT * FROM iam_users
       WHERE starts_with(path, $1) AND ($2::text IS NULL OR lower(user_name) > lower($2::text COLLATE "C"))
       ORDER BY lower(user_name) LIMIT $3`,
      [query.pathPrefix, query.after ?? null, query.limit],
    );
    return rows.map(toUser);
  }

  async deleteUser(userName: string): Promise<'deleted' | 'missing' | 'has-access-keys' | 'has-policies'> {
    return inTransaction(this.pool, async (client) => {
      const userId = await lockUser(client, userName);
      if (userId === undefined) return 'missing';
      const key = await client.query(
        `SELECT 1 FROM iam_access_keys WHERE user_id = $1 AND status <> 'Deleted' LIMIT 1`,
        [userId],
      );
      if (key.rowCount !== 0) return 'has-access-keys';
      const policy = await client.query(`SELECT 1 FROM iam_user_policies WHERE user_id = $1 LIMIT 1`, [userId]);
      if (policy.rowCount !== 0) return 'has-policies';
      await client.query(`DELETE FROM iam_users WHERE user_id = $1`, [userId]);
      await bumpUsersVersion(client);
      return 'deleted';
    });
  }

  async usersVersion(): Promise<string> {
    const { rows } = await this.pool.query<{ value: string }>(`SELECT value FROM iam_settings WHERE name = 'users_version'`);
    return rows[0]?.value ?? '0';
  }

  async createAccessKey(
    userName: string,
    key: NewAccessKey,
    maxPerUser: number,
  ): Promise<{ status: 'created'; record: AccessKeyRecord } | { status: 'no-such-user' } | { status: 'limit-exceeded' }> {
    return inTransaction(this.pool, async (client) => {
      // The user's row lock makes the count and the insert one step for concurrent callers.
      const { rows: users } = await client.query<{ user_id: string; user_name: string }>(
        `SELECT user_id, user_name FROM iam_users WHERE ${sameName('user_name', '$1')} FOR UPDATE`,
        [userName],
      );
      const user = users[0];
      if (user === undefined) return { status: 'no-such-user' as const };
      const { rows: counts } = await client.query<{ count: number }>(
        `SELECT count(*) AS count FROM iam_access_keys WHERE user_id = $1 AND status <> 'Deleted'`,
        [user.user_id],
      );
      if (counts[0]!.count >= maxPerUser) return { status: 'limit-exceeded' as const };
      const { rows } = await client.query<AccessKeyRow>(
        `INSERT INTO iam_access_keys (access_key_id, user_id, user_name, status, secret_key_id, secret_ciphertext, created_at)
         VALUES ($1, $2, $3, 'Active', $4, $5, $6) RETURNING *`,
        [key.accessKeyId, user.user_id, user.user_name, key.secret.keyId, key.secret.ciphertext, key.createdAt.getTime()],
      );
      return { status: 'created' as const, record: toAccessKey(rows[0]!) };
    });
  }

  async getAccessKey(accessKeyId: string): Promise<StoredAccessKey | undefined> {
    const { rows } = await this.pool.query<AccessKeyRow>(`SELECT * FROM iam_access_keys WHERE access_key_id = $1`, [
      accessKeyId,
    ]);
    const row = rows[0];
    if (row === undefined) return undefined;
    const secret =
      row.secret_key_id === null || row.secret_ciphertext === null
        ? undefined
        : { keyId: row.secret_key_id, ciphertext: row.secret_ciphertext };
    return { record: toAccessKey(row), secret };
  }

  async listAccessKeys(userName: string): Promise<AccessKeyRecord[] | undefined> {
    return inTransaction(this.pool, async (client) => {
      const userId = await userIdOf(client, userName);
      if (userId === undefined) return undefined;
      const { rows } = await client.query<AccessKeyRow>(
        `SELECT * FROM iam_access_keys WHERE user_id = $1 AND status <> 'Deleted' ORDER BY access_key_id`,
        [userId],
      );
      return rows.map(toAccessKey);
    });
  }

  async updateAccessKeyStatus(
    userName: string,
    accessKeyId: string,
    status: 'Active' | 'Inactive',
  ): Promise<'updated' | 'no-such-user' | 'no-such-key'> {
    return inTransaction(this.pool, async (client) => {
      const userId = await userIdOf(client, userName);
      if (userId === undefined) return 'no-such-user';
      const result = await client.query(
        `UPDATE iam_access_keys SET status = $1 WHERE access_key_id = $2 AND user_id = $3 AND status <> 'Deleted'`,
        [status, accessKeyId, userId],
      );
      return result.rowCount === 1 ? 'updated' : 'no-such-key';
    });
  }

  async deleteAccessKey(userName: string, accessKeyId: string): Promise<'deleted' | 'no-such-user' | 'no-such-key'> {
    return inTransaction(this.pool, async (client) => {
      const userId = await userIdOf(client, userName);
      if (userId === undefined) return 'no-such-user';
      const result = await client.query(
        `UPDATE iam_access_keys
         SET status = 'Deleted', secret_key_id = NULL, secret_ciphertext = NULL, deleted_at = $1
         WHERE access_key_id = $2 AND user_id = $3 AND status <> 'Deleted'`,
        [Date.now(), accessKeyId, userId],
      );
      return result.rowCount === 1 ? 'deleted' : 'no-such-key';
    });
  }

  async recordAccessKeyUse(accessKeyId: string, use: KeyUse): Promise<void> {
    const at = use.at.getTime();
    await this.pool.query(
      `UPDATE iam_access_keys SET last_used_at = $1, last_used_service = $2, last_used_region = $3
       WHERE access_key_id = $4 AND status <> 'Deleted'
         AND (last_used_at IS NULL OR last_used_at < $5
              OR last_used_service IS DISTINCT FROM $2 OR last_used_region IS DISTINCT FROM $3)`,
      [at, use.service, use.region, accessKeyId, at - keyUseResolutionMs],
    );
  }

  async putUserPolicy(userName: string, policy: InlinePolicy, maxTotalSize: number): Promise<'stored' | 'no-such-user' | 'too-large'> {
    return inTransaction(this.pool, async (client) => {
      const userId = await lockUser(client, userName);
      if (userId === undefined) return 'no-such-user';
      return putPolicy(client, userPolicies, userId, policy, maxTotalSize);
    });
  }

  async getUserPolicy(userName: string, policyName: string): Promise<InlinePolicy | 'no-such-user' | 'no-such-policy'> {
    return inTransaction(this.pool, async (client) => {
      const userId = await userIdOf(client, userName);
      if (userId === undefined) return 'no-such-user';
      return (await getPolicy(client, userPolicies, userId, policyName)) ?? 'no-such-policy';
    });
  }

  async listUserPolicies(userName: string): Promise<InlinePolicy[] | undefined> {
    return inTransaction(this.pool, async (client) => {
      const userId = await userIdOf(client, userName);
      if (userId === undefined) return undefined;
      return listPolicies(client, userPolicies, userId);
    });
  }

  async deleteUserPolicy(userName: string, policyName: string): Promise<'deleted' | 'no-such-user' | 'no-such-policy'> {
    return inTransaction(this.pool, async (client) => {
      const userId = await lockUser(client, userName);
      if (userId === undefined) return 'no-such-user';
      return deletePolicy(client, userPolicies, userId, policyName);
    });
  }

  async createRole(role: RoleRecord): Promise<'created' | 'exists'> {
    return inTransaction(this.pool, async (client) => {
      await lockName(client, 'iam', 'roles');
      const existing = await client.query(`SELECT 1 FROM iam_roles WHERE ${sameName('role_name', '$1')}`, [role.roleName]);
      if (existing.rowCount !== 0) return 'exists';
      await client.query(
        `INSERT INTO iam_roles (role_id, role_name, path, arn, created_at, trust_policy, description, max_session_duration, tags)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          role.roleId,
          role.roleName,
          role.path,
          role.arn,
          role.createdAt.getTime(),
          role.trustPolicy,
          role.description ?? null,
          role.maxSessionDuration,
          JSON.stringify(role.tags),
        ],
      );
      return 'created';
    });
  }

  async getRole(roleName: string): Promise<RoleRecord | undefined> {
    const { rows } = await this.pool.query<RoleRow>(`SELECT * FROM iam_roles WHERE ${sameName('role_name', '$1')}`, [
      roleName,
    ]);
    return rows[0] === undefined ? undefined : toRole(rows[0]);
  }

  async getRoleById(roleId: string): Promise<RoleRecord | undefined> {
    const { rows } = await this.pool.query<RoleRow>(`SELECT * FROM iam_roles WHERE role_id = $1`, [roleId]);
    return rows[0] === undefined ? undefined : toRole(rows[0]);
  }

  async listRoles(query: ListQuery & { pathPrefix: string }): Promise<RoleRecord[]> {
    const { rows } = await this.pool.query<RoleRow>(
      `SELECT * FROM iam_roles
       WHERE starts_with(path, $1) AND ($2::text IS NULL OR lower(role_name) > lower($2::text COLLATE "C"))
       ORDER BY lower(role_name) LIMIT $3`,
      [query.pathPrefix, query.after ?? null, query.limit],
    );
    return rows.map(toRole);
  }

  async deleteRole(roleName: string): Promise<'deleted' | 'missing' | 'has-policies'> {
    return inTransaction(this.pool, async (client) => {
      const roleId = await lockRole(client, roleName);
      if (roleId === undefined) return 'missing';
      const policy = await client.query(`SELECT 1 FROM iam_role_policies WHERE role_id = $1 LIMIT 1`, [roleId]);
      if (policy.rowCount !== 0) return 'has-policies';
      await client.query(`DELETE FROM iam_roles WHERE role_id = $1`, [roleId]);
      return 'deleted';
    });
  }

  async recordRoleUse(roleId: string, use: { at: Date; region: string }): Promise<void> {
    await this.pool.query(`UPDATE iam_roles SET last_used_at = $1, last_used_region = $2 WHERE role_id = $3`, [
      use.at.getTime(),
      use.region,
      roleId,
    ]);
  }

  async putRolePolicy(roleName: string, policy: InlinePolicy, maxTotalSize: number): Promise<'stored' | 'no-such-role' | 'too-large'> {
    return inTransaction(this.pool, async (client) => {
      const roleId = await lockRole(client, roleName);
      if (roleId === undefined) return 'no-such-role';
      return putPolicy(client, rolePolicies, roleId, policy, maxTotalSize);
    });
  }

  async getRolePolicy(roleName: string, policyName: string): Promise<InlinePolicy | 'no-such-role' | 'no-such-policy'> {
    return inTransaction(this.pool, async (client) => {
      const roleId = await roleIdOf(client, roleName);
      if (roleId === undefined) return 'no-such-role';
      return (await getPolicy(client, rolePolicies, roleId, policyName)) ?? 'no-such-policy';
    });
  }

  async listRolePolicies(roleName: string): Promise<InlinePolicy[] | undefined> {
    return inTransaction(this.pool, async (client) => {
      const roleId = await roleIdOf(client, roleName);
      if (roleId === undefined) return undefined;
      return listPolicies(client, rolePolicies, roleId);
    });
  }

  async deleteRolePolicy(roleName: string, policyName: string): Promise<'deleted' | 'no-such-role' | 'no-such-policy'> {
    return inTransaction(this.pool, async (client) => {
      const roleId = await lockRole(client, roleName);
      if (roleId === undefined) return 'no-such-role';
      return deletePolicy(client, rolePolicies, roleId, policyName);
    });
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO iam_sessions (access_key_id, secret_key_id, secret_ciphertext, token_digest, source, created_at,
         expires_at, user_id, parent_access_key_id, role_id, session_name, assumer_arn, session_policy)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
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
      ],
    );
  }

  async getSession(accessKeyId: string): Promise<SessionRecord | undefined> {
    const { rows } = await this.pool.query<SessionRow>(`SELECT * FROM iam_sessions WHERE access_key_id = $1`, [
      accessKeyId,
    ]);
    return rows[0] === undefined ? undefined : toSession(rows[0]);
  }

  async deleteExpiredSessions(before: Date): Promise<number> {
    const result = await this.pool.query(`DELETE FROM iam_sessions WHERE expires_at < $1`, [before.getTime()]);
    return result.rowCount ?? 0;
  }

  async rewrapSecrets(rewrap: (item: SealedItem) => EncryptedSecret | undefined): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      let replaced = 0;
      // Row locks make a node that starts at the same time wait, then see the new ciphertexts.
      const keys = await client.query<{ access_key_id: string; secret_key_id: string; secret_ciphertext: Buffer }>(
        `SELECT access_key_id, secret_key_id, secret_ciphertext FROM iam_access_keys
         WHERE status <> 'Deleted' AND secret_ciphertext IS NOT NULL FOR UPDATE`,
      );
      for (const row of keys.rows) {
        const secret = { keyId: row.secret_key_id, ciphertext: row.secret_ciphertext };
        const next = rewrap({ kind: 'access-key', accessKeyId: row.access_key_id, secret });
        if (next === undefined) continue;
        await client.query(`UPDATE iam_access_keys SET secret_key_id = $1, secret_ciphertext = $2 WHERE access_key_id = $3`, [
          next.keyId,
          next.ciphertext,
          row.access_key_id,
        ]);
        replaced += 1;
      }
      const sessions = await client.query<{ access_key_id: string; secret_key_id: string; secret_ciphertext: Buffer }>(
        `SELECT access_key_id, secret_key_id, secret_ciphertext FROM iam_sessions FOR UPDATE`,
      );
      for (const row of sessions.rows) {
        const secret = { keyId: row.secret_key_id, ciphertext: row.secret_ciphertext };
        const next = rewrap({ kind: 'session', accessKeyId: row.access_key_id, secret });
        if (next === undefined) continue;
        await client.query(`UPDATE iam_sessions SET secret_key_id = $1, secret_ciphertext = $2 WHERE access_key_id = $3`, [
          next.keyId,
          next.ciphertext,
          row.access_key_id,
        ]);
        replaced += 1;
      }
      return replaced;
    });
  }

  async close(): Promise<void> {
    await this.onClose();
  }

  private async userWhere(condition: string, value: string): Promise<UserRecord | undefined> {
    const { rows } = await this.pool.query<UserRow>(`SELECT * FROM iam_users WHERE ${condition}`, [value]);
    return rows[0] === undefined ? undefined : toUser(rows[0]);
  }
}

async function bumpUsersVersion(client: pg.PoolClient): Promise<void> {
  await client.query(
    `INSERT INTO iam_settings (name, value) VALUES ('users_version', '1')
     ON CONFLICT (name) DO UPDATE SET value = (iam_settings.value::bigint + 1)::text`,
  );
}

async function userIdOf(client: pg.PoolClient, userName: string): Promise<string | undefined> {
  const { rows } = await client.query<{ user_id: string }>(
    `SELECT user_id FROM iam_users WHERE ${sameName('user_name', '$1')}`,
    [userName],
  );
  return rows[0]?.user_id;
}

/** Finds a user and locks its row until the transaction ends. */
async function lockUser(client: pg.PoolClient, userName: string): Promise<string | undefined> {
  const { rows } = await client.query<{ user_id: string }>(
    `SELECT user_id FROM iam_users WHERE ${sameName('user_name', '$1')} FOR UPDATE`,
    [userName],
  );
  return rows[0]?.user_id;
}

async function roleIdOf(client: pg.PoolClient, roleName: string): Promise<string | undefined> {
  const { rows } = await client.query<{ role_id: string }>(
    `SELECT role_id FROM iam_roles WHERE ${sameName('role_name', '$1')}`,
    [roleName],
  );
  return rows[0]?.role_id;
}

/** Finds a role and locks its row until the transaction ends. */
async function lockRole(client: pg.PoolClient, roleName: string): Promise<string | undefined> {
  const { rows } = await client.query<{ role_id: string }>(
    `SELECT role_id FROM iam_roles WHERE ${sameName('role_name', '$1')} FOR UPDATE`,
    [roleName],
  );
  return rows[0]?.role_id;
}
