import type { AccessControlList } from '../acl/types.js';

import type {
  BucketRecord,
  BucketSettingName,
  BucketWithSettings,
  ObjectRecord,
  PartRecord,
  Segment,
  UploadRecord,
} from './metadata-store.js';

/**
 * Rows of the metadata tables as both SQL engines return them: the same column names,
 * timestamps in milliseconds and documents as JSON text.
 */
export interface ObjectRow {
  bucket: string;
  key: string;
  size: number;
  etag: string;
  last_modified: number;
  owner_id: string;
  headers: string;
  user_metadata: string;
  checksum: string | null;
  part_sizes: string;
  segments: string;
  acl: string | null;
  /** The data of an object kept inline; its segment in `segments` then omits it. */
  inline_data: Buffer | null;
}

export interface UploadRow {
  upload_id: string;
  bucket: string;
  key: string;
  initiated_at: number;
  owner_id: string;
  headers: string;
  user_metadata: string;
  checksum_algorithm: string | null;
  checksum_type: string | null;
  acl: string | null;
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  size: number;
  etag: string;
  last_modified: number;
  checksum: string | null;
  blob_id: string;
}

export interface BucketRow {
  name: string;
  region: string;
  owner_id: string;
  created_at: number;
}

export function toBucket(row: { name: string; region: string; owner_id: string; created_at: number }): BucketRecord {
  return {
    name: row.name,
    region: row.region,
    ownerId: row.owner_id,
    createdAt: new Date(row.created_at),
  };
}

/** A bucket joined with its settings: one row per setting, or one row without a setting. */
export interface BucketSettingRow extends BucketRow {
  setting_name: string | null;
  setting_value: string | null;
}

export function toBucketWithSettings(rows: BucketSettingRow[]): BucketWithSettings | undefined {
  if (rows[0] === undefined) return undefined;
  const settings = new Map<BucketSettingName, string>();
  for (const row of rows) {
    if (row.setting_name !== null && row.setting_value !== null) {
      settings.set(row.setting_name as BucketSettingName, row.setting_value);
    }
  }
  return { bucket: toBucket(rows[0]), settings };
}

export function toObject(row: ObjectRow): ObjectRecord {
  return {
    bucket: row.bucket,
    key: row.key,
    size: row.size,
    etag: row.etag,
    lastModified: new Date(row.last_modified),
    ownerId: row.owner_id,
    headers: JSON.parse(row.headers) as Record<string, string>,
    userMetadata: JSON.parse(row.user_metadata) as Record<string, string>,
    checksum: row.checksum === null ? undefined : JSON.parse(row.checksum),
    partSizes: JSON.parse(row.part_sizes) as number[],
    segments: toSegments(row.segments, row.inline_data),
    ...(row.acl === null ? {} : { acl: JSON.parse(row.acl) as AccessControlList }),
  };
}

/** A segment as JSON stores it: `inline`, where present, is base64 text of a row without `inline_data`. */
type StoredSegment = Omit<Segment, 'inline'> & { inline?: string };

/**
 * Returns the segments of a record. `inline_data` counts only for the one form that
 * refers to it: a single segment without a blob id or base64 text, of the column's
 * length. A record that a build without the column rewrote may keep a stale column beside
 * a newer blob or base64 segment, and that value must never be served. A segment whose
 * data is missing keeps no `inline`, so reading it fails while overwriting it still works.
 */
function toSegments(text: string, inlineData: Buffer | null): Segment[] {
  const stored = JSON.parse(text) as StoredSegment[];
  return stored.map((segment) => {
    if (segment.inline !== undefined) return { ...segment, inline: Buffer.from(segment.inline, 'base64') };
    const refersToColumn = stored.length === 1 && segment.blobId === '';
    if (refersToColumn && inlineData !== null && inlineData.length === segment.size) return { ...segment, inline: inlineData };
    return segment as Segment;
  });
}

export function toUpload(row: UploadRow): UploadRecord {
  return {
    uploadId: row.upload_id,
    bucket: row.bucket,
    key: row.key,
    initiatedAt: new Date(row.initiated_at),
    ownerId: row.owner_id,
    headers: JSON.parse(row.headers) as Record<string, string>,
    userMetadata: JSON.parse(row.user_metadata) as Record<string, string>,
    checksumAlgorithm: (row.checksum_algorithm ?? undefined) as UploadRecord['checksumAlgorithm'],
    checksumType: (row.checksum_type ?? undefined) as UploadRecord['checksumType'],
    ...(row.acl === null ? {} : { acl: JSON.parse(row.acl) as AccessControlList }),
  };
}

export function toPart(row: PartRow): PartRecord {
  return {
    uploadId: row.upload_id,
    partNumber: row.part_number,
    size: row.size,
    etag: row.etag,
    lastModified: new Date(row.last_modified),
    checksum: row.checksum === null ? undefined : JSON.parse(row.checksum),
    blobId: row.blob_id,
  };
}

/** Column values of an object row, in the order of `objectColumnNames`. */
export function objectColumnValues(object: ObjectRecord): Array<string | number | Buffer | null> {
  const inline = object.segments.length === 1 ? object.segments[0]!.inline : undefined;
  const segments = inline === undefined ? object.segments : [{ blobId: '', size: object.segments[0]!.size }];
  return [
    object.bucket,
    object.key,
    object.size,
    object.etag,
    object.lastModified.getTime(),
    object.ownerId,
    JSON.stringify(object.headers),
    JSON.stringify(object.userMetadata),
    object.checksum === undefined ? null : JSON.stringify(object.checksum),
    JSON.stringify(object.partSizes),
    JSON.stringify(segments),
    object.acl === undefined ? null : JSON.stringify(object.acl),
    inline ?? null,
  ];
}

export const objectColumnNames = [
  'bucket',
  'key',
  'size',
  'etag',
  'last_modified',
  'owner_id',
  'headers',
  'user_metadata',
  'checksum',
  'part_sizes',
  'segments',
  'acl',
  'inline_data',
] as const;

/**
 * The columns a listing reads: every object column but the data's segments, the ACL and
 * inline data, given as empty. A listing shows none of them.
 */
export const listedObjectColumns =
  "bucket, key, size, etag, last_modified, owner_id, headers, user_metadata, checksum, part_sizes, '[]' AS segments, NULL AS acl, NULL AS inline_data";
