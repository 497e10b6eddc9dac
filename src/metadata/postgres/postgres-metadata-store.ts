import type pg from 'pg';

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
import {
  listedObjectColumns,
  objectColumnNames,
  objectColumnValues,
  toBucket,
  toBucketWithSettings,
  toObject,
  toPart,
  toUpload,
  type BucketRow,
  type BucketSettingRow,
  type ObjectRow,
  type PartRow,
  type UploadRow,
} from '../metadata-rows.js';
import { failedPrecondition } from '../write-precondition.js';
import { boundWithoutNul, hasNul, rejectNulKey } from './nul-keys.js';
import { inTransaction, lockName } from './transaction.js';

const objectInsert = `INSERT INTO objects (${objectColumnNames.join(', ')})
  VALUES (${objectColumnNames.map((_, index) => `$${index + 1}`).join(', ')})
  ON CONFLICT (bucket, key) DO UPDATE SET
  ${objectColumnNames.slice(2).map((name) => `${name} = excluded.${name}`).join(', ')}`;

/**
 * The metadata engine on PostgreSQL, shared by every node that points at the database.
 * Each method runs in one transaction. Writers that check before they write lock what
 * they check, so a check and its write stay atomic across nodes:
 *
 * - an object write takes an advisory lock on its bucket and key, then reads the current
 *   version, so preconditions and the replaced version are exact;
 * - writes into a bucket hold its row `FOR SHARE` and DeleteBucket holds it `FOR UPDATE`,
 *   so no object lands in a bucket that is being deleted;
 * - part writes, completion and abort lock the upload's row `FOR UPDATE`.
 *
 * Locks are always taken in the order upload, bucket, key, so two transactions never wait
 * for each other in a cycle.
 */
