import { checksumAlgorithms } from '../../checksum/checksum-algorithms.js';
import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import type { ChecksumAlgorithm } from '../../metadata/metadata-store.js';
import { asArray, parseXml } from '../../xml/xml.js';
import { readSmallBody } from '../common/body.js';
import { checksumElementName } from './checksum-elements.js';
import { maxPartNumber } from './multipart-limits.js';

/** Largest CompleteMultipartUpload document read: 10,000 parts with SHA-256 values fit. */
const maxCompleteBodyBytes = 4 * 1024 * 1024;

/** One `<Part>` of a CompleteMultipartUpload document. */
export interface RequestedPart {
  partNumber: number;
  /** ETag as sent, quotes removed. */
  etag: string;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

/**
 * Reads the CompleteMultipartUpload document: at least one part, each with a PartNumber
 * and an ETag, in ascending part-number order (InvalidPartOrder otherwise).
 */
export async function readCompleteRequest(ctx: RequestContext, uploadId: string): Promise<RequestedPart[]> {
  const document = parseXml(await readSmallBody(ctx, maxCompleteBodyBytes));
  const root = document.CompleteMultipartUpload;
  if (root === undefined || root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new S3Error('MalformedXML');
  }
  const elements = asArray((root as Record<string, unknown>).Part);
  if (elements.length === 0) throw new S3Error('MalformedXML', 'A CompleteMultipartUpload document must list at least one part.');
  const parts = elements.map(readPart);
  for (let i = 1; i < parts.length; i += 1) {
    if (parts[i]!.partNumber <= parts[i - 1]!.partNumber) {
      throw new S3Error('InvalidPartOrder', undefined, { UploadId: uploadId });
    }
  }
  return parts;
}

function readPart(element: unknown): RequestedPart {
  if (element === null || typeof element !== 'object' || Array.isArray(element)) throw new S3Error('MalformedXML');
  const fields = element as Record<string, unknown>;
  const partNumberText = textOf(fields.PartNumber);
  const etag = textOf(fields.ETag);
  if (partNumberText === undefined || etag === undefined || !/^\d{1,10}$/.test(partNumberText)) {
    throw new S3Error('MalformedXML', 'Each Part needs a numeric PartNumber and an ETag.');
  }
  const partNumber = Number(partNumberText);
  if (partNumber < 1 || partNumber > maxPartNumber) {
    throw new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${maxPartNumber}, inclusive`, {
      ArgumentName: 'partNumber',
      ArgumentValue: partNumberText,
    });
  }
  const checksums: Partial<Record<ChecksumAlgorithm, string>> = {};
  for (const algorithm of checksumAlgorithms) {
    const value = textOf(fields[checksumElementName(algorithm)]);
    if (value !== undefined) checksums[algorithm] = value;
  }
  return { partNumber, etag: stripQuotes(etag), checksums };
}

/** Returns the trimmed text of a simple element, or undefined when it is absent or not text. */
function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.trim();
}

/** Removes the double quotes around an ETag; clients send it either way. */
export function stripQuotes(etag: string): string {
  return etag.length >= 2 && etag.startsWith('"') && etag.endsWith('"') ? etag.slice(1, -1) : etag;
}
