import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { createChecksum } from '../../checksum/checksum-algorithms.js';
import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';
import { checkChecksumValue, readChecksumRequest, type ChecksumRequest } from './checksum-request.js';

/** The integrity check a configuration upload declared in its headers. */
export interface BodyIntegrity {
  contentMd5: string | undefined;
  checksum: ChecksumRequest | undefined;
}

/**
 * Reads Content-MD5 or an `x-amz-checksum-*` value (header or aws-chunked trailer). S3
 * requires one of them on uploads of configuration documents such as `?cors` and rejects the
 * request before reading the body when neither is present.
 */
export function requireBodyIntegrity(headers: IncomingHttpHeaders): BodyIntegrity {
  const contentMd5 = headerValue(headers, 'content-md5');
  const checksum = readChecksumRequest(headers);
  const hasChecksumValue = checksum !== undefined && (checksum.expected !== undefined || checksum.trailer !== undefined);
  if (contentMd5 === undefined && !hasChecksumValue) {
    throw new S3Error('InvalidRequest', 'Missing required header for this request: Content-MD5 OR x-amz-checksum-*');
  }
  return { contentMd5, checksum: hasChecksumValue ? checksum : undefined };
}

/** Checks a body read in full against the declared Content-MD5 and checksum. */
export async function verifyBodyIntegrity(ctx: RequestContext, body: Buffer, integrity: BodyIntegrity): Promise<void> {
  if (integrity.contentMd5 !== undefined) {
    const expected = Buffer.from(integrity.contentMd5, 'base64');
    if (expected.length !== 16 || expected.toString('base64') !== integrity.contentMd5.trim()) {
      throw new S3Error('InvalidDigest');
    }
    const actual = createHash('md5').update(body).digest();
    if (!actual.equals(expected)) {
      throw new S3Error('BadDigest', undefined, {
        ExpectedDigest: expected.toString('base64'),
        CalculatedDigest: actual.toString('base64'),
      });
    }
  }
  const request = integrity.checksum;
  if (request === undefined) return;
  let expected = request.expected;
  if (request.trailer !== undefined) {
    expected = ctx.payload.trailers.get(request.trailer);
    if (expected === undefined) {
      throw new S3Error('InvalidRequest', `The trailer ${request.trailer} announced in x-amz-trailer was not sent.`);
    }
    checkChecksumValue(request.algorithm, expected);
  }
  const checksum = createChecksum(request.algorithm);
  checksum.update(body);
  const computed = (await checksum.digest()).toString('base64');
  if (computed !== expected) {
    throw new S3Error('BadDigest', `The ${request.algorithm} you specified did not match the calculated checksum.`);
  }
}