export class PostgresMetadataStore implements MetadataStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly onClose: () => Promise<void>,
  ) {}

  async createBucket(bucket: BucketRecord): Promise<'created' | 'exists'> {
    const result = await this.pool.query(
      `INSERT INTO buckets (name, region, owner_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO NOTHING`,
      [bucket.name, bucket.region, bucket.ownerId, bucket.createdAt.getTime()],
    );
    return result.rowCount === 1 ? 'created' : 'exists';
  }

  async getBucket(name: string): Promise<BucketRecord | undefined> {
    const { rows } = await this.pool.query<BucketRow>(`SELECT * FROM buckets WHERE name = $1`, [name]);
    return rows[0] === undefined ? undefined : toBucket(rows[0]);
  }

  async listBuckets(): Promise<BucketRecord[]> {
    const { rows } = await this.pool.query<BucketRow>(`SELECT * FROM buckets ORDER BY name`);
    return rows.map(toBucket);
  }

  async deleteBucket(name: string): Promise<'deleted' | 'not-empty' | 'missing'> {
    return inTransaction(this.pool, async (client) => {
      const bucket = await client.query(`SELECT 1 FROM buckets WHERE name = $1 FOR UPDATE`, [name]);
      if (bucket.rowCount === 0) return 'missing';
      const contents = await client.query(
        `SELECT EXISTS (SELECT 1 FROM objects WHERE bucket = $1)
             OR EXISTS (SELECT 1 FROM uploads WHERE bucket = $1) AS used`,
        [name],
      );
      if (contents.rows[0].used === true) return 'not-empty';
      await client.query(`DELETE FROM bucket_settings WHERE bucket = $1`, [name]);
      await client.query(`DELETE FROM buckets WHERE name = $1`, [name]);
      return 'deleted';
    });
  }

  async getObject(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    if (hasNul(key)) return undefined;
    const { rows } = await this.pool.query<ObjectRow>(`SELECT * FROM objects WHERE bucket = $1 AND key = $2`, [
      bucket,
      key,
    ]);
    return rows[0] === undefined ? undefined : toObject(rows[0]);
  }

  async putObject(object: ObjectRecord, precondition?: WritePrecondition): Promise<PutResult> {
    return inTransaction(this.pool, (client) => putObjectIn(client, object, precondition));
  }

  async deleteObject(bucket: string, key: string): Promise<ObjectRecord | undefined> {
    if (hasNul(key)) return undefined;
    return inTransaction(this.pool, async (client) => {
      await lockName(client, 'object', `${bucket}/${key}`);
      const { rows } = await client.query<ObjectRow>(
        `DELETE FROM objects WHERE bucket = $1 AND key = $2 RETURNING *`,
        [bucket, key],
      );
      return rows[0] === undefined ? undefined : toObject(rows[0]);
    });
  }

  async listObjects(bucket: string, query: ObjectListQuery): Promise<ObjectRecord[]> {
    if (hasNul(query.prefix)) return [];
    const bound = boundWithoutNul(query.from, query.inclusive);
    const { lower, inclusive, upper } = keyScanRange(query.prefix, bound.from, bound.inclusive);
    const parameters: Array<string | number> = [bucket, lower];
    const conditions = ['bucket = $1', inclusive ? 'key >= $2' : 'key > $2'];
    if (upper !== undefined) {
      parameters.push(upper);
      conditions.push(`key < $${parameters.length}`);
    }
    parameters.push(query.limit);
    const { rows } = await this.pool.query<ObjectRow>(
      `SELECT ${listedObjectColumns} FROM objects WHERE ${conditions.join(' AND ')} ORDER BY key LIMIT $${parameters.length}`,
      parameters,
    );
    return rows.map(toObject);
  }

  async createUpload(upload: UploadRecord): Promise<void> {
    rejectNulKey(upload.key);
    await this.pool.query(
      `INSERT INTO uploads (upload_id, bucket, key, initiated_at, owner_id, headers,
         user_metadata, checksum_algorithm, checksum_type, acl)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
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
      ],
    );
  }

  async getUpload(bucket: string, key: string, uploadId: string): Promise<UploadRecord | undefined> {
    if (hasNul(key) || hasNul(uploadId)) return undefined;
    const { rows } = await this.pool.query<UploadRow>(
      `SELECT * FROM uploads WHERE upload_id = $1 AND bucket = $2 AND key = $3`,
      [uploadId, bucket, key],
    );
    return rows[0] === undefined ? undefined : toUpload(rows[0]);
  }

  async putPart(part: PartRecord): Promise<PutPartResult> {
    return inTransaction(this.pool, async (client): Promise<PutPartResult> => {
      const upload = await client.query(`SELECT 1 FROM uploads WHERE upload_id = $1 FOR UPDATE`, [part.uploadId]);
      if (upload.rowCount === 0) return { status: 'no-such-upload' };
      const previous = await client.query<PartRow>(
        `SELECT * FROM parts WHERE upload_id = $1 AND part_number = $2`,
        [part.uploadId, part.partNumber],
      );
      await client.query(
        `INSERT INTO parts (upload_id, part_number, size, etag, last_modified, checksum, blob_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (upload_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag,
           last_modified = excluded.last_modified, checksum = excluded.checksum, blob_id = excluded.blob_id`,
        [
          part.uploadId,
          part.partNumber,
          part.size,
          part.etag,
          part.lastModified.getTime(),
          part.checksum === undefined ? null : JSON.stringify(part.checksum),
          part.blobId,
        ],
      );
      const replaced = previous.rows[0];
      return { status: 'stored', replaced: replaced === undefined ? undefined : toPart(replaced) };
    });
  }

  async listParts(uploadId: string): Promise<PartRecord[]> {
    const { rows } = await this.pool.query<PartRow>(
      `SELECT * FROM parts WHERE upload_id = $1 ORDER BY part_number`,
      [uploadId],
    );
    return rows.map(toPart);
  }

  async listUploads(bucket: string, query: UploadListQuery): Promise<UploadRecord[]> {
    if (hasNul(query.prefix)) return [];
    const marker = boundWithoutNul(query.keyMarker, query.inclusive);
    const parameters: Array<string | number> = [bucket, query.prefix, marker.from];
    const conditions = ['bucket = $1', 'key >= $2'];
    if (marker.inclusive) {
      parameters.push(boundWithoutNul(query.uploadIdMarker, false).from);
      conditions.push(`(key > $3 OR (key = $3 AND upload_id > $${parameters.length}))`);
    } else {
      conditions.push('key > $3');
    }
    const upper = prefixUpperBound(query.prefix);
    if (upper !== undefined && query.prefix !== '') {
      parameters.push(upper);
      conditions.push(`key < $${parameters.length}`);
    }
    parameters.push(query.limit);
    const { rows } = await this.pool.query<UploadRow>(
      `SELECT * FROM uploads WHERE ${conditions.join(' AND ')}
       ORDER BY key, upload_id LIMIT $${parameters.length}`,
      parameters,
    );
    return rows.map(toUpload);
  }

  async completeUpload(
    uploadId: string,
    object: ObjectRecord,
    precondition?: WritePrecondition,
  ): Promise<CompleteResult | undefined> {
    return inTransaction(this.pool, async (client): Promise<CompleteResult | undefined> => {
      const upload = await client.query(`SELECT 1 FROM uploads WHERE upload_id = $1 FOR UPDATE`, [uploadId]);
      if (upload.rowCount === 0) return undefined;
      const parts = (await client.query<PartRow>(`SELECT * FROM parts WHERE upload_id = $1`, [uploadId])).rows.map(
        toPart,
      );
      const current = new Set(parts.map((part) => part.blobId));
      if (!object.segments.every((segment) => current.has(segment.blobId))) return { status: 'parts-changed' };
      const result = await putObjectIn(client, object, precondition);
      if (result.status !== 'committed') return result;
      await client.query(`DELETE FROM parts WHERE upload_id = $1`, [uploadId]);
      await client.query(`DELETE FROM uploads WHERE upload_id = $1`, [uploadId]);
      const used = new Set(object.segments.map((segment) => segment.blobId));
      return { ...result, unusedParts: parts.filter((part) => !used.has(part.blobId)) };
    });
  }

  async abortUpload(uploadId: string): Promise<PartRecord[] | undefined> {
    return inTransaction(this.pool, async (client) => {
      const upload = await client.query(`SELECT 1 FROM uploads WHERE upload_id = $1 FOR UPDATE`, [uploadId]);
      if (upload.rowCount === 0) return undefined;
      const { rows } = await client.query<PartRow>(`DELETE FROM parts WHERE upload_id = $1 RETURNING *`, [uploadId]);
      await client.query(`DELETE FROM uploads WHERE upload_id = $1`, [uploadId]);
      return rows.map(toPart);
    });
  }

  async getBucketSetting(bucket: string, name: BucketSettingName): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>(
      `SELECT value FROM bucket_settings WHERE bucket = $1 AND name = $2`,
      [bucket, name],
    );
    return rows[0]?.value;
  }

  async getBucketWithSettings(name: string): Promise<BucketWithSettings | undefined> {
    const { rows } = await this.pool.query<BucketSettingRow>(
      `SELECT b.name, b.region, b.owner_id, b.created_at, s.name AS setting_name, s.value AS setting_value
       FROM buckets b LEFT JOIN bucket_settings s ON s.bucket = b.name WHERE b.name = $1`,
      [name],
    );
    return toBucketWithSettings(rows);
  }

  async bucketSettingsVersion(): Promise<string> {
    const { rows } = await this.pool.query<{ value: string }>(
      `SELECT value FROM change_counters WHERE name = 'bucket_settings'`,
    );
    return rows[0]?.value ?? '0';
  }

  async getObjectAndSettingsVersion(bucket: string, key: string): Promise<ObjectAndSettingsVersion> {
    if (hasNul(key)) return { object: undefined, settingsVersion: await this.bucketSettingsVersion() };
    const { rows } = await this.pool.query<ObjectRow & { settings_version: string }>(
      `SELECT change_counters.value AS settings_version, objects.*
       FROM change_counters LEFT JOIN objects ON objects.bucket = $1 AND objects.key = $2
       WHERE change_counters.name = 'bucket_settings'`,
      [bucket, key],
    );
    const row = rows[0];
    if (row === undefined) return { object: await this.getObject(bucket, key), settingsVersion: '0' };
    return { object: row.bucket === null ? undefined : toObject(row), settingsVersion: String(row.settings_version) };
  }

  async putBucketSetting(bucket: string, name: BucketSettingName, value: string | undefined): Promise<void> {
    if (value === undefined) {
      await this.pool.query(`DELETE FROM bucket_settings WHERE bucket = $1 AND name = $2`, [bucket, name]);
      return;
    }
    await this.pool.query(
      `INSERT INTO bucket_settings (bucket, name, value) VALUES ($1, $2, $3)
       ON CONFLICT (bucket, name) DO UPDATE SET value = excluded.value`,
      [bucket, name, value],
    );
  }

  async referencedBlobIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    // One snapshot for both tables, so a part that became an object in between is not missed.
    await inTransaction(this.pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const objects = await client.query<{ segments: string }>(`SELECT segments FROM objects`);
      for (const row of objects.rows) {
        for (const id of segmentBlobIds(JSON.parse(row.segments) as Segment[])) ids.add(id);
      }
      const parts = await client.query<{ blob_id: string }>(`SELECT blob_id FROM parts`);
      for (const row of parts.rows) ids.add(row.blob_id);
    });
    return ids;
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}

/** The body of PutObject, also run by CompleteMultipartUpload inside its transaction. */
async function putObjectIn(
  client: pg.PoolClient,
  object: ObjectRecord,
  precondition: WritePrecondition | undefined,
): Promise<PutResult> {
  rejectNulKey(object.key);
  const bucket = await client.query(`SELECT 1 FROM buckets WHERE name = $1 FOR SHARE`, [object.bucket]);
  if (bucket.rowCount === 0) return { status: 'no-such-bucket' };
  await lockName(client, 'object', `${object.bucket}/${object.key}`);
  const { rows } = await client.query<ObjectRow>(`SELECT * FROM objects WHERE bucket = $1 AND key = $2`, [
    object.bucket,
    object.key,
  ]);
  const current = rows[0];
  const failed = failedPrecondition(current?.etag, precondition);
  if (failed !== undefined) return { status: failed };
  await client.query(objectInsert, objectColumnValues(object));
  return { status: 'committed', replaced: current === undefined ? undefined : toObject(current) };
}
