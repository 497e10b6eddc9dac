import { QueryError, type CompiledProfile, type ExtractOptions, type RowSink } from '../engine-types.js';
import { jsonColumnValue, selectJson } from '../path/evaluate-json.js';
import { compactJson, isJsonObject, JsonNumberText } from '../path/json-value.js';
import type { Path } from '../path/steps.js';
import type { RawValue } from './convert.js';
import { DocumentValues } from './document-values.js';
import { JsonScanner, ValueAction, type JsonScanHandler } from './json-scanner.js';
import { LocationPattern, Match } from './json-location.js';
import { parseLosslessJson } from './lossless-json.js';
import type { ExtractionPlan } from './plan.js';
import { RowBuilder, type RecordAdapter } from './rows.js';

const OPEN_ARRAY = 0x5b;

/** Reads a JSON or NDJSON page and emits its rows; returns the rows, the next reference and the NULL counts. */
export async function extractJsonPage(
  plan: ExtractionPlan,
  profile: CompiledProfile,
  ndjson: boolean,
  body: AsyncIterable<Uint8Array>,
  sink: RowSink,
  options: ExtractOptions,
  page: { index: number; rowIdStart: number },
  nextPath: Path | undefined,
) {
  const adapter = new JsonAdapter();
  const targets = nextPath === undefined ? plan.documentPaths : [...plan.documentPaths, nextPath];
  const documentValues = new DocumentValues<unknown>(targets, (value) => adapter.raw(value));
  const builder = new RowBuilder(plan, profile, adapter, sink, options, page, (index) => documentValues.raw(index));
  const handler = new JsonHandler(plan.recordPaths, targets, ndjson, adapter, builder, documentValues);
  const scanner = new JsonScanner(handler, ndjson, options);
  for await (const chunk of body) scanner.write(chunk);
  scanner.end();
  const result: { rows: number; nullified: Record<string, number>; next?: string } = { rows: builder.rows, nullified: builder.nullified };
  if (nextPath !== undefined) {
    const next = referenceText(documentValues.current(targets.length - 1));
    if (next !== undefined) result.next = next;
  }
  return result;
}

function referenceText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof JsonNumberText) return value.text;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Reads values from parsed records; `lossless` is set while the current record contains JsonNumberText. */
class JsonAdapter implements RecordAdapter<unknown> {
  lossless = false;

  records(node: unknown, path: Path): unknown[] {
    return selectJson(node, path, true);
  }

  value(node: unknown, path: Path): RawValue {
    return this.raw(jsonColumnValue(node, path));
  }

  raw(value: unknown): RawValue {
    if (value === undefined || value === null) return value as undefined | null;
    if (Array.isArray(value) || isJsonObject(value)) return { aggregate: compactJson(value, this.lossless) };
    return value as RawValue;
  }
}

function patternFor(path: Path, ndjson: boolean, isRecordPath: boolean): LocationPattern {
  if (path.language === 'xpath' && (path.steps[0]?.kind !== 'name' || path.steps[0].name !== 'json')) {
    throw new QueryError(`the path ${JSON.stringify(path.text)} is an XPath into a JSON document, so it must start with /json`);
  }
  // NDJSON is a sequence of documents, so `$[*]` selects each of them, as `$` does.
  if (ndjson && isRecordPath && path.language === 'jsonpath' && path.steps.length === 1 && path.steps[0]!.kind === 'each') {
    return new LocationPattern({ ...path, steps: [] });
  }
  return new LocationPattern(path);
}

class JsonHandler implements JsonScanHandler {
  private readonly records: LocationPattern[];
  private readonly captures: LocationPattern[];
  /** Capture targets matched at the current value, and those nested in it with their remaining path. */
  private capturing: number[] = [];
  private nested: Array<{ index: number; rest: Path }> = [];
  private recordNumber = 0;

  constructor(
    recordPaths: Path[],
    capturePaths: Path[],
    private readonly ndjson: boolean,
    private readonly adapter: JsonAdapter,
    private readonly builder: RowBuilder<unknown>,
    private readonly documentValues: DocumentValues<unknown>,
  ) {
    this.records = recordPaths.map((path) => patternFor(path, ndjson, true));
    this.captures = capturePaths.map((path) => patternFor(path, ndjson, false));
  }

  action(comps: Array<string | number>, start: number, first: number): ValueAction {
    let descend = false;
    for (const pattern of this.records) {
      const match = pattern.match(comps, start);
      if (match === Match.Element) return ValueAction.Record;
      if (match === Match.Exact) {
        if (first === OPEN_ARRAY && pattern.endsOnName) descend = true;
        else if (!(pattern.pendingIndex !== undefined && pattern.pendingIndex > 0)) return ValueAction.Record;
      } else if (match === Match.Partial) {
        descend = true;
      }
    }
    if (this.captures.length === 0) return descend ? ValueAction.Descend : ValueAction.Skip;
    return this.captureAction(comps, start, first, descend);
  }

  private captureAction(comps: Array<string | number>, start: number, first: number, descend: boolean): ValueAction {
    const capturing: number[] = [];
    const partial: number[] = [];
    for (const [index, pattern] of this.captures.entries()) {
      const match = pattern.match(comps, start);
      const pending = pattern.pendingIndex;
      if (match === Match.Exact) {
        if (pattern.path.language === 'xpath' && first === OPEN_ARRAY && pending !== undefined) partial.push(index);
        else if (!(pending !== undefined && pending > 0)) capturing.push(index);
      } else if (match === Match.Element && pattern.path.language === 'xpath') {
        capturing.push(index);
      } else if (match === Match.Partial) {
        partial.push(index);
      }
    }
    if (descend || capturing.length === 0) return descend || partial.length > 0 ? ValueAction.Descend : ValueAction.Skip;
    this.capturing = capturing;
    // A target inside the captured value is read from it, since the scanner does not descend into it.
    const depth = comps.length - start;
    this.nested = partial.map((index) => {
      const path = this.captures[index]!.path;
      const keys = comps.slice(start).filter((comp) => typeof comp === 'string').length;
      const consumed = path.language === 'xpath' ? keys + 1 : depth;
      return { index, rest: { ...path, absolute: false, steps: path.steps.slice(consumed) } };
    });
    return ValueAction.Capture;
  }

  parsedRecords(values: unknown[]): void {
    this.adapter.lossless = false;
    for (let k = 0; k < values.length; k++) {
      this.recordNumber += 1;
      this.builder.add(values[k]);
    }
  }

  value(action: ValueAction, text: string, exact: boolean, offset: number): void {
    let value: unknown;
    try {
      value = exact ? parseLosslessJson(text) : JSON.parse(text);
    } catch (error) {
      const what = action === ValueAction.Record ? `record ${this.recordNumber + 1}` : 'a document value';
      throw new QueryError(`invalid JSON in ${what}${this.ndjson ? ' (NDJSON)' : ''} starting at byte ${offset}: ${(error as Error).message}`);
    }
    this.adapter.lossless = exact;
    if (action === ValueAction.Record) {
      this.recordNumber += 1;
      this.builder.add(value);
      return;
    }
    for (const index of this.capturing) this.documentValues.add(index, value);
    for (const { index, rest } of this.nested) {
      const found = jsonColumnValue(value, rest);
      if (found !== undefined) this.documentValues.add(index, found);
    }
  }
}
