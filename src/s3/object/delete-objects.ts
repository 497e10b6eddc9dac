import { isAllowed } from '../../access/authorize.js';
import type { BucketAccess } from '../../access/bucket-access.js';
import { S3Error, isS3Error } from '../../errors/s3-error.js';
import { checkKey } from '../../http/addressing.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { requiredPermissions } from '../../policy/index.js';
import { asArray, parseXml, type XmlElement } from '../../xml/xml.js';
import { segmentBlobIds } from '../../metadata/metadata-store.js';
import { readSmallBody } from '../common/body.js';
import { requireBodyIntegrity, verifyBodyIntegrity } from '../common/body-integrity.js';
import { requireBucketAccess } from '../common/require-access.js';
import { removeBlobsQuietly } from './commit-object.js';

/** Largest Delete document accepted: 1000 keys of 1024 bytes with markup fit well within it. */
const maxDeleteBodyBytes = 2 * 1024 * 1024;

/** Most keys one request may name, as in S3. */
const maxDeleteKeys = 1000;

/** One `<Object>` of the request. */
interface ObjectIdentifier {
  key: string;
  versionId: string | undefined;
  /** True when the entry carries ETag, LastModifiedTime or Size, which make the delete conditional. */
  conditional: boolean;
}

/**
 * DeleteObjects (POST `?delete`): removes up to 1000 keys and reports each one. A key that
 * does not exist is reported as deleted, as S3 does. In quiet mode only errors are reported.
 * Each key needs `s3:DeleteObject` on its own: a key the caller may not delete is reported
 * as an AccessDenied error and the others are still deleted.
 */
export async function deleteObjects(ctx: RequestContext): Promise<void> {
  const access = await requireBucketAccess(ctx);
  const bucket = access.bucket;
  const integrity = requireBodyIntegrity(ctx.req.headers);
  const body = await readSmallBody(ctx, maxDeleteBodyBytes);
  await verifyBodyIntegrity(ctx, Buffer.from(body, 'utf8'), integrity);
  const { objects, quiet } = parseDeleteRequest(body);

  const deleted: XmlElement[] = [];
  const errors: XmlElement[] = [];
  const removedBlobIds: string[] = [];
  for (const identifier of objects) {
    try {
      if (!(await mayDelete(ctx, access, identifier))) throw new S3Error('AccessDenied');
      checkIdentifier(identifier);
      const removed = await ctx.metadata.deleteObject(bucket.name, identifier.key);
      if (removed !== undefined) removedBlobIds.push(...segmentBlobIds(removed.segments));
      deleted.push({ Key: identifier.key, VersionId: identifier.versionId });
    } catch (error) {
      errors.push(errorElement(ctx, identifier, error));
    }
  }
  if (removedBlobIds.length > 0) await removeBlobsQuietly(ctx, removedBlobIds);

  sendXml(ctx, 'DeleteResult', { Deleted: quiet ? [] : deleted, Error: errors });
}

/**
 * Parses the `<Delete>` document. A document with no `<Object>`, more than 1000, an entry
 * without a `<Key>` or an element holding markup where text belongs is MalformedXML, as in S3.
 */
function parseDeleteRequest(body: string): { objects: ObjectIdentifier[]; quiet: boolean } {
  const root = parseXml(body).Delete;
  if (!isElement(root)) throw new S3Error('MalformedXML');
  const entries = asArray(root.Object as unknown);
  if (entries.length === 0 || entries.length > maxDeleteKeys) throw new S3Error('MalformedXML');

  const objects = entries.map((entry): ObjectIdentifier => {
    if (!isElement(entry)) throw new S3Error('MalformedXML');
    const key = textOf(entry.Key);
    const versionId = entry.VersionId === undefined ? undefined : textOf(entry.VersionId);
    if (typeof key !== 'string' || versionId === null) throw new S3Error('MalformedXML');
    const conditional = ['ETag', 'LastModifiedTime', 'Size'].some((name) => entry[name] !== undefined);
    return { key, versionId, conditional };
  });

  let quiet = false;
  if (root.Quiet !== undefined) {
    const value = textOf(root.Quiet)?.trim().toLowerCase();
    if (value !== 'true' && value !== 'false' && value !== '1' && value !== '0') throw new S3Error('MalformedXML');
    quiet = value === 'true' || value === '1';
  }
  return { objects, quiet };
}

/** Whether the caller may delete one key: `s3:DeleteObject`, or `s3:DeleteObjectVersion` for a version. */
async function mayDelete(ctx: RequestContext, access: BucketAccess, identifier: ObjectIdentifier): Promise<boolean> {
  const versioned = identifier.versionId !== undefined && identifier.versionId !== 'null';
  const target = { bucket: access.bucket.name, key: identifier.key, ...(versioned ? { versionId: identifier.versionId } : {}) };
  for (const permission of requiredPermissions('DeleteObject', target)) {
    if (!(await isAllowed(ctx, 'DeleteObject', permission, access, undefined))) return false;
  }
  return true;
}

/** Raises the per-key error S3 reports for an entry that cannot be deleted here. */
function checkIdentifier(identifier: ObjectIdentifier): void {
  if (identifier.key === '') {
    throw new S3Error('InvalidArgument', 'An object key must not be empty.');
  }
  checkKey(identifier.key);
  // Only the null version exists in a bucket that never had versioning; S3 reports any
  // other version id in a Delete request as NoSuchVersion.
  if (identifier.versionId !== undefined && identifier.versionId !== 'null') {
    throw new S3Error('NoSuchVersion');
  }
  if (identifier.conditional) {
    // TODO: conditional deletes need the metadata store to check the ETag in the same
    // transaction as the delete. Until it can, rejecting them is safer than deleting
    // unconditionally.
    throw new S3Error('NotImplemented', 'Conditional deletes (ETag, LastModifiedTime or Size in a Delete request) are not implemented by this server.');
  }
}

function errorElement(ctx: RequestContext, identifier: ObjectIdentifier, error: unknown): XmlElement {
  let s3Error: S3Error;
  if (isS3Error(error)) {
    s3Error = error;
  } else {
    ctx.log.error({ requestId: ctx.requestId, err: error, key: identifier.key }, 'deleting one key of a DeleteObjects request failed');
    s3Error = new S3Error('InternalError');
  }
  return { Key: identifier.key, VersionId: identifier.versionId, Code: s3Error.code, Message: s3Error.message };
}

function isElement(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns the text of a simple element: undefined when absent, null when it repeats or
 * contains child elements. An empty element is the empty string.
 */
function textOf(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}
