/**
 * The principal that sent a request, and the condition keys derived from it. Values follow
 * the principal table of "IAM policy elements: Variables and tags" (IAM User Guide) and the
 * `aws:PrincipalArn` entry of "AWS global condition context keys".
 */

import { parseAwsPrincipal } from './parse-principal.js';
import type { AwsPrincipal } from './policy-types.js';

/** Values of `aws:PrincipalType` that Coffer produces. */
export type PrincipalType = 'Account' | 'User' | 'AssumedRole' | 'Anonymous';

export interface RequestPrincipal {
  readonly type: PrincipalType;
  /**
   * `arn:aws:iam::ACCOUNT:root` for an account, `arn:aws:iam::ACCOUNT:user/NAME` for a user,
   * `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` for a role session; absent for
   * anonymous requests.
   */
  readonly arn?: string;
  /** 12-digit account id; absent for anonymous requests. */
  readonly accountId?: string;
  /** Canonical user id, as Owner elements show it. */
  readonly canonicalId?: string;
  /** Friendly name of an IAM user, the value of `aws:username`. */
  readonly username?: string;
  /** Unique id, the value of `aws:userid`; see `principalConditionKeys` for the defaults. */
  readonly userId?: string;
}

/** Parses the principal's own ARN; returns undefined for anonymous requests and unparsable ARNs. */
export function requestAwsPrincipal(principal: RequestPrincipal): AwsPrincipal | undefined {
  if (principal.type === 'Anonymous' || principal.arn === undefined) return undefined;
  return parseAwsPrincipal(principal.arn);
}

/**
 * Condition keys that describe the principal: `aws:PrincipalType`, `aws:username` (users
 * only), `aws:userid`, `aws:PrincipalArn` (the role's ARN for a role session) and
 * `aws:PrincipalAccount`. Keys are lowercase. `aws:userid` defaults to the account id for an
 * account, `anonymous` for anonymous requests, and the canonical id otherwise.
 */
export function principalConditionKeys(principal: RequestPrincipal): Map<string, string> {
  const keys = new Map<string, string>([['aws:principaltype', principal.type]]);
  if (principal.type === 'Anonymous') {
    keys.set('aws:userid', principal.userId ?? 'anonymous');
    return keys;
  }
  const parsed = requestAwsPrincipal(principal);
  const accountId = principal.accountId ?? parsed?.accountId;
  const userId = principal.userId ?? (principal.type === 'Account' ? accountId : principal.canonicalId);
  if (userId !== undefined) keys.set('aws:userid', userId);
  if (accountId !== undefined) keys.set('aws:principalaccount', accountId);

  const username = principal.username ?? (parsed?.type === 'user' ? parsed.name : undefined);
  if (principal.type === 'User' && username !== undefined) keys.set('aws:username', username);

  if (parsed?.type === 'assumed-role') {
    keys.set('aws:principalarn', `arn:aws:iam::${parsed.accountId}:role/${parsed.roleName}`);
  } else if (principal.arn !== undefined) {
    keys.set('aws:principalarn', principal.arn);
  }
  return keys;
}
