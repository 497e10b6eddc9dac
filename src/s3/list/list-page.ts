import { prefixUpperBound } from '../../metadata/key-range.js';
import type { MetadataStore, ObjectRecord } from '../../metadata/metadata-store.js';

/** Rows read from the metadata store per query. */
const maxBatchRows = 1000;

export interface ListPageQuery {
  prefix: string;
  /** Groups keys by their first occurrence of this string after the prefix; empty disables grouping. */
  delimiter: string;
  /**
   * Lists entries after this key or common prefix (a marker, `start-after` or a decoded
   * continuation token); empty lists from the start of the prefix.
   */
  after: string;
  maxKeys: number;
}

/** One page of a listing: objects and common prefixes, each in UTF-8 binary key order. */
export interface ListPage {
  objects: ObjectRecord[];
  commonPrefixes: string[];
  /** True when at least one further object or common prefix exists after this page. */
  truncated: boolean;
  /** The last object key or common prefix of the page, where the next page starts after. */
  lastEntry: string | undefined;
}

/**
 * Reads one listing page. A key that contains the delimiter after the prefix is reported
 * once as its common prefix. The scan then jumps past every key under that prefix, so a
 * few prefixes over many keys cost a few queries rather than a scan of every key. Objects
 * and common prefixes both count towards `maxKeys`, as in S3.
 */
export async function readListPage(metadata: MetadataStore, bucket: string, query: ListPageQuery): Promise<ListPage> {
  const page: ListPage = { objects: [], commonPrefixes: [], truncated: false, lastEntry: undefined };
  if (query.maxKeys === 0) return page;
  let cursor = startCursor(query);
  let entries = 0;

  while (cursor !== undefined) {
    const limit = Math.min(maxBatchRows, query.maxKeys - entries + 1);
    const rows = await metadata.listObjects(bucket, { prefix: query.prefix, from: cursor.from, inclusive: cursor.inclusive, limit });
    let skipUnder: string | undefined;
    let next: Cursor | undefined = rows.length < limit ? undefined : { from: rows[rows.length - 1]!.key, inclusive: false };

    for (const row of rows) {
      if (skipUnder !== undefined && row.key.startsWith(skipUnder)) continue;
      if (entries === query.maxKeys) {
        page.truncated = true;
        return page;
      }
      const commonPrefix = commonPrefixOf(row.key, query.prefix, query.delimiter);
      entries += 1;
      if (commonPrefix === undefined) {
        page.objects.push(row);
        page.lastEntry = row.key;
        continue;
      }
      page.commonPrefixes.push(commonPrefix);
      page.lastEntry = commonPrefix;
      skipUnder = commonPrefix;
    }

    // When the batch ended inside the last common prefix, resume past that prefix instead
    // of reading the rest of its keys one batch at a time.
    if (next !== undefined && skipUnder !== undefined && next.from.startsWith(skipUnder)) {
      next = cursorAfterPrefix(skipUnder);
    }
    cursor = next;
  }
  return page;
}

interface Cursor {
  from: string;
  inclusive: boolean;
}

/**
 * Returns where a listing resumes. After a common prefix it resumes past every key under
 * that prefix, so the prefix is not listed again. After a key it resumes after that key.
 */
function startCursor(query: ListPageQuery): Cursor | undefined {
  if (query.after === '') return { from: '', inclusive: true };
  if (query.delimiter !== '' && commonPrefixOf(query.after, query.prefix, query.delimiter) === query.after) {
    return cursorAfterPrefix(query.after);
  }
  return { from: query.after, inclusive: false };
}

/** Returns the cursor just past every key under `prefix`, or undefined when none can follow. */
function cursorAfterPrefix(prefix: string): Cursor | undefined {
  const bound = prefixUpperBound(prefix);
  return bound === undefined ? undefined : { from: bound, inclusive: true };
}

/** Returns the common prefix of `key`: the prefix plus everything up to the first delimiter after it. */
export function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  if (delimiter === '' || !key.startsWith(prefix)) return undefined;
  const index = key.indexOf(delimiter, prefix.length);
  return index === -1 ? undefined : key.slice(0, index + delimiter.length);
}
