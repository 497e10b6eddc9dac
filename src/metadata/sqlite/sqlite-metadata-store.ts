import Database from 'better-sqlite3';

import { keyScanRange, prefixUpperBound } from '../key-range.js';
import {
  segmentBlobIds,
  type BucketRecord,
  type BucketSettingName,
  type BucketWithSettings,
  type CompleteResult,
  type ObjectAndSettingsVersion,
  type MetadataStore,
  type ObjectListQuery,
  type ObjectRecord,
  type PartRecord,
  type PutPartResult,
  type PutResult,
  type Segment,
  type UploadListQuery,
  type UploadRecord,
  type WritePrecondition,
} from '../metadata-store.js';
import { listedObjectColumns, objectColumnValues, toBucket, toBucketWithSettings, toObject, toPart, toUpload, type BucketSettingRow, type ObjectRow, type PartRow, type UploadRow } from '../metadata-rows.js';
import { failedPrecondition } from '../write-precondition.js';
import { openSqliteDatabase, StatementCache } from './database.js';
import { GroupCommit } from './group-commit.js';
import { addedColumns, constraintStatements, schemaStatements } from './schema.js';

/**
 * The embedded metadata engine: one SQLite file in WAL mode with synchronous=FULL, so a
 * committed write survives a crash. better-sqlite3 is synchronous, and each method runs
 * in one transaction, which is what makes it atomic.
 */
export class SqliteMetadataStore implements MetadataStore {
  private readonly db: Database.Database;
  private readonly statements: StatementCache;
  /** PutObject commits, grouped so that concurrent uploads share a WAL fsync. */
  private readonly objectWrites: GroupCommit;

  constructor(path: string) {
    this.db = openSqliteDatabase(path);
    this.statements = new StatementCache(this.db);
    this.objectWrites = new GroupCommit(this.db);
    for (const statement of schemaStatements) this.db.exec(statement);
    this.addMissingColumns();
    for (const statement of constraintStatements) this.db.exec(statement);
  }

  async createBucket(bucket: BucketRecord): Promise<'created' | 'exists'> {
    const result = this.statements
      .get(
        `INSERT INTO buckets (name, region, owner_id, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO NOTHING`,
      )
      .run(bucket.name, bucket.region, bucket.ownerId, bucket.createdAt.getTime());
    return result.changes === 1 ? 'created' : 'exists';
  }

  async getBucket(name: string): Promise<BucketRecord | undefined> {
    const row = this.statements.get(`SELECT * FROM buckets WHERE name = ?`).get(name) as
      | { name: string; region: string; owner_id: string; created_at: number }
      | undefined;
    if (row === undefined) return undefined;
    return toBucket(row);
  }

  async listBuckets(): Promise<BucketRecord[]> {
    const rows = this.statements.get(`SELECT * FROM buckets ORDER BY name`).all() as Array<{
      name: string;
      region: string;
      owner_id: string;
      created_at: number;
    }>;
    return rows.map(toBucket);
  }

  async deleteBucket(name: string): Promise<'deleted' | 'not-empty' | 'missing'> {
    const remove = this.db.transaction((bucket: string) => {
      const exists = this.statements.get(`SELECT 1 FROM buckets WHERE name = ?`).get(bucket);
      if (exists === undefined) return 'missing' as const;
      const hasObject = this.statements.get(`SELECT 1 FROM objects WHERE bucket = ? LIMIT 1`).get(bucket);
      const hasUpload = this.statements.get(`SELECT 1 FROM uploads WHERE bucket = ? LIMIT 1`).get(bucket);
      if (hasObject !== undefined || hasUpload !== undefined) return 'not-empty' as const;
      this.statements.get(`DELETE FROM bucket_settings WHERE bucket = ?`).run(bucket);
      this.statements.get(`DELETE FROM buckets WHERE name = ?`).run(bucket);
      return 'deleted' as const;
    });
    return remove.immediate(name);
  }

  async getObject(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    const row = this.statements.get(`SELECT * FROM objects WHERE bucket = ? AND key = ?`)
      .get(bucket, key) as ObjectRow | undefined;
    return row === undefined ? undefined : toObject(row);
  }

  async putObject(object: ObjectRecord, precondition?: WritePrecondition): Promise<PutResult> {
    return this.objectWrites.submit(() => this.putObjectInTransaction(object, precondition));
  }

  async deleteObject(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    const remove = this.db.transaction(() => {
      const row = this.statements.get(`DELETE FROM objects WHERE bucket = ? AND key = ? RETURNING *`)
        .get(bucket, key) as ObjectRow | undefined;
      return row === undefined ? undefined : toObject(row);
    });
    return remove.immediate();
  }

