/**
 * The Resource and NotResource elements: ARNs in which `*` and `?` are wildcards within each
 * segment and matching is case-sensitive ("IAM JSON policy elements: Resource", IAM User
 * Guide). Policy variables may appear "only in the resource portion of the ARN", after the
 * fifth colon; before it, `${...}` stays literal text.
 */

import { splitArn } from './arn.js';
import { readStringList } from './element-values.js';
import type { JsonValue } from './json-reader.js';
import { malformedPolicy, quoteValue } from './policy-errors.js';
import type { PolicyKind, ResourceElement, Template } from './policy-types.js';
import { concatTemplates, parseTemplate } from './policy-variables.js';
import { anyRun, canMatchWithPrefix, literalTokens, matchTokens, wildcardTokens, type WildcardToken } from './wildcard.js';

/** The fixed start of every S3 bucket and object ARN. */
export const s3ArnPrefix = 'arn:aws:s3:::';

export interface ResourceParseOptions {
  /** The bucket a bucket policy is attached to; its Resource entries must name it. */
  readonly bucket?: string;
}

/** The resource types a Resource pattern of a bucket policy can match. */
export interface S3ResourceReach {
  readonly bucket: boolean;
  readonly object: boolean;
}

/** Parses a Resource ARN into a template whose variables start after the fifth colon. */
export function parseResourceTemplate(source: string, variables: boolean): Template {
  let colons = 0;
  let split = -1;
  for (let i = 0; i < source.length; i++) {
    // The colon inside a variable such as `${aws:username}` does not separate segments.
    const close = source.startsWith('${', i) ? source.indexOf('}', i) : -1;
    if (close !== -1) {
      i = close;
    } else if (source[i] === ':' && ++colons === 5) {
      split = i + 1;
      break;
    }
  }
  if (split === -1) return parseTemplate(source, false);
  return concatTemplates(parseTemplate(source.slice(0, split), false), parseTemplate(source.slice(split), variables));
}

/**
 * Tokens of the part of an S3 resource pattern after `arn:aws:s3:::`, with each variable
 * standing for any run of characters, since its value is unknown until evaluation.
 */
function s3ResourceTokens(template: Template): WildcardToken[] {
  const tokens: WildcardToken[] = [];
  for (const part of template.parts) {
    if (part.type === 'text') tokens.push(...wildcardTokens(part.value));
    else if (part.type === 'literal') tokens.push(...literalTokens(part.value));
    else tokens.push(anyRun);
  }
  return tokens.slice(s3ArnPrefix.length);
}

/**
 * Tells whether a bucket policy Resource pattern can match the bucket's ARN and whether it
 * can match one of its objects. Without a bucket name, any bucket is assumed.
 */
export function s3ResourceReach(template: Template, bucket: string | undefined): S3ResourceReach {
  const tokens = s3ResourceTokens(template);
  if (bucket === undefined) {
    return { bucket: !tokens.includes('/'), object: tokens.includes('/') || tokens.includes(anyRun) };
  }
  return { bucket: matchTokens(tokens, bucket), object: canMatchWithPrefix(tokens, `${bucket}/`, true) };
}

/**
 * Parses Resource or NotResource. A bucket policy may only name its own bucket and the
 * objects in it, as S3 rejects anything else with "Policy has invalid resource". IAM
 * requires `*` or an ARN.
 */
export function parseResourceElement(
  value: JsonValue,
  negated: boolean,
  kind: PolicyKind,
  variables: boolean,
  options: ResourceParseOptions,
): ResourceElement {
  const sources = readStringList(value);
  if (sources === undefined) {
    throw malformedPolicy(kind, kind === 'resource' ? `Policy has invalid resource: ${quoteValue(value)}` : 'Policy statement must contain resources.');
  }
  const patterns = sources.map((source) => parseResourceTemplate(source, variables));
  for (const pattern of patterns) checkResource(pattern, kind, options);
  return { negated, patterns };
}

function checkResource(pattern: Template, kind: PolicyKind, options: ResourceParseOptions): void {
  const source = pattern.source;
  if (kind === 'resource') {
    const valid = source.startsWith(s3ArnPrefix) && source.length > s3ArnPrefix.length;
    const reach = valid ? s3ResourceReach(pattern, options.bucket) : undefined;
    if (reach === undefined || (!reach.bucket && !reach.object)) {
      throw malformedPolicy(kind, `Policy has invalid resource: ${quoteValue(source)}`);
    }
    return;
  }
  if (source === '*') return;
  const segments = splitArn(source);
  const service = segments?.[2] ?? '';
  if (segments === undefined || segments[0] !== 'arn' || service === '' || /[*?]/.test(service)) {
    throw malformedPolicy(kind, `Resource ${source} must be in ARN format or "*".`);
  }
}
