import { createHash } from 'node:crypto';

import { createChecksum, type Checksum } from '../../checksum/checksum-algorithms.js';
import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import type { ChecksumValue, Segment } from '../../metadata/metadata-store.js';
import type { BlobWriter } from '../../storage/blob-store.js';
import { WriteBehind } from '../../storage/write-behind.js';
import { checkChecksumValue, type ChecksumRequest } from './checksum-request.js';
import { InlineOrBlobSink, inlineMaxBytes } from './inline-or-blob-sink.js';

/** A request body written to a blob that is not yet committed. */
export interface WrittenPayload {
  writer: BlobWriter;
  size: number;
  md5Hex: string;
  checksum: ChecksumValue | undefined;
}

/** A request body held in memory because it is small enough to keep in the object's record. */
export interface InlinePayload {
  writer: undefined;
  inline: Buffer;
  size: number;
  md5Hex: string;
  checksum: ChecksumValue | undefined;
}

/**
 * Reads a body whose declared length is at most `inlineMaxBytes` into memory, and streams
 * any other into a new blob as `writePayload` does. Checks are the same either way.
 */
export async function writeObjectPayload(
  ctx: RequestContext,
  options: WritePayloadOptions,
): Promise<WrittenPayload | InlinePayload> {
  const declared = ctx.payload.length;
  if (declared === undefined || declared > inlineMaxBytes) return writePayload(ctx, options);
  const sink = new InlineOrBlobSink(ctx.blobs);
  try {
    const digests = await readBody(ctx, options, declared, sink);
    return { ...(await sink.finish()), ...digests };
  } catch (error) {
    await sink.discard();
    throw error;
  }
}

/** Returns the segments of an object whose whole body is `payload`: its blob, or its bytes inline. */
export function payloadSegments(payload: WrittenPayload | InlinePayload): Segment[] {
  if (payload.writer === undefined) return [{ blobId: '', size: payload.size, inline: payload.inline }];
  return [{ blobId: payload.writer.blobId, size: payload.size }];
}

interface BodySink {
  add(data: Buffer): Promise<void> | void;
  flush?(): Promise<void>;
}

export interface WritePayloadOptions {
  /** Largest body accepted, in bytes. */
  maxSize: number;
  /** Base64 `Content-MD5`, verified against the body. */
  contentMd5: string | undefined;
  checksum: ChecksumRequest | undefined;
}

/**
 * Streams the request body into a new blob while computing its MD5 and any requested
 * checksum, then verifies Content-MD5, the checksum and the length. Chunks are hashed
 * while the batch before them is written. The caller commits the blob; on any failure the
 * blob is discarded here and nothing becomes visible.
 */
export async function writePayload(ctx: RequestContext, options: WritePayloadOptions): Promise<WrittenPayload> {
  const declared = ctx.payload.length;
  if (declared !== undefined && declared > options.maxSize) {
    throw new S3Error('EntityTooLarge', undefined, { ProposedSize: declared, MaxSizeAllowed: options.maxSize });
  }

  const writer = await ctx.blobs.create();
  const writes = new WriteBehind(writer);
  try {
    const digests = await readBody(ctx, options, options.maxSize, {
      add: (data) => writes.add(data),
      flush: () => writes.flush(),
    });
    return { writer, ...digests };
  } catch (error) {
    await writes.settle();
    await writer.discard();
    throw error;
  }
}

/**
 * Hands the body to `sink` chunk by chunk while hashing it, then checks its length against
 * the declared one and its digests against Content-MD5 and the checksum. More than
 * `limit` bytes fails at once.
 */
async function readBody(
  ctx: RequestContext,
  options: WritePayloadOptions,
  limit: number,
  sink: BodySink,
): Promise<{ size: number; md5Hex: string; checksum: ChecksumValue | undefined }> {
  const expectedMd5 = parseContentMd5(options.contentMd5);
  const declared = ctx.payload.length;
  const md5 = createHash('md5');
  const checksum: Checksum | undefined = options.checksum === undefined ? undefined : createChecksum(options.checksum.algorithm);
  let size = 0;
  for await (const chunk of ctx.payload.stream) {
    const data = chunk as Buffer;
    size += data.length;
    if (size > options.maxSize) {
      throw new S3Error('EntityTooLarge', undefined, { MaxSizeAllowed: options.maxSize });
    }
    if (size > limit) {
      throw new S3Error('IncompleteBody', `The body is longer than the ${declared} bytes declared.`);
    }
    md5.update(data);
    checksum?.update(data);
    await sink.add(data);
  }
  await sink.flush?.();
  if (declared !== undefined && size !== declared) {
    throw new S3Error('IncompleteBody', `The body was ${size} bytes but ${declared} were declared.`);
  }

  const md5Digest = md5.digest();
  if (expectedMd5 !== undefined && !md5Digest.equals(expectedMd5)) {
    throw new S3Error('BadDigest', undefined, {
      ExpectedDigest: expectedMd5.toString('base64'),
      CalculatedDigest: md5Digest.toString('base64'),
    });
  }
  const checksumValue = await finishChecksum(ctx, options.checksum, checksum);
  return { size, md5Hex: md5Digest.toString('hex'), checksum: checksumValue };
}

async function finishChecksum(
  ctx: RequestContext,
  request: ChecksumRequest | undefined,
  checksum: Checksum | undefined,
): Promise<ChecksumValue | undefined> {
  if (request === undefined || checksum === undefined) return undefined;
  const computed = (await checksum.digest()).toString('base64');
  let expected = request.expected;
  if (request.trailer !== undefined) {
    expected = ctx.payload.trailers.get(request.trailer);
    if (expected === undefined) {
      throw new S3Error('InvalidRequest', `The trailer ${request.trailer} announced in x-amz-trailer was not sent.`);
    }
    checkChecksumValue(request.algorithm, expected);
  }
  if (expected !== undefined && expected !== computed) {
    throw new S3Error('BadDigest', `The ${request.algorithm} you specified did not match the calculated checksum.`);
  }
  return { algorithm: request.algorithm, value: computed, type: 'FULL_OBJECT' };
}

/** Decodes a base64 `Content-MD5` value. Anything but 16 bytes in canonical base64 raises InvalidDigest. */
export function parseContentMd5(value: string | undefined): Buffer | undefined {
  if (value === undefined) return undefined;
  const decoded = Buffer.from(value, 'base64');
  if (decoded.length !== 16 || decoded.toString('base64') !== value.trim()) {
    throw new S3Error('InvalidDigest');
  }
  return decoded;
}
