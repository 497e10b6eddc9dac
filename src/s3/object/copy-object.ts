import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

import { createChecksum, parseChecksumAlgorithm } from '../../checksum/checksum-algorithms.js';
import { S3Error, isS3Error } from '../../errors/s3-error.js';
import { checkKey } from '../../http/addressing.js';
import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import { KeepAliveResponse, keepAliveThresholdBytes } from '../common/keep-alive-response.js';
import type { ChecksumAlgorithm, ChecksumValue, ObjectRecord } from '../../metadata/metadata-store.js';
import { inlineMaxBytes } from '../common/inline-or-blob-sink.js';
import { BlobNotFoundError, type BlobWriter } from '../../storage/blob-store.js';
import type { XmlElement } from '../../xml/xml.js';
import { readCopySource, type CopySource } from '../common/copy-source.js';
import { xmlDate } from '../common/owner.js';
import { requireBucket } from '../common/require.js';
import { commitObject } from './commit-object.js';
import { newObjectAccess } from './new-object-access.js';
import { readObjectMetadata } from './object-headers.js';
import { checkPreconditions, readPreconditions } from './preconditions.js';
import { checkWritePrecondition, maxSinglePutBytes, readWritePrecondition } from './put-object.js';
import { openSegments } from './segment-reader.js';

/** How often a copy retries when an overwrite removes the source data between lookup and open. */
const maxOpenAttempts = 5;

type MetadataDirective = 'COPY' | 'REPLACE';

/**
 * Request headers other than a metadata REPLACE that S3 counts as changing an object, so
 * that copying the object onto itself with one of them is allowed.
 */
const selfCopyChangeHeaders = ['x-amz-storage-class', 'x-amz-website-redirect-location', 'x-amz-server-side-encryption'];

/**
 * CopyObject (PUT with `x-amz-copy-source`): writes the source's bytes to a new blob,
 * computing a new MD5 ETag and checksum, and commits it like a PUT, so a failed copy
 * leaves the destination as it was.
 */
