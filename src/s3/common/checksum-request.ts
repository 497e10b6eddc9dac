import type { IncomingHttpHeaders } from 'node:http';

import {
  checksumAlgorithms,
  checksumDigestBytes,
  checksumHeaderName,
  parseChecksumAlgorithm,
} from '../../checksum/checksum-algorithms.js';
import { S3Error } from '../../errors/s3-error.js';
import type { ChecksumAlgorithm } from '../../metadata/metadata-store.js';

/** The checksum a client asked for on an upload, and where its expected value comes from. */
export interface ChecksumRequest {
  algorithm: ChecksumAlgorithm;
  /** Base64 value from an `x-amz-checksum-*` header, checked once the body is read. */
  expected: string | undefined;
  /** Trailer name carrying the value at the end of an aws-chunked body. */
  trailer: string | undefined;
}

/**
 * Reads the checksum of an upload from `x-amz-checksum-ALG` headers, an `x-amz-trailer`
 * naming one, or `x-amz-sdk-checksum-algorithm` / `x-amz-checksum-algorithm` alone (the
 * server then computes and stores it). Returns undefined when the client asked for none.
 */
export function readChecksumRequest(headers: IncomingHttpHeaders): ChecksumRequest | undefined {
  const valued = checksumAlgorithms.filter((algorithm) => headers[checksumHeaderName(algorithm)] !== undefined);
  if (valued.length > 1) {
    throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  const trailerNames = String(headers['x-amz-trailer'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.startsWith('x-amz-checksum-'));
  if (trailerNames.length > 1) {
    throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- trailer. Multiple checksum Types are not allowed.');
  }
  const declared = headers['x-amz-sdk-checksum-algorithm'] ?? headers['x-amz-checksum-algorithm'];
  const declaredAlgorithm = typeof declared === 'string' ? parseChecksumAlgorithm(declared) : undefined;

  if (valued.length === 1) {
    const algorithm = valued[0]!;
    const value = String(headers[checksumHeaderName(algorithm)]);
    checkChecksumValue(algorithm, value);
    if (declaredAlgorithm !== undefined && declaredAlgorithm !== algorithm) {
      throw new S3Error('InvalidRequest', `Value for x-amz-sdk-checksum-algorithm header is invalid: it names ${declaredAlgorithm} but the checksum header is for ${algorithm}.`);
    }
    return { algorithm, expected: value, trailer: undefined };
  }
  if (trailerNames.length === 1) {
    const trailer = trailerNames[0]!;
    const algorithm = parseChecksumAlgorithm(trailer.slice('x-amz-checksum-'.length));
    return { algorithm, expected: undefined, trailer };
  }
  if (declaredAlgorithm !== undefined) return { algorithm: declaredAlgorithm, expected: undefined, trailer: undefined };
  return undefined;
}

/** Rejects a checksum value that is not base64 of the algorithm's digest length. */
export function checkChecksumValue(algorithm: ChecksumAlgorithm, value: string): void {
  const decoded = Buffer.from(value, 'base64');
  if (decoded.length !== checksumDigestBytes[algorithm] || decoded.toString('base64') !== value) {
    throw new S3Error('InvalidRequest', `Value for ${checksumHeaderName(algorithm)} header is invalid.`);
  }
}
