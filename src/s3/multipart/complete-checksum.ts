import type { IncomingHttpHeaders } from 'node:http';

import { checksumAlgorithms, checksumHeaderName } from '../../checksum/checksum-algorithms.js';
import { isCombinable } from '../../checksum/crc-combine.js';
import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from '../../http/header-value.js';
import type { ChecksumAlgorithm, ChecksumValue, PartRecord, UploadRecord } from '../../metadata/metadata-store.js';
import { checkChecksumValue } from '../common/checksum-request.js';
import { compositeChecksum, fullObjectChecksum } from './multipart-digests.js';
import { parseChecksumType, type ChecksumType } from './upload-checksum.js';

/** The object checksum a client sends with CompleteMultipartUpload, to be verified. */
export interface ExpectedChecksum {
  algorithm: ChecksumAlgorithm | undefined;
  value: string | undefined;
  type: ChecksumType | undefined;
}

/**
 * Reads `x-amz-checksum-ALG` and `x-amz-checksum-type` of a CompleteMultipartUpload. They
 * must agree with the checksum chosen when the upload was created.
 */
export function readExpectedChecksum(headers: IncomingHttpHeaders, upload: UploadRecord): ExpectedChecksum {
  const valued = checksumAlgorithms.filter((algorithm) => headers[checksumHeaderName(algorithm)] !== undefined);
  if (valued.length > 1) {
    throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  const typeText = headerValue(headers, 'x-amz-checksum-type');
  const type = typeText === undefined ? undefined : parseChecksumType(typeText);
  if (type !== undefined && upload.checksumType !== undefined && type !== upload.checksumType) {
    throw new S3Error(
      'InvalidRequest',
      `The upload was created using the ${upload.checksumType} checksum mode. The complete request must use the same checksum mode.`,
    );
  }
  const algorithm = valued[0];
  if (algorithm === undefined) return { algorithm: undefined, value: undefined, type };
  if (upload.checksumAlgorithm !== undefined && algorithm !== upload.checksumAlgorithm) {
    throw new S3Error(
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${algorithm.toLowerCase()}`,
    );
  }
  const value = headerValue(headers, checksumHeaderName(algorithm))!.trim();
  checkChecksumValue(algorithm, value.replace(/-\d+$/, ''));
  return { algorithm, value, type };
}

/**
 * Computes the object checksum from the chosen parts and checks it against the value the
 * client sent (BadDigest on a mismatch). An upload without a checksum algorithm gets no
 * object checksum, unless the client sends a full-object CRC that every part's stored
 * CRC lets the server verify.
 */
export async function objectChecksum(
  upload: UploadRecord,
  parts: PartRecord[],
  expected: ExpectedChecksum,
): Promise<ChecksumValue | undefined> {
  const algorithm = upload.checksumAlgorithm ?? expected.algorithm;
  if (algorithm === undefined) return undefined;
  let computed: ChecksumValue;
  if (upload.checksumAlgorithm !== undefined && upload.checksumType === 'COMPOSITE') {
    computed = await compositeChecksum(algorithm, parts);
  } else {
    if (!isCombinable(algorithm) || expected.type === 'COMPOSITE') {
      throw new S3Error(
        'InvalidRequest',
        `The upload was created without a checksum algorithm, so only a FULL_OBJECT CRC checksum can be verified when it completes.`,
      );
    }
    if (!parts.every((part) => part.checksum?.algorithm === algorithm)) {
      throw new S3Error(
        'InvalidRequest',
        `The ${checksumHeaderName(algorithm)} header can be verified only when every part was uploaded with a ${algorithm.toLowerCase()} checksum.`,
      );
    }
    computed = fullObjectChecksum(algorithm, parts);
  }
  if (expected.value !== undefined && !sameChecksum(expected.value, computed)) {
    throw new S3Error('BadDigest', `The ${algorithm.toLowerCase()} you specified did not match the calculated checksum.`);
  }
  return computed;
}

/** Compares a sent value with the computed one; a COMPOSITE value matches with or without its `-N` suffix. */
function sameChecksum(sent: string, computed: ChecksumValue): boolean {
  if (sent === computed.value) return true;
  return computed.type === 'COMPOSITE' && sent === computed.value.replace(/-\d+$/, '');
}
