/**
 * Returns true when an entity-tag list from If-Match or If-None-Match (`"a", W/"b"` or
 * `*`) names `etag`, a stored quoted ETag. Weak tags compare by their opaque part.
 */
export function etagListMatches(list: string, etag: string): boolean {
  return list
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .some((candidate) => candidate === '*' || candidate === etag || `"${candidate}"` === etag);
}
