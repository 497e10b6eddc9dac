import { randomBytes } from 'node:crypto';

/**
 * Creates an upload id: the creation time in milliseconds as 12 hex digits, then 144
 * random bits in base64url. Ids are URL-safe and unguessable, and they sort by creation
 * time to the millisecond, so ListMultipartUploads, which orders the uploads of one key
 * by id, lists them in the order they were started, as S3 does.
 */
export function newUploadId(now: Date = new Date()): string {
  return now.getTime().toString(16).padStart(12, '0') + randomBytes(18).toString('base64url');
}
