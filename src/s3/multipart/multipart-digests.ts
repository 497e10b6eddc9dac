import { createHash } from 'node:crypto';

import { createChecksum } from '../../checksum/checksum-algorithms.js';
import { combineCrcs, type CombinableAlgorithm } from '../../checksum/crc-combine.js';
import type { ChecksumAlgorithm, ChecksumValue, PartRecord } from '../../metadata/metadata-store.js';
import { stripQuotes } from './complete-request.js';

/**
 * Computes the ETag S3 gives a multipart object: the MD5 of the parts' binary MD5s one
 * after another, in hex, then `-` and the number of parts, all quoted.
 */
export function multipartEtag(parts: PartRecord[]): string {
  const md5 = createHash('md5');
  for (const part of parts) md5.update(Buffer.from(stripQuotes(part.etag), 'hex'));
  return `"${md5.digest('hex')}-${parts.length}"`;
}

/**
 * Computes a COMPOSITE checksum: the algorithm applied to the parts' raw checksums one
 * after another, in base64, then `-` and the number of parts. It is not a checksum of the
 * object's bytes, which is why clients do not verify downloads against it.
 */
export async function compositeChecksum(algorithm: ChecksumAlgorithm, parts: PartRecord[]): Promise<ChecksumValue> {
  const checksum = createChecksum(algorithm);
  for (const part of parts) checksum.update(Buffer.from(part.checksum!.value, 'base64'));
  const value = `${(await checksum.digest()).toString('base64')}-${parts.length}`;
  return { algorithm, value, type: 'COMPOSITE' };
}

/** Computes a FULL_OBJECT checksum: the CRC of the whole object, combined from the part CRCs. */
export function fullObjectChecksum(algorithm: CombinableAlgorithm, parts: PartRecord[]): ChecksumValue {
  const crc = combineCrcs(
    algorithm,
    parts.map((part) => ({ crc: Buffer.from(part.checksum!.value, 'base64'), length: part.size })),
  );
  return { algorithm, value: crc.toString('base64'), type: 'FULL_OBJECT' };
}
