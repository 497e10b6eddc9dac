import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

import { createChecksum } from '../../checksum/checksum-algorithms.js';
import type { RequestContext } from '../../http/request-context.js';
import type { ChecksumAlgorithm, ChecksumValue } from '../../metadata/metadata-store.js';
import type { WrittenPayload } from '../common/write-payload.js';

/**
 * Copies a stream of stored data into a new, uncommitted blob, computing its MD5 and, when
 * `algorithm` is set, its checksum. On failure the blob is discarded and the source closed.
 */
export async function writeStream(
  ctx: RequestContext,
  source: Readable,
  algorithm: ChecksumAlgorithm | undefined,
): Promise<WrittenPayload> {
  const writer = await ctx.blobs.create();
  try {
    const md5 = createHash('md5');
    const checksum = algorithm === undefined ? undefined : createChecksum(algorithm);
    let size = 0;
    for await (const chunk of source) {
      const data = chunk as Buffer;
      size += data.length;
      md5.update(data);
      checksum?.update(data);
      await writer.write(data);
    }
    const value: ChecksumValue | undefined =
      algorithm === undefined || checksum === undefined
        ? undefined
        : { algorithm, value: (await checksum.digest()).toString('base64'), type: 'FULL_OBJECT' };
    return { writer, size, md5Hex: md5.digest('hex'), checksum: value };
  } catch (error) {
    source.destroy();
    await writer.discard();
    throw error;
  }
}
