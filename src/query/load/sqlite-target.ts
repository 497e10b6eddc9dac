import Database from 'better-sqlite3';

import { QueryError } from '../engine-types.js';
import type { ResultSet } from './result-set.js';
import { quoteIdentifier, sqliteType } from './sql-types.js';

/**
 * Loads `result` into a table of the SQLite database `file` in one IMMEDIATE transaction:
 * the table is dropped first with `replace`, created with the result's column types when
 * missing, then appended to. On any error the transaction rolls back, so the file is as
 * before. Returns the number of rows loaded.
 */
export function loadIntoSqlite(file: string, table: string, result: ResultSet, replace: boolean): number {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw new QueryError(`cannot open the SQLite database ${file}: ${(error as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 10000');
    const name = quoteIdentifier(table);
    const columns = result.columns.map((column) => quoteIdentifier(column.name));
    const load = db.transaction(() => {
      if (replace) db.exec(`DROP TABLE IF EXISTS ${name}`);
      const definitions = result.columns.map((column, index) => `${columns[index]} ${sqliteType(column.type)}`);
      db.exec(`CREATE TABLE IF NOT EXISTS ${name} (${definitions.join(', ')})`);
      const insert = db.prepare(`INSERT INTO ${name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      let rows = 0;
      for (const row of result.rows()) {
        insert.run(row);
        rows += 1;
      }
      return rows;
    });
    return load.immediate();
  } finally {
    db.close();
  }
}
