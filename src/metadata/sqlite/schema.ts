/** Tables of the embedded metadata engine. Keys compare as UTF-8 bytes (BINARY collation). */
export const schemaStatements = [
  `CREATE TABLE IF NOT EXISTS buckets (
    name TEXT PRIMARY KEY,
    region TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS objects (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    size INTEGER NOT NULL,
    etag TEXT NOT NULL,
    last_modified INTEGER NOT NULL,
    owner_id TEXT NOT NULL,
    headers TEXT NOT NULL,
    user_metadata TEXT NOT NULL,
    checksum TEXT,
    part_sizes TEXT NOT NULL,
    segments TEXT NOT NULL,
    acl TEXT,
    PRIMARY KEY (bucket, key)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS uploads (
    upload_id TEXT PRIMARY KEY,
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    initiated_at INTEGER NOT NULL,
    owner_id TEXT NOT NULL,
    headers TEXT NOT NULL,
    user_metadata TEXT NOT NULL,
    checksum_algorithm TEXT,
    checksum_type TEXT,
    acl TEXT
  )`,
  `CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads (bucket, key, upload_id)`,
  `CREATE TABLE IF NOT EXISTS parts (
    upload_id TEXT NOT NULL,
    part_number INTEGER NOT NULL,
    size INTEGER NOT NULL,
    etag TEXT NOT NULL,
    last_modified INTEGER NOT NULL,
    checksum TEXT,
    blob_id TEXT NOT NULL,
    PRIMARY KEY (upload_id, part_number)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS bucket_settings (
    bucket TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (bucket, name)
  ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS change_counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID`,
  `INSERT OR IGNORE INTO change_counters (name, value) VALUES ('bucket_settings', 0)`,
  ...['buckets', 'bucket_settings'].flatMap((table) =>
    ['INSERT', 'UPDATE', 'DELETE'].map(
      (event) =>
        `CREATE TRIGGER IF NOT EXISTS ${table}_${event.toLowerCase()}_counts AFTER ${event} ON ${table}
         BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'bucket_settings'; END`,
    ),
  ),
];

/**
 * Statements that run once the added columns exist. A record whose single segment refers
 * to `inline_data` must carry it: a build without the column that rewrites such a record
 * would otherwise drop the object's data, and the write fails instead.
 */
export const constraintStatements = (['INSERT', 'UPDATE'] as const).map(
  (event) =>
    `CREATE TRIGGER IF NOT EXISTS objects_${event.toLowerCase()}_keeps_inline_data BEFORE ${event} ON objects
     WHEN NEW.inline_data IS NULL AND NEW.size > 0 AND NEW.segments = '[{"blobId":"","size":' || NEW.size || '}]'
     BEGIN SELECT RAISE(ABORT, 'an object record without the inline data its segment refers to'); END`,
);

/** Columns added after a table's first version: table, column, definition. */
export const addedColumns: ReadonlyArray<[table: string, column: string, definition: string]> = [
  ['objects', 'acl', 'TEXT'],
  ['uploads', 'acl', 'TEXT'],
  ['objects', 'inline_data', 'BLOB'],
];
