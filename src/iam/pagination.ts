import { markerPattern, markerPatternText, type QueryParameters } from './parameters.js';

/** Default and maximum MaxItems of IAM list calls. */
export const defaultMaxItems = 100;
export const maxItemsLimit = 1000;

export interface PageRequest {
  /** The sort key of the last item of the previous page, from Marker. */
  after: string | undefined;
  maxItems: number;
}

/** Reads Marker and MaxItems. Markers are opaque to clients: base64url of the last sort key. */
export function readPage(params: QueryParameters): PageRequest {
  const marker = params.string('Marker', {
    field: 'marker',
    min: 1,
    max: 320,
    pattern: markerPattern,
    patternText: markerPatternText,
  });
  const maxItems = params.integer('MaxItems', { field: 'maxItems', min: 1, max: maxItemsLimit });
  return {
    after: marker === undefined ? undefined : Buffer.from(marker, 'base64url').toString('utf8'),
    maxItems: maxItems ?? defaultMaxItems,
  };
}

/**
 * Cuts a page out of items fetched with one more than MaxItems: the elements IsTruncated
 * and, when truncated, Marker for the next call.
 */
export function cutPage<T>(items: T[], maxItems: number, sortKey: (item: T) => string): {
  items: T[];
  IsTruncated: boolean;
  Marker: string | undefined;
} {
  if (items.length <= maxItems) return { items, IsTruncated: false, Marker: undefined };
  const page = items.slice(0, maxItems);
  const last = page[page.length - 1]!;
  return { items: page, IsTruncated: true, Marker: Buffer.from(sortKey(last), 'utf8').toString('base64url') };
}

/** Pages a list already held in memory, sorted by `sortKey` case-insensitively. */
export function pageInMemory<T>(items: T[], page: PageRequest, sortKey: (item: T) => string) {
  const after = page.after?.toLowerCase();
  const rest = after === undefined ? items : items.filter((item) => sortKey(item).toLowerCase() > after);
  return cutPage(rest.slice(0, page.maxItems + 1), page.maxItems, sortKey);
}
