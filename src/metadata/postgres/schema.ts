import type { Migration } from './migrate.js';

/**
 * Metadata tables. Keys, bucket names and ids use the "C" collation, so they compare and
 * sort as UTF-8 bytes, the order S3 lists keys in and the order of SQLite's BINARY
 * collation. Timestamps are milliseconds since the epoch, sizes are bytes, and documents
 * (headers, checksums, segments, ACLs) are JSON text as in the SQLite store.
 */
const metadataTables: Migration = {
  version: 1,
  name: 'metadata tables',
  statements: [
    `CREATE TABLE buckets (
      name text COLLATE "C" PRIMARY KEY,
      region text NOT NULL,
      owner_id text NOT NULL,
      created_at bigint NOT NULL
    )`,
    `CREATE TABLE objects (
      bucket text COLLATE "C" NOT NULL,
      key text COLLATE "C" NOT NULL,
      size bigint NOT NULL,
      etag text NOT NULL,
      last_modified bigint NOT NULL,
      owner_id text NOT NULL,
      headers text NOT NULL,
      user_metadata text NOT NULL,
      checksum text,
      part_sizes text NOT NULL,
      segments text NOT NULL,
      acl text,
      PRIMARY KEY (bucket, key)
    )`,
    `CREATE TABLE uploads (
      upload_id text COLLATE "C" PRIMARY KEY,
      bucket text COLLATE "C" NOT NULL,
      key text COLLATE "C" NOT NULL,
      initiated_at bigint NOT NULL,
      owner_id text NOT NULL,
      headers text NOT NULL,
      user_metadata text NOT NULL,
      checksum_algorithm text,
      checksum_type text,
      acl text
    )`,
    `CREATE INDEX uploads_by_key ON uploads (bucket, key, upload_id)`,
    `CREATE TABLE parts (
      upload_id text COLLATE "C" NOT NULL,
      part_number integer NOT NULL,
      size bigint NOT NULL,
      etag text NOT NULL,
      last_modified bigint NOT NULL,
      checksum text,
      blob_id text NOT NULL,
      PRIMARY KEY (upload_id, part_number)
    )`,
    `CREATE TABLE bucket_settings (
      bucket text COLLATE "C" NOT NULL,
      name text COLLATE "C" NOT NULL,
      value text NOT NULL,
      PRIMARY KEY (bucket, name)
    )`,
  ],
};

/**
 * Identity tables. IAM names compare case-insensitively, as SQLite's NOCASE does: the
 * unique indexes and lookups use `lower(name COLLATE "C")`, which folds only ASCII letters,
 * the only letters a name may contain. Secrets are stored sealed (key id and AES-256-GCM
 * ciphertext), and session tokens as SHA-256 digests.
 */
const identityTables: Migration = {
  version: 2,
  name: 'identity tables',
  statements: [
    `CREATE TABLE iam_settings (
      name text COLLATE "C" PRIMARY KEY,
      value text NOT NULL
    )`,
    `CREATE TABLE iam_users (
      user_id text COLLATE "C" PRIMARY KEY,
      user_name text COLLATE "C" NOT NULL,
      path text COLLATE "C" NOT NULL,
      arn text NOT NULL,
      created_at bigint NOT NULL,
      canonical_id text COLLATE "C" NOT NULL UNIQUE,
      display_name text NOT NULL,
      email text COLLATE "C",
      tags text NOT NULL
    )`,
    `CREATE UNIQUE INDEX iam_users_by_name ON iam_users (lower(user_name))`,
    `CREATE UNIQUE INDEX iam_users_by_email ON iam_users (lower(email))`,
    `CREATE TABLE iam_access_keys (
      access_key_id text COLLATE "C" PRIMARY KEY,
      user_id text COLLATE "C" NOT NULL,
      user_name text NOT NULL,
      status text NOT NULL CHECK (status IN ('Active', 'Inactive', 'Deleted')),
      secret_key_id text,
      secret_ciphertext bytea,
      created_at bigint NOT NULL,
      last_used_at bigint,
      last_used_service text,
      last_used_region text,
      deleted_at bigint
    )`,
    `CREATE INDEX iam_access_keys_by_user ON iam_access_keys (user_id, access_key_id)`,
    `CREATE TABLE iam_user_policies (
      user_id text COLLATE "C" NOT NULL REFERENCES iam_users (user_id),
      policy_name text COLLATE "C" NOT NULL,
      document text NOT NULL,
      size integer NOT NULL
    )`,
    `CREATE UNIQUE INDEX iam_user_policies_by_name ON iam_user_policies (user_id, lower(policy_name))`,
    `CREATE TABLE iam_roles (
      role_id text COLLATE "C" PRIMARY KEY,
      role_name text COLLATE "C" NOT NULL,
      path text COLLATE "C" NOT NULL,
      arn text NOT NULL,
      created_at bigint NOT NULL,
      trust_policy text NOT NULL,
      description text,
      max_session_duration integer NOT NULL,
      tags text NOT NULL,
      last_used_at bigint,
      last_used_region text
    )`,
    `CREATE UNIQUE INDEX iam_roles_by_name ON iam_roles (lower(role_name))`,
    `CREATE TABLE iam_role_policies (
      role_id text COLLATE "C" NOT NULL REFERENCES iam_roles (role_id),
      policy_name text COLLATE "C" NOT NULL,
      document text NOT NULL,
      size integer NOT NULL
    )`,
    `CREATE UNIQUE INDEX iam_role_policies_by_name ON iam_role_policies (role_id, lower(policy_name))`,
    `CREATE TABLE iam_sessions (
      access_key_id text COLLATE "C" PRIMARY KEY,
      secret_key_id text NOT NULL,
      secret_ciphertext bytea NOT NULL,
      token_digest text NOT NULL,
      source text NOT NULL CHECK (source IN ('GetSessionToken', 'AssumeRole')),
      created_at bigint NOT NULL,
      expires_at bigint NOT NULL,
      user_id text,
      parent_access_key_id text,
      role_id text,
      session_name text,
      assumer_arn text,
      session_policy text
    )`,
    `CREATE INDEX iam_sessions_by_expiry ON iam_sessions (expires_at)`,
  ],
};

