import { QueryError } from '../engine-types.js';
import type { Path } from '../path/steps.js';
import type { ExtractionPlan } from './plan.js';
import { LocationPattern, Match } from './json-location.js';
import { ValueAction, type JsonScanHandler } from './json-scanner.js';

const OPEN_ARRAY = 0x5b;

/** Returns the paths a JSON page captures, numbered in this order: the document columns' paths, then the next page's reference. */
export function capturePathsOf(plan: ExtractionPlan, nextPath: Path | undefined): Path[] {
  return nextPath === undefined ? plan.documentPaths : [...plan.documentPaths, nextPath];
}

/**
 * Destinations of a captured value: the capture targets it matches itself, and those nested
 * in it, each with the number of its path's steps that the value's location already covers.
 */
export interface CaptureTargets {
  capturing: number[];
  nested: Array<{ index: number; consumed: number }>;
}

/** The side that parses the values the scanner selected. It receives text and byte ranges only. */
export interface JsonValueReceiver {
  /** Consecutive records of one chunk, as JsonScanHandler.records describes them. */
  records(buf: Buffer, starts: number[], ends: number[], offsets: number[]): void;
  /** One record (`targets` undefined) or one captured value, as text. */
  value(text: string, exact: boolean, offset: number, targets: CaptureTargets | undefined): void;
}

/**
 * Decides, location by location, what the scanner does with each value of a JSON page:
 * descend into it, skip it, or hand it to the receiver as a record or a captured document
 * value. It matches locations only and never parses a value.
 */
export class JsonLocator implements JsonScanHandler {
  private readonly recordPatterns: LocationPattern[];
  private readonly capturePatterns: LocationPattern[];
  /** The targets of the value that `action` last chose to capture. */
  private targets: CaptureTargets = { capturing: [], nested: [] };

  constructor(
    recordPaths: Path[],
    capturePaths: Path[],
    ndjson: boolean,
    private readonly receiver: JsonValueReceiver,
  ) {
    this.recordPatterns = recordPaths.map((path) => patternFor(path, ndjson, true));
    this.capturePatterns = capturePaths.map((path) => patternFor(path, ndjson, false));
  }

  action(comps: Array<string | number>, start: number, first: number): ValueAction {
    let descend = false;
    for (const pattern of this.recordPatterns) {
      const match = pattern.match(comps, start);
      if (match === Match.Element) return ValueAction.Record;
      if (match === Match.Exact) {
        if (first === OPEN_ARRAY && pattern.endsOnName) descend = true;
        else if (!(pattern.pendingIndex !== undefined && pattern.pendingIndex > 0)) return ValueAction.Record;
      } else if (match === Match.Partial) {
        descend = true;
      }
    }
    if (this.capturePatterns.length === 0) return descend ? ValueAction.Descend : ValueAction.Skip;
    return this.captureAction(comps, start, first, descend);
  }

  records(buf: Buffer, starts: number[], ends: number[], offsets: number[]): void {
    this.receiver.records(buf, starts, ends, offsets);
  }

  value(action: ValueAction, text: string, exact: boolean, offset: number): void {
    this.receiver.value(text, exact, offset, action === ValueAction.Capture ? this.targets : undefined);
  }

  private captureAction(comps: Array<string | number>, start: number, first: number, descend: boolean): ValueAction {
    const capturing: number[] = [];
    const partial: number[] = [];
    for (const [index, pattern] of this.capturePatterns.entries()) {
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
    // A target inside the captured value is read from it, since the scanner does not descend into it.
    const depth = comps.length - start;
    const keys = comps.slice(start).filter((comp) => typeof comp === 'string').length;
    const nested = partial.map((index) => ({
      index,
      consumed: this.capturePatterns[index]!.path.language === 'xpath' ? keys + 1 : depth,
    }));
    this.targets = { capturing, nested };
    return ValueAction.Capture;
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
