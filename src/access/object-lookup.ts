import type { RequestContext } from '../http/request-context.js';
import type { ObjectRecord } from '../metadata/metadata-store.js';

const cacheKey = Symbol('object lookup cache');
type CachingContext = RequestContext & { [cacheKey]?: Map<string, ObjectRecord | undefined> };

/**
 * Reads an object's record at most once per request, so that the access decision and the
 * operation see the same version and a GET costs one lookup. Operations that must see a
 * change made since, such as a read retried after an overwrite, call the store directly.
 */
export async function lookupObject(ctx: RequestContext, bucket: string, key: string): Promise<ObjectRecord | undefined> {
  const caching = ctx as CachingContext;
  caching[cacheKey] ??= new Map();
  const id = `${bucket}/${key}`;
  if (caching[cacheKey].has(id)) return caching[cacheKey].get(id);
  const object = await ctx.metadata.getObject(bucket, key);
  caching[cacheKey].set(id, object);
  return object;
}
