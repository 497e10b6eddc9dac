import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

import { createChecksum } from '../../checksum/checksum-algorithms.js';
import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import type { ChecksumValue } from '../../metadata/metadata-store.js';
import type { ChecksumRequest } from '../common/checksum-request.js';
import { InlineOrBlobSink } from '../common/inline-or-blob-sink.js';
import { parseContentMd5, type InlinePayload, type WrittenPayload } from '../common/write-payload.js';
import type { SizeRange } from './policy-conditions.js';

/** The uploaded file: in a blob that is not yet committed, or in memory when it is small enough to inline. */
export type StoredFile = WrittenPayload | InlinePayload;

export interface StoreFileOptions {
  /** Largest file accepted at all: the size limit of a single upload. */
  maxSize: number;
  /** The policy's `content-length-range`, when it has one. */
  range: SizeRange | undefined;
  /** Base64 MD5 from the `Content-MD5` field. */
  contentMd5: string | undefined;
  /** A checksum asked for with `x-amz-checksum-*` fields. */
  checksum: ChecksumRequest | undefined;
}

/**
 * Streams the file into a new blob while computing its MD5 and any requested checksum, then
 * checks the policy's size range, Content-MD5 and the checksum. A file of up to
 * `inlineMaxBytes` stays in memory instead, to be stored inline as PutObject stores it. A
 * file over the range is still read to its end, unwritten, so the error can give its size
 * as S3 does. A file over `maxSize` stops at once. On any failure the blob is discarded and
 * nothing becomes visible.
 */
export async function storeFile(ctx: RequestContext, stream: Readable, options: StoreFileOptions): Promise<StoredFile> {
  const expectedMd5 = parseContentMd5(options.contentMd5);
  const sink = new InlineOrBlobSink(ctx.blobs);
  try {
    const md5 = createHash('md5');
    const checksum = options.checksum === undefined ? undefined : createChecksum(options.checksum.algorithm);
    const rangeMax = options.range?.max ?? Number.POSITIVE_INFINITY;
    let size = 0;
    for await (const chunk of stream) {
      const data = chunk as Buffer;
      size += data.length;
      if (size > options.maxSize) {
        throw new S3Error('EntityTooLarge', undefined, { MaxSizeAllowed: options.maxSize });
      }
      if (size > rangeMax) continue;
      md5.update(data);
      checksum?.update(data);
      await sink.add(data);
    }
    if (options.range !== undefined && size > options.range.max) {
      throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
        ProposedSize: size,
        MaxSizeAllowed: options.range.max,
      });
    }
    if (options.range !== undefined && size < options.range.min) {
      throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
        ProposedSize: size,
        MinSizeAllowed: options.range.min,
      });
    }
    const md5Digest = md5.digest();
    if (expectedMd5 !== undefined && !md5Digest.equals(expectedMd5)) {
      throw new S3Error('BadDigest', undefined, {
        ExpectedDigest: expectedMd5.toString('base64'),
        CalculatedDigest: md5Digest.toString('base64'),
      });
    }
    let checksumValue: ChecksumValue | undefined;
    if (options.checksum !== undefined && checksum !== undefined) {
      const computed = (await checksum.digest()).toString('base64');
      if (options.checksum.expected !== undefined && options.checksum.expected !== computed) {
        throw new S3Error('BadDigest', `The ${options.checksum.algorithm} you specified did not match the calculated checksum.`);
      }
      checksumValue = { algorithm: options.checksum.algorithm, value: computed, type: 'FULL_OBJECT' };
    }
    return { ...(await sink.finish()), size, md5Hex: md5Digest.toString('hex'), checksum: checksumValue };
  } catch (error) {
    await sink.discard();
    throw error;
  }
}
