import type { CellValue } from '../engine-types.js';
import type { ResultSet } from '../load/result-set.js';
import { cellText } from './cell-text.js';

/**
 * Formats rows as an aligned text table for a terminal: a header, a rule, numbers right
 * aligned, NULL shown as `NULL`, and line breaks inside a value shown as `\n`.
 */
export function alignedTable(result: ResultSet, rows: CellValue[][]): string {
  const numeric = result.columns.map((column) => column.type === 'integer' || column.type === 'number');
  const cells = rows.map((row) =>
    row.map((value, index) => (value === null ? 'NULL' : cellText(value, result.columns[index]!.type).replace(/\r?\n/g, '\\n'))),
  );
  const header = result.columns.map((column) => column.name);
  const widths = header.map((name, index) => Math.max(width(name), ...cells.map((row) => width(row[index]!))));
  const line = (values: string[], alignNumbers: boolean): string =>
    values
      .map((value, index) => {
        const padding = ' '.repeat(widths[index]! - width(value));
        return alignNumbers && numeric[index] ? padding + value : value + padding;
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((size) => '-'.repeat(size)).join('  ');
  const footer = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`;
  return [line(header, false), rule, ...cells.map((row) => line(row, true)), footer].join('\n') + '\n';
}

/** Display width, counting each code point as one column. */
function width(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
