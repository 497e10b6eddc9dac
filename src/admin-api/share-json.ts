import type { AuditRecord } from '../metadata/audit-store.js';
import type { ShareRecord } from '../metadata/share-store.js';
import { shareState } from '../share/share-state.js';

/** A share as the admin API returns it: dates in ISO 8601, absent values as null. */
export function shareToJson(share: ShareRecord, now: Date): Record<string, unknown> {
  return {
    shareId: share.shareId,
    bucket: share.bucket,
    key: share.key,
    method: share.method,
    createdAt: share.createdAt.toISOString(),
    expiresAt: share.expiresAt.toISOString(),
    useCount: share.useCount,
    maxUses: share.maxUses ?? null,
    sourceIp: share.sourceCidr ?? null,
    note: share.note ?? null,
    creatorArn: share.creatorArn,
    accessKeyId: share.accessKeyId,
    revokedAt: share.revokedAt?.toISOString() ?? null,
    state: shareState(share, now),
  };
}

/** An audit record as the admin API returns it. */
export function auditToJson(record: AuditRecord): Record<string, unknown> {
  return {
    time: record.time.toISOString(),
    requestId: record.requestId,
    shareId: record.shareId ?? null,
    accessKeyId: record.accessKeyId ?? null,
    signerArn: record.signerArn ?? null,
    bucket: record.bucket ?? null,
    key: record.key ?? null,
    method: record.method,
    status: record.status,
    completed: record.completed,
    bytesSent: record.bytesSent,
    bytesReceived: record.bytesReceived,
    clientAddress: record.clientAddress,
  };
}
