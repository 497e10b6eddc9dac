/**
 * One statement of a policy: Sid, Effect, Principal or NotPrincipal, Action or NotAction,
 * Resource or NotResource, and Condition ("IAM JSON policy elements reference", IAM User
 * Guide). Which elements are required or forbidden depends on the policy kind.
 */

import { isJsonObject, type JsonObject, type JsonValue } from './json-reader.js';
import { parseActionElement, s3ActionsMatching } from './parse-action.js';
import { parseConditionElement } from './parse-condition.js';
import { parsePrincipalElement, type PrincipalParseOptions } from './parse-principal.js';
import { parseResourceElement, s3ResourceReach, type ResourceParseOptions } from './parse-resource.js';
import { malformedPolicy, quoteValue } from './policy-errors.js';
import type { ActionElement, Effect, PolicyKind, ResourceElement, Statement } from './policy-types.js';
import { s3Actions } from './s3-actions.js';

export interface StatementParseOptions extends PrincipalParseOptions, ResourceParseOptions {}

const statementFields = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

/** "The Sid element supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers (0-9)." */
const iamSid = /^[0-9A-Za-z]*$/;

/** Returns the element present of a pair such as Action and NotAction, and whether it is the Not form. */
function pickPair(
  statement: JsonObject,
  name: string,
  kind: PolicyKind,
): { value: JsonValue; negated: boolean } | undefined {
  const positive = statement.members.get(name);
  const negative = statement.members.get(`Not${name}`);
  if (positive !== undefined && negative !== undefined) {
    throw malformedPolicy(kind, `Statement must contain exactly one of ${name} and Not${name}`);
  }
  if (positive !== undefined) return { value: positive, negated: false };
  if (negative !== undefined) return { value: negative, negated: true };
  return undefined;
}

function parseEffect(value: JsonValue | undefined, kind: PolicyKind): Effect {
  if (value === undefined) throw malformedPolicy(kind, 'Missing required field Effect');
  if (value !== 'Allow' && value !== 'Deny') {
    throw malformedPolicy(kind, `Invalid effect: ${typeof value === 'string' ? value : quoteValue(value)}`);
  }
  return value;
}

function parseSid(value: JsonValue | undefined, kind: PolicyKind): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw malformedPolicy(kind, `Sid must be a string: ${quoteValue(value)}`);
  if (kind !== 'resource' && !iamSid.test(value)) {
    throw malformedPolicy(
      kind,
      `Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*. Invalid Sid: ${quoteValue(value)}`,
    );
  }
  return value;
}

/**
 * Parses one statement. `variables` is true when the policy's Version supports policy
 * variables.
 */
export function parseStatement(
  value: JsonValue,
  index: number,
  kind: PolicyKind,
  variables: boolean,
  options: StatementParseOptions,
): Statement {
  if (!isJsonObject(value)) throw malformedPolicy(kind, `Statement must be an object: ${quoteValue(value)}`);
  for (const name of value.members.keys()) {
    if (!statementFields.has(name)) throw malformedPolicy(kind, `Unknown field ${name}`);
  }

  const sid = parseSid(value.members.get('Sid'), kind);
  const effect = parseEffect(value.members.get('Effect'), kind);

  const principalPair = pickPair(value, 'Principal', kind);
  if (kind === 'identity' && principalPair !== undefined) {
    throw malformedPolicy(kind, 'Policy document should not specify a principal.');
  }
  if (kind === 'trust' && principalPair?.negated === true) throw malformedPolicy(kind, 'Has prohibited field NotPrincipal');
  if (kind !== 'identity' && principalPair === undefined) throw malformedPolicy(kind, 'Missing required field Principal');
  const principal =
    principalPair === undefined ? undefined : parsePrincipalElement(principalPair.value, principalPair.negated, kind, options);

  const actionPair = pickPair(value, 'Action', kind);
  if (actionPair === undefined) {
    throw malformedPolicy(kind, kind === 'resource' ? 'Missing required field Action' : 'Policy statement must contain actions.');
  }
  const action = parseActionElement(actionPair.value, actionPair.negated, kind);

  const resourcePair = pickPair(value, 'Resource', kind);
  if (kind === 'trust' && resourcePair !== undefined) {
    throw malformedPolicy(kind, `Has prohibited field ${resourcePair.negated ? 'NotResource' : 'Resource'}`);
  }
  if (kind !== 'trust' && resourcePair === undefined) {
    throw malformedPolicy(kind, kind === 'resource' ? 'Missing required field Resource' : 'Policy statement must contain resources.');
  }
  const resource =
    resourcePair === undefined
      ? undefined
      : parseResourceElement(resourcePair.value, resourcePair.negated, kind, variables, options);

  if (kind === 'resource' && resource !== undefined) checkActionsApply(action, resource, options.bucket);

  const conditionValue = value.members.get('Condition');
  const conditions = conditionValue === undefined ? [] : parseConditionElement(conditionValue, kind, variables);

  return { index, sid, effect, principal, action, resource, conditions };
}

/**
 * Rejects a bucket policy statement with an action that none of its resources can be,
 * such as `s3:ListBucket` (a bucket action) on `arn:aws:s3:::bucket/*` (objects only), as S3
 * does with "Action does not apply to any resource(s) in statement". Statements with
 * NotAction or NotResource are not checked.
 */
function checkActionsApply(action: ActionElement, resource: ResourceElement, bucket: string | undefined): void {
  if (action.negated || resource.negated) return;
  const reaches = resource.patterns.map((pattern) => s3ResourceReach(pattern, bucket));
  const bucketReached = reaches.some((reach) => reach.bucket);
  const objectReached = reaches.some((reach) => reach.object);
  for (const pattern of action.patterns) {
    const named = pattern === '*' ? s3Actions : s3ActionsMatching(pattern);
    const applies = named.some(
      (known) => (known.resourceKind === 'bucket' && bucketReached) || (known.resourceKind === 'object' && objectReached),
    );
    if (!applies) throw malformedPolicy('resource', 'Action does not apply to any resource(s) in statement');
  }
}
