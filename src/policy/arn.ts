/**
 * ARN comparison. An ARN has six colon-separated segments, `arn:partition:service:region:
 * account-id:resource`, and the resource segment may itself contain colons (an S3 key may).
 * Resource elements and the ARN condition operators match each segment on its own, so a `*`
 * never spans a colon between segments ("IAM JSON policy elements: Resource" and
 * "Condition operators", ARN section, IAM User Guide).
 */

import { matchTokens, wildcardTokens, type WildcardToken } from './wildcard.js';

const segmentCount = 6;

/** Splits an ARN at its first five colons; returns undefined for fewer than six segments. */
export function splitArn(arn: string): string[] | undefined {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i < segmentCount - 1; i++) {
    const colon = arn.indexOf(':', start);
    if (colon === -1) return undefined;
    segments.push(arn.slice(start, colon));
    start = colon + 1;
  }
  segments.push(arn.slice(start));
  return segments;
}

function splitTokens(tokens: readonly WildcardToken[]): WildcardToken[][] | undefined {
  const segments: WildcardToken[][] = [[]];
  for (const token of tokens) {
    const current = segments[segments.length - 1] as WildcardToken[];
    if (token === ':' && segments.length < segmentCount) segments.push([]);
    else current.push(token);
  }
  return segments.length === segmentCount ? segments : undefined;
}

/**
 * Matches an ARN against a pattern segment by segment. A pattern with fewer than six
 * segments, such as `*`, is matched against the whole value instead.
 */
export function matchArnTokens(pattern: readonly WildcardToken[], arn: string): boolean {
  const patternSegments = splitTokens(pattern);
  if (patternSegments === undefined) return matchTokens(pattern, arn);
  const arnSegments = splitArn(arn);
  if (arnSegments === undefined) return false;
  return patternSegments.every((segment, i) => matchTokens(segment, arnSegments[i] as string));
}

/** Matches an ARN against pattern text in which `*` and `?` are wildcards. */
export function matchArn(pattern: string, arn: string): boolean {
  return matchArnTokens(wildcardTokens(pattern), arn);
}

