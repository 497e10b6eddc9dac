/**
 * Size quotas of policy documents. Whitespace between JSON tokens is not counted, as IAM
 * states for its quotas ("IAM does not count white space when calculating the size of a
 * policy against these limits", "IAM and AWS STS quotas").
 *
 * NOTE: the S3 User Guide does not say whether whitespace counts toward the 20 KB of a
 * bucket policy; it is left out there too.
 */

/** Maximum sizes, in characters for IAM and in bytes for S3. */
export const policySizeLimits = {
  /** "Bucket policies are limited to 20 KB in size" ("Bucket policies and user policies", S3 User Guide). */
  bucketPolicy: 20 * 1024,
  /** Managed policy size: 6,144 characters. */
  managedPolicy: 6144,
  /** Sum of a user's inline policies: 2,048 characters. */
  userInlinePolicies: 2048,
  /** Sum of a group's inline policies: 5,120 characters. */
  groupInlinePolicies: 5120,
  /** Sum of a role's inline policies: 10,240 characters. */
  roleInlinePolicies: 10240,
  /** Role trust policy length: 2,048 characters by default, raisable to 4,096. */
  roleTrustPolicy: 2048,
} as const;

/**
 * IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF in a policy
 * document ("IAM and AWS STS quotas", IAM name requirements).
 */
export function firstCharacterOutsideIamRange(text: string): { character: string; index: number } | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const allowed = code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xff);
    if (!allowed) return { character: text.charAt(index), index };
  }
  return undefined;
}
