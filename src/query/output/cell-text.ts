import type { CellValue, ColumnType } from '../engine-types.js';

/** Formats a cell as text for CSV and the aligned table, with NULL as the empty string. */
export function cellText(value: CellValue, type: ColumnType): string {
  if (value === null) return '';
  if (type === 'boolean' && typeof value === 'number') return value === 0 ? 'false' : 'true';
  return String(value);
}

/**
 * Formats a cell as a JSON value: booleans as true and false, integers beyond 2^53 as exact
 * number literals (JSON numbers have no size limit, JavaScript's do).
 */
export function cellJson(value: CellValue, type: ColumnType): string {
  if (value === null) return 'null';
  if (type === 'boolean' && typeof value === 'number') return value === 0 ? 'false' : 'true';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}
