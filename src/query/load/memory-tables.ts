import Database from 'better-sqlite3';

import { QueryError, type CellValue, type TableSchema } from '../engine-types.js';
import { quoteIdentifier, sqliteType } from './sql-types.js';

/** Rows per insert transaction: large enough to amortise the commit, small enough to bound the buffer. */
const batchSize = 2000;

interface TableWriter {
  insert: Database.Statement;
  pending: CellValue[][];
}

/**
 * The in-memory SQLite database that `--sql` runs on: one table per profile table, filled
 * in batches, each batch one transaction of one prepared insert.
 */
export class MemoryTables {
  readonly db: Database.Database;
  private readonly writers = new Map<string, TableWriter>();

  constructor(tables: TableSchema[]) {
    this.db = new Database(':memory:');
    for (const table of tables) {
      const columns = table.columns.map((column) => `${quoteIdentifier(column.name)} ${sqliteType(column.type)}`);
      this.db.exec(`CREATE TABLE ${quoteIdentifier(table.name)} (${columns.join(', ')})`);
      const placeholders = table.columns.map(() => '?').join(', ');
      const insert = this.db.prepare(`INSERT INTO ${quoteIdentifier(table.name)} VALUES (${placeholders})`);
      this.writers.set(table.name, { insert, pending: [] });
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
    this.db.transaction(() => {
      for (const row of rows) writer.insert.run(row);
    })();
  }
}
