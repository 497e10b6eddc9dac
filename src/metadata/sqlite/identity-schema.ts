/**
 * Tables of the identity store. User and role names, policy names and emails use NOCASE
 * collation because IAM does not distinguish names by case. NOCASE folds only ASCII, which
 * is all that names may contain. Secrets are stored sealed (key id and AES-256-GCM
 * ciphertext), and session tokens as SHA-256 digests.
 */
/**
 * Counts changes to the set of users in `iam_settings.users_version`, in the transaction of
 * the change. A process that keeps users in memory compares it to notice changes that
 * another process on the same database made.
 */
const bumpUsersVersion = `INSERT OR REPLACE INTO iam_settings (name, value) VALUES ('users_version',
  coalesce((SELECT CAST(value AS INTEGER) FROM iam_settings WHERE name = 'users_version'), 0) + 1)`;

export const identitySchemaStatements = [
  `CREATE TABLE IF NOT EXISTS iam_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS iam_users (
    user_id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    path TEXT NOT NULL,
    arn TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    canonical_id TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT COLLATE NOCASE UNIQUE,
    tags TEXT NOT NULL
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS iam_access_keys (
    access_key_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    user_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive', 'Deleted')),
    secret_key_id TEXT,
    secret_ciphertext BLOB,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    last_used_service TEXT,
    last_used_region TEXT,
    deleted_at INTEGER
  ) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS iam_access_keys_by_user ON iam_access_keys (user_id, access_key_id)`,
  `CREATE TABLE IF NOT EXISTS iam_user_policies (
    user_id TEXT NOT NULL REFERENCES iam_users (user_id),
    policy_name TEXT NOT NULL COLLATE NOCASE,
    document TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (user_id, policy_name)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS iam_roles (
    role_id TEXT PRIMARY KEY,
    role_name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    path TEXT NOT NULL,
    arn TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    trust_policy TEXT NOT NULL,
    description TEXT,
    max_session_duration INTEGER NOT NULL,
    tags TEXT NOT NULL,
    last_used_at INTEGER,
    last_used_region TEXT
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS iam_role_policies (
    role_id TEXT NOT NULL REFERENCES iam_roles (role_id),
    policy_name TEXT NOT NULL COLLATE NOCASE,
    document TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (role_id, policy_name)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS iam_sessions (
    access_key_id TEXT PRIMARY KEY,
    secret_key_id TEXT NOT NULL,
    secret_ciphertext BLOB NOT NULL,
    token_digest TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('GetSessionToken', 'AssumeRole')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    user_id TEXT,
    parent_access_key_id TEXT,
    role_id TEXT,
    session_name TEXT,
    assumer_arn TEXT,
    session_policy TEXT
  ) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS iam_sessions_by_expiry ON iam_sessions (expires_at)`,
  ...['INSERT', 'DELETE', 'UPDATE OF canonical_id, display_name'].map(
    (event, index) => `CREATE TRIGGER IF NOT EXISTS iam_users_version_${index} AFTER ${event} ON iam_users
    BEGIN ${bumpUsersVersion}; END`,
  ),
];
