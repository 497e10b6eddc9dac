import { S3Error } from '../../errors/s3-error.js';

/**
 * Continuation tokens of ListObjectsV2: base64url of the last key or common prefix of the
 * previous page. Clients treat them as opaque, and the listing resumes after that entry.
 */
export function encodeContinuationToken(lastEntry: string): string {
  return Buffer.from(lastEntry, 'utf8').toString('base64url');
}

/** Decodes a token made by `encodeContinuationToken`. Any other value raises InvalidArgument. */
export function decodeContinuationToken(token: string): string {
  const bytes = Buffer.from(token, 'base64url');
  const decoded = bytes.toString('utf8');
  // Re-encoding must give back the same token and the same bytes, which rejects
  // characters outside base64url and byte strings that are not UTF-8.
  if (token === '' || bytes.toString('base64url') !== token || !Buffer.from(decoded, 'utf8').equals(bytes)) {
    throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', {
      ArgumentName: 'continuation-token',
      ArgumentValue: token,
    });
  }
  return decoded;
}
