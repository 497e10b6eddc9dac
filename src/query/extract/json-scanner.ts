import { QueryError } from '../engine-types.js';
import { exactDigits } from './lossless-json.js';

/** Handling of a value, decided by JsonScanHandler.action when the value starts. */
export const enum ValueAction {
  Skip = 0,
  Descend = 1,
  Record = 2,
  Capture = 3,
}

export interface JsonScanHandler {
  /**
   * Decides about the value starting at location `comps[start..]`, whose first byte is
   * `first`. Descend is only honoured for objects and arrays.
   */
  action(comps: Array<string | number>, start: number, first: number): ValueAction;
  /** A complete value selected by Record or Capture, as text; `exact` requests JsonNumberText parsing. */
  value(action: ValueAction, text: string, exact: boolean, offset: number): void;
  /**
   * Consecutive records of one chunk, in document order: record k is `buf[starts[k]..ends[k])`
   * and starts at document byte `offsets[k]`. Only whitespace and the separating commas lie
   * between them. `buf` is reused after the call, so a receiver copies what it keeps.
   */
  records(buf: Buffer, starts: number[], ends: number[], offsets: number[]): void;
}

export interface ScanLimits {
  maxDepth: number;
  maxRecordBytes: number;
}

const enum Expect {
  /** A value (the document, an array element or a member value). */
  Value,
  /** After `{`: a member name or `}`. */
  FirstKey,
  /** After `,` in an object: a member name. */
  Key,
  Colon,
  /** After `[`: a value or `]`. */
  FirstValue,
  /** After a value: `,` or the closing bracket, or at top level the end. */
  Separator,
}

