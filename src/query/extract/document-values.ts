import { QueryError } from '../engine-types.js';
import { hasWildcard, type Path } from '../path/steps.js';
import type { RawValue } from './convert.js';

/**
 * Values read once per document from absolute paths outside the records: document
 * columns, and the pagination next path (the last target). Streaming emits rows as
 * records arrive, so a value must come before the first record that needs it; one that
 * arrives later raises an error instead of leaving earlier rows silently NULL.
 */
export class DocumentValues<V> {
  private readonly found: V[][];
  private readonly used: boolean[];

  constructor(
    readonly paths: Path[],
    private readonly toRaw: (value: V | V[] | undefined) => RawValue,
  ) {
    this.found = paths.map(() => []);
    this.used = paths.map(() => false);
  }

  add(index: number, value: V): void {
    const path = this.paths[index]!;
    const list = this.found[index]!;
    const changes = list.length === 0 || (path.language === 'jsonpath' && hasWildcard(path));
    if (this.used[index] && changes) {
      throw new QueryError(
        `the value at ${JSON.stringify(path.text)} comes after the first record in the document; ` +
          'Coffer streams records as they arrive, so a document value must come before them. ' +
          'Read it with a separate profile, or move it into each record.',
      );
    }
    list.push(value);
  }

  /** The value as a column reads it: the first match, or every match for a JSONPath wildcard. */
  raw(index: number): RawValue {
    this.used[index] = true;
    return this.toRaw(this.current(index));
  }

  current(index: number): V | V[] | undefined {
    const path = this.paths[index]!;
    const list = this.found[index]!;
    if (path.language === 'jsonpath' && hasWildcard(path)) return list.length === 0 ? undefined : list;
    return list[0];
  }
}
