import type pg from 'pg';

import type { AuditQuery, AuditRecord, AuditStore } from '../audit-store.js';
import { toAuditRecord, type AuditRow } from '../share-rows.js';

/** The audit log on PostgreSQL, written by every node that shares the database. */
export class PostgresAuditStore implements AuditStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly onClose: () => Promise<void>,
  ) {}

  async recordAudit(record: AuditRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit_log (time, request_id, share_id, access_key_id, signer_arn, bucket, key, method,
         status, completed, bytes_sent, bytes_received, client_address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        record.time.getTime(),
        record.requestId,
        record.shareId ?? null,
        record.accessKeyId ?? null,
        record.signerArn ?? null,
        record.bucket ?? null,
        record.key ?? null,
        record.method,
        record.status,
        record.completed ? 1 : 0,
        record.bytesSent,
        record.bytesReceived,
        record.clientAddress,
      ],
    );
  }

  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    const conditions: string[] = [];
    const values: Array<string | number> = [];
    if (query.since !== undefined) {
      values.push(query.since.getTime());
      conditions.push(`time >= $${values.length}`);
    }
    if (query.shareId !== undefined) {
      values.push(query.shareId);
      conditions.push(`share_id = $${values.length}`);
    }
    if (query.signerArn !== undefined) {
      values.push(query.signerArn);
      conditions.push(`signer_arn = $${values.length}`);
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    values.push(query.limit);
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT * FROM audit_log ${where} ORDER BY time DESC, audit_id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.reverse().map(toAuditRecord);
  }

  async pruneAudit(before: Date): Promise<number> {
    const result = await this.pool.query(`DELETE FROM audit_log WHERE time < $1`, [before.getTime()]);
    return result.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}
