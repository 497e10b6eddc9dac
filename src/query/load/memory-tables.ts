import Database from 'better-sqlite3';

import { QueryError, type CellValue, type TableSchema } from '../engine-types.js';
import { quoteIdentifier, sqliteType } from './sql-types.js';

/** Rows per insert transaction: large enough to amortise the commit, small enough to bound the buffer. */
const batchSize = 2000;

/** Maximum bound parameters of one multi-row insert, the limit of SQLite builds before 3.32 (later builds allow 32766). */
const maxParameters = 999;

interface TableWriter {
  /** Inserts one row. */
  insert: Database.Statement;
  /** Inserts `rowsPerInsert` rows in one statement run, which saves a run call per row. */
  insertMany: Database.Statement;
  rowsPerInsert: number;
  pending: CellValue[][];
}

/** Page cache of the scratch database in KiB; pages beyond it spill to a temporary file. */
const cacheKiB = 16 * 1024;

/**
 * The scratch SQLite database that `--sql` runs on: one table per profile table, filled in
 * batches, each batch one transaction of one prepared insert. It is SQLite's temporary
 * database (an empty file name): pages stay in memory up to `cacheKiB` and spill to a file
 * that SQLite deletes on close, so memory stays flat however many rows a document has.
 */
export class MemoryTables {
  readonly db: Database.Database;
  private readonly writers = new Map<string, TableWriter>();

  constructor(tables: TableSchema[]) {
    this.db = new Database('');
    this.db.pragma(`cache_size = -${cacheKiB}`);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    for (const table of tables) {
      const columns = table.columns.map((column) => `${quoteIdentifier(column.name)} ${sqliteType(column.type)}`);
      this.db.exec(`CREATE TABLE ${quoteIdentifier(table.name)} (${columns.join(', ')})`);
      const placeholders = `(${table.columns.map(() => '?').join(', ')})`;
      const rowsPerInsert = Math.max(1, Math.floor(maxParameters / Math.max(1, table.columns.length)));
      const into = `INSERT INTO ${quoteIdentifier(table.name)} VALUES `;
      const insert = this.db.prepare(into + placeholders);
      const insertMany = this.db.prepare(into + new Array(rowsPerInsert).fill(placeholders).join(', '));
      this.writers.set(table.name, { insert, insertMany, rowsPerInsert, pending: [] });
    }
  }

  /** Buffers one row; a full batch is written at once. */
  add(table: string, values: CellValue[]): void {
    const writer = this.writers.get(table);
    if (writer === undefined) throw new QueryError(`the document side delivered a row for an unknown table ${JSON.stringify(table)}.`);
    writer.pending.push(values);
    if (writer.pending.length >= batchSize) this.write(writer);
  }

  /** Writes every buffered row. */
  flush(): void {
    for (const writer of this.writers.values()) this.write(writer);
  }

  close(): void {
    this.db.close();
  }

  private write(writer: TableWriter): void {
    if (writer.pending.length === 0) return;
    const rows = writer.pending;
    writer.pending = [];
    const rowsPerInsert = writer.rowsPerInsert;
    this.db.transaction(() => {
      let next = 0;
      if (rowsPerInsert > 1) {
        const values: CellValue[] = [];
        for (; next + rowsPerInsert <= rows.length; next += rowsPerInsert) {
          values.length = 0;
          for (let i = next; i < next + rowsPerInsert; i++) {
            const row = rows[i]!;
            for (let j = 0; j < row.length; j++) values.push(row[j]!);
          }
          writer.insertMany.run(values);
        }
      }
      for (; next < rows.length; next++) writer.insert.run(rows[next]!);
    })();
  }
}
