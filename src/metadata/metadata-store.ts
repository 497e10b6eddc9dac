import type { AccessControlList } from '../acl/types.js';

/**
 * The metadata engine behind every S3 operation. Operations use only this interface, so an
 * engine for more than one node (PostgreSQL) can replace the embedded SQLite one. Every
 * method is atomic: a caller never sees a half-applied change.
 */
export interface MetadataStore {
  createBucket(bucket: BucketRecord): Promise<'created' | 'exists'>;
  getBucket(name: string): Promise<BucketRecord | undefined>;
  listBuckets(): Promise<BucketRecord[]>;
  /** Deletes an empty bucket; a bucket with objects or multipart uploads is left alone. */
  deleteBucket(name: string): Promise<'deleted' | 'not-empty' | 'missing'>;

  getObject(bucket: string, key: string): Promise<ObjectRecord | undefined>;
  /**
   * Makes `object` the current version of its key, provided `precondition` is true for
   * the current version at commit time. Returns the replaced version so its data can go.
   */
  putObject(object: ObjectRecord, precondition?: WritePrecondition): Promise<PutResult>;
  /** Removes a key; returns the removed version, if there was one. */
  deleteObject(bucket: string, key: string): Promise<ObjectRecord | undefined>;
  /**
   * Keys under `prefix` in UTF-8 binary order from the `from` bound, at most `limit` rows.
   * The records leave out the data's segments and the ACL, which a listing never shows and
   * which can be large.
   */
  listObjects(bucket: string, query: ObjectListQuery): Promise<ObjectRecord[]>;

  createUpload(upload: UploadRecord): Promise<void>;
  getUpload(bucket: string, key: string, uploadId: string): Promise<UploadRecord | undefined>;
  /**
   * Stores a part of an upload that still exists and returns the part it replaced, so its
   * data can go. Returns `no-such-upload` when the upload was completed or aborted meanwhile.
   */
  putPart(part: PartRecord): Promise<PutPartResult>;
  listParts(uploadId: string): Promise<PartRecord[]>;
  /** Uploads under `prefix` ordered by key, then upload id, from the query's bound on. */
  listUploads(bucket: string, query: UploadListQuery): Promise<UploadRecord[]>;
  /**
   * Turns an upload into an object in one transaction: the upload and its parts are gone
   * and `object` is current. Every segment of `object` must be the blob of a current part
   * of the upload. When one was replaced meanwhile, nothing changes and the result is
   * `parts-changed`. Returns the replaced object version and the parts that were not used,
   * so their data can go, or `undefined` when the upload no longer exists.
   */
  completeUpload(
    uploadId: string,
    object: ObjectRecord,
    precondition?: WritePrecondition,
  ): Promise<CompleteResult | undefined>;
  /** Removes an upload and returns its parts, or `undefined` when it does not exist. */
  abortUpload(uploadId: string): Promise<PartRecord[] | undefined>;

  /** A bucket sub-resource document (policy, ACL, ownership controls, ...), if set. */
  getBucketSetting(bucket: string, name: BucketSettingName): Promise<string | undefined>;
  /**
   * A bucket and every sub-resource document set on it, read together so that an access
   * decision costs one query; `undefined` when the bucket does not exist.
   */
  getBucketWithSettings(name: string): Promise<BucketWithSettings | undefined>;
  /**
   * A counter that changes in the same transaction as every change to a bucket row or a
   * bucket setting, made by any process or node. Database triggers bump it, so no write
   * path can miss it. A copy of `getBucketWithSettings` read after this returned a value
   * stays current while the counter still has that value.
   */
  bucketSettingsVersion(): Promise<string>;
  /**
   * An object's record and `bucketSettingsVersion`, read in one query, so that a GET,
   * which needs both, pays for one round trip to the database.
   */
  getObjectAndSettingsVersion(bucket: string, key: string): Promise<ObjectAndSettingsVersion>;
  /** Sets or, with `undefined`, removes a bucket sub-resource document. */
  putBucketSetting(bucket: string, name: BucketSettingName, value: string | undefined): Promise<void>;

  /** Every blob id any record refers to, for removing data left by a crash. */
  referencedBlobIds(): Promise<Set<string>>;
  close(): Promise<void>;
}

