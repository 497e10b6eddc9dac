import { etagListMatches } from './etag-match.js';
import type { WritePrecondition } from './metadata-store.js';

/**
 * Checks a conditional write against the key's current ETag (`undefined` when the key has
 * no current version). Returns the failed status, or `undefined` when the write may go on.
 */
export function failedPrecondition(
  currentEtag: string | undefined,
  precondition: WritePrecondition | undefined,
): 'precondition-failed' | 'no-such-key' | undefined {
  if (precondition?.ifNoneMatch === true && currentEtag !== undefined) return 'precondition-failed';
  if (precondition?.ifMatch !== undefined) {
    if (currentEtag === undefined) return 'no-such-key';
    if (!etagListMatches(precondition.ifMatch, currentEtag)) return 'precondition-failed';
  }
  return undefined;
}
