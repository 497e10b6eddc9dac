/** Maximum bound parameters of one multi-row insert, the limit of SQLite builds before 3.32 (later builds allow 32766). */
const maxParameters = 999;

/**
 * Rows that one multi-row insert of a table `width` columns wide takes. The document side
 * sends rows in groups of this size, so that each group is one statement run. It has a
 * module of its own so that the parse worker does not load SQLite.
 */
export function rowsPerInsert(width: number): number {
  return Math.max(1, Math.floor(maxParameters / Math.max(1, width)));
}
