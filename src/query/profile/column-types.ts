import type { ColumnType } from '../engine-types.js';

/**
 * Type names a profile may use, with the aliases that ETL tools write in generated `.rsd`
 * files. `unknown` is what generators write when they could not tell, so it stores text.
 */
const typeNames: Record<string, ColumnType> = {
  string: 'string',
  unknown: 'string',
  int: 'integer',
  integer: 'integer',
  long: 'integer',
  double: 'number',
  float: 'number',
  decimal: 'number',
  number: 'number',
  boolean: 'boolean',
  bool: 'boolean',
  date: 'date',
  datetime: 'datetime',
  timestamp: 'datetime',
};

export const columnTypeNames: readonly string[] = Object.keys(typeNames);

/** Resolves a type name case-insensitively; undefined for a name that is not listed. */
export function resolveColumnType(name: string): ColumnType | undefined {
  return Object.hasOwn(typeNames, name.toLowerCase()) ? typeNames[name.toLowerCase()] : undefined;
}
