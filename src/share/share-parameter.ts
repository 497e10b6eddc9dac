import { randomBytes } from 'node:crypto';

/**
 * Query parameter that carries a share's id in its presigned URL. SigV4 signs every query
 * parameter but the signature, so the id cannot be removed or changed. Its name does not
 * start with `x-amz-`, so the server never takes it for a signed header.
 */
export const shareIdParam = 'x-coffer-share-id';

/** Creates a share id: `shr-` and 24 hex digits (96 random bits). */
export function newShareId(): string {
  return `shr-${randomBytes(12).toString('hex')}`;
}

/** True for text shaped like a share id, so that malformed ids are rejected before any lookup. */
export function isShareId(text: string): boolean {
  return /^shr-[0-9a-f]{24}$/.test(text);
}