const enum Span {
  None = 0,
  Skip = 1,
  Keep = 2,
  Key = 3,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * A streaming JSON reader that never builds the whole document. Outside the selected
 * values it tracks only the location (keys and indexes of the open containers). A
 * selected value is cut out as text, by counting brackets outside strings, and handed
 * over whole, so JSON.parse does the parsing. Values that no path selects are skipped by
 * the same bracket count, which does not validate their content.
 *
 * NDJSON is read as a sequence of documents separated by whitespace, each located under
 * its line index.
 */
export class JsonScanner {
  private readonly comps: Array<string | number> = [];
  /** Per open container: true for an object. */
  private readonly objects: boolean[] = [];
  private expect = Expect.Value;
  private documents = 0;

  private span = Span.None;
  private spanAction = ValueAction.Skip;
  /** Bracket depth inside the span; 0 while the span is a scalar. */
  private spanDepth = 0;
  private spanString = false;
  private spanEscape = false;
  private spanBare = false;
  private spanStart = 0;
  private spanOffset = 0;
  private spanPieces: Buffer[] = [];
  private spanBytes = 0;
  private digits = 0;
  private longNumber = false;

  private offset = 0;
  private started = false;

  /**
   * Records of the current chunk not yet handed over: positions in the chunk and document
   * offsets. They go to the handler together, so that the receiver can parse them with one
   * JSON.parse of the array they form.
   */
  private batchStarts: number[] = [];
  private batchEnds: number[] = [];
  private batchOffsets: number[] = [];
  private batchBuf: Buffer | undefined;

  constructor(
    private readonly handler: JsonScanHandler,
    private readonly ndjson: boolean,
    private readonly limits: ScanLimits,
  ) {
    if (ndjson) {
      this.comps.push(0);
      this.objects.push(false);
    }
  }

  /** The number of whitespace-separated documents seen, for NDJSON record numbers. */
  get documentCount(): number {
    return this.documents;
  }

  write(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let i = 0;
    if (!this.started && buf.length > 0) {
      this.started = true;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
    }
    const n = buf.length;
    if (this.span !== Span.None) {
      this.spanStart = 0;
      i = this.continueSpan(buf, i);
    }
    while (i >= 0 && i < n) {
      const c = buf[i]!;
      if (isSpace(c)) {
        i += 1;
        continue;
      }
      i = this.step(buf, i, c);
    }
    this.flushRecords();
    this.offset += n;
  }

  /** Ends the document; raises an error if it stopped inside a value. */
  end(): void {
    if (this.span !== Span.None && this.spanBare && this.spanDepth === 0) {
      this.finishSpan(Buffer.alloc(0), 0);
    }
    const open = this.objects.length - (this.ndjson ? 1 : 0);
    if (this.span !== Span.None || open > 0 || this.expect === Expect.Colon) {
      throw new QueryError(`the JSON document ends early, at byte ${this.offset}: it was cut off or is not complete`);
    }
    if (!this.ndjson && this.documents === 0) throw new QueryError('the JSON document is empty');
  }

  private fail(c: number, position: number, expected: string): never {
    const found = c === undefined ? 'the end' : JSON.stringify(String.fromCharCode(c));
    throw new QueryError(`invalid JSON at byte ${this.offset + position}: expected ${expected} but found ${found}`);
  }

  /** Handles one structural byte outside any span; returns the next position, or -1 to wait for more input. */
  private step(buf: Buffer, i: number, c: number): number {
    switch (this.expect) {
      case Expect.Value:
      case Expect.FirstValue:
        if (c === CLOSE_ARRAY && this.expect === Expect.FirstValue) return this.close(buf, i, c);
        return this.startValue(buf, i, c);
      case Expect.FirstKey:
      case Expect.Key:
        if (c === CLOSE_OBJECT && this.expect === Expect.FirstKey) return this.close(buf, i, c);
        if (c !== QUOTE) this.fail(c, i, 'a member name');
        return this.startSpan(buf, i, c, Span.Key, ValueAction.Skip);
      case Expect.Colon:
        if (c !== COLON) this.fail(c, i, ':');
        this.expect = Expect.Value;
        return i + 1;
      case Expect.Separator:
        return this.separator(buf, i, c);
    }
  }

  private separator(buf: Buffer, i: number, c: number): number {
    const depth = this.objects.length;
    const atTop = depth === 0 || (this.ndjson && depth === 1);
    if (atTop) {
      if (!this.ndjson) this.fail(c, i, 'the end of the document (use the ndjson format for one value per line)');
      return this.startValue(buf, i, c);
    }
    if (c === COMMA) {
      if (this.objects[depth - 1]) {
        this.expect = Expect.Key;
      } else {
        (this.comps[depth - 1] as number) += 1;
        this.expect = Expect.Value;
      }
      return i + 1;
    }
    if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) return this.close(buf, i, c);
    return this.fail(c, i, this.objects[depth - 1] ? ', or }' : ', or ]');
  }

  private close(buf: Buffer, i: number, c: number): number {
    const isObject = this.objects.pop()!;
    if ((c === CLOSE_OBJECT) !== isObject) this.fail(c, i, isObject ? '}' : ']');
    this.comps.pop();
    this.afterValue();
    return i + 1;
  }

  private afterValue(): void {
    this.expect = Expect.Separator;
    const depth = this.objects.length;
    if (depth === 0 || (this.ndjson && depth === 1)) {
      this.documents += 1;
      if (this.ndjson) this.comps[0] = this.documents;
    }
  }

  private startValue(buf: Buffer, i: number, c: number): number {
    const start = this.ndjson ? 1 : 0;
    const action = this.handler.action(this.comps, start, c);
    if (action === ValueAction.Descend && (c === OPEN_OBJECT || c === OPEN_ARRAY)) {
      if (this.objects.length + 1 > this.limits.maxDepth) this.tooDeep(i);
      this.objects.push(c === OPEN_OBJECT);
      this.comps.push(c === OPEN_OBJECT ? '' : 0);
      this.expect = c === OPEN_OBJECT ? Expect.FirstKey : Expect.FirstValue;
      return i + 1;
    }
    const keep = action === ValueAction.Record || action === ValueAction.Capture;
    return this.startSpan(buf, i, c, keep ? Span.Keep : Span.Skip, action);
  }

  private tooDeep(i: number): never {
    throw new QueryError(`the JSON document nests deeper than ${this.limits.maxDepth} levels at byte ${this.offset + i}; raise the depth limit if this is expected`);
  }

  private startSpan(buf: Buffer, i: number, c: number, span: Span, action: ValueAction): number {
    this.span = span;
    this.spanAction = action;
    this.spanStart = i;
    this.spanOffset = this.offset + i;
    this.spanPieces = [];
    this.spanBytes = 0;
    this.digits = 0;
    this.longNumber = false;
    this.spanString = false;
    this.spanEscape = false;
    this.spanBare = false;
    this.spanDepth = 0;
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      this.spanDepth = 1;
      if (this.objects.length + 1 > this.limits.maxDepth) this.tooDeep(i);
    } else if (c === QUOTE) {
      this.spanString = true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY || c === COMMA || c === COLON) {
      this.fail(c, i, 'a value');
    } else {
      this.spanBare = true;
    }
    return this.continueSpan(buf, i + 1);
  }

  /** Scans the current span from `i`; returns the position after it, or -1 when the chunk ends first. */
  private continueSpan(buf: Buffer, i: number): number {
    if (this.spanBare) return this.continueBareSpan(buf, i);

    const n = buf.length;
    let depth = this.spanDepth;
    let inString = this.spanString;
    let digits = this.digits;
    if (this.spanEscape) {
      this.spanEscape = false;
      i += 1;
    }
    const base = this.objects.length;
    const maxDepth = this.limits.maxDepth;

    while (i < n) {
      if (inString) {
        while (i < n) {
          const c = buf[i]!;
          if (c === QUOTE) break;
          i += c === BACKSLASH ? 2 : 1;
        }
        if (i >= n) {
          this.spanEscape = i > n;
          break;
        }
        inString = false;
        i += 1;
        if (depth === 0) {
          this.spanString = false;
          return this.finishSpan(buf, i);
        }
        continue;
      }
      const c = buf[i]!;
      if (c >= 0x30 && c <= 0x39) {
        digits += 1;
        i += 1;
        continue;
      }
      if (digits !== 0) {
        if (digits >= exactDigits && isLongInteger(buf, i, digits)) this.longNumber = true;
        digits = 0;
      }
      if (c === QUOTE) {
        inString = true;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        depth += 1;
        if (base + depth > maxDepth) this.tooDeep(i);
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth -= 1;
        if (depth === 0) {
          this.spanDepth = 0;
          return this.finishSpan(buf, i + 1);
        }
      }
      i += 1;
    }

    this.spanDepth = depth;
    this.spanString = inString;
    this.digits = digits;
    return this.suspendSpan(buf);
  }

  /** Scans a number, `true`, `false` or `null`, which ends at the first delimiter. */
  private continueBareSpan(buf: Buffer, i: number): number {
    const n = buf.length;
    while (i < n) {
      const c = buf[i]!;
      if (isSpace(c) || c === COMMA || c === CLOSE_ARRAY || c === CLOSE_OBJECT) return this.finishSpan(buf, i);
      if (c >= 0x30 && c <= 0x39 && ++this.digits >= exactDigits) this.longNumber = true;
      i += 1;
    }
    return this.suspendSpan(buf);
  }

  /** Keeps the span's bytes of this chunk (when the value is selected) until the next chunk. */
  private suspendSpan(buf: Buffer): number {
    if (this.span !== Span.Skip && this.spanStart < buf.length) {
      const piece = Buffer.from(buf.subarray(this.spanStart));
      this.spanPieces.push(piece);
      this.spanBytes += piece.length;
      this.checkSize(this.spanBytes);
    }
    return -1;
  }

  private checkSize(bytes: number): void {
    if (this.span === Span.Keep && bytes > this.limits.maxRecordBytes) {
      throw new QueryError(
        `the value at byte ${this.spanOffset} is larger than the record size limit of ${this.limits.maxRecordBytes} bytes; raise the limit or select smaller records`,
      );
    }
  }

  private finishSpan(buf: Buffer, end: number): number {
    const span = this.span;
    this.span = Span.None;
    if (span === Span.Skip) {
      this.afterValue();
      return end;
    }
    let text: string;
    if (this.spanPieces.length === 0) {
      this.checkSize(end - this.spanStart);
      if (span === Span.Keep && this.spanAction === ValueAction.Record && !this.longNumber) {
        this.queueRecord(buf, this.spanStart, end, this.spanOffset);
        this.afterValue();
        return end;
      }
      text = buf.toString('utf8', this.spanStart, end);
    } else {
      const last = buf.subarray(this.spanStart, end);
      this.checkSize(this.spanBytes + last.length);
      text = Buffer.concat([...this.spanPieces, last]).toString('utf8');
      this.spanPieces = [];
    }
    if (span === Span.Key) {
      this.comps[this.comps.length - 1] = parseKey(text, this.spanOffset);
      this.expect = Expect.Colon;
      return end;
    }
    this.flushRecords();
    this.handler.value(this.spanAction, text, this.longNumber, this.spanOffset);
    this.afterValue();
    return end;
  }

  private queueRecord(buf: Buffer, start: number, end: number, offset: number): void {
    const count = this.batchStarts.length;
    if (count > 0 && !onlySeparators(buf, this.batchEnds[count - 1]!, start)) this.flushRecords();
    this.batchBuf = buf;
    this.batchStarts.push(start);
    this.batchEnds.push(end);
    this.batchOffsets.push(offset);
  }

  /** Hands the queued records over. */
  private flushRecords(): void {
    if (this.batchStarts.length === 0) return;
    const buf = this.batchBuf!;
    const starts = this.batchStarts;
    const ends = this.batchEnds;
    const offsets = this.batchOffsets;
    this.batchStarts = [];
    this.batchEnds = [];
    this.batchOffsets = [];
    this.batchBuf = undefined;
    this.handler.records(buf, starts, ends, offsets);
  }
}

/** True when only whitespace and at most one comma lie between two records. */
function onlySeparators(buf: Buffer, from: number, to: number): boolean {
  let commas = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i]!;
    if (c === COMMA) commas += 1;
    else if (!isSpace(c)) return false;
  }
  return commas <= 1;
}

/**
 * Checks whether the run of `digits` digits that ends before `end` is an integer literal, which
 * JSON.parse would round: not a fraction (`0.6000000000000001`) and not followed by one.
 * A run that started in an earlier chunk counts as an integer, which only costs a slower
 * exact parse.
 */
function isLongInteger(buf: Buffer, end: number, digits: number): boolean {
  const after = buf[end];
  if (after === 0x2e || after === 0x65 || after === 0x45) return false;
  const before = end - digits - 1;
  return before < 0 || buf[before] !== 0x2e;
}

function parseKey(text: string, offset: number): string {
  try {
    return JSON.parse(text) as string;
  } catch {
    throw new QueryError(`invalid JSON at byte ${offset}: the member name ${text.slice(0, 80)} is not a valid string`);
  }
}
