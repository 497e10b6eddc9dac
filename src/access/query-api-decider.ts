import type { AuthorizationDecider } from '../iam/index.js';
import { evaluatePolicies, parsePolicy, type PolicySource } from '../policy/index.js';
import { identityPolicySources } from './identity-policies.js';
import { toRequestPrincipal } from './request-principal.js';

/**
 * Decides IAM and STS calls with the caller's identity policies and, for AssumeRole, the
 * role's trust policy, which must itself allow the caller as in AWS.
 */
export function queryApiDecider(sourceIp: string): AuthorizationDecider {
  return (request) => {
    const principal = toRequestPrincipal(request.principal);
    const context = { 'aws:SourceIp': sourceIp, 'aws:CurrentTime': new Date().toISOString(), ...request.context };
    const evaluation = { principal, action: request.action, resource: request.resource, context };
    const identitySources = identityPolicySources(request.principal);

    if (request.resourcePolicy !== undefined) {
      const trust: PolicySource = { name: 'trust policy', policy: parsePolicy(request.resourcePolicy, 'trust') };
      const trustResult = evaluatePolicies(evaluation, [trust]);
      if (trustResult.decision !== 'allow') return trustResult.decision === 'explicitDeny' ? 'explicit-deny' : 'implicit-deny';
      // Within one account, a trust policy that names the caller is enough: an Allow that
      // names only the account covers the root user alone, so any other caller that gets
      // here was named directly (or by "*").
      const identityResult = evaluatePolicies(evaluation, identitySources);
      return identityResult.decision === 'explicitDeny' ? 'explicit-deny' : 'allow';
    }
    const result = evaluatePolicies(evaluation, identitySources);
    if (result.decision === 'explicitDeny') return 'explicit-deny';
    if (result.decision === 'allow') return 'allow';
    return request.principal.type === 'Account' ? 'allow' : 'implicit-deny';
  };
}
