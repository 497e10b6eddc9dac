import assert from 'node:assert/strict';

import { S3Error } from '../../src/errors/s3-error.js';
import {
  evaluatePolicies,
  parsePolicy,
  type AuthorizationRequest,
  type EvaluationResult,
  type ParsePolicyOptions,
  type PolicyKind,
  type RequestPrincipal,
} from '../../src/policy/index.js';

export const accountId = '111122223333';
export const otherAccountId = '444455556666';
export const bucket = 'photos';

/** Principals of the account `111122223333`, and an anonymous caller. */
export const principals = {
  root: { type: 'Account', arn: `arn:aws:iam::${accountId}:root`, accountId, canonicalId: 'a'.repeat(64) },
  alice: {
    type: 'User',
    arn: `arn:aws:iam::${accountId}:user/alice`,
    accountId,
    username: 'alice',
    canonicalId: 'b'.repeat(64),
  },
  bob: { type: 'User', arn: `arn:aws:iam::${accountId}:user/bob`, accountId, username: 'bob', canonicalId: 'c'.repeat(64) },
  session: {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${accountId}:assumed-role/auditor/audit-run`,
    accountId,
    canonicalId: 'd'.repeat(64),
  },
  stranger: {
    type: 'User',
    arn: `arn:aws:iam::${otherAccountId}:user/eve`,
    accountId: otherAccountId,
    username: 'eve',
    canonicalId: 'e'.repeat(64),
  },
  anonymous: { type: 'Anonymous' },
} satisfies Record<string, RequestPrincipal>;

/** Builds a policy document around the given statements; `version` null leaves Version out. */
export function policyText(statement: unknown, version: string | null = '2012-10-17'): string {
  return JSON.stringify(version === null ? { Statement: statement } : { Version: version, Statement: statement });
}

/** Asserts that parsing fails with the given S3Error code and message. */
export function assertRejected(
  text: string,
  kind: PolicyKind,
  code: string,
  message: string | RegExp,
  options: ParsePolicyOptions = {},
): void {
  assert.throws(
    () => parsePolicy(text, kind, options),
    (error: unknown) => {
      assert.ok(error instanceof S3Error, `expected an S3Error, got ${String(error)}`);
      assert.equal(error.code, code);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    },
  );
}

/** Evaluates one policy of the given kind for a request. */
export function decide(
  text: string,
  kind: PolicyKind,
  request: AuthorizationRequest,
  options: ParsePolicyOptions = {},
): EvaluationResult {
  const policy = parsePolicy(text, kind, options);
  return evaluatePolicies(request, [{ name: `${kind} policy`, policy }]);
}

/**
 * Tells whether a Condition element is satisfied, by evaluating an identity policy that
 * allows everything under that condition for alice (or `principal`) with the given context.
 */
export function conditionHolds(
  condition: unknown,
  context: Record<string, string | string[]>,
  principal: RequestPrincipal = principals.alice,
  version = '2012-10-17',
): boolean {
  const text = policyText([{ Effect: 'Allow', Action: '*', Resource: '*', Condition: condition }], version);
  const result = decide(text, 'identity', {
    principal,
    action: 's3:GetObject',
    resource: `arn:aws:s3:::${bucket}/key`,
    context,
  });
  return result.decision === 'allow';
}
