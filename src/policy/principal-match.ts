/**
 * Whether a Principal or NotPrincipal element applies to the principal of a request.
 *
 * A request principal belongs to a chain of entities: its account, then (for a role session)
 * the role, then the user or session itself. "Using the account ARN in the Principal element
 * does not limit permissions to only the root user of the account" but delegates to the
 * account, whose users still need their own permission ("AWS JSON policy elements:
 * Principal"). So, within one account:
 * - an Allow grants to the named entity itself and to the sessions of a named role. Naming
 *   an account grants to the account root only;
 * - a Deny that names any entity of the chain denies the request, since denying an account
 *   or role denies everything that acts for it;
 * - NotPrincipal with Deny spares a request only when every entity of its chain is listed,
 *   because AWS "might validate the account first, then the role, and then the assumed-role
 *   user" ("AWS JSON policy elements: NotPrincipal");
 * - NotPrincipal with Allow grants unless some entity of the chain is listed.
 * Anonymous requests are named only by `*`. Service and Federated principals never match.
 */

import type { AwsPrincipal, Effect, PrincipalElement } from './policy-types.js';
import { requestAwsPrincipal, type RequestPrincipal } from './request-principal.js';

type ChainEntity =
  | { readonly type: 'account'; readonly accountId: string }
  | { readonly type: 'role'; readonly accountId: string; readonly roleName: string }
  | { readonly type: 'self'; readonly principal: AwsPrincipal };

function chainOf(request: RequestPrincipal): ChainEntity[] {
  const self = requestAwsPrincipal(request);
  if (self === undefined) return [];
  if (self.type === 'account') return [{ type: 'self', principal: self }];
  const chain: ChainEntity[] = [{ type: 'account', accountId: self.accountId }];
  if (self.type === 'assumed-role') chain.push({ type: 'role', accountId: self.accountId, roleName: self.roleName });
  chain.push({ type: 'self', principal: self });
  return chain;
}

/** IAM user and role names compare exactly; the path of a named ARN does not take part. */
function samePrincipal(named: AwsPrincipal, self: AwsPrincipal): boolean {
  if (named.accountId !== self.accountId) return false;
  switch (named.type) {
    case 'account':
      return self.type === 'account';
    case 'user':
      return self.type === 'user' && self.name === named.name;
    case 'assumed-role':
      return self.type === 'assumed-role' && self.roleName === named.roleName && self.sessionName === named.sessionName;
    case 'federated-user':
      return self.type === 'federated-user' && self.name === named.name;
    case 'role':
      return false;
  }
}

function names(element: PrincipalElement, entity: ChainEntity, request: RequestPrincipal): boolean {
  if (entity.type === 'account') {
    return element.aws.some((named) => named.type === 'account' && named.accountId === entity.accountId);
  }
  if (entity.type === 'role') {
    return element.aws.some(
      (named) => named.type === 'role' && named.accountId === entity.accountId && named.name === entity.roleName,
    );
  }
  const canonical = request.canonicalId?.toLowerCase();
  if (canonical !== undefined && element.canonicalUsers.includes(canonical)) return true;
  return element.aws.some((named) => samePrincipal(named, entity.principal));
}

/** Tells whether the statement's Principal or NotPrincipal covers the request principal. */
export function principalApplies(element: PrincipalElement, effect: Effect, request: RequestPrincipal): boolean {
  const chain = chainOf(request);
  const anyNamed = element.everyone || chain.some((entity) => names(element, entity, request));
  if (!element.negated) {
    if (element.everyone) return true;
    if (effect === 'Deny') return anyNamed;
    // An Allow reaches the principal itself, or the role whose session it is.
    return chain.some((entity) => entity.type !== 'account' && names(element, entity, request));
  }
  if (effect === 'Allow') return !anyNamed;
  const allNamed = element.everyone || (chain.length > 0 && chain.every((entity) => names(element, entity, request)));
  return !allNamed;
}
