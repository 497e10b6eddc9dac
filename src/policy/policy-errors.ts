import { S3Error } from '../errors/s3-error.js';
import { jsonText, type JsonValue } from './json-reader.js';
import type { PolicyKind } from './policy-types.js';

/**
 * Creates the error for a policy that cannot be accepted: S3's `MalformedPolicy` for a bucket
 * policy, IAM's `MalformedPolicyDocument` for identity and trust policies. Both are 400.
 */
export function malformedPolicy(kind: PolicyKind, message: string): S3Error {
  return new S3Error(kind === 'resource' ? 'MalformedPolicy' : 'MalformedPolicyDocument', message);
}

/** Renders a value from the policy for an error message, as compact JSON. */
export function quoteValue(value: JsonValue): string {
  return jsonText(value);
}
