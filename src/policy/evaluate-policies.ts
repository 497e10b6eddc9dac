/**
 * Policy evaluation within one account, as "Policy evaluation logic" (IAM User Guide) states
 * it: "An explicit deny in any policy overrides any allows"; otherwise "an explicit allow in
 * an identity-based or resource-based policy" grants; otherwise the request is implicitly
 * denied.
 *
 * The same page exempts the account root user from the implicit deny ("all requests are
 * implicitly denied with the exception of the AWS account root user"). That exemption, and
 * S3's rule that a bucket owner's root can always manage the bucket policy, are left to the
 * caller: this module reports what the policies decide.
 */

import { matchArnTokens } from './arn.js';
import { conditionsHold, type ConditionValues } from './evaluate-conditions.js';
import type { Policy, Statement } from './policy-types.js';
import { resolveTemplate, type VariableLookup } from './policy-variables.js';
import { principalApplies } from './principal-match.js';
import { principalConditionKeys, type RequestPrincipal } from './request-principal.js';
import { matchWildcard } from './wildcard.js';

/** A request to authorise. */
export interface AuthorizationRequest {
  readonly principal: RequestPrincipal;
  /** The IAM action, such as `s3:GetObject`. */
  readonly action: string;
  /** The resource ARN, such as `arn:aws:s3:::bucket/key`. */
  readonly resource: string;
  /**
   * Condition keys of the request and their values; key names are case-insensitive. The keys
   * that describe the principal (`aws:username`, `aws:userid`, `aws:PrincipalType`,
   * `aws:PrincipalArn`, `aws:PrincipalAccount`) are derived from `principal` unless given.
   */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** A policy that applies to the request, with a name for logs. */
export interface PolicySource {
  /** For example `bucket policy` or `user policy ReadOnly`. */
  readonly name: string;
  /**
   * A resource policy (a bucket policy) names the principals it covers. An identity policy
   * is taken to be attached to the request principal, so pass only the principal's own.
   */
  readonly policy: Policy;
}

export type Decision = 'explicitDeny' | 'allow' | 'implicitDeny';

/** The statement that decided a request. */
export interface DecidingStatement {
  /** `PolicySource.name` of the policy that contains it. */
  readonly source: string;
  readonly sid: string | undefined;
  /** Position of the statement in its policy, from 0. */
  readonly index: number;
}

export interface EvaluationResult {
  readonly decision: Decision;
  /** The first matching Deny for `explicitDeny`, the first matching Allow for `allow`. */
  readonly statement?: DecidingStatement;
}

/** Builds the lowercase-keyed context, with the principal's keys filled in. */
function conditionValues(request: AuthorizationRequest): Map<string, readonly string[]> {
  const values = new Map<string, readonly string[]>();
  for (const [key, value] of principalConditionKeys(request.principal)) values.set(key, [value]);
  for (const [key, value] of Object.entries(request.context ?? {})) {
    values.set(key.toLowerCase(), typeof value === 'string' ? [value] : [...value]);
  }
  return values;
}

/** Policy variables take single-valued keys only: "You can't use a multivalued condition key as a variable." */
function variableLookup(values: ConditionValues): VariableLookup {
  return (key) => {
    const found = values.get(key);
    return found?.length === 1 ? found[0] : undefined;
  };
}

function actionMatches(statement: Statement, action: string): boolean {
  const matched = statement.action.patterns.some((pattern) => matchWildcard(pattern, action, true));
  return statement.action.negated ? !matched : matched;
}

/**
 * Matches the request resource against Resource or NotResource. An entry whose variable has
 * no value "will not match any resource" ("IAM policy elements: Variables and tags"), so it
 * neither matches under Resource nor excludes under NotResource.
 */
function resourceMatches(statement: Statement, resource: string, lookup: VariableLookup): boolean {
  if (statement.resource === undefined) return true;
  const matched = statement.resource.patterns.some((pattern) => {
    const resolved = resolveTemplate(pattern, lookup);
    return resolved !== undefined && matchArnTokens(resolved.tokens, resource);
  });
  return statement.resource.negated ? !matched : matched;
}

function statementApplies(
  statement: Statement,
  policy: Policy,
  request: AuthorizationRequest,
  values: ConditionValues,
  lookup: VariableLookup,
): boolean {
  if (policy.kind !== 'identity') {
    if (statement.principal === undefined || !principalApplies(statement.principal, statement.effect, request.principal)) {
      return false;
    }
  }
  return (
    actionMatches(statement, request.action) &&
    resourceMatches(statement, request.resource, lookup) &&
    conditionsHold(statement.conditions, values, lookup)
  );
}

/**
 * Decides a request against every policy that applies to it: the bucket policy and the
 * requester's identity policies (or a role's trust policy for `sts:AssumeRole`).
 */
export function evaluatePolicies(request: AuthorizationRequest, sources: readonly PolicySource[]): EvaluationResult {
  if (sources.length === 0) return { decision: 'implicitDeny' };
  const values = conditionValues(request);
  const lookup = variableLookup(values);
  let allow: DecidingStatement | undefined;
  for (const source of sources) {
    for (const statement of source.policy.statements) {
      if (!statementApplies(statement, source.policy, request, values, lookup)) continue;
      const deciding = { source: source.name, sid: statement.sid, index: statement.index };
      if (statement.effect === 'Deny') return { decision: 'explicitDeny', statement: deciding };
      allow ??= deciding;
    }
  }
  return allow === undefined ? { decision: 'implicitDeny' } : { decision: 'allow', statement: allow };
}
