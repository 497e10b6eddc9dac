import { isS3Error } from '../errors/s3-error.js';
import { parsePolicy } from '../policy/index.js';
import { QueryApiError, type QueryService } from './errors.js';

/**
 * Purpose of a policy document: `identity` for user, role and session policies, `trust`
 * for a role's trust policy (AssumeRolePolicyDocument), which names principals instead of
 * resources.
 */
export type PolicyKind = 'identity' | 'trust';

/**
 * Largest document handed to the parser. The IAM and STS handlers apply their own quotas
 * (per user, per role, per trust policy, per session policy) with IAM's messages, so the
 * parser's own default quota must not fire first.
 */
const parserMaxSize = 131072;

/**
 * Checks a policy document with the policy language parser and throws
 * MalformedPolicyDocument, worded by the parser, when it is not valid.
 *
 * NOTE: a trust policy naming a user or role that does not exist is accepted, while IAM
 * rejects it with "Invalid principal in policy".
 */
export function checkPolicyDocument(text: string, kind: PolicyKind, service: QueryService = 'iam'): void {
  try {
    parsePolicy(text, kind, { maxSize: parserMaxSize });
  } catch (error) {
    if (isS3Error(error) && (error.code === 'MalformedPolicyDocument' || error.code === 'LimitExceeded')) {
      throw new QueryApiError(error.code, error.message, service);
    }
    throw error;
  }
}

/** Size of a policy as IAM counts it against its quotas: characters other than whitespace. */
export function policySize(text: string): number {
  return text.replace(/\s/g, '').length;
}
