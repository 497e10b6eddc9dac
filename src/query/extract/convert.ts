import type { CellValue, ColumnType } from '../engine-types.js';
import { JsonNumberText } from '../path/json-value.js';
import { normaliseDate, normaliseDateTime } from './datetime.js';

/** A value that does not convert to the column's type; the caller names row and column. */
export class ConversionFailure {
  constructor(readonly reason: string) {}
}

/** A value as a path found it: a JSON scalar or a text, or an aggregate already serialised. */
export type RawValue = string | number | boolean | null | undefined | JsonNumberText | { aggregate: string };

const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Converts a value to a column type. Returns null for a missing value (undefined, JSON
 * null, or empty text in a column that is not a string), or a ConversionFailure.
 */
export function convertValue(raw: RawValue, type: ColumnType): CellValue | ConversionFailure {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'object' && !(raw instanceof JsonNumberText)) {
    return type === 'string' ? raw.aggregate : new ConversionFailure(`an object or array is not ${article(type)}`);
  }
  switch (type) {
    case 'string':
      return raw instanceof JsonNumberText ? raw.text : String(raw);
    case 'integer':
      return toInteger(raw);
    case 'number':
      return toNumber(raw);
    case 'boolean':
      return toBoolean(raw);
    case 'date':
    case 'datetime':
      return toDate(raw, type);
  }
}

function article(type: ColumnType): string {
  return type === 'integer' ? 'an integer' : `a ${type}`;
}

function toInteger(raw: string | number | boolean | JsonNumberText): CellValue | ConversionFailure {
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) return new ConversionFailure('it has a fraction');
    return Number.isSafeInteger(raw) ? raw : BigInt(raw);
  }
  if (typeof raw === 'boolean') return new ConversionFailure('a boolean is not an integer');
  const text = (raw instanceof JsonNumberText ? raw.text : raw).trim();
  if (text === '') return null;
  const whole = /^([+-]?\d+)(?:\.0*)?$/.exec(text);
  if (whole === null) {
    return new ConversionFailure(numberPattern.test(text) ? 'it has a fraction or an exponent' : 'it is not an integer');
  }
  const big = BigInt(whole[1]!);
  return big <= maxSafe && big >= -maxSafe ? Number(big) : big;
}

function toNumber(raw: string | number | boolean | JsonNumberText): CellValue | ConversionFailure {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'boolean') return new ConversionFailure('a boolean is not a number');
  const text = (raw instanceof JsonNumberText ? raw.text : raw).trim();
  if (text === '') return null;
  if (!numberPattern.test(text)) return new ConversionFailure('it is not a number');
  const value = Number(text);
  return Number.isFinite(value) ? value : new ConversionFailure('it is out of range for a double');
}

function toBoolean(raw: string | number | boolean | JsonNumberText): CellValue | ConversionFailure {
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  const text = (typeof raw === 'number' ? String(raw) : raw instanceof JsonNumberText ? raw.text : raw).trim();
  if (text === 'true' || text === '1') return 1;
  if (text === 'false' || text === '0') return 0;
  if (text === '') return null;
  return new ConversionFailure('a boolean is true, false, 1 or 0');
}

function toDate(raw: string | number | boolean | JsonNumberText, type: 'date' | 'datetime'): CellValue | ConversionFailure {
  if (typeof raw !== 'string') {
    return new ConversionFailure(`${article(type)} is ISO 8601 text such as 2024-01-05${type === 'datetime' ? 'T10:30:00Z' : ''}`);
  }
  const text = raw.trim();
  if (text === '') return null;
  const normalised = type === 'date' ? normaliseDate(text) : normaliseDateTime(text);
  return normalised ?? new ConversionFailure(`it is not an ISO 8601 ${type === 'date' ? 'date (YYYY-MM-DD)' : 'date-time'}`);
}
