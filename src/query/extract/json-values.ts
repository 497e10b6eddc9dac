import { QueryError, type CompiledProfile, type ExtractOptions, type PageResult, type RowSink } from '../engine-types.js';
import { jsonColumnValue, selectJson } from '../path/evaluate-json.js';
import { compactJson, isJsonObject, JsonNumberText } from '../path/json-value.js';
import type { Path } from '../path/steps.js';
import type { RawValue } from './convert.js';
import { DocumentValues } from './document-values.js';
import { capturePathsOf, type CaptureTargets, type JsonValueReceiver } from './json-locator.js';
import { parseLosslessJson } from './lossless-json.js';
import type { ExtractionPlan } from './plan.js';
import { RowBuilder, type RecordAdapter } from './rows.js';

/**
 * The parsing side of one JSON or NDJSON page: it parses the records and captured values
 * the scanner selected, turns records into rows for `sink`, and keeps the document values.
 */
export class JsonPageReader implements JsonValueReceiver {
  private readonly capturePaths: Path[];
  private readonly adapter = new JsonAdapter();
  private readonly documentValues: DocumentValues<unknown>;
  private readonly builder: RowBuilder<unknown>;
  private recordNumber = 0;

  constructor(
    plan: ExtractionPlan,
    profile: CompiledProfile,
    private readonly ndjson: boolean,
    sink: RowSink,
    options: ExtractOptions,
    page: { index: number; rowIdStart: number },
    private readonly nextPath: Path | undefined,
  ) {
    this.capturePaths = capturePathsOf(plan, nextPath);
    this.documentValues = new DocumentValues<unknown>(this.capturePaths, (value) => this.adapter.raw(value));
    this.builder = new RowBuilder(plan, profile, this.adapter, sink, options, page, (index) => this.documentValues.raw(index));
  }

  /**
   * Parses consecutive records with one JSON.parse of the array they form, which saves a
   * text and a parse call per record. A batch that does not parse goes record by record,
   * for the error of the first bad one.
   */
  records(buf: Buffer, starts: number[], ends: number[], offsets: number[]): void {
    const count = starts.length;
    if (count > 1) {
      // Records of one array are separated by a comma, and NDJSON documents by whitespace only.
      const text = this.ndjson
        ? starts.map((start, k) => buf.toString('utf8', start, ends[k])).join(',')
        : buf.toString('utf8', starts[0], ends[count - 1]);
      let values: unknown;
      try {
        values = JSON.parse(`[${text}]`);
      } catch {
        values = undefined;
      }
      if (Array.isArray(values) && values.length === count) {
        this.adapter.lossless = false;
        for (let k = 0; k < count; k++) {
          this.recordNumber += 1;
          this.builder.add(values[k]);
        }
        return;
      }
    }
    for (let k = 0; k < count; k++) this.value(buf.toString('utf8', starts[k], ends[k]), false, offsets[k]!, undefined);
  }

  value(text: string, exact: boolean, offset: number, targets: CaptureTargets | undefined): void {
    let value: unknown;
    try {
      value = exact ? parseLosslessJson(text) : JSON.parse(text);
    } catch (error) {
      const subject = targets === undefined ? `record ${this.recordNumber + 1}` : 'a document value';
      // Some of V8's JSON.parse messages span several lines, and an error message keeps to one.
      const reason = (error as Error).message.replace(/\s*\n\s*/g, ' ');
      throw new QueryError(`invalid JSON in ${subject}${this.ndjson ? ' (NDJSON)' : ''} starting at byte ${offset}: ${reason}`);
    }
    this.adapter.lossless = exact;
    if (targets === undefined) {
      this.recordNumber += 1;
      this.builder.add(value);
      return;
    }
    for (const index of targets.capturing) this.documentValues.add(index, value);
    for (const { index, consumed } of targets.nested) {
      const path = this.capturePaths[index]!;
      const found = jsonColumnValue(value, { ...path, absolute: false, steps: path.steps.slice(consumed) });
      if (found !== undefined) this.documentValues.add(index, found);
    }
  }

  /** Returns the page's rows, NULL counts and next reference, once every value has been received. */
  result(): PageResult {
    const result: PageResult = { rows: this.builder.rows, nullified: this.builder.nullified };
    if (this.nextPath !== undefined) {
      const next = referenceText(this.documentValues.current(this.capturePaths.length - 1));
      if (next !== undefined) result.next = next;
    }
    return result;
  }
}

function referenceText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumberText) return value.text;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Reads values from parsed records. `lossless` is set while the current record contains JsonNumberText. */
class JsonAdapter implements RecordAdapter<unknown> {
  lossless = false;

  records(node: unknown, path: Path): unknown[] {
    return selectJson(node, path, true);
  }

  value(node: unknown, path: Path): RawValue {
    return this.raw(jsonColumnValue(node, path));
  }

  raw(value: unknown): RawValue {
    // Scalars first: they are most values, and need no further test.
    if (typeof value !== 'object' || value === null) return value as RawValue;
    if (Array.isArray(value) || isJsonObject(value)) return { aggregate: compactJson(value, this.lossless) };
    return value as RawValue;
  }
}
