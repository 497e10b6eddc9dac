import type { Identity } from '../http/request-context.js';
import { parsePolicy, type Policy, type PolicySource } from '../policy/index.js';

/** Parsed identity policies by document text; documents were validated when stored. */
const parsedPolicies = new Map<string, Policy>();
const maxCachedPolicies = 2048;

function parseIdentityPolicy(text: string): Policy {
  let policy = parsedPolicies.get(text);
  if (policy === undefined) {
    policy = parsePolicy(text, 'identity');
    if (parsedPolicies.size >= maxCachedPolicies) parsedPolicies.clear();
    parsedPolicies.set(text, policy);
  }
  return policy;
}

/** Returns the caller's user or role policies as policy sources for evaluation. */
export function identityPolicySources(identity: Identity | undefined): PolicySource[] {
  if (identity === undefined) return [];
  return identity.identityPolicies.map((text, index) => ({
    name: `identity policy ${index + 1}`,
    policy: parseIdentityPolicy(text),
  }));
}

/** Returns the inline session policy of a role session, which narrows what its role allows. */
export function sessionPolicySource(identity: Identity | undefined): PolicySource | undefined {
  if (identity?.sessionPolicy === undefined) return undefined;
  return { name: 'session policy', policy: parseIdentityPolicy(identity.sessionPolicy) };
}
