import { QueryError } from '../engine-types.js';
import { JsonNumberText, type JsonValue } from '../path/json-value.js';

/** Integers with this many digits or more may not fit a double exactly, so they keep their text. */
export const exactDigits = 16;

/** Raised inside the parser when the text ends early; `partial` parsing catches it. */
class EndOfText extends Error {}

/**
 * Parses JSON text like JSON.parse, except that integers of 16 digits or more become
 * JsonNumberText with their digits as written. With `partial`, text that ends early (a
 * sample cut at a byte limit) gives the values complete so far, without the unfinished
 * last element of each open array or object.
 */
export function parseLosslessJson(text: string, partial = false): JsonValue | undefined {
  const parser = new LosslessParser(text, partial);
  try {
    const value = parser.value();
    parser.end();
    return value;
  } catch (error) {
    if (error instanceof EndOfText) {
      if (partial) return undefined;
      throw new QueryError('unexpected end of JSON text');
    }
    throw error;
  }
}

class LosslessParser {
  private position = 0;
  /** Set when partial text ended; every open container returns what it has. */
  truncated = false;

  constructor(
    private readonly text: string,
    private readonly partial: boolean,
  ) {}

  value(): JsonValue {
    this.skipSpace();
    const char = this.peek();
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    if (char === 't') return this.literal('true', true);
    if (char === 'f') return this.literal('false', false);
    if (char === 'n') return this.literal('null', null);
    return this.number();
  }

  end(): void {
    this.skipSpace();
    if (this.position < this.text.length) this.fail('unexpected text after the value');
  }

  private object(): JsonValue {
    const result: Record<string, JsonValue> = {};
    this.position += 1;
    this.skipSpace();
    if (this.peek() === '}') {
      this.position += 1;
      return result;
    }
    for (;;) {
      const member = this.guard(() => {
        this.skipSpace();
        if (this.peek() !== '"') this.fail('expected a member name');
        const key = this.string();
        this.skipSpace();
        if (this.peek() !== ':') this.fail('expected :');
        this.position += 1;
        return [key, this.value()] as const;
      });
      if (member === undefined) return result;
      Object.defineProperty(result, member[0], { value: member[1], enumerable: true, writable: true, configurable: true });
      if (this.truncated) return result;
      if (this.guard(() => this.separator('}')) !== false) return result;
    }
  }

  private array(): JsonValue {
    const result: JsonValue[] = [];
    this.position += 1;
    this.skipSpace();
    if (this.peek() === ']') {
      this.position += 1;
      return result;
    }
    for (;;) {
      const element = this.guard(() => [this.value()] as const);
      if (element === undefined) return result;
      if (this.truncated) return result;
      result.push(element[0]);
      if (this.guard(() => this.separator(']')) !== false) return result;
    }
  }

  /** Reads `,` (returns false, more follows) or the closing character (returns true). */
  private separator(close: string): boolean {
    this.skipSpace();
    const char = this.peek();
    this.position += 1;
    if (char === ',') return false;
    if (char === close) return true;
    return this.fail(`expected , or ${close}`);
  }

  /** Runs a step; when partial text ends inside it, marks the parse truncated and returns undefined. */
  private guard<T>(step: () => T): T | undefined {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof EndOfText) || !this.partial) throw error;
      this.truncated = true;
      return undefined;
    }
  }

  private string(): string {
    const start = this.position;
    let i = start + 1;
    for (;;) {
      if (i >= this.text.length) throw new EndOfText();
      const code = this.text.charCodeAt(i);
      if (code === 0x22) break;
      i += code === 0x5c ? 2 : 1;
    }
    this.position = i + 1;
    try {
      return JSON.parse(this.text.slice(start, i + 1)) as string;
    } catch {
      return this.fail('invalid string');
    }
  }

  private number(): JsonValue {
    const match = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.position;
    const found = match.exec(this.text);
    if (found === null) {
      if (this.position >= this.text.length) throw new EndOfText();
      this.fail(`unexpected ${JSON.stringify(this.text[this.position])}`);
    }
    const text = found![0];
    this.position += text.length;
    if (this.position >= this.text.length && this.partial) throw new EndOfText();
    const integer = /^-?\d+$/.test(text);
    return integer && text.replace('-', '').length >= exactDigits ? new JsonNumberText(text) : Number(text);
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    if (this.text.length - this.position < word.length && word.startsWith(this.text.slice(this.position))) throw new EndOfText();
    if (!this.text.startsWith(word, this.position)) this.fail(`unexpected ${JSON.stringify(this.text[this.position])}`);
    this.position += word.length;
    return value;
  }

  private skipSpace(): void {
    while (this.position < this.text.length) {
      const code = this.text.charCodeAt(this.position);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.position += 1;
    }
  }

  private peek(): string {
    if (this.position >= this.text.length) throw new EndOfText();
    return this.text[this.position]!;
  }

  private fail(reason: string): never {
    throw new QueryError(`invalid JSON at character ${this.position + 1}: ${reason}`);
  }
}