/** Bucket sub-resources kept as documents: JSON text for policies, ACLs and configurations. */
export type BucketSettingName = 'policy' | 'acl' | 'ownership' | 'public-access-block' | 'cors';

/** A bucket record with the sub-resource documents set on it, by name. */
export interface BucketWithSettings {
  bucket: BucketRecord;
  settings: Map<BucketSettingName, string>;
}

export interface BucketRecord {
  name: string;
  region: string;
  ownerId: string;
  createdAt: Date;
}

/**
 * A stretch of object data: one blob in the blob store, or for a small object its bytes
 * themselves in `inline` with an empty `blobId`. Inline data commits with the record, so a
 * small write costs no blob file and no fsync beyond the metadata commit.
 */
export interface Segment {
  blobId: string;
  size: number;
  inline?: Buffer;
}

/** Returns the ids of the blobs that hold the data of `segments`, since inline data has none. */
export function segmentBlobIds(segments: Segment[]): string[] {
  const ids: string[] = [];
  for (const segment of segments) if (segment.inline === undefined && segment.blobId !== '') ids.push(segment.blobId);
  return ids;
}

/** A checksum of an object or part, base64 as S3 returns it in `x-amz-checksum-*`. */
export interface ChecksumValue {
  algorithm: ChecksumAlgorithm;
  value: string;
  /** FULL_OBJECT for a checksum of the bytes, COMPOSITE for a checksum of part checksums. */
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

export interface ObjectRecord {
  bucket: string;
  key: string;
  size: number;
  /** Quoted ETag, exactly as sent in the `ETag` header. */
  etag: string;
  lastModified: Date;
  ownerId: string;
  /** System metadata stored with the object: content-type, cache-control, expires, ... */
  headers: Record<string, string>;
  /** User metadata, `x-amz-meta-` names lower-cased without the prefix. */
  userMetadata: Record<string, string>;
  checksum: ChecksumValue | undefined;
  /** Part sizes of a multipart object, for `partNumber` reads and checksums; else empty. */
  partSizes: number[];
  segments: Segment[];
  /** The object's ACL; absent means private to `ownerId`. */
  acl?: AccessControlList;
}

export interface WritePrecondition {
  /** Commit only when the current ETag equals this quoted ETag. */
  ifMatch?: string;
  /** Commit only when the key has no current version (`If-None-Match: *`). */
  ifNoneMatch?: boolean;
}

export type PutResult =
  | { status: 'committed'; replaced: ObjectRecord | undefined }
  | { status: 'precondition-failed' | 'no-such-key' | 'no-such-bucket' };

export type CompleteResult =
  | (Extract<PutResult, { status: 'committed' }> & { unusedParts: PartRecord[] })
  | Exclude<PutResult, { status: 'committed' }>
  | { status: 'parts-changed' };

export type PutPartResult = { status: 'stored'; replaced: PartRecord | undefined } | { status: 'no-such-upload' };

export interface ObjectListQuery {
  prefix: string;
  /** Lower bound on keys; exclusive unless `inclusive` is set. */
  from: string;
  inclusive: boolean;
  limit: number;
}

export interface UploadRecord {
  uploadId: string;
  bucket: string;
  key: string;
  initiatedAt: Date;
  ownerId: string;
  headers: Record<string, string>;
  userMetadata: Record<string, string>;
  checksumAlgorithm: ChecksumAlgorithm | undefined;
  checksumType: 'FULL_OBJECT' | 'COMPOSITE' | undefined;
  /** The ACL the completed object gets; absent means private to `ownerId`. */
  acl?: AccessControlList;
}

export interface UploadListQuery {
  prefix: string;
  /**
   * Lower bound on keys. Uploads of this key itself are included only when `inclusive` is
   * set, and then only those whose upload id sorts after `uploadIdMarker` ('' for all).
   */
  keyMarker: string;
  inclusive: boolean;
  uploadIdMarker: string;
  limit: number;
}

export interface PartRecord {
  uploadId: string;
  partNumber: number;
  size: number;
  etag: string;
  lastModified: Date;
  checksum: ChecksumValue | undefined;
  blobId: string;
}

/** The result of `getObjectAndSettingsVersion`. */
export interface ObjectAndSettingsVersion {
  object: ObjectRecord | undefined;
  settingsVersion: string;
}
