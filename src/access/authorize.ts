import { aclAllows, aclPermissionFor, policyAppliesToRequester, type AclTarget, type Requester } from '../acl/index.js';
import { S3Error } from '../errors/s3-error.js';
import type { RequestContext } from '../http/request-context.js';
import type { ObjectRecord } from '../metadata/metadata-store.js';
import {
  bucketArn,
  evaluatePolicies,
  operationPermissions,
  requiredPermissions,
  type PolicySource,
  type RequiredPermission,
  type S3Operation,
} from '../policy/index.js';
import { loadBucketAccess, objectAcl, type BucketAccess } from './bucket-access.js';
import { conditionContext } from './condition-context.js';
import { lookupObject, prefetchObjectAndSettingsVersion } from './object-lookup.js';
import { identityPolicySources, sessionPolicySource } from './identity-policies.js';
import { actsAsAccount, toRequestPrincipal, toRequester } from './request-principal.js';
import { describeTarget } from './request-target.js';

/**
 * Operations that check access in their handler: form uploads sign inside the body, and
 * DeleteObjects needs `s3:DeleteObject` on each key its body names.
 */
const checkedByHandler = new Set<string>(['PostObject', 'PreflightCors', 'ListBuckets', 'DeleteObjects']);

/**
 * Actions on the bucket policy itself. The bucket's owner keeps them whatever the bucket
 * policy contains, so that a policy cannot lock the owner out of its own bucket. S3
 * guarantees this to the root user of the owning account. Here that is the root user and the
 * user who owns the bucket, whose identity policies still apply.
 */
const ownerPolicyActions = new Set(['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']);

/** Object reads whose missing object is reported as NoSuchKey only to callers who may list. */
const objectReads = new Set<string>(['GetObject', 'HeadObject', 'GetObjectAcl']);

/**
 * Decides whether the caller may perform the request's S3 operation, as S3 evaluates it.
 * An explicit Deny in the bucket policy or the caller's identity policies rejects the
 * request. Otherwise an Allow from either, or an ACL grant, permits it, and anything else
 * is AccessDenied. The root user may do everything not explicitly denied, and a bucket's
 * owner everything on its bucket.
 */
export async function authorizeRequest(ctx: RequestContext): Promise<void> {
  if (checkedByHandler.has(ctx.operation)) return;
  // An operation missing from the permission table has no rule, so only the account may
  // call it: access fails closed.
  if (!(ctx.operation in operationPermissions)) {
    if (actsAsAccount(ctx.identity)) return;
    throw new S3Error('AccessDenied');
  }
  const operation = ctx.operation as S3Operation;
  const target = describeTarget(ctx);
  // A read of one object needs its record and the bucket's settings: one query fetches
  // the record with the version that shows whether the cached settings are current.
  if (objectReads.has(operation) && ctx.bucket !== undefined && ctx.key !== undefined) {
    await prefetchObjectAndSettingsVersion(ctx, ctx.bucket, ctx.key);
  }
  const bucketAccess = ctx.bucket === undefined ? undefined : await loadBucketAccess(ctx, ctx.bucket);
  // A missing bucket is reported by the operation itself (NoSuchBucket), as S3 does; only
  // creating one needs a decision here.
  if (bucketAccess === undefined && operation !== 'CreateBucket') return;

  for (const permission of requiredPermissions(operation, target)) {
    const onCopySource = target.copySource !== undefined && permission.resource.startsWith(`${bucketArn(target.copySource.bucket)}/`) &&
      permission.action.startsWith('s3:GetObject');
    const access = onCopySource ? await loadBucketAccess(ctx, target.copySource!.bucket) : bucketAccess;
    if (onCopySource && access === undefined) return;
    const object = await loadObjectFor(ctx, operation, onCopySource, target, access);
    // A read of a missing object is decided below: NoSuchKey for callers who may list the
    // bucket, AccessDenied for the rest. Its ACL cannot decide, since there is none.
    if (!onCopySource && object === undefined && objectReads.has(operation)) {
      const withoutObject = await isAllowed(ctx, operation, permission, access, undefined);
      if (!withoutObject && !(await mayList(ctx, access!))) throw new S3Error('AccessDenied');
      continue;
    }
    const allowed = await isAllowed(ctx, operation, permission, access, object, onCopySource ? 'object' : undefined);
    if (!allowed) throw new S3Error('AccessDenied');
  }

  if (objectReads.has(operation) && bucketAccess !== undefined && ctx.key !== undefined) {
    const object = await lookupObject(ctx, bucketAccess.bucket.name, ctx.key);
    if (object === undefined && !(await mayList(ctx, bucketAccess))) throw new S3Error('AccessDenied');
  }
}

/**
 * Returns whether the caller may perform `operation` with one permission. Exported for
 * operations that check per item, such as DeleteObjects for each key.
 */
