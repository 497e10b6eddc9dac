import type { RequestContext } from '../http/request-context.js';
import type { ObjectRecord } from '../metadata/metadata-store.js';

const cacheKey = Symbol('object lookup cache');
const settingsVersionKey = Symbol('bucket settings version');
type CachingContext = RequestContext & {
  [cacheKey]?: Map<string, ObjectRecord | undefined>;
  [settingsVersionKey]?: string;
};

/**
 * Reads an object's record at most once per request, so that the access decision and the
 * operation see the same version and a GET costs one lookup. Operations that must see a
 * change made since, such as a read retried after an overwrite, call the store directly.
 */
export async function lookupObject(ctx: RequestContext, bucket: string, key: string): Promise<ObjectRecord | undefined> {
  const cache = objectCache(ctx);
  const id = `${bucket}/${key}`;
  if (cache.has(id)) return cache.get(id);
  const object = await ctx.metadata.getObject(bucket, key);
  cache.set(id, object);
  return object;
}

/**
 * Reads an object's record and the bucket settings version in one query, for a request
 * that will need both: `lookupObject` then returns this record and `loadBucketAccess`
 * checks its cached settings against this version.
 */
export async function prefetchObjectAndSettingsVersion(ctx: RequestContext, bucket: string, key: string): Promise<void> {
  const cache = objectCache(ctx);
  const id = `${bucket}/${key}`;
  if (cache.has(id)) return;
  const { object, settingsVersion } = await ctx.metadata.getObjectAndSettingsVersion(bucket, key);
  cache.set(id, object);
  (ctx as CachingContext)[settingsVersionKey] = settingsVersion;
}

/** The bucket settings version `prefetchObjectAndSettingsVersion` read, if this request called it. */
export function prefetchedSettingsVersion(ctx: RequestContext): string | undefined {
  return (ctx as CachingContext)[settingsVersionKey];
}

function objectCache(ctx: RequestContext): Map<string, ObjectRecord | undefined> {
  const caching = ctx as CachingContext;
  caching[cacheKey] ??= new Map();
  return caching[cacheKey];
}
