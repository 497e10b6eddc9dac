import type { Path, Step } from '../path/steps.js';

/** How a location in the document relates to a path. */
export const enum Match {
  None = 0,
  /** The location is on the way to a match: descend into its value. */
  Partial = 1,
  /** The location is the path's value. */
  Exact = 2,
  /** The location is an element of the array at the path's end. */
  Element = 3,
}

/**
 * A path compiled for matching locations while streaming. A location is the list of
 * object keys and array indexes from the root (`['books', 3]`).
 */
export class LocationPattern {
  private readonly steps: Step[];
  private readonly xpath: boolean;
  /** For XPath, the position predicate of the last step matched when no index followed it. */
  pendingIndex: number | undefined;

  constructor(readonly path: Path) {
    this.xpath = path.language === 'xpath';
    // An absolute XPath into JSON starts with the `json` root element, which has no key.
    this.steps = this.xpath ? path.steps.slice(1) : path.steps;
  }

  /** Whether the path's last step names a key, so an array there stands for its elements. */
  get endsOnName(): boolean {
    const last = this.steps.at(-1);
    return last === undefined || last.kind === 'name' || this.xpath;
  }

  /** Matches the location `comps[start..]`; `start` skips the line index of NDJSON. */
  match(comps: Array<string | number>, start: number): Match {
    return this.xpath ? this.matchXPath(comps, start) : this.matchJsonPath(comps, start);
  }

  private matchJsonPath(comps: Array<string | number>, start: number): Match {
    const steps = this.steps;
    const length = comps.length - start;
    for (let i = 0; i < length; i++) {
      const comp = comps[start + i]!;
      if (i === steps.length) {
        return i === length - 1 && typeof comp === 'number' && this.endsOnName ? Match.Element : Match.None;
      }
      const step = steps[i]!;
      switch (step.kind) {
        case 'name':
        case 'attribute':
          if (comp !== step.name) return Match.None;
          break;
        case 'each':
          if (typeof comp !== 'number') return Match.None;
          break;
        case 'index':
          if (comp !== step.index) return Match.None;
          break;
        case 'any':
          break;
      }
    }
    return length === steps.length ? Match.Exact : Match.Partial;
  }

  private matchXPath(comps: Array<string | number>, start: number): Match {
    const steps = this.steps;
    let i = start;
    this.pendingIndex = undefined;
    // A document that is an array stands for its elements.
    let lastWasIndex = false;
    if (i < comps.length && typeof comps[i] === 'number') {
      i += 1;
      lastWasIndex = true;
    }
    for (const step of steps) {
      if (i === comps.length) return Match.Partial;
      const comp = comps[i]!;
      if (typeof comp !== 'string') return Match.None;
      if (step.kind === 'name' || step.kind === 'attribute') {
        if (comp !== step.name) return Match.None;
      } else if (step.kind !== 'any') {
        return Match.None;
      }
      i += 1;
      const index = step.kind === 'attribute' ? undefined : step.index;
      if (i < comps.length && typeof comps[i] === 'number') {
        if (index !== undefined && comps[i] !== index) return Match.None;
        i += 1;
        lastWasIndex = true;
      } else {
        if (index !== undefined && index !== 0 && i < comps.length) return Match.None;
        this.pendingIndex = index;
        lastWasIndex = false;
      }
    }
    if (i !== comps.length) return Match.None;
    return lastWasIndex ? Match.Element : Match.Exact;
  }
}