export async function isAllowed(
  ctx: RequestContext,
  operation: string,
  permission: RequiredPermission,
  access: BucketAccess | undefined,
  object: ObjectRecord | undefined,
  aclTargetOverride?: AclTarget,
): Promise<boolean> {
  const identity = ctx.identity;
  const principal = toRequestPrincipal(identity);
  const requester = toRequester(identity);

  const identitySources = identityPolicySources(identity);
  const resourceSources: PolicySource[] = [];
  if (
    access?.policy !== undefined &&
    policyAppliesToRequester(access.publicAccessBlock, access.policyIsPublic, requester, access.bucket.ownerId) &&
    !keepsPolicyAccess(identity, access, permission)
  ) {
    resourceSources.push({ name: 'bucket policy', policy: access.policy });
  }
  const session = sessionPolicySource(identity);
  const sources = [...identitySources, ...resourceSources];
  // Without a policy to evaluate, the request's condition keys would go unread.
  const context = sources.length > 0 || session !== undefined ? conditionContext(ctx) : undefined;
  const request = { principal, action: permission.action, resource: permission.resource, context };
  const result = evaluatePolicies(request, sources);
  if (result.decision === 'explicitDeny') {
    ctx.log.debug({ requestId: ctx.requestId, action: permission.action, statement: result.statement }, 'explicit deny');
    return false;
  }

  // A role session's inline policy narrows what its identity policies allow: an Allow from
  // them counts only when the session policy allows the action too.
  if (session !== undefined && evaluatePolicies(request, [session]).decision !== 'allow') {
    const fromBucket = evaluatePolicies(request, resourceSources).decision === 'allow';
    return fromBucket;
  }
  if (result.decision === 'allow') return true;

  if (actsAsAccount(identity)) return true;
  // A role session carries the account's canonical id, so that what it writes belongs to the
  // account. It may still do only what policies allow, so it is neither the owner of the
  // account's buckets nor the grantee of ACL grants to that id. Grants to the AllUsers and
  // AuthenticatedUsers groups still cover it.
  const roleSession = identity?.type === 'AssumedRole';
  if (
    access !== undefined &&
    identity !== undefined &&
    !roleSession &&
    identity.canonicalId === access.bucket.ownerId &&
    isBucketLevel(permission)
  ) {
    return true;
  }
  return aclAllowsOperation(operation, access, object, roleSession ? signedNonGrantee : requester, aclTargetOverride);
}

/** A signed caller that no canonical-user grant names: canonical ids are 64 hex digits, never empty. */
const signedNonGrantee: Requester = { canonicalId: '' };

function aclAllowsOperation(
  operation: string,
  access: BucketAccess | undefined,
  object: ObjectRecord | undefined,
  requester: ReturnType<typeof toRequester>,
  aclTargetOverride: AclTarget | undefined,
): boolean {
  if (access === undefined) return false;
  const objectPermission = aclPermissionFor(operation, 'object');
  if (aclTargetOverride === 'object' || (objectPermission !== undefined && aclTargetOverride === undefined)) {
    const permission = aclTargetOverride === 'object' ? 'READ' : objectPermission!;
    if (object === undefined) return false;
    return aclAllows(objectAcl(object, access), requester, permission);
  }
  const bucketPermission = aclPermissionFor(operation, 'bucket');
  if (bucketPermission === undefined) return false;
  return aclAllows(access.acl, requester, bucketPermission);
}

/** Returns true when the bucket policy is left out of the decision because the caller manages it as the bucket's owner. */
function keepsPolicyAccess(identity: RequestContext['identity'], access: BucketAccess, permission: RequiredPermission): boolean {
  if (identity === undefined || !ownerPolicyActions.has(permission.action)) return false;
  return identity.type === 'Account' || (identity.type === 'User' && identity.canonicalId === access.bucket.ownerId);
}

/** Bucket-level permissions: what a bucket's owner may always do with its own bucket. */
function isBucketLevel(permission: RequiredPermission): boolean {
  return !permission.resource.slice('arn:aws:s3:::'.length).includes('/');
}

async function loadObjectFor(
  ctx: RequestContext,
  operation: S3Operation,
  onCopySource: boolean,
  target: ReturnType<typeof describeTarget>,
  access: BucketAccess | undefined,
): Promise<ObjectRecord | undefined> {
  if (access === undefined) return undefined;
  if (onCopySource) return ctx.metadata.getObject(target.copySource!.bucket, target.copySource!.key);
  if (aclPermissionFor(operation, 'object') === undefined || ctx.key === undefined) return undefined;
  return lookupObject(ctx, access.bucket.name, ctx.key);
}

/** Returns whether the caller may list the bucket, which decides NoSuchKey versus AccessDenied. */
async function mayList(ctx: RequestContext, access: BucketAccess): Promise<boolean> {
  const permission = { action: 's3:ListBucket', resource: bucketArn(access.bucket.name) };
  return isAllowed(ctx, 'ListObjects', permission, access, undefined);
}
