import { lookupObject } from '../../access/object-lookup.js';
import { checksumHeaderName } from '../../checksum/checksum-algorithms.js';
import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';
import type { ObjectRecord } from '../../metadata/metadata-store.js';
import { BlobNotFoundError, type BlobRange } from '../../storage/blob-store.js';
import { requireBucket } from '../common/require.js';
import { setObjectHeaders } from './object-headers.js';
import { checkPreconditions, readPreconditions } from './preconditions.js';
import { parseRange, type ByteRange } from './range.js';
import { applyResponseOverrides } from './response-overrides.js';
import { bufferedReadBytes, closeRanges, openSegmentRanges, readSegments } from './segment-reader.js';
import { sendBody } from './send-body.js';

/** How often a read retries when an overwrite removes the data between lookup and open. */
const maxOpenAttempts = 5;

/** GetObject. */
export async function getObject(ctx: RequestContext): Promise<void> {
  await readObject(ctx, true);
}

/** HeadObject: the same headers and errors as GetObject, without a body. */
export async function headObject(ctx: RequestContext): Promise<void> {
  await readObject(ctx, false);
}

async function readObject(ctx: RequestContext, withBody: boolean): Promise<void> {
  await requireBucket(ctx);
  checkVersionId(ctx);
  const conditions = readPreconditions(ctx.req.headers);

  for (let attempt = 1; ; attempt += 1) {
    // A retry follows an overwrite, so it must read the record again.
    const object =
      attempt === 1 ? await lookupObject(ctx, ctx.bucket!, ctx.key!) : await ctx.metadata.getObject(ctx.bucket!, ctx.key!);
    if (object === undefined) throw new S3Error('NoSuchKey', undefined, { Key: ctx.key! });
    checkPreconditions(object, conditions);
    const range = selectRange(ctx, object);

    // Every blob is opened before the headers go out: once open, a concurrent overwrite
    // that removes the files cannot cut this response short or mix two versions.
    let body: Array<BlobRange | Buffer> | Buffer | undefined;
    if (withBody) {
      const bodyRange = range ?? { start: 0, end: object.size - 1 };
      try {
        body =
          bodyRange.end - bodyRange.start < bufferedReadBytes
            ? await readSegments(ctx.blobs, object.segments, bodyRange)
            : await openSegmentRanges(ctx.blobs, object.segments, bodyRange);
      } catch (error) {
        if (error instanceof BlobNotFoundError && attempt < maxOpenAttempts) continue;
        throw error;
      }
    }

    try {
      sendObjectHeaders(ctx, object, range);
    } catch (error) {
      if (Array.isArray(body)) await closeRanges(body);
      throw error;
    }
    if (body === undefined) {
      ctx.res.end();
      return;
    }
    if (Buffer.isBuffer(body)) {
      ctx.bytesSent += body.length;
      ctx.res.end(body);
      return;
    }
    try {
      await sendBody(ctx.res, body, (bytes) => (ctx.bytesSent += bytes));
    } finally {
      await closeRanges(body);
    }
    return;
  }
}

function sendObjectHeaders(ctx: RequestContext, object: ObjectRecord, range: ByteRange | undefined): void {
  const { res } = ctx;
  setObjectHeaders(res, object);
  if (object.partSizes.length > 0 && ctx.query.has('partNumber')) {
    res.setHeader('x-amz-mp-parts-count', object.partSizes.length);
  }
  if (object.checksum !== undefined && range === undefined && checksumModeEnabled(ctx)) {
    res.setHeader(checksumHeaderName(object.checksum.algorithm), object.checksum.value);
    res.setHeader('x-amz-checksum-type', object.checksum.type);
  }
  applyResponseOverrides(ctx);
  if (range === undefined) {
    res.statusCode = 200;
    res.setHeader('Content-Length', object.size);
    return;
  }
  res.statusCode = 206;
  res.setHeader('Content-Length', range.end - range.start + 1);
  res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${object.size}`);
}

/** Picks the byte range from `partNumber` or the Range header; the two together are invalid. */
function selectRange(ctx: RequestContext, object: ObjectRecord): ByteRange | undefined {
  const partNumberText = ctx.query.get('partNumber');
  const rangeHeader = headerValue(ctx.req.headers, 'range');
  if (partNumberText === undefined) return parseRange(rangeHeader, object.size);
  if (rangeHeader !== undefined) {
    throw new S3Error('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter');
  }
  const partNumber = /^\d+$/.test(partNumberText) ? Number(partNumberText) : Number.NaN;
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000) {
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
      ArgumentName: 'partNumber',
      ArgumentValue: partNumberText,
    });
  }
  const sizes = object.partSizes.length === 0 ? [object.size] : object.partSizes;
  if (partNumber > sizes.length) {
    throw new S3Error('InvalidPartNumber', undefined, { PartNumberRequested: partNumber, ActualPartCount: sizes.length });
  }
  const start = sizes.slice(0, partNumber - 1).reduce((sum, size) => sum + size, 0);
  const size = sizes[partNumber - 1]!;
  if (object.partSizes.length === 0) return undefined;
  return { start, end: start + size - 1 };
}

/** Objects here are never versioned, so only the `null` version exists. */
function checkVersionId(ctx: RequestContext): void {
  const versionId = ctx.query.get('versionId');
  if (versionId === undefined || versionId === 'null') return;
  throw new S3Error('NoSuchVersion', undefined, { Key: ctx.key!, VersionId: versionId });
}

function checksumModeEnabled(ctx: RequestContext): boolean {
  return headerValue(ctx.req.headers, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED';
}
