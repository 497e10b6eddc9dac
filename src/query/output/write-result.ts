import type { Writable } from 'node:stream';

import type { ResultSet } from '../load/result-set.js';
import { cellJson, cellText } from './cell-text.js';
import { alignedTable } from './aligned-table.js';
import { TextSink } from './text-sink.js';

export type OutputFormat = 'table' | 'csv' | 'json' | 'ndjson';

export const outputFormats: readonly OutputFormat[] = ['table', 'csv', 'json', 'ndjson'];

/** Writes the result to `stream` in `format`; returns the number of rows written. */
export async function writeResult(result: ResultSet, format: OutputFormat, stream: Writable): Promise<number> {
  const sink = new TextSink(stream);
  let rows = 0;
  if (format === 'table') {
    const all = [...result.rows()];
    await sink.write(alignedTable(result, all));
    rows = all.length;
  } else if (format === 'csv') {
    await sink.write(csvLine(result.columns.map((column) => column.name)));
    for (const row of result.rows()) {
      await sink.write(csvLine(row.map((value, index) => cellText(value, result.columns[index]!.type))));
      rows += 1;
    }
  } else {
    const names = result.columns.map((column) => `${JSON.stringify(column.name)}:`);
    if (format === 'json') await sink.write('[');
    for (const row of result.rows()) {
      const fields = row.map((value, index) => names[index]! + cellJson(value, result.columns[index]!.type));
      const object = `{${fields.join(',')}}`;
      if (format === 'ndjson') await sink.write(`${object}\n`);
      else await sink.write(`${rows === 0 ? '\n' : ',\n'}${object}`);
      rows += 1;
    }
    if (format === 'json') await sink.write(rows === 0 ? ']\n' : '\n]\n');
  }
  await sink.flush();
  return rows;
}

/** Formats one CSV record as RFC 4180 specifies: CRLF ends it, and a field with `,`, `"`, CR or LF is quoted. */
function csvLine(fields: string[]): string {
  return `${fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field)).join(',')}\r\n`;
}
