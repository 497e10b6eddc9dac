/**
 * A strict JSON reader (RFC 8259) for policy documents. `JSON.parse` is not used because a
 * policy needs two things it does not give: the line and column of a syntax error, and a
 * rejection of duplicate member names, which `JSON.parse` resolves silently to the last one.
 */

/** A JSON number with its text as written, because condition values compare as text. */
export interface JsonNumber {
  readonly type: 'number';
  readonly text: string;
  readonly value: number;
}

/** A JSON object; member order is kept. */
export interface JsonObject {
  readonly type: 'object';
  readonly members: ReadonlyMap<string, JsonValue>;
}

export type JsonValue = null | boolean | string | JsonNumber | JsonObject | readonly JsonValue[];

/** A JSON syntax error with the 1-based line and column where reading stopped. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

export interface JsonDocument {
  readonly value: JsonValue;
  /** Characters of the document outside whitespace between tokens. */
  readonly compactLength: number;
  /** UTF-8 bytes of the document outside whitespace between tokens. */
  readonly compactBytes: number;
}

export function isJsonObject(value: JsonValue): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && (value as JsonObject).type === 'object';
}

export function isJsonNumber(value: JsonValue): value is JsonNumber {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && (value as JsonNumber).type === 'number';
}

/** Parses one JSON document; throws `JsonSyntaxError`. */
export function readJson(text: string): JsonDocument {
  const reader = new Reader(text);
  reader.skipWhitespace();
  const value = reader.readValue();
  reader.skipWhitespace();
  if (reader.position < text.length) reader.fail('Unexpected data after the JSON value');
  const compactLength = text.length - reader.whitespace;
  const compactBytes = Buffer.byteLength(text, 'utf8') - reader.whitespace;
  return { value, compactLength, compactBytes };
}

class Reader {
  position = 0;
  /** Whitespace characters skipped between tokens; all of them are one byte in UTF-8. */
  whitespace = 0;

  constructor(private readonly text: string) {}

  fail(reason: string, at: number = this.position): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    throw new JsonSyntaxError(reason, line, at - lineStart + 1);
  }

  skipWhitespace(): void {
    while (this.position < this.text.length) {
      const c = this.text[this.position];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.position++;
      this.whitespace++;
    }
  }

  readValue(): JsonValue {
    const c = this.text[this.position];
    if (c === undefined) this.fail('Unexpected end of JSON input');
    if (c === '{') return this.readObject();
    if (c === '[') return this.readArray();
    if (c === '"') return this.readString();
    if (c === '-' || (c >= '0' && c <= '9')) return this.readNumber();
    if (this.text.startsWith('true', this.position)) {
      this.position += 4;
      return true;
    }
    if (this.text.startsWith('false', this.position)) {
      this.position += 5;
      return false;
    }
    if (this.text.startsWith('null', this.position)) {
      this.position += 4;
      return null;
    }
    this.fail(`Unexpected character ${JSON.stringify(c)}`);
  }

  private readObject(): JsonObject {
    this.position++;
    const members = new Map<string, JsonValue>();
    this.skipWhitespace();
    if (this.text[this.position] === '}') {
      this.position++;
      return { type: 'object', members };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.position] !== '"') this.fail('Expected a member name in double quotes');
      const nameAt = this.position;
      const name = this.readString();
      if (members.has(name)) this.fail(`Duplicate member name ${JSON.stringify(name)}`, nameAt);
      this.skipWhitespace();
      if (this.text[this.position] !== ':') this.fail("Expected ':' after a member name");
      this.position++;
      this.skipWhitespace();
      members.set(name, this.readValue());
      this.skipWhitespace();
      const next = this.text[this.position];
      this.position++;
      if (next === '}') return { type: 'object', members };
      if (next !== ',') this.fail("Expected ',' or '}' after an object member", this.position - 1);
    }
  }

  private readArray(): JsonValue[] {
    this.position++;
    const items: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.position] === ']') {
      this.position++;
      return items;
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.readValue());
      this.skipWhitespace();
      const next = this.text[this.position];
      this.position++;
      if (next === ']') return items;
      if (next !== ',') this.fail("Expected ',' or ']' after an array element", this.position - 1);
    }
  }

  private readString(): string {
    this.position++;
    let result = '';
    for (;;) {
      const c = this.text[this.position];
      if (c === undefined) this.fail('Unterminated string');
      if (c === '"') {
        this.position++;
        return result;
      }
      if (c < ' ') this.fail('Control character in string');
      if (c !== '\\') {
        result += c;
        this.position++;
        continue;
      }
      const escape = this.text[this.position + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (escape !== undefined && simple[escape] !== undefined) {
        result += simple[escape];
        this.position += 2;
      } else if (escape === 'u') {
        const hex = this.text.slice(this.position + 2, this.position + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\u escape in string');
        result += String.fromCharCode(Number.parseInt(hex, 16));
        this.position += 6;
      } else {
        this.fail('Invalid escape in string');
      }
    }
  }

  private readNumber(): JsonNumber {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(this.position));
    if (match === null) this.fail('Invalid number');
    const text = match[0];
    this.position += text.length;
    return { type: 'number', text, value: Number(text) };
  }
}

/** Renders a value back to compact JSON text, for error messages. */
export function jsonText(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (isJsonNumber(value)) return value.text;
  if (isJsonObject(value)) {
    return `{${[...value.members].map(([name, member]) => `${JSON.stringify(name)}:${jsonText(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
