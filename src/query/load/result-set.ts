import type Database from 'better-sqlite3';

import { QueryError, type CellValue, type ColumnType } from '../engine-types.js';
import { columnTypeFromSqlite } from './sql-types.js';

export interface ResultColumn {
  name: string;
  type: ColumnType;
}

/** The rows of `--sql`, readable more than once. */
export interface ResultSet {
  columns: ResultColumn[];
  rows(): IterableIterator<CellValue[]>;
}

/**
 * Prepares `sql` on the in-memory database. A column that reads a table column directly
 * keeps its declared type. A computed column gets the narrowest type that fits all its
 * values (integer, then number, else string), found by a first pass over the rows.
 */
export function runSql(db: Database.Database, sql: string): ResultSet {
  let statement: Database.Statement;
  try {
    statement = db.prepare(sql);
  } catch (error) {
    throw new QueryError(`--sql is not valid SQLite SQL: ${(error as Error).message}`);
  }
  if (!statement.reader) {
    throw new QueryError('--sql must be one statement that returns rows, such as SELECT, WITH or VALUES.');
  }
  statement.raw(true).safeIntegers(true);
  const described = statement.columns();
  const declared = described.map((column) => columnTypeFromSqlite(column.type));
  const inferred = declared.includes(undefined) ? inferTypes(readRaw(statement), described.length) : [];
  const columns = described.map((column, index) => ({
    name: column.name,
    type: declared[index] ?? inferred[index] ?? 'string',
  }));
  return { columns, rows: () => readRows(statement) };
}

function* readRows(statement: Database.Statement): IterableIterator<CellValue[]> {
  for (const row of readRaw(statement)) yield row.map(toCell);
}

function* readRaw(statement: Database.Statement): IterableIterator<unknown[]> {
  let iterator: IterableIterator<unknown[]>;
  try {
    iterator = statement.iterate() as IterableIterator<unknown[]>;
  } catch (error) {
    throw new QueryError(`--sql failed: ${(error as Error).message}`);
  }
  try {
    yield* iterator;
  } catch (error) {
    throw new QueryError(`--sql failed: ${(error as Error).message}`);
  }
}

/** Keeps integers as numbers when they fit in a double exactly, as bigint otherwise. */
function toCell(value: unknown): CellValue {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return String(value);
}

function inferTypes(rows: IterableIterator<unknown[]>, width: number): Array<ColumnType | undefined> {
  const types: Array<ColumnType | undefined> = new Array<ColumnType | undefined>(width).fill(undefined);
  for (const row of rows) {
    row.forEach((value, index) => {
      types[index] = widen(types[index], value);
    });
  }
  return types;
}

/** With safe integers on, SQLite INTEGER values arrive as bigint and REAL values as number. */
function widen(type: ColumnType | undefined, value: unknown): ColumnType | undefined {
  if (value === null || type === 'string') return type;
  if (typeof value !== 'bigint' && typeof value !== 'number') return 'string';
  const kind: ColumnType = typeof value === 'bigint' ? 'integer' : 'number';
  if (type === undefined || type === kind) return kind;
  return 'number';
}
