import { QueryError } from './engine-types.js';

export const defaultMaxBytes = 1024 ** 3;
export const defaultTimeoutSeconds = 300;

/** Parses a byte count such as `1048576`, `512K`, `100M` or `2G` (binary multiples). */
export function parseByteCount(text: string, flag: string): number {
  const match = /^(\d+)\s*([KMG]i?B?)?$/i.exec(text.trim());
  if (match === null) throw new QueryError(`${flag} must be a byte count such as 1048576, 512K, 100M or 2G; got ${JSON.stringify(text)}.`);
  const unit = (match[2] ?? '').charAt(0).toUpperCase();
  const multipliers: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
  const multiplier = multipliers[unit]!;
  const bytes = Number(match[1]) * multiplier;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new QueryError(`${flag} must be at least 1 byte; got ${JSON.stringify(text)}.`);
  return bytes;
}

/** Parses a positive number of seconds and returns milliseconds. */
export function parseSeconds(text: string, flag: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    throw new QueryError(`${flag} must be a positive number of seconds; got ${JSON.stringify(text)}.`);
  }
  return Math.round(seconds * 1000);
}

/** Parses `name=value`; the value may itself contain `=` and is kept exactly as given. */
export function parseAssignment(text: string, flag: string): [string, string] {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new QueryError(`${flag} takes name=value; got ${JSON.stringify(text.slice(0, 60))}.`);
  return [text.slice(0, equals).trim(), text.slice(equals + 1)];
}