/**
 * Shares (registered presigned URLs) and the audit log of presigned and shared requests.
 * Times are milliseconds since the epoch, and `completed` is 0 or 1 as in SQLite.
 */
const shareTables: Migration = {
  version: 3,
  name: 'share and audit tables',
  statements: [
    `CREATE TABLE shares (
      share_id text COLLATE "C" PRIMARY KEY,
      bucket text COLLATE "C" NOT NULL,
      key text COLLATE "C" NOT NULL,
      method text NOT NULL CHECK (method IN ('GET', 'PUT')),
      created_at bigint NOT NULL,
      expires_at bigint NOT NULL,
      max_uses integer,
      use_count integer NOT NULL DEFAULT 0,
      source_cidr text,
      note text,
      creator_arn text COLLATE "C" NOT NULL,
      access_key_id text NOT NULL,
      revoked_at bigint
    )`,
    `CREATE INDEX shares_by_creator ON shares (creator_arn, created_at)`,
    `CREATE TABLE audit_log (
      audit_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      time bigint NOT NULL,
      request_id text NOT NULL,
      share_id text COLLATE "C",
      access_key_id text,
      signer_arn text COLLATE "C",
      bucket text,
      key text,
      method text NOT NULL,
      status integer NOT NULL,
      completed smallint NOT NULL,
      bytes_sent bigint NOT NULL,
      bytes_received bigint NOT NULL,
      client_address text NOT NULL
    )`,
    `CREATE INDEX audit_log_by_time ON audit_log (time)`,
    `CREATE INDEX audit_log_by_share ON audit_log (share_id, time)`,
  ],
};

/**
 * A counter bumped in the same transaction as every change to a bucket or its settings, so
 * that each node can keep parsed bucket settings between requests and still see a change
 * made on another node at its next request. A statement-level trigger also fires for a
 * statement that changed no row, which costs only a needless reload.
 */
const changeCounters: Migration = {
  version: 4,
  name: 'bucket settings change counter',
  statements: [
    `CREATE TABLE change_counters (
      name text PRIMARY KEY,
      value bigint NOT NULL
    )`,
    `INSERT INTO change_counters (name, value) VALUES ('bucket_settings', 0)`,
    `CREATE FUNCTION count_bucket_settings_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE change_counters SET value = value + 1 WHERE name = 'bucket_settings';
        RETURN NULL;
      END
    $$`,
    `CREATE TRIGGER buckets_count_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON buckets
      FOR EACH STATEMENT EXECUTE FUNCTION count_bucket_settings_change()`,
    `CREATE TRIGGER bucket_settings_count_changes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON bucket_settings
      FOR EACH STATEMENT EXECUTE FUNCTION count_bucket_settings_change()`,
  ],
};

/**
 * The data of a small object as bytes beside its record. A row whose `inline_data` is null
 * may still carry its data as base64 text in `segments`, which the store also reads. A row
 * whose single segment refers to the column must carry it, so that a write by a build
 * without the column fails rather than dropping the object's data.
 */
const inlineData: Migration = {
  version: 5,
  name: 'inline object data column',
  statements: [
    `ALTER TABLE objects ADD COLUMN inline_data bytea`,
    `CREATE FUNCTION objects_keep_inline_data() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.inline_data IS NULL AND NEW.size > 0 AND NEW.segments = '[{"blobId":"","size":' || NEW.size || '}]' THEN
          RAISE EXCEPTION 'an object record without the inline data its segment refers to';
        END IF;
        RETURN NEW;
      END
    $$`,
    `CREATE TRIGGER objects_keep_inline_data BEFORE INSERT OR UPDATE ON objects
      FOR EACH ROW EXECUTE FUNCTION objects_keep_inline_data()`,
  ],
};

/**
 * Every schema change, oldest first. A released migration is never edited: a later change
 * is a new entry with the next version, written so that it keeps every existing row.
 */
export const migrations: readonly Migration[] = [metadataTables, identityTables, shareTables, changeCounters, inlineData];
