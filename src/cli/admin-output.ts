/** Writes rows as columns aligned with spaces under upper-case headings, as `ls -l` readers expect. */
export function printTable(headings: string[], rows: string[][], out: NodeJS.WritableStream = process.stdout): void {
  if (rows.length === 0) return;
  const widths = headings.map((heading, column) => Math.max(heading.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  out.write(`${format(headings)}\n`);
  for (const row of rows) out.write(`${format(row)}\n`);
}

/** Writes a value as indented JSON for scripts. */
export function printJson(value: unknown, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes one line for a person. */
export function printLine(text: string, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${text}\n`);
}

/** Returns the `member` array of a list element parsed from a response, or an empty array. */
export function members<T = Record<string, any>>(list: unknown): T[] {
  if (typeof list !== 'object' || list === null) return [];
  const member = (list as { member?: T[] }).member;
  return Array.isArray(member) ? member : [];
}

/** Collects every page of a list call that returns IsTruncated and Marker. */
export async function allPages(
  call: (marker: string | undefined) => Promise<Record<string, any>>,
  listName: string,
): Promise<Array<Record<string, any>>> {
  const items: Array<Record<string, any>> = [];
  let marker: string | undefined;
  for (;;) {
    const page = await call(marker);
    items.push(...members(page[listName]));
    if (page.IsTruncated !== 'true' || typeof page.Marker !== 'string') return items;
    marker = page.Marker;
  }
}
