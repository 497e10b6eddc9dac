import type { AuditRecord } from './audit-store.js';
import type { ShareMethod, ShareRecord } from './share-store.js';

/**
 * Rows of the share and audit tables as both SQL engines return them: times in
 * milliseconds since the epoch, and `completed` as 0 or 1.
 */
export interface ShareRow {
  share_id: string;
  bucket: string;
  key: string;
  method: ShareMethod;
  created_at: number;
  expires_at: number;
  max_uses: number | null;
  use_count: number;
  source_cidr: string | null;
  note: string | null;
  creator_arn: string;
  access_key_id: string;
  revoked_at: number | null;
}

export interface AuditRow {
  time: number;
  request_id: string;
  share_id: string | null;
  access_key_id: string | null;
  signer_arn: string | null;
  bucket: string | null;
  key: string | null;
  method: string;
  status: number;
  completed: number;
  bytes_sent: number;
  bytes_received: number;
  client_address: string;
}

export function toShare(row: ShareRow): ShareRecord {
  return {
    shareId: row.share_id,
    bucket: row.bucket,
    key: row.key,
    method: row.method,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    maxUses: row.max_uses ?? undefined,
    useCount: row.use_count,
    sourceCidr: row.source_cidr ?? undefined,
    note: row.note ?? undefined,
    creatorArn: row.creator_arn,
    accessKeyId: row.access_key_id,
    revokedAt: row.revoked_at === null ? undefined : new Date(row.revoked_at),
  };
}

export function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    time: new Date(row.time),
    requestId: row.request_id,
    shareId: row.share_id ?? undefined,
    accessKeyId: row.access_key_id ?? undefined,
    signerArn: row.signer_arn ?? undefined,
    bucket: row.bucket ?? undefined,
    key: row.key ?? undefined,
    method: row.method,
    status: row.status,
    completed: row.completed === 1,
    bytesSent: row.bytes_sent,
    bytesReceived: row.bytes_received,
    clientAddress: row.client_address,
  };
}
