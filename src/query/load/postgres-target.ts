import pg from 'pg';

import type { CellValue, ColumnType } from '../engine-types.js';
import type { ResultSet } from './result-set.js';
import { postgresType, quoteIdentifier } from './sql-types.js';

/** PostgreSQL allows 65535 parameters per statement; batches stay well below it. */
const maxParameters = 30_000;
const maxBatchRows = 1000;

/**
 * Loads `result` into a PostgreSQL table in one transaction: the table is dropped first
 * with `replace`, created with the result's column types when missing, then appended to
 * in multi-row inserts. The session time zone is UTC, so a datetime without an offset is
 * read as UTC. On any error the transaction rolls back. Returns the number of rows loaded.
 */
export async function loadIntoPostgres(
  connectionString: string,
  schema: string | undefined,
  table: string,
  result: ResultSet,
  replace: boolean,
): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query("SET LOCAL TIME ZONE 'UTC'");
      const name = schema === undefined ? quoteIdentifier(table) : `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
      if (replace) await client.query(`DROP TABLE IF EXISTS ${name}`);
      const definitions = result.columns.map((column) => `${quoteIdentifier(column.name)} ${postgresType(column.type)}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${name} (${definitions.join(', ')})`);
      const rows = await insertRows(client, name, result);
      await client.query('COMMIT');
      return rows;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    await client.end();
  }
}

async function insertRows(client: pg.Client, name: string, result: ResultSet): Promise<number> {
  const width = Math.max(result.columns.length, 1);
  const batchRows = Math.max(1, Math.min(maxBatchRows, Math.floor(maxParameters / width)));
  const columns = result.columns.map((column) => quoteIdentifier(column.name)).join(', ');
  const types = result.columns.map((column) => column.type);
  let batch: unknown[][] = [];
  let total = 0;
  const send = async (): Promise<void> => {
    if (batch.length === 0) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const placeholders = row.map((value) => {
        values.push(value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await client.query(`INSERT INTO ${name} (${columns}) VALUES ${tuples.join(', ')}`, values);
    batch = [];
  };
  for (const row of result.rows()) {
    batch.push(row.map((value, index) => toPostgres(value, types[index]!)));
    total += 1;
    if (batch.length >= batchRows) await send();
  }
  await send();
  return total;
}

/** Booleans are stored as 0 and 1 in SQLite; pg sends a bigint as text so no digit is lost. */
function toPostgres(value: CellValue, type: ColumnType): unknown {
  if (value === null) return null;
  if (type === 'boolean' && typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
