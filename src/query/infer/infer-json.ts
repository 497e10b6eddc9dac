import { QueryError } from '../engine-types.js';
import { parseLosslessJson } from '../extract/lossless-json.js';
import { selectJson } from '../path/evaluate-json.js';
import { isJsonObject } from '../path/json-value.js';
import { parsePath } from '../path/parse-path.js';
import { ColumnGuesses, observe } from './column-guess.js';

/** How deep nested objects are flattened into columns; deeper ones become JSON text. */
const flattenDepth = 3;

export interface JsonSample {
  /** Keys from the root to the records; `[*]` marks arrays. */
  repeat: Array<string | '[*]'>;
  records: unknown[];
  columns: ColumnGuesses;
}

/** Parses a JSON or NDJSON sample, finds its records and guesses the columns. */
export function inferJson(text: string, ndjson: boolean, truncated: boolean, repeat: string | undefined, limit: number): JsonSample {
  const document = ndjson ? parseLines(text, truncated) : parseLosslessJson(text, truncated);
  if (document === undefined) throw new QueryError('the sample holds no complete JSON value; give a larger sample');
  let path: Array<string | '[*]'>;
  let records: unknown[];
  if (ndjson) {
    path = [];
    records = document as unknown[];
  } else if (repeat !== undefined) {
    const parsed = parsePath(repeat, 'jsonpath');
    if (!parsed.absolute) throw new QueryError(`the repeat path ${JSON.stringify(repeat)} must be absolute ($... or /...)`);
    const steps = parsed.language === 'xpath' ? parsed.steps.slice(1) : parsed.steps;
    records = selectJson(document, { ...parsed, absolute: false, steps }, true);
    path = steps.flatMap((step) => (step.kind === 'name' ? [step.name] : step.kind === 'each' ? ['[*]' as const] : []));
    if (parsed.language === 'jsonpath' && steps.at(-1)?.kind !== 'each' && records.length !== 1) path.push('[*]');
    if (records.length === 0) throw new QueryError(`the repeat path ${JSON.stringify(repeat)} matches nothing in the sample`);
  } else {
    ({ path, records } = findRecords(document));
  }
  records = records.slice(0, limit);
  const columns = new ColumnGuesses();
  for (const record of records) collectColumns(record, [], columns);
  return { repeat: path, records, columns };
}

function parseLines(text: string, truncated: boolean): unknown[] {
  const lines = text.split('\n');
  if (truncated) lines.pop();
  const values: unknown[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      values.push(parseLosslessJson(line));
    } catch (error) {
      throw new QueryError(`line ${index + 1} of the sample is not valid JSON: ${(error as Error).message}`);
    }
  }
  return values;
}

/** Finds the largest array of objects; the shallowest wins a tie. Without one, the document is one record. */
function findRecords(document: unknown): { path: Array<string | '[*]'>; records: unknown[] } {
  let best: { path: Array<string | '[*]'>; records: unknown[] } = { path: [], records: [document] };
  let bestCount = 0;
  const visit = (value: unknown, path: Array<string | '[*]'>, depth: number): void => {
    if (depth > 8) return;
    if (Array.isArray(value)) {
      const objects = value.filter(isJsonObject).length;
      if (objects > bestCount && objects * 2 >= value.length) {
        best = { path: [...path, '[*]'], records: value };
        bestCount = objects;
      }
      // Arrays inside the first elements are enough to find nested record arrays.
      for (const element of value.slice(0, 20)) visit(element, [...path, '[*]'], depth + 1);
    } else if (isJsonObject(value)) {
      for (const [key, member] of Object.entries(value)) visit(member, [...path, key], depth + 1);
    }
  };
  visit(document, [], 0);
  // A nested array counts only once per sample element, so prefer the shallower path on a tie.
  return best;
}

function collectColumns(value: unknown, path: string[], columns: ColumnGuesses): void {
  if (!isJsonObject(value)) {
    observe(columns.get(path.length === 0 ? ['.'] : path), value, false);
    return;
  }
  for (const [key, member] of Object.entries(value)) {
    const steps = [...path, key];
    if (isJsonObject(member) && steps.length < flattenDepth) {
      collectColumns(member, steps, columns);
    } else if (isJsonObject(member) || Array.isArray(member)) {
      columns.get(steps).kinds.add('aggregate');
    } else {
      observe(columns.get(steps), member, false);
    }
  }
}
