import type Database from 'better-sqlite3';

import type { ShareListQuery, ShareMethod, ShareRecord, ShareStore } from '../share-store.js';
import { openSqliteDatabase } from './database.js';
import { shareSchemaStatements } from './share-schema.js';

interface ShareRow {
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

/**
 * Shares in the metadata database. Use counts rely on SQLite's write lock: the conditional
 * UPDATE of `consumeShareUse` runs alone, whichever process or connection sends it.
 */
export class SqliteShareStore implements ShareStore {
  private readonly db: Database.Database;
  private readonly ownsDatabase: boolean;

  /** `database` is a file path, or an open handle that stays open when this store closes. */
  constructor(database: string | Database.Database) {
    this.ownsDatabase = typeof database === 'string';
    this.db = typeof database === 'string' ? openSqliteDatabase(database) : database;
    for (const statement of shareSchemaStatements) this.db.exec(statement);
  }

  async createShare(share: ShareRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO shares (share_id, bucket, key, method, created_at, expires_at, max_uses, use_count,
           source_cidr, note, creator_arn, access_key_id, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
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
      );
  }

  async getShare(shareId: string): Promise<ShareRecord | undefined> {
    const row = this.db.prepare(`SELECT * FROM shares WHERE share_id = ?`).get(shareId) as ShareRow | undefined;
    return row === undefined ? undefined : toShare(row);
  }

  async listShares(query: ShareListQuery): Promise<ShareRecord[]> {
    const conditions: string[] = [];
    const values: string[] = [];
    if (query.bucket !== undefined) {
      conditions.push('bucket = ?');
      values.push(query.bucket);
    }
    if (query.creatorArn !== undefined) {
      conditions.push('creator_arn = ?');
      values.push(query.creatorArn);
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const rows = this.db
      .prepare(`SELECT * FROM shares ${where} ORDER BY created_at DESC, share_id`)
      .all(...values) as ShareRow[];
    return rows.map(toShare);
  }

  async revokeShare(shareId: string, at: Date): Promise<'revoked' | 'already-revoked' | 'missing'> {
    const result = this.db
      .prepare(`UPDATE shares SET revoked_at = ? WHERE share_id = ? AND revoked_at IS NULL`)
      .run(at.getTime(), shareId);
    if (result.changes === 1) return 'revoked';
    const exists = this.db.prepare(`SELECT 1 FROM shares WHERE share_id = ?`).get(shareId);
    return exists === undefined ? 'missing' : 'already-revoked';
  }

  async consumeShareUse(shareId: string, now: Date): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE shares SET use_count = use_count + 1
         WHERE share_id = ? AND revoked_at IS NULL AND expires_at > ?
           AND (max_uses IS NULL OR use_count < max_uses)`,
      )
      .run(shareId, now.getTime());
    return result.changes === 1;
  }

  async close(): Promise<void> {
    if (this.ownsDatabase) this.db.close();
  }
}

function toShare(row: ShareRow): ShareRecord {
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
