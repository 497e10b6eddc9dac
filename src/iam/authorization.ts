import { QueryApiError, type QueryService } from './errors.js';
import type { Principal } from './principal.js';

/** One permission check: may `principal` perform `action` on `resource`? */
export interface AuthorizationRequest {
  principal: Principal;
  /** Service-prefixed action, such as `iam:CreateUser` or `sts:AssumeRole`. */
  action: string;
  /** ARN of the resource the call acts on. */
  resource: string;
  /**
   * The resource-based policy that also applies: a role's trust policy for `sts:AssumeRole`.
   * For that action the trust policy must allow the caller, as in AWS.
   */
  resourcePolicy?: string;
  /**
   * Request-specific condition keys, such as `sts:RoleSessionName` and `sts:ExternalId`
   * for AssumeRole. Keys the engine derives from the principal or the request itself
   * (`aws:username`, `aws:SourceIp`) are not repeated here.
   */
  context?: Record<string, string>;
}

/**
 * `allow`, or why not: `implicit-deny` when no policy allows the call, `explicit-deny`
 * when a policy denies it. The difference only changes the AccessDenied message.
 */
export type AuthorizationDecision = 'allow' | 'implicit-deny' | 'explicit-deny';

/** The authorization engine, supplied by the server. */
export type AuthorizationDecider = (request: AuthorizationRequest) => AuthorizationDecision | Promise<AuthorizationDecision>;

/**
 * The decider used when none is given: the root user may do everything in its account and
 * every other principal is denied, which is safe but leaves users without IAM or STS access.
 */
export const rootOnlyDecider: AuthorizationDecider = (request) =>
  request.principal.type === 'Account' && request.action !== 'sts:AssumeRole' ? 'allow' : 'implicit-deny';

/**
 * Throws AccessDenied, worded as IAM and STS word it, unless the decider allows the call.
 * The root user is allowed every call without a resource policy without asking the decider.
 */
export async function requirePermission(
  decide: AuthorizationDecider | undefined,
  request: AuthorizationRequest,
  service: QueryService,
): Promise<void> {
  if (request.principal.type === 'Account' && request.resourcePolicy === undefined) return;
  const decision = await (decide ?? rootOnlyDecider)(request);
  if (decision === 'allow') return;
  const deniedCall = `User: ${request.principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  let message: string;
  if (request.resourcePolicy !== undefined) {
    message = deniedCall;
  } else if (decision === 'explicit-deny') {
    message = `${deniedCall} with an explicit deny in an identity-based policy`;
  } else {
    message = `${deniedCall} because no identity-based policy allows the ${request.action} action`;
  }
  throw new QueryApiError('AccessDenied', message, service);
}
