import Database from 'better-sqlite3';

import { QueryError, type CellValue, type TableSchema } from '../engine-types.js';
import { rowsPerInsert } from './rows-per-insert.js';
import { quoteIdentifier, sqliteType } from './sql-types.js';

/** Page cache of the scratch database in KiB; pages beyond it spill to a temporary file. */
const cacheKiB = 16 * 1024;

/** Schema name of a SQLite target file while it is attached to the scratch database. */
export const attachedName = 'load_target';

interface TableWriter {
  width: number;
  /** Inserts one row. */
  insert: Database.Statement;
  /** Inserts `rowsPerInsert` rows in one statement run, which saves a run call per row. */
  insertMany: Database.Statement;
  rowsPerInsert: number;
  rows: number;
}

/** A SQLite file whose table takes the rows of one profile table directly. */
export interface DirectTarget {
  file: string;
  table: string;
  /** The profile table whose rows go to the file. */
  source: string;
  replace: boolean;
}

/**
 * The scratch SQLite database that `--sql` runs on: one table per profile table. It is
 * SQLite's temporary database (an empty file name): pages stay in memory up to `cacheKiB`
 * and spill to a file that SQLite deletes on close, so memory stays flat however many rows
 * a document has.
 *
 * All rows go in within one transaction, from `begin` to `commit`. With a direct target, the
 * rows of one table go straight into a table of an attached SQLite file instead, in that
 * same transaction, which saves copying them from table to table afterwards. The file stays
 * locked for writing until `commit` or `rollback`, and a failure leaves it as it was.
 */
export class MemoryTables {
  readonly db: Database.Database;
  private readonly writers = new Map<string, TableWriter>();
  private attached = false;

  constructor(private readonly tables: TableSchema[]) {
    this.db = new Database('');
    this.db.pragma(`cache_size = -${cacheKiB}`);
    // The scratch tables are thrown away on failure, so they need no rollback journal.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    for (const table of tables) {
      const columns = table.columns.map((column) => `${quoteIdentifier(column.name)} ${sqliteType(column.type)}`);
      this.db.exec(`CREATE TABLE ${quoteIdentifier(table.name)} (${columns.join(', ')})`);
      this.writers.set(table.name, this.writer(quoteIdentifier(table.name), table));
    }
  }

  /**
   * Starts the one transaction of the load. With `direct`, the file is attached first and
   * its table dropped (with `replace`), created when missing, and then fed by `addGroup`.
   */
  begin(direct?: DirectTarget): void {
    if (direct === undefined) {
      this.db.exec('BEGIN');
      return;
    }
    const schema = this.tables.find((table) => table.name === direct.source);
    if (schema === undefined) throw new QueryError(`the profile has no table ${JSON.stringify(direct.source)}.`);
    checkOpens(direct.file);
    this.db.prepare(`ATTACH DATABASE ? AS ${attachedName}`).run(direct.file);
    this.attached = true;
    this.db.pragma('busy_timeout = 10000');
    this.db.exec('BEGIN IMMEDIATE');
    const name = `${attachedName}.${quoteIdentifier(direct.table)}`;
    const definitions = schema.columns.map((column) => `${quoteIdentifier(column.name)} ${sqliteType(column.type)}`);
    if (direct.replace) this.db.exec(`DROP TABLE IF EXISTS ${name}`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${name} (${definitions.join(', ')})`);
    this.writers.set(schema.name, this.writer(name, schema));
  }

  /** Inserts `rows` rows given as one flat array of their values, row after row. */
  addGroup(table: string, values: CellValue[], rows: number): void {
    const writer = this.writers.get(table);
    if (writer === undefined) throw new QueryError(`the document side delivered a row for an unknown table ${JSON.stringify(table)}.`);
    if (values.length !== rows * writer.width) {
      throw new QueryError(`the document side delivered ${values.length} values for ${rows} rows of ${JSON.stringify(table)}.`);
    }
    writer.rows += rows;
    const perInsert = writer.rowsPerInsert;
    if (rows === perInsert) {
      writer.insertMany.run(values);
      return;
    }
    let row = 0;
    const groupLength = perInsert * writer.width;
    for (; row + perInsert <= rows; row += perInsert) {
      writer.insertMany.run(values.slice(row * writer.width, row * writer.width + groupLength));
    }
    for (; row < rows; row++) {
      writer.insert.run(values.slice(row * writer.width, (row + 1) * writer.width));
    }
  }

  /** Rows added to `table` so far. */
  rowCount(table: string): number {
    return this.writers.get(table)?.rows ?? 0;
  }

  commit(): void {
    this.db.exec('COMMIT');
    this.detach();
  }

  /** Ends a failed load: the direct target keeps what it had before `begin`. */
  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.detach();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.db.exec(`DETACH DATABASE ${attachedName}`);
  }

  private writer(name: string, table: TableSchema): TableWriter {
    const width = table.columns.length;
    const placeholders = `(${table.columns.map(() => '?').join(', ')})`;
    const perInsert = rowsPerInsert(width);
    const into = `INSERT INTO ${name} (${table.columns.map((column) => quoteIdentifier(column.name)).join(', ')}) VALUES `;
    return {
      width,
      insert: this.db.prepare(into + placeholders),
      insertMany: this.db.prepare(into + new Array(perInsert).fill(placeholders).join(', ')),
      rowsPerInsert: perInsert,
      rows: 0,
    };
  }
}

/** Opens and closes `file` once, so a path that is not a SQLite database fails with a clear message. */
export function checkOpens(file: string): void {
  try {
    const db = new Database(file);
    try {
      db.pragma('schema_version');
    } finally {
      db.close();
    }
  } catch (error) {
    throw new QueryError(`cannot open the SQLite database ${file}: ${(error as Error).message}`);
  }
}
