import type { ColumnType } from '../engine-types.js';
import { normaliseDate, normaliseDateTime } from '../extract/datetime.js';

/** What the sample showed for one column, in first-seen order of columns. */
export interface ColumnGuess {
  name: string;
  /** Steps from the record: keys (JSON) or element and attribute names (XML, `@` for attributes). */
  steps: string[];
  kinds: Set<'boolean' | 'integer' | 'number' | 'date' | 'datetime' | 'string' | 'aggregate'>;
  values: number;
  distinct: Set<string>;
}

/** Classifies one sampled value; text is classified by its form, as XML values always are. */
export function observe(guess: ColumnGuess, value: unknown, fromText: boolean): void {
  if (value === null || value === undefined || value === '') return;
  guess.values += 1;
  if (guess.distinct.size < 10_000) guess.distinct.add(typeof value === 'object' ? JSON.stringify(value) : String(value));
  if (typeof value === 'boolean') guess.kinds.add('boolean');
  else if (typeof value === 'number') guess.kinds.add(Number.isInteger(value) ? 'integer' : 'number');
  else if (typeof value === 'string') guess.kinds.add(classifyText(value, fromText));
  else guess.kinds.add('integer');
}

function classifyText(text: string, fromText: boolean): 'boolean' | 'integer' | 'number' | 'date' | 'datetime' | 'string' {
  const trimmed = text.trim();
  if (fromText) {
    if (trimmed === 'true' || trimmed === 'false') return 'boolean';
    if (/^[+-]?\d+$/.test(trimmed)) return 'integer';
    if (/^[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) return 'number';
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed) && normaliseDate(trimmed) !== undefined) return 'date';
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(trimmed) && normaliseDateTime(trimmed) !== undefined) return 'datetime';
  return 'string';
}

/** The narrowest type that holds every sampled value; text when they disagree. */
export function chooseType(guess: ColumnGuess): ColumnType {
  const kinds = guess.kinds;
  if (kinds.size === 0 || kinds.has('aggregate') || kinds.has('string')) return 'string';
  if (kinds.size === 1) return [...kinds][0] as ColumnType;
  if ([...kinds].every((kind) => kind === 'integer' || kind === 'number')) return 'number';
  if ([...kinds].every((kind) => kind === 'date' || kind === 'datetime')) return 'datetime';
  return 'string';
}

/** Keeps one guess per path, in first-seen order, with unique column names. */
export class ColumnGuesses {
  readonly list: ColumnGuess[] = [];
  private readonly byPath = new Map<string, ColumnGuess>();
  private readonly names = new Set<string>();

  get(steps: string[]): ColumnGuess {
    const key = JSON.stringify(steps);
    let guess = this.byPath.get(key);
    if (guess === undefined) {
      guess = { name: this.uniqueName(steps), steps, kinds: new Set(), values: 0, distinct: new Set() };
      this.byPath.set(key, guess);
      this.list.push(guess);
    }
    return guess;
  }

  private uniqueName(steps: string[]): string {
    const base = steps.map((step) => step.replace(/^@/, '').replace(/^[^:]*:/, '')).join('_').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'value';
    let name = base;
    for (let i = 2; this.names.has(name.toLowerCase()); i++) name = `${base}_${i}`;
    this.names.add(name.toLowerCase());
    return name;
  }
}

/** A key column: one named id whose sampled values are all present and distinct. */
export function isKey(guess: ColumnGuess, records: number): boolean {
  return guess.name.toLowerCase() === 'id' && guess.values === records && guess.distinct.size === records;
}
