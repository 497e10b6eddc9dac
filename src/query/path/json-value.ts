/**
 * A JSON number kept as written, because it has more digits than a double holds exactly
 * (an id such as 12345678901234567890). Only records that contain such a number are
 * parsed into this form.
 */
export class JsonNumberText {
  constructor(readonly text: string) {}
}

export type JsonValue = string | number | boolean | null | JsonNumberText | JsonValue[] | { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumberText);
}

/** Serialises a value as compact JSON, writing JsonNumberText digits as they were. */
export function compactJson(value: unknown, lossless: boolean): string {
  if (!lossless) return JSON.stringify(value);
  return writeLossless(value);
}

function writeLossless(value: unknown): string {
  if (value instanceof JsonNumberText) return value.text;
  if (Array.isArray(value)) return `[${value.map(writeLossless).join(',')}]`;
  if (isJsonObject(value)) {
    const members = Object.entries(value).map(([key, member]) => `${JSON.stringify(key)}:${writeLossless(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
