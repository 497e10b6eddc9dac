import { S3Error } from '../../errors/s3-error.js';
import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';

/** Operations that create objects or buckets, where these headers would change the result. */
const writeOperations = new Set([
  'PutObject',
  'CopyObject',
  'CreateMultipartUpload',
  'UploadPart',
  'UploadPartCopy',
  'PostObject',
  'CreateBucket',
]);

/**
 * Request headers for features Coffer does not have. Accepting them would store a plaintext
 * object the caller asked to encrypt or lock, so the request gets NotImplemented instead
 * of a success that does something else.
 */
const unsupportedHeaders: ReadonlyArray<[header: string, feature: string]> = [
  ['x-amz-server-side-encryption', 'Server-side encryption'],
  ['x-amz-server-side-encryption-customer-algorithm', 'Server-side encryption with customer keys (SSE-C)'],
  ['x-amz-server-side-encryption-aws-kms-key-id', 'Server-side encryption with KMS keys'],
  ['x-amz-copy-source-server-side-encryption-customer-algorithm', 'Server-side encryption with customer keys (SSE-C)'],
  ['x-amz-object-lock-mode', 'Object Lock'],
  ['x-amz-object-lock-retain-until-date', 'Object Lock'],
  ['x-amz-object-lock-legal-hold', 'Object Lock'],
  ['x-amz-tagging', 'Object tagging'],
];

/** Rejects a write that requests a feature Coffer lacks; see `unsupportedHeaders`. */
export function rejectUnsupportedHeaders(ctx: RequestContext): void {
  if (!writeOperations.has(ctx.operation)) return;
  const headers = ctx.req.headers;
  for (const [header, feature] of unsupportedHeaders) {
    if (headerValue(headers, header) !== undefined) {
      throw new S3Error('NotImplemented', `${feature} (${header}) is not implemented by this server.`);
    }
  }
  const storageClass = headerValue(headers, 'x-amz-storage-class');
  if (storageClass !== undefined && storageClass !== 'STANDARD') {
    throw new S3Error('NotImplemented', `Storage class ${storageClass} is not implemented by this server; only STANDARD is.`);
  }
  const objectLock = headerValue(headers, 'x-amz-bucket-object-lock-enabled');
  if (objectLock !== undefined && objectLock.toLowerCase() === 'true') {
    throw new S3Error('NotImplemented', 'Object Lock (x-amz-bucket-object-lock-enabled) is not implemented by this server.');
  }
}
