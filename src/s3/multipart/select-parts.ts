import { S3Error } from '../../errors/s3-error.js';
import type { PartRecord, UploadRecord } from '../../metadata/metadata-store.js';
import { stripQuotes, type RequestedPart } from './complete-request.js';
import { minPartBytes } from './multipart-limits.js';

/**
 * Matches the parts a CompleteMultipartUpload lists with the stored parts, in the listed
 * order. Each must exist with the ETag given and, where the client sends one, the same
 * checksum (InvalidPart otherwise). An upload created with a COMPOSITE checksum needs every
 * part's checksum in the list. Every part but the last must be at least 5 MiB (EntityTooSmall).
 */
export function selectParts(upload: UploadRecord, requested: RequestedPart[], stored: PartRecord[]): PartRecord[] {
  const byNumber = new Map(stored.map((part) => [part.partNumber, part]));
  const chosen = requested.map((requestedPart) => {
    const part = byNumber.get(requestedPart.partNumber);
    if (part === undefined || stripQuotes(part.etag) !== requestedPart.etag) throw invalidPart(upload, requestedPart);
    checkPartChecksum(upload, requestedPart, part);
    return part;
  });
  chosen.forEach((part, index) => {
    if (index === chosen.length - 1 || part.size >= minPartBytes) return;
    throw new S3Error('EntityTooSmall', undefined, {
      ProposedSize: part.size,
      MinSizeAllowed: minPartBytes,
      PartNumber: part.partNumber,
      ETag: stripQuotes(part.etag),
    });
  });
  return chosen;
}

function checkPartChecksum(upload: UploadRecord, requestedPart: RequestedPart, part: PartRecord): void {
  const algorithm = upload.checksumAlgorithm;
  if (algorithm === undefined) {
    // No checksum was chosen for the object; a value the client sends must still match.
    for (const [name, value] of Object.entries(requestedPart.checksums)) {
      if (part.checksum?.algorithm === name && part.checksum.value !== value) throw invalidPart(upload, requestedPart);
    }
    return;
  }
  const value = requestedPart.checksums[algorithm];
  if (value === undefined) {
    if (upload.checksumType === 'FULL_OBJECT' && part.checksum?.algorithm === algorithm) return;
    throw new S3Error(
      'InvalidRequest',
      `The upload was created using a ${algorithm.toLowerCase()} checksum. The complete request must include the checksum for each part. It was missing for part ${requestedPart.partNumber} in the request.`,
    );
  }
  if (part.checksum?.algorithm !== algorithm || part.checksum.value !== value) throw invalidPart(upload, requestedPart);
}

function invalidPart(upload: UploadRecord, requestedPart: RequestedPart): S3Error {
  return new S3Error('InvalidPart', undefined, {
    UploadId: upload.uploadId,
    PartNumber: requestedPart.partNumber,
    ETag: requestedPart.etag,
  });
}
