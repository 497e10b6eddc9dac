import type { IncomingHttpHeaders } from 'node:http';

import { parseChecksumAlgorithm } from '../../checksum/checksum-algorithms.js';
import { isCombinable } from '../../checksum/crc-combine.js';
import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from '../../http/header-value.js';
import type { ChecksumAlgorithm } from '../../metadata/metadata-store.js';

export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

/** The checksum a multipart upload keeps for its object, chosen at CreateMultipartUpload. */
export interface UploadChecksum {
  algorithm: ChecksumAlgorithm | undefined;
  type: ChecksumType | undefined;
}

/**
 * Reads `x-amz-checksum-algorithm` and `x-amz-checksum-type`. A COMPOSITE checksum (the
 * default) is a checksum of the part checksums and works with every algorithm but
 * CRC64NVME; a FULL_OBJECT checksum covers the bytes of the whole object and exists only
 * for the CRCs, which can be combined from the parts. CRC64NVME is FULL_OBJECT only.
 */
export function readUploadChecksum(headers: IncomingHttpHeaders): UploadChecksum {
  const algorithmText = headerValue(headers, 'x-amz-checksum-algorithm');
  const typeText = headerValue(headers, 'x-amz-checksum-type');
  const type = typeText === undefined ? undefined : parseChecksumType(typeText);
  if (algorithmText === undefined) {
    if (type !== undefined) {
      throw new S3Error(
        'InvalidRequest',
        'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.',
      );
    }
    return { algorithm: undefined, type: undefined };
  }
  const algorithm = parseChecksumAlgorithm(algorithmText);
  const chosen = type ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (chosen === 'FULL_OBJECT' && !isCombinable(algorithm)) {
    throw new S3Error(
      'InvalidRequest',
      `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
    );
  }
  if (chosen === 'COMPOSITE' && algorithm === 'CRC64NVME') {
    throw new S3Error('InvalidRequest', 'The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  }
  return { algorithm, type: chosen };
}

export function parseChecksumType(text: string): ChecksumType {
  const upper = text.trim().toUpperCase();
  if (upper === 'FULL_OBJECT' || upper === 'COMPOSITE') return upper;
  throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-type header is invalid: use FULL_OBJECT or COMPOSITE.');
}
