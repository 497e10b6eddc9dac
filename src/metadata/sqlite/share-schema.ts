/**
 * Tables of shares and of the audit log. Times are milliseconds since the epoch. The SQL
 * keeps to what PostgreSQL accepts as well, apart from the INTEGER PRIMARY KEY row id.
 */
export const shareSchemaStatements = [
  `CREATE TABLE IF NOT EXISTS shares (
    share_id TEXT PRIMARY KEY,
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('GET', 'PUT')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    max_uses INTEGER,
    use_count INTEGER NOT NULL DEFAULT 0,
    source_cidr TEXT,
    note TEXT,
    creator_arn TEXT NOT NULL,
    access_key_id TEXT NOT NULL,
    revoked_at INTEGER
  )`,
  `CREATE INDEX IF NOT EXISTS shares_by_creator ON shares (creator_arn, created_at)`,
  `CREATE TABLE IF NOT EXISTS audit_log (
    audit_id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    request_id TEXT NOT NULL,
    share_id TEXT,
    access_key_id TEXT,
    signer_arn TEXT,
    bucket TEXT,
    key TEXT,
    method TEXT NOT NULL,
    status INTEGER NOT NULL,
    completed INTEGER NOT NULL,
    bytes_sent INTEGER NOT NULL,
    bytes_received INTEGER NOT NULL,
    client_address TEXT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS audit_log_by_time ON audit_log (time)`,
  `CREATE INDEX IF NOT EXISTS audit_log_by_share ON audit_log (share_id, time)`,
];