export async function copyObject(ctx: RequestContext): Promise<void> {
  const destination = await requireBucket(ctx);
  const key = ctx.key!;
  const headers = ctx.req.headers;
  const source = readCopySource(ctx);
  checkKey(source.key);
  const directive = readMetadataDirective(headers);
  const replacement = directive === 'REPLACE' ? readObjectMetadata(headers) : undefined;
  const requestedAlgorithm = readChecksumAlgorithm(headers);
  const sourceConditions = readPreconditions(headers, 'x-amz-copy-source-');
  const precondition = readWritePrecondition(headers);

  if (source.bucket !== destination.name && (await ctx.metadata.getBucket(source.bucket)) === undefined) {
    throw new S3Error('NoSuchBucket', undefined, { BucketName: source.bucket });
  }
  await checkWritePrecondition(ctx, destination.name, key, precondition);
  // The copy gets the ACL this request sets, else none: never the source's.
  const access = await newObjectAccess(ctx, destination.name);

  const { object: sourceObject, data } = await openSource(ctx, source, (object) => {
    checkPreconditions(object, sourceConditions, true);
    if (source.bucket === destination.name && source.key === key && directive === 'COPY' && !changesObject(headers)) {
      throw new S3Error(
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    if (object.size > maxSinglePutBytes) {
      throw new S3Error(
        'InvalidRequest',
        `The specified copy source is larger than the maximum allowable size for a copy source: ${maxSinglePutBytes}`,
      );
    }
  });

  const algorithm = requestedAlgorithm ?? sourceObject.checksum?.algorithm;
  const keepAlive = sourceObject.size >= keepAliveThresholdBytes ? KeepAliveResponse.start(ctx) : undefined;
  try {
    const result = await copyAndCommit(ctx, {
      data,
      algorithm,
      sourceObject,
      destination: destination.name,
      key,
      access,
      metadata: replacement ?? copiedMetadata(sourceObject, headers),
      precondition,
    });
    if (keepAlive === undefined) sendXml(ctx, 'CopyObjectResult', result);
    else keepAlive.finish('CopyObjectResult', result);
  } catch (error) {
    if (keepAlive === undefined) throw error;
    if (!isS3Error(error)) ctx.log.error({ requestId: ctx.requestId, err: error }, 'copy failed with an internal error');
    keepAlive.fail(isS3Error(error) ? error : new S3Error('InternalError'));
  }
}

interface CopyPlan {
  data: Awaited<ReturnType<typeof openSource>>['data'];
  algorithm: ChecksumAlgorithm | undefined;
  sourceObject: ObjectRecord;
  destination: string;
  key: string;
  access: Awaited<ReturnType<typeof newObjectAccess>>;
  metadata: ReturnType<typeof copiedMetadata>;
  precondition: Parameters<typeof commitObject>[3];
}

/** Writes the copy, commits it and returns the CopyObjectResult content. */
async function copyAndCommit(ctx: RequestContext, plan: CopyPlan): Promise<XmlElement> {
  const { data, algorithm, sourceObject, destination, key, access, metadata, precondition } = plan;
  const copied = await copyData(ctx, data, algorithm, sourceObject.size);
  const object: ObjectRecord = {
    bucket: destination,
    key,
    size: copied.size,
    etag: `"${copied.md5Hex}"`,
    lastModified: new Date(),
    ownerId: access.ownerId,
    headers: metadata.headers,
    userMetadata: metadata.userMetadata,
    checksum: copied.checksum,
    partSizes: [],
    segments:
      copied.writer === undefined
        ? [{ blobId: '', size: copied.size, inline: copied.inline! }]
        : [{ blobId: copied.writer.blobId, size: copied.size }],
    acl: access.acl,
  };
  await commitObject(ctx, copied.writer, object, precondition);

  const result: XmlElement = { ETag: object.etag, LastModified: xmlDate(object.lastModified) };
  if (object.checksum !== undefined) {
    result.ChecksumType = object.checksum.type;
    result[`Checksum${object.checksum.algorithm}`] = object.checksum.value;
  }
  return result;
}

function readMetadataDirective(headers: IncomingHttpHeaders): MetadataDirective {
  const value = headerValue(headers, 'x-amz-metadata-directive');
  if (value === undefined || value === 'COPY') return 'COPY';
  if (value === 'REPLACE') return 'REPLACE';
  throw new S3Error('InvalidArgument', 'Unknown metadata directive.', {
    ArgumentName: 'x-amz-metadata-directive',
    ArgumentValue: value,
  });
}

function readChecksumAlgorithm(headers: IncomingHttpHeaders): ChecksumAlgorithm | undefined {
  const value = headerValue(headers, 'x-amz-checksum-algorithm');
  return value === undefined ? undefined : parseChecksumAlgorithm(value);
}

function changesObject(headers: IncomingHttpHeaders): boolean {
  return selfCopyChangeHeaders.some((name) => headers[name] !== undefined);
}

/**
 * Returns the destination's metadata under the COPY directive: the source's content
 * headers and user metadata. The website redirect location is never copied, as in S3,
 * so it comes only from this request.
 */
function copiedMetadata(
  source: ObjectRecord,
  headers: IncomingHttpHeaders,
): { headers: Record<string, string>; userMetadata: Record<string, string> } {
  const copied = { ...source.headers };
  delete copied['x-amz-website-redirect-location'];
  const redirect = headerValue(headers, 'x-amz-website-redirect-location');
  if (redirect !== undefined) copied['x-amz-website-redirect-location'] = redirect;
  return { headers: copied, userMetadata: { ...source.userMetadata } };
}

/**
 * Looks up the source object, runs `check` on it, and opens all of its data. When an
 * overwrite removes the data between the lookup and the open, it looks the key up again.
 */
async function openSource(
  ctx: RequestContext,
  source: CopySource,
  check: (object: ObjectRecord) => void,
): Promise<{ object: ObjectRecord; data: Readable }> {
  for (let attempt = 1; ; attempt += 1) {
    const object = await ctx.metadata.getObject(source.bucket, source.key);
    if (object === undefined) throw new S3Error('NoSuchKey', undefined, { Key: source.key });
    check(object);
    try {
      const data = await openSegments(ctx.blobs, object.segments, { start: 0, end: object.size - 1 });
      return { object, data };
    } catch (error) {
      if (error instanceof BlobNotFoundError && attempt < maxOpenAttempts) continue;
      throw error;
    }
  }
}

interface CopiedData {
  /** Undefined when the copy is small enough to keep inline, in `inline`. */
  writer: BlobWriter | undefined;
  inline: Buffer | undefined;
  size: number;
  md5Hex: string;
  checksum: ChecksumValue | undefined;
}

/**
 * Streams `data` into a new, uncommitted blob, or into memory when `expectedSize` is at
 * most `inlineMaxBytes`, and checks that it held `expectedSize` bytes. On failure the
 * blob is discarded.
 */
async function copyData(
  ctx: RequestContext,
  data: Readable,
  algorithm: ChecksumAlgorithm | undefined,
  expectedSize: number,
): Promise<CopiedData> {
  let writer: BlobWriter | undefined;
  const chunks: Buffer[] | undefined = expectedSize <= inlineMaxBytes ? [] : undefined;
  try {
    if (chunks === undefined) writer = await ctx.blobs.create();
    const md5 = createHash('md5');
    const checksum = algorithm === undefined ? undefined : createChecksum(algorithm);
    let size = 0;
    for await (const chunk of data) {
      const bytes = chunk as Buffer;
      size += bytes.length;
      md5.update(bytes);
      checksum?.update(bytes);
      if (chunks !== undefined) chunks.push(bytes);
      else await writer!.write(bytes);
    }
    if (size !== expectedSize) {
      throw new Error(`copy source data is ${size} bytes, but its metadata record gives ${expectedSize}`);
    }
    const checksumValue: ChecksumValue | undefined =
      algorithm === undefined || checksum === undefined
        ? undefined
        : { algorithm, value: (await checksum.digest()).toString('base64'), type: 'FULL_OBJECT' };
    const inline = chunks === undefined ? undefined : Buffer.concat(chunks);
    return { writer, inline, size, md5Hex: md5.digest('hex'), checksum: checksumValue };
  } catch (error) {
    data.destroy();
    await writer?.discard();
    throw error;
  }
}
