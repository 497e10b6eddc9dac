/**
 * Compiled paths. Both languages compile to one step list, so matching and evaluation do
 * not care how a path was written; `language` keeps the few rules in which they differ.
 */

/** A child step: an object key, or an element name with an optional namespace prefix. */
export interface NameStep {
  kind: 'name';
  name: string;
  prefix?: string;
  /** XPath position predicate, zero-based (`author[0]`). */
  index?: number;
}

/** Any key or element (`*`, `.*`). */
export interface AnyStep {
  kind: 'any';
  index?: number;
}

/** A JSONPath array step: `[n]` or `[*]`. */
export interface IndexStep {
  kind: 'index';
  index: number;
}
export interface EachStep {
  kind: 'each';
}

/** An XML attribute (`@id`, `@xml:lang`); only the last step of a path. */
export interface AttributeStep {
  kind: 'attribute';
  name: string;
  prefix?: string;
}

export type Step = NameStep | AnyStep | IndexStep | EachStep | AttributeStep;

export interface Path {
  language: 'jsonpath' | 'xpath';
  /** Starts at the document root (`$`, `/`); otherwise at the current record. */
  absolute: boolean;
  steps: Step[];
  /** The path as written, for messages. */
  text: string;
}

/** Whether a path step can match more than one value, which makes a JSONPath value a list. */
export function hasWildcard(path: Path): boolean {
  return path.steps.some((step) => step.kind === 'each' || (step.kind === 'any' && step.index === undefined));
}

/** Namespace prefixes a path uses, for the check that the document declares each one. */
export function prefixesOf(path: Path): string[] {
  const prefixes: string[] = [];
  for (const step of path.steps) {
    if ((step.kind === 'name' || step.kind === 'attribute') && step.prefix !== undefined) {
      prefixes.push(step.prefix);
    }
  }
  return prefixes;
}

/** Whether two steps are written the same way, for finding one path inside another. */
export function sameStep(a: Step, b: Step): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'name':
    case 'attribute':
      return a.name === (b as NameStep).name && a.prefix === (b as NameStep).prefix &&
        (a as NameStep).index === (b as NameStep).index;
    case 'any':
      return a.index === (b as AnyStep).index;
    case 'index':
      return a.index === (b as IndexStep).index;
    case 'each':
      return true;
  }
}
