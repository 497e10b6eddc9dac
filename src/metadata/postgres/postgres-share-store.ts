import type pg from 'pg';

import { toShare, type ShareRow } from '../share-rows.js';
import type { ShareListQuery, ShareRecord, ShareStore } from '../share-store.js';

/**
 * Shares on PostgreSQL. `consumeShareUse` is one conditional UPDATE: PostgreSQL locks the
 * row it updates and re-checks the condition on the newest version of the row, so
 * concurrent uses through any node never pass the limit.
 */
export class PostgresShareStore implements ShareStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly onClose: () => Promise<void>,
  ) {}

  async createShare(share: ShareRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO shares (share_id, bucket, key, method, created_at, expires_at, max_uses, use_count,
         source_cidr, note, creator_arn, access_key_id, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        share.shareId,
        share.bucket,
        share.key,
        share.method,
        share.createdAt.getTime(),
        share.expiresAt.getTime(),
        share.maxUses ?? null,
        share.useCount,
        share.sourceCidr ?? null,
        share.note ?? null,
        share.creatorArn,
        share.accessKeyId,
        share.revokedAt?.getTime() ?? null,
      ],
    );
  }

  async getShare(shareId: string): Promise<ShareRecord | undefined> {
    const { rows } = await this.pool.query<ShareRow>(`SELECT * FROM shares WHERE share_id = $1`, [shareId]);
    return rows[0] === undefined ? undefined : toShare(rows[0]);
  }

  async listShares(query: ShareListQuery): Promise<ShareRecord[]> {
    const conditions: string[] = [];
    const values: string[] = [];
    if (query.bucket !== undefined) {
      values.push(query.bucket);
      conditions.push(`bucket = $${values.length}`);
    }
    if (query.creatorArn !== undefined) {
      values.push(query.creatorArn);
      conditions.push(`creator_arn = $${values.length}`);
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const { rows } = await this.pool.query<ShareRow>(
      `SELECT * FROM shares ${where} ORDER BY created_at DESC, share_id`,
      values,
    );
    return rows.map(toShare);
  }

  async revokeShare(shareId: string, at: Date): Promise<'revoked' | 'already-revoked' | 'missing'> {
    const result = await this.pool.query(`UPDATE shares SET revoked_at = $1 WHERE share_id = $2 AND revoked_at IS NULL`, [
      at.getTime(),
      shareId,
    ]);
    if (result.rowCount === 1) return 'revoked';
    const exists = await this.pool.query(`SELECT 1 FROM shares WHERE share_id = $1`, [shareId]);
    return exists.rowCount === 0 ? 'missing' : 'already-revoked';
  }

  async consumeShareUse(shareId: string, now: Date): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE shares SET use_count = use_count + 1
       WHERE share_id = $1 AND revoked_at IS NULL AND expires_at > $2
         AND (max_uses IS NULL OR use_count < max_uses)`,
      [shareId, now.getTime()],
    );
    return result.rowCount === 1;
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}
