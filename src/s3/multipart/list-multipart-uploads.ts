import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { prefixUpperBound } from '../../metadata/key-range.js';
import type { MetadataStore, UploadRecord } from '../../metadata/metadata-store.js';
import type { XmlElement } from '../../xml/xml.js';
import { ownerElement, xmlDate } from '../common/owner.js';
import { requireBucket } from '../common/require.js';
import { commonPrefixOf } from '../list/list-page.js';
import { readEncodingType } from '../list/list-parameters.js';
import { readMaxEntries } from './list-arguments.js';
import { maxListEntries } from './multipart-limits.js';

/**
 * ListMultipartUploads: the uploads in progress in a bucket, ordered by key and, for one
 * key, by upload id, which follows creation time. Keys holding `delimiter` after `prefix`
 * roll up into CommonPrefixes; uploads and prefixes together count towards `max-uploads`.
 */
export async function listMultipartUploads(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const query = ctx.query;
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const keyMarker = query.get('key-marker') ?? '';
  // S3 ignores upload-id-marker without key-marker.
  const uploadIdMarker = keyMarker === '' ? '' : (query.get('upload-id-marker') ?? '');
  const { requested, pageSize } = readMaxEntries('max-uploads', query.get('max-uploads'));
  const { encodingType, encode } = readEncodingType(query.get('encoding-type'));

  const page = await readUploadPage(ctx.metadata, bucket.name, { prefix, delimiter, keyMarker, uploadIdMarker, pageSize });
  const lastUpload = page.last?.uploadId === undefined ? undefined : page.last;
  sendXml(ctx, 'ListMultipartUploadsResult', {
    Bucket: bucket.name,
    KeyMarker: encode(keyMarker),
    UploadIdMarker: uploadIdMarker,
    NextKeyMarker: page.last === undefined ? undefined : encode(page.last.key),
    NextUploadIdMarker: lastUpload?.uploadId,
    Delimiter: delimiter === '' ? undefined : encode(delimiter),
    Prefix: encode(prefix),
    MaxUploads: requested,
    IsTruncated: page.truncated,
    Upload: page.uploads.map((upload) => uploadElement(ctx, upload, encode)),
    CommonPrefixes: page.commonPrefixes.map((commonPrefix) => ({ Prefix: encode(commonPrefix) })),
    EncodingType: encodingType,
  });
}

function uploadElement(ctx: RequestContext, upload: UploadRecord, encode: (text: string) => string): XmlElement {
  const owner = ownerElement(ctx, upload.ownerId);
  return {
    Key: encode(upload.key),
    UploadId: upload.uploadId,
    Initiator: owner,
    Owner: owner,
    StorageClass: 'STANDARD',
    Initiated: xmlDate(upload.initiatedAt),
    ChecksumAlgorithm: upload.checksumAlgorithm,
    ChecksumType: upload.checksumType,
  };
}

interface UploadPageQuery {
  prefix: string;
  delimiter: string;
  keyMarker: string;
  uploadIdMarker: string;
  pageSize: number;
}

interface UploadPage {
  uploads: UploadRecord[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last entry of the page: an upload (key and id) or a common prefix (key only). */
  last: { key: string; uploadId?: string } | undefined;
}

/** The resume point of a scan, in the terms of `MetadataStore.listUploads`. */
interface Cursor {
  keyMarker: string;
  inclusive: boolean;
  uploadIdMarker: string;
}

/**
 * Reads one page. After a common prefix the scan jumps past every key under it, so a few
 * prefixes over many uploads cost a few queries. A key marker that is itself a common
 * prefix resumes past that prefix, so the prefix is not listed twice.
 */
async function readUploadPage(metadata: MetadataStore, bucket: string, query: UploadPageQuery): Promise<UploadPage> {
  const page: UploadPage = { uploads: [], commonPrefixes: [], truncated: false, last: undefined };
  if (query.pageSize === 0) return page;
  let cursor = startCursor(query);
  let entries = 0;

  while (cursor !== undefined) {
    const limit = Math.min(maxListEntries, query.pageSize - entries + 1);
    const rows = await metadata.listUploads(bucket, { prefix: query.prefix, ...cursor, limit });
    const lastRow = rows[rows.length - 1];
    let next: Cursor | undefined =
      rows.length < limit || lastRow === undefined
        ? undefined
        : { keyMarker: lastRow.key, inclusive: true, uploadIdMarker: lastRow.uploadId };
    let skipUnder: string | undefined;

    for (const row of rows) {
      if (skipUnder !== undefined && row.key.startsWith(skipUnder)) continue;
      if (entries === query.pageSize) {
        page.truncated = true;
        return page;
      }
      entries += 1;
      const commonPrefix = commonPrefixOf(row.key, query.prefix, query.delimiter);
      if (commonPrefix === undefined) {
        page.uploads.push(row);
        page.last = { key: row.key, uploadId: row.uploadId };
        continue;
      }
      page.commonPrefixes.push(commonPrefix);
      page.last = { key: commonPrefix };
      skipUnder = commonPrefix;
    }
    if (next !== undefined && skipUnder !== undefined && next.keyMarker.startsWith(skipUnder)) {
      next = cursorAfterPrefix(skipUnder);
    }
    cursor = next;
  }
  return page;
}

function startCursor(query: UploadPageQuery): Cursor | undefined {
  const { keyMarker, uploadIdMarker } = query;
  if (keyMarker === '') return { keyMarker: '', inclusive: true, uploadIdMarker: '' };
  if (query.delimiter !== '' && commonPrefixOf(keyMarker, query.prefix, query.delimiter) === keyMarker) {
    return cursorAfterPrefix(keyMarker);
  }
  if (uploadIdMarker !== '') return { keyMarker, inclusive: true, uploadIdMarker };
  return { keyMarker, inclusive: false, uploadIdMarker: '' };
}

/** Returns the cursor just past every key under `prefix`, or undefined when no key can follow. */
function cursorAfterPrefix(prefix: string): Cursor | undefined {
  const bound = prefixUpperBound(prefix);
  return bound === undefined ? undefined : { keyMarker: bound, inclusive: true, uploadIdMarker: '' };
}
