import { open, type FileHandle } from 'node:fs/promises';

import type Database from 'better-sqlite3';

import type { AuditQuery, AuditRecord, AuditStore } from '../audit-store.js';
import { toAuditRecord, type AuditRow } from '../share-rows.js';
import { openSqliteDatabase } from './database.js';
import { GroupCommit } from './group-commit.js';
import { shareSchemaStatements } from './share-schema.js';

/** The audit log in the metadata database. */
export class SqliteAuditStore implements AuditStore {
  private readonly db: Database.Database;
  private readonly ownsDatabase: boolean;
  /**
   * Record inserts, grouped: each is written after its response, and one commit per
   * presigned request would stall every other request.
   */
  private readonly writes: GroupCommit;
  /** Path of the write-ahead log that `syncWal` flushes. */
  private readonly walPath: string;
  private insert: Database.Statement | undefined;

  /** `database` is a file path, or an open handle that stays open when this store closes. */
  constructor(database: string | Database.Database) {
    this.ownsDatabase = typeof database === 'string';
    this.db = typeof database === 'string' ? openSqliteDatabase(database) : database;
    this.walPath = `${this.db.name}-wal`;
    // With its own connection, a commit of audit records skips SQLite's fsync of the WAL
    // (synchronous=NORMAL), which better-sqlite3 would run on the main thread. `syncWal`
    // then fsyncs the WAL in the thread pool before the records' promises resolve, so a
    // resolved record is as durable as with synchronous=FULL. A shared connection keeps
    // synchronous=FULL, because its other writes do not pass through `syncWal`.
    this.writes = this.ownsDatabase ? new GroupCommit(this.db, () => this.syncWal()) : new GroupCommit(this.db);
    if (this.ownsDatabase) this.db.pragma('synchronous = NORMAL');
    for (const statement of shareSchemaStatements) this.db.exec(statement);
  }

  async recordAudit(record: AuditRecord): Promise<void> {
    await this.writes.submit(() => this.insertRecord(record));
  }

  /**
   * Flushes the WAL file to disk. It is opened by path each time, so the fsync reaches the
   * file SQLite writes now. A missing WAL was checkpointed into the database and removed by
   * SQLite, which syncs the database before it removes the WAL.
   */
  private async syncWal(): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.walPath, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private insertRecord(record: AuditRecord): void {
    this.insert ??= this.db.prepare(
      `INSERT INTO audit_log (time, request_id, share_id, access_key_id, signer_arn, bucket, key, method,
         status, completed, bytes_sent, bytes_received, client_address)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insert.run(
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
    );
  }

  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    // Records still queued for the next group commit are written first, so a listing
    // shows every request whose record was submitted.
    this.writes.flush();
    const conditions: string[] = [];
    const values: Array<string | number> = [];
    if (query.since !== undefined) {
      conditions.push('time >= ?');
      values.push(query.since.getTime());
    }
    if (query.shareId !== undefined) {
      conditions.push('share_id = ?');
      values.push(query.shareId);
    }
    if (query.signerArn !== undefined) {
      conditions.push('signer_arn = ?');
      values.push(query.signerArn);
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${where} ORDER BY time DESC, audit_id DESC LIMIT ?`)
      .all(...values, query.limit) as AuditRow[];
    return rows.reverse().map(toAuditRecord);
  }

  async pruneAudit(before: Date): Promise<number> {
    return this.db.prepare(`DELETE FROM audit_log WHERE time < ?`).run(before.getTime()).changes;
  }

  async close(): Promise<void> {
    this.writes.flush();
    if (this.ownsDatabase) this.db.close();
  }
}
