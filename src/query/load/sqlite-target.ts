import { attachedName, checkOpens } from './memory-tables.js';
import type { ResultSet } from './result-set.js';
import { quoteIdentifier, sqliteType } from './sql-types.js';

/**
 * Loads `result` into a table of the SQLite database `file` in one transaction: the table
 * is dropped first with `replace`, created with the result's column types when missing,
 * then appended to. On any error the transaction rolls back, so the file is as before.
 * Returns the number of rows loaded.
 *
 * The file is attached to the scratch database and filled by one INSERT ... SELECT, so the
 * rows go from table to table inside SQLite without passing through JavaScript.
 */
export function loadIntoSqlite(file: string, table: string, result: ResultSet, replace: boolean): number {
  checkOpens(file);
  const { db, sql } = result.source;
  db.prepare(`ATTACH DATABASE ? AS ${attachedName}`).run(file);
  try {
    db.pragma(`${attachedName}.busy_timeout = 10000`);
    const name = `${attachedName}.${quoteIdentifier(table)}`;
    const columns = result.columns.map((column) => quoteIdentifier(column.name));
    const definitions = result.columns.map((column, index) => `${columns[index]} ${sqliteType(column.type)}`);
    const load = db.transaction(() => {
      if (replace) db.exec(`DROP TABLE IF EXISTS ${name}`);
      db.exec(`CREATE TABLE IF NOT EXISTS ${name} (${definitions.join(', ')})`);
      const insert = db.prepare(`INSERT INTO ${name} (${columns.join(', ')}) SELECT * FROM (${withoutTrailingSemicolons(sql)})`);
      return insert.run().changes;
    });
    return load.immediate();
  } finally {
    db.exec(`DETACH DATABASE ${attachedName}`);
  }
}

function withoutTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}
