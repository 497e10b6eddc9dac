import type { ColumnType } from '../engine-types.js';

/**
 * Declared SQLite type of each column type. SQLite stores booleans as 0 and 1 and dates as
 * ISO 8601 text. The declared names keep the profile's type visible to readers and to
 * `--into`, and their numeric affinity leaves ISO text as it is.
 */
const sqliteTypes: Record<ColumnType, string> = {
  string: 'TEXT',
  integer: 'INTEGER',
  number: 'REAL',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATETIME',
};

/** PostgreSQL type of each column type; datetimes keep their offset as timestamptz. */
const postgresTypes: Record<ColumnType, string> = {
  string: 'text',
  integer: 'bigint',
  number: 'double precision',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
};

export function sqliteType(type: ColumnType): string {
  return sqliteTypes[type];
}

export function postgresType(type: ColumnType): string {
  return postgresTypes[type];
}

/** Reads back a column type from a declared SQLite type; undefined for any other name. */
export function columnTypeFromSqlite(declared: string | null): ColumnType | undefined {
  if (declared === null) return undefined;
  const upper = declared.toUpperCase();
  for (const [type, name] of Object.entries(sqliteTypes)) {
    if (name === upper) return type as ColumnType;
  }
  return undefined;
}

/** Quotes an SQL identifier for SQLite and PostgreSQL alike. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
