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
import type { BucketRecord, ObjectRecord } from '../metadata/metadata-store.js';
import { parsePolicy, type Policy } from '../policy/index.js';

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

/** Loads a bucket's owner, ACL, policy and settings; `undefined` when it does not exist. */
export async function loadBucketAccess(ctx: RequestContext, name: string): Promise<BucketAccess | undefined> {
  const caching = ctx as CachingContext;
  caching[cacheKey] ??= new Map();
  if (caching[cacheKey].has(name)) return caching[cacheKey].get(name);

  const found = await ctx.metadata.getBucketWithSettings(name);
  let access: BucketAccess | undefined;
  if (found !== undefined) {
    const { bucket, settings } = found;
    const aclText = settings.get('acl');
    const blockText = settings.get('public-access-block');
    const policyText = settings.get('policy');
    const ownership = (settings.get('ownership') as ObjectOwnership | undefined) ?? defaultBucketOwnership;
    const publicAccessBlock =
      blockText === undefined ? noPublicAccessBlock : (JSON.parse(blockText) as PublicAccessBlockConfiguration);
    const storedAcl = aclText === undefined ? privateAcl(bucket.ownerId) : (JSON.parse(aclText) as AccessControlList);
    const policy = policyText === undefined ? undefined : parsePolicy(policyText, 'resource', { bucket: name });
    access = {
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
    };
  }
  caching[cacheKey].set(name, access);
  return access;
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
