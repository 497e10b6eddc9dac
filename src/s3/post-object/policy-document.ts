import { S3Error } from '../../errors/s3-error.js';

/**
 * One condition of a POST policy. `field` is the operand as written (`$key`). `source` is the
 * condition as S3 quotes it in an error, where a simple condition becomes its `eq` list.
 */
export type PolicyCondition =
  | { operator: 'eq' | 'starts-with'; field: string; value: string; source: unknown[] }
  | { operator: 'content-length-range'; min: string | number; max: string | number; source: unknown[] };

/** A decoded POST policy. */
export interface PostPolicy {
  expiration: Date;
  conditions: PolicyCondition[];
}

/**
 * Decodes and parses the base64 `policy` field. The document must be a JSON object with exactly
 * `expiration` (ISO 8601 in UTC) and `conditions` (a list). Member names are case-sensitive,
 * operators and field names are not. Faults raise InvalidPolicyDocument with S3's
 * "Invalid Policy: ..." messages.
 */
export function parsePostPolicy(encoded: string): PostPolicy {
  const compact = encoded.replace(/\s+/g, '');
  if (compact === '') throw invalidPolicy("Expecting '{' but found End-of-Input");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) throw invalidPolicy('invalid Base64 encoding.');
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(compact, 'base64').toString('utf8'));
  } catch {
    throw invalidJson();
  }
  if (!isObject(document)) throw invalidJson();
  for (const name of Object.keys(document)) {
    if (name !== 'expiration' && name !== 'conditions') throw invalidPolicy(`Unexpected: '${name.toLowerCase()}'`);
  }
  if (!('expiration' in document)) throw invalidPolicy('Policy missing expiration.');
  const expiration = parseExpiration(document.expiration);
  if (!('conditions' in document)) throw invalidPolicy('Policy missing conditions.');
  if (!Array.isArray(document.conditions)) throw invalidPolicy("Invalid 'conditions' value: must be a List.");
  return { expiration, conditions: document.conditions.map(parseCondition) };
}

/** `2007-12-01T12:00:00.000Z`, with or without the fraction: UTC only, as S3 requires. */
function parseExpiration(value: unknown): Date {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/.exec(text);
  if (typeof value === 'string' && match !== null) {
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const milliseconds = match[7] === undefined ? 0 : Math.floor(Number(match[7]) * 1000);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, milliseconds));
    if (date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60) {
      return date;
    }
  }
  throw invalidPolicy(`Invalid 'expiration' value: '${text}'`);
}

function parseCondition(condition: unknown): PolicyCondition {
  if (Array.isArray(condition)) return parseListCondition(condition);
  if (!isObject(condition)) throw invalidPolicy('Invalid condition test: must be a List or Object.');
  const entries = Object.entries(condition);
  if (entries.length !== 1) {
    throw invalidPolicy('Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.');
  }
  const [name, value] = entries[0]!;
  if (value === null) throw invalidJson();
  if (typeof value !== 'string') throw invalidPolicy('Invalid Simple-Condition: value must be a string.');
  const field = `$${name}`;
  return { operator: 'eq', field, value, source: ['eq', field, value] };
}

function parseListCondition(condition: unknown[]): PolicyCondition {
  if (condition.length === 0 || typeof condition[0] !== 'string') {
    throw invalidPolicy('Invalid Condition: missing operation identifier.');
  }
  const operator = condition[0].toLowerCase();
  if (operator !== 'eq' && operator !== 'starts-with' && operator !== 'content-length-range') {
    throw invalidPolicy(`Invalid Condition: unknown operation '${condition[0]}'.`);
  }
  if (condition.length !== 3) throw invalidPolicy(`Invalid ${condition[0]}: wrong number of arguments.`);
  const [, first, second] = condition;
  if (operator === 'content-length-range') {
    if (!isBound(first) || !isBound(second)) throw invalidJson();
    return { operator, min: first, max: second, source: condition };
  }
  if (typeof first !== 'string' || typeof second !== 'string') throw invalidJson();
  return { operator, field: first, value: second, source: condition };
}

/** Checks that a size bound is a whole number, or text that is checked when the condition is evaluated. */
function isBound(value: unknown): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidPolicy(detail: string): S3Error {
  return new S3Error('InvalidPolicyDocument', `Invalid Policy: ${detail}`);
}

function invalidJson(): S3Error {
  return invalidPolicy('Invalid JSON.');
}
