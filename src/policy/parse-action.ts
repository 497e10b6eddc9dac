/**
 * The Action and NotAction elements: `service:action` names in which `*` and `?` are
 * wildcards and case does not matter ("IAM JSON policy elements: Action", IAM User Guide).
 */

import { readStringList } from './element-values.js';
import type { JsonValue } from './json-reader.js';
import { malformedPolicy, quoteValue } from './policy-errors.js';
import type { ActionElement, PolicyKind } from './policy-types.js';
import { s3Actions } from './s3-actions.js';
import { matchWildcard } from './wildcard.js';

const vendorAction = /^([a-z0-9-]+):([^\s:]+)$/;
const iamVendorMessage = 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';

/** Lists the known `s3:` actions that a lowercase pattern names. */
export function s3ActionsMatching(pattern: string): typeof s3Actions {
  return s3Actions.filter((action) => matchWildcard(pattern, action.name, true));
}

/**
 * Parses Action or NotAction. A bucket policy may name only S3 actions that exist, as S3
 * rejects others with "Policy has invalid action". IAM checks the `vendor:action` form only,
 * and a trust policy may name only `sts:` actions.
 */
export function parseActionElement(value: JsonValue, negated: boolean, kind: PolicyKind): ActionElement {
  const names = readStringList(value);
  if (names === undefined) {
    throw malformedPolicy(kind, kind === 'resource' ? `Policy has invalid action: ${quoteValue(value)}` : 'Policy statement must contain actions.');
  }
  const patterns = names.map((name) => name.toLowerCase());
  for (const [i, pattern] of patterns.entries()) {
    checkActionPattern(pattern, names[i] as string, kind);
  }
  return { negated, patterns };
}

function checkActionPattern(pattern: string, written: string, kind: PolicyKind): void {
  if (kind === 'resource') {
    const known = pattern === '*' || (pattern.startsWith('s3:') && s3ActionsMatching(pattern).length > 0);
    if (!known) throw malformedPolicy(kind, `Policy has invalid action: ${quoteValue(written)}`);
    return;
  }
  if (pattern === '*' && kind === 'identity') return;
  const match = vendorAction.exec(pattern);
  if (match === null) throw malformedPolicy(kind, `${iamVendorMessage} Invalid action: ${quoteValue(written)}`);
  if (kind === 'trust' && match[1] !== 'sts') {
    throw malformedPolicy(kind, `AssumeRole policy may only specify STS AssumeRole actions. Invalid action: ${quoteValue(written)}`);
  }
}
