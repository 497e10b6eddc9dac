import type { ShareRecord } from '../metadata/share-store.js';

/** Whether a share can still be used, and if not, why. Revocation outranks the other reasons. */
export type ShareState = 'active' | 'expired' | 'used-up' | 'revoked';

export function shareState(share: ShareRecord, now: Date): ShareState {
  if (share.revokedAt !== undefined) return 'revoked';
  if (now.getTime() >= share.expiresAt.getTime()) return 'expired';
  if (share.maxUses !== undefined && share.useCount >= share.maxUses) return 'used-up';
  return 'active';
}
