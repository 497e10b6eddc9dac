import type { Requester } from '../acl/index.js';
import type { Identity } from '../http/request-context.js';
import type { RequestPrincipal } from '../policy/index.js';

/** Describes the caller for the policy language; anonymous when the request was not signed. */
export function toRequestPrincipal(identity: Identity | undefined): RequestPrincipal {
  if (identity === undefined) return { type: 'Anonymous' };
  return {
    type: identity.type,
    arn: identity.arn,
    accountId: identity.accountId,
    canonicalId: identity.canonicalId,
    username: identity.userName,
    userId: identity.userId,
  };
}

/** Describes the caller for ACL grants. */
export function toRequester(identity: Identity | undefined): Requester {
  return identity === undefined ? 'anonymous' : { canonicalId: identity.canonicalId };
}

/**
 * Returns true for the root user and its own sessions, which act for the account and may do
 * everything in it unless a policy explicitly denies it.
 */
export function actsAsAccount(identity: Identity | undefined): boolean {
  return identity?.type === 'Account';
}