  async listObjects(bucket: string, query: ObjectListQuery): Promise<ObjectRecord[]> {
    const { lower, inclusive, upper } = keyScanRange(query.prefix, query.from, query.inclusive);
    const conditions = ['bucket = ?', inclusive ? 'key >= ?' : 'key > ?'];
    const parameters: Array<string | number> = [bucket, lower];
    if (upper !== undefined) {
      conditions.push('key < ?');
      parameters.push(upper);
    }
    parameters.push(query.limit);
    const rows = this.statements.get(`SELECT ${listedObjectColumns} FROM objects WHERE ${conditions.join(' AND ')} ORDER BY key LIMIT ?`)
      .all(...parameters) as ObjectRow[];
    return rows.map(toObject);
  }

  async createUpload(upload: UploadRecord): Promise<void> {
    this.statements
      .get(
        `INSERT INTO uploads (upload_id, bucket, key, initiated_at, owner_id, headers,
           user_metadata, checksum_algorithm, checksum_type, acl)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        upload.uploadId,
        upload.bucket,
        upload.key,
        upload.initiatedAt.getTime(),
        upload.ownerId,
        JSON.stringify(upload.headers),
        JSON.stringify(upload.userMetadata),
        upload.checksumAlgorithm ?? null,
        upload.checksumType ?? null,
        upload.acl === undefined ? null : JSON.stringify(upload.acl),
      );
  }

  async getUpload(bucket: string, key: string, uploadId: string): Promise<UploadRecord | undefined> {
    const row = this.statements.get(`SELECT * FROM uploads WHERE upload_id = ? AND bucket = ? AND key = ?`)
      .get(uploadId, bucket, key) as UploadRow | undefined;
    return row === undefined ? undefined : toUpload(row);
  }

  async putPart(part: PartRecord): Promise<PutPartResult> {
    const put = this.db.transaction((): PutPartResult => {
      const upload = this.statements.get(`SELECT 1 FROM uploads WHERE upload_id = ?`).get(part.uploadId);
      if (upload === undefined) return { status: 'no-such-upload' };
      const previous = this.statements.get(`SELECT * FROM parts WHERE upload_id = ? AND part_number = ?`)
        .get(part.uploadId, part.partNumber) as PartRow | undefined;
      this.statements
        .get(
          `INSERT OR REPLACE INTO parts (upload_id, part_number, size, etag, last_modified,
             checksum, blob_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          part.uploadId,
          part.partNumber,
          part.size,
          part.etag,
          part.lastModified.getTime(),
          part.checksum === undefined ? null : JSON.stringify(part.checksum),
          part.blobId,
        );
      return { status: 'stored', replaced: previous === undefined ? undefined : toPart(previous) };
    });
    return put.immediate();
  }

  async listParts(uploadId: string): Promise<PartRecord[]> {
    const rows = this.statements.get(`SELECT * FROM parts WHERE upload_id = ? ORDER BY part_number`)
      .all(uploadId) as PartRow[];
    return rows.map(toPart);
  }

  async listUploads(bucket: string, query: UploadListQuery): Promise<UploadRecord[]> {
    const upper = prefixUpperBound(query.prefix);
    const conditions = ['bucket = ?', 'key >= ?'];
    const parameters: Array<string | number> = [bucket, query.prefix];
    if (query.inclusive) {
      conditions.push('(key > ? OR (key = ? AND upload_id > ?))');
      parameters.push(query.keyMarker, query.keyMarker, query.uploadIdMarker);
    } else {
      conditions.push('key > ?');
      parameters.push(query.keyMarker);
    }
    if (upper !== undefined && query.prefix !== '') {
      conditions.push('key < ?');
      parameters.push(upper);
    }
    parameters.push(query.limit);
    const rows = this.statements
      .get(
        `SELECT * FROM uploads WHERE ${conditions.join(' AND ')}
         ORDER BY key, upload_id LIMIT ?`,
      )
      .all(...parameters) as UploadRow[];
    return rows.map(toUpload);
  }

  async completeUpload(
    uploadId: string,
    object: ObjectRecord,
    precondition?: WritePrecondition,
  ): Promise<CompleteResult | undefined> {
    const complete = this.db.transaction((): CompleteResult | undefined => {
      const upload = this.statements.get(`SELECT 1 FROM uploads WHERE upload_id = ?`).get(uploadId);
      if (upload === undefined) return undefined;
      const parts = (
        this.statements.get(`SELECT * FROM parts WHERE upload_id = ?`).all(uploadId) as PartRow[]
      ).map(toPart);
      const current = new Set(parts.map((part) => part.blobId));
      if (!object.segments.every((segment) => current.has(segment.blobId))) return { status: 'parts-changed' };
      const result = this.putObjectInTransaction(object, precondition);
      if (result.status !== 'committed') return result;
      const used = new Set(object.segments.map((segment) => segment.blobId));
      this.statements.get(`DELETE FROM parts WHERE upload_id = ?`).run(uploadId);
      this.statements.get(`DELETE FROM uploads WHERE upload_id = ?`).run(uploadId);
      return { ...result, unusedParts: parts.filter((part) => !used.has(part.blobId)) };
    });
    return complete.immediate();
  }

  async abortUpload(uploadId: string): Promise<PartRecord[] | undefined> {
    const abort = this.db.transaction(() => {
      const upload = this.statements.get(`SELECT 1 FROM uploads WHERE upload_id = ?`).get(uploadId);
      if (upload === undefined) return undefined;
      const parts = (
        this.statements.get(`SELECT * FROM parts WHERE upload_id = ?`).all(uploadId) as PartRow[]
      ).map(toPart);
      this.statements.get(`DELETE FROM parts WHERE upload_id = ?`).run(uploadId);
      this.statements.get(`DELETE FROM uploads WHERE upload_id = ?`).run(uploadId);
      return parts;
    });
    return abort.immediate();
  }

  async getBucketSetting(bucket: string, name: BucketSettingName): Promise<string | undefined> {
    const row = this.statements.get(`SELECT value FROM bucket_settings WHERE bucket = ? AND name = ?`)
      .get(bucket, name) as { value: string } | undefined;
    return row?.value;
  }

  async getBucketWithSettings(name: string): Promise<BucketWithSettings | undefined> {
    const rows = this.statements
      .get(
        `SELECT b.name, b.region, b.owner_id, b.created_at, s.name AS setting_name, s.value AS setting_value
         FROM buckets b LEFT JOIN bucket_settings s ON s.bucket = b.name WHERE b.name = ?`,
      )
      .all(name) as BucketSettingRow[];
    return toBucketWithSettings(rows);
  }

  async bucketSettingsVersion(): Promise<string> {
    const row = this.statements.get(`SELECT value FROM change_counters WHERE name = 'bucket_settings'`).get() as
      | { value: number }
      | undefined;
    return String(row?.value ?? 0);
  }

  async getObjectAndSettingsVersion(bucket: string, key: string): Promise<ObjectAndSettingsVersion> {
    const row = this.statements
      .get(
        `SELECT change_counters.value AS settings_version, objects.*
         FROM change_counters LEFT JOIN objects ON objects.bucket = ? AND objects.key = ?
         WHERE change_counters.name = 'bucket_settings'`,
      )
      .get(bucket, key) as (ObjectRow & { settings_version: number }) | undefined;
    // The counter row is created with the schema, so a missing row is an object read alone.
    if (row === undefined) return { object: await this.getObject(bucket, key), settingsVersion: '0' };
    return {
      object: row.bucket === null ? undefined : toObject(row),
      settingsVersion: String(row.settings_version),
    };
  }

  async putBucketSetting(bucket: string, name: BucketSettingName, value: string | undefined): Promise<void> {
    if (value === undefined) {
      this.statements.get(`DELETE FROM bucket_settings WHERE bucket = ? AND name = ?`).run(bucket, name);
      return;
    }
    this.statements
      .get(
        `INSERT INTO bucket_settings (bucket, name, value) VALUES (?, ?, ?)
         ON CONFLICT (bucket, name) DO UPDATE SET value = excluded.value`,
      )
      .run(bucket, name, value);
  }

  async referencedBlobIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    const objectRows = this.db.prepare(`SELECT segments FROM objects`).iterate() as Iterable<{
      segments: string;
    }>;
    for (const row of objectRows) {
      for (const id of segmentBlobIds(JSON.parse(row.segments) as Segment[])) ids.add(id);
    }
    const partRows = this.db.prepare(`SELECT blob_id FROM parts`).iterate() as Iterable<{
      blob_id: string;
    }>;
    for (const row of partRows) ids.add(row.blob_id);
    return ids;
  }

  /** Brings a database made by an earlier version up to the current columns. */
  private addMissingColumns(): void {
    for (const [table, column, definition] of addedColumns) {
      const columns = this.statements.get(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
      if (!columns.some((existing) => existing.name === column)) {
        this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
      }
    }
  }

  async close(): Promise<void> {
    this.objectWrites.flush();
    this.db.close();
  }

  private putObjectInTransaction(
    object: ObjectRecord,
    precondition: WritePrecondition | undefined,
  ): PutResult {
    const bucket = this.statements.get(`SELECT 1 FROM buckets WHERE name = ?`).get(object.bucket);
    if (bucket === undefined) return { status: 'no-such-bucket' };
    const currentRow = this.statements.get(`SELECT * FROM objects WHERE bucket = ? AND key = ?`)
      .get(object.bucket, object.key) as ObjectRow | undefined;
    const failed = failedPrecondition(currentRow?.etag, precondition);
    if (failed !== undefined) return { status: failed };
    this.statements
      .get(
        `INSERT OR REPLACE INTO objects (bucket, key, size, etag, last_modified, owner_id,
           headers, user_metadata, checksum, part_sizes, segments, acl, inline_data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(...objectColumnValues(object));
    return { status: 'committed', replaced: currentRow === undefined ? undefined : toObject(currentRow) };
  }
}
