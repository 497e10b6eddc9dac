import type { StepType } from './job-types.js';

/**
 * The written form of a field. A `text` field is a scalar read as text. An `integer` or
 * `boolean` field is a literal of that type, or text that becomes one after `${...}`
 * replacement. A `map` contains text values by name, a `list` contains text items, and a
 * `variable` field names a declared variable.
 */
export type FieldKind = 'text' | 'integer' | 'boolean' | 'map' | 'list' | 'variable';

export interface FieldSpec {
  kind: FieldKind;
  required?: boolean;
}

/** The fields each step type takes, besides `name` and `type`. */
export const stepFields: Record<StepType, Record<string, FieldSpec>> = {
  presign: {
    bucket: { kind: 'text', required: true },
    key: { kind: 'text', required: true },
    expires_in: { kind: 'integer' },
    method: { kind: 'text' },
    endpoint_url: { kind: 'text' },
    region: { kind: 'text' },
    profile: { kind: 'text' },
    set: { kind: 'variable', required: true },
  },
  query: {
    profile: { kind: 'text', required: true },
    uri: { kind: 'text' },
    connection: { kind: 'map' },
    inputs: { kind: 'map' },
    data_model: { kind: 'text' },
    sql: { kind: 'text' },
    into: { kind: 'text' },
    replace: { kind: 'boolean' },
    lenient: { kind: 'boolean' },
    keep_empty: { kind: 'boolean' },
    format: { kind: 'text' },
    max_bytes: { kind: 'text' },
    timeout: { kind: 'text' },
    set: { kind: 'variable' },
  },
  http: {
    url: { kind: 'text', required: true },
    output: { kind: 'text', required: true },
    max_bytes: { kind: 'text' },
    timeout: { kind: 'text' },
  },
  command: {
    run: { kind: 'list', required: true },
    timeout: { kind: 'text' },
    cwd: { kind: 'text' },
    set: { kind: 'variable' },
  },
};

export const stepTypes = Object.keys(stepFields) as StepType[];

/** Returns the candidate closest to `name` by edit distance, if it is close enough to be a typo. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Edit distance with insertions, deletions, substitutions and swaps of neighbours (optimal
 * string alignment), so the common typo `qeury` is one edit from `query`.
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, index) => index)];
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      let best = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
