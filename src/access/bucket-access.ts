import {
  effectiveAcl,
  isPublicPolicy,
  noPublicAccessBlock,
  privateAcl,
  type AccessControlList,
  type ObjectOwnership,
  type PublicAccessBlockConfiguration,
} from '../acl/index.js';
import type { RequestContext } from '../http/request-context.js';
import type { BucketRecord, BucketWithSettings, MetadataStore, ObjectRecord } from '../metadata/metadata-store.js';
import { parsePolicy, type Policy } from '../policy/index.js';
import { prefetchedSettingsVersion } from './object-lookup.js';

/** Everything about a bucket that access decisions read, loaded once per request. */
export interface BucketAccess {
  bucket: BucketRecord;
  ownership: ObjectOwnership;
  publicAccessBlock: PublicAccessBlockConfiguration;
  /** The ACL S3 enforces: ownership controls and IgnorePublicAcls applied. */
  acl: AccessControlList;
  policy: Policy | undefined;
  policyIsPublic: boolean;
}

/**
 * Buckets created here own their objects as ObjectWriter (ACLs enabled), the model in
 * which an uploader owns what it uploads; BucketOwnerEnforced is set per bucket.
 */
export const defaultBucketOwnership: ObjectOwnership = 'ObjectWriter';

const cacheKey = Symbol('bucket access cache');
type CachingContext = RequestContext & { [cacheKey]?: Map<string, BucketAccess | undefined> };

/** A bucket's parsed access settings and the settings version read before they were loaded. */
interface SharedEntry {
  version: string;
  access: BucketAccess | undefined;
}

/**
 * Parsed access settings kept between requests, per metadata store. An entry is used only
 * while the store's `bucketSettingsVersion` still has the value read before the entry was
 * loaded, and that version is read again for every request. So a change committed by any
 * worker or node before a request starts is seen by that request. The entries hold data
 * only: every request still runs the whole access decision on them.
 */
const sharedEntries = new WeakMap<MetadataStore, Map<string, SharedEntry>>();
const maxSharedEntries = 1024;

/** Loads a bucket's owner, ACL, policy and settings; `undefined` when it does not exist. */
export async function loadBucketAccess(ctx: RequestContext, name: string): Promise<BucketAccess | undefined> {
  const caching = ctx as CachingContext;
  caching[cacheKey] ??= new Map();
  if (caching[cacheKey].has(name)) return caching[cacheKey].get(name);

  let entries = sharedEntries.get(ctx.metadata);
  if (entries === undefined) {
    entries = new Map();
    sharedEntries.set(ctx.metadata, entries);
  }
  // Read before the settings, so that a change committed in between makes the entry stale.
  const version = prefetchedSettingsVersion(ctx) ?? (await ctx.metadata.bucketSettingsVersion());
  let entry = entries.get(name);
  if (entry === undefined || entry.version !== version) {
    entry = { version, access: toBucketAccess(name, await ctx.metadata.getBucketWithSettings(name)) };
    if (entries.size >= maxSharedEntries) entries.clear();
    entries.set(name, entry);
  }
  caching[cacheKey].set(name, entry.access);
  return entry.access;
}

/**
 * Parses what `getBucketWithSettings` returned. The result is shared by concurrent
 * requests, so it is frozen, and nothing may change it in place.
 */
function toBucketAccess(name: string, found: BucketWithSettings | undefined): BucketAccess | undefined {
  if (found === undefined) return undefined;
  const { bucket, settings } = found;
  const aclText = settings.get('acl');
  const blockText = settings.get('public-access-block');
  const policyText = settings.get('policy');
  const ownership = (settings.get('ownership') as ObjectOwnership | undefined) ?? defaultBucketOwnership;
  const publicAccessBlock =
    blockText === undefined ? noPublicAccessBlock : (JSON.parse(blockText) as PublicAccessBlockConfiguration);
  const storedAcl = aclText === undefined ? privateAcl(bucket.ownerId) : (JSON.parse(aclText) as AccessControlList);
  const policy = policyText === undefined ? undefined : parsePolicy(policyText, 'resource', { bucket: name });
  return deepFreeze({
    bucket,
    ownership,
    publicAccessBlock,
    acl: effectiveAcl(storedAcl, {
      ownership,
      bucketOwnerId: bucket.ownerId,
      ignorePublicAcls: publicAccessBlock.ignorePublicAcls,
    }),
    policy,
    policyIsPublic: policyText === undefined ? false : isPublicPolicy(JSON.parse(policyText)),
  });
}

/** Freezes plain objects and arrays all the way down. Other objects, such as Dates and Maps, stay unfrozen. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

/**
 * Returns the bucket record this request already loaded with `loadBucketAccess`, or
 * undefined when it loaded none or found the bucket missing.
 */
export function loadedBucket(ctx: RequestContext, name: string): BucketRecord | undefined {
  return (ctx as CachingContext)[cacheKey]?.get(name)?.bucket;
}

/** Forgets what was loaded for a bucket, after an operation changed its settings. */
export function forgetBucketAccess(ctx: RequestContext, name: string): void {
  (ctx as CachingContext)[cacheKey]?.delete(name);
}

/** Returns the ACL S3 enforces for an object: its stored ACL, or its owner's private ACL. */
export function objectAcl(object: ObjectRecord, access: BucketAccess): AccessControlList {
  const stored = object.acl ?? privateAcl(object.ownerId);
  return effectiveAcl(stored, {
    ownership: access.ownership,
    bucketOwnerId: access.bucket.ownerId,
    ignorePublicAcls: access.publicAccessBlock.ignorePublicAcls,
  });
}
