/**
 * Condition operators: their names, the values they accept, and how one operator compares
 * one request value with one policy value. Rules come from "IAM JSON policy elements:
 * Condition operators" in the IAM User Guide.
 */

import { matchArnTokens } from './arn.js';
import { cidrContains, parseCidr, parseIpAddress } from './ip-cidr.js';
import { parsePolicyDate } from './policy-date.js';
import type { BaseOperator, SetQualifier } from './policy-types.js';
import type { ResolvedTemplate } from './policy-variables.js';
import { matchTokens } from './wildcard.js';

/** The positive comparison each operator uses; negated operators invert its result. */
type Comparison =
  | 'StringEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringLike'
  | 'NumericEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'BinaryEquals'
  | 'IpAddress'
  | 'ArnLike'
  | 'Null';

interface OperatorInfo {
  readonly comparison: Comparison;
  /** True for the "Not" operators, which hold when no policy value matches. */
  readonly negated: boolean;
  /** Whether values may contain policy variables: string, ARN and Bool operators only. */
  readonly variables: boolean;
}

const operators: Record<BaseOperator, OperatorInfo> = {
  StringEquals: { comparison: 'StringEquals', negated: false, variables: true },
  StringNotEquals: { comparison: 'StringEquals', negated: true, variables: true },
  StringEqualsIgnoreCase: { comparison: 'StringEqualsIgnoreCase', negated: false, variables: true },
  StringNotEqualsIgnoreCase: { comparison: 'StringEqualsIgnoreCase', negated: true, variables: true },
  StringLike: { comparison: 'StringLike', negated: false, variables: true },
  StringNotLike: { comparison: 'StringLike', negated: true, variables: true },
  NumericEquals: { comparison: 'NumericEquals', negated: false, variables: false },
  NumericNotEquals: { comparison: 'NumericEquals', negated: true, variables: false },
  NumericLessThan: { comparison: 'NumericLessThan', negated: false, variables: false },
  NumericLessThanEquals: { comparison: 'NumericLessThanEquals', negated: false, variables: false },
  NumericGreaterThan: { comparison: 'NumericGreaterThan', negated: false, variables: false },
  NumericGreaterThanEquals: { comparison: 'NumericGreaterThanEquals', negated: false, variables: false },
  DateEquals: { comparison: 'DateEquals', negated: false, variables: false },
  DateNotEquals: { comparison: 'DateEquals', negated: true, variables: false },
  DateLessThan: { comparison: 'DateLessThan', negated: false, variables: false },
  DateLessThanEquals: { comparison: 'DateLessThanEquals', negated: false, variables: false },
  DateGreaterThan: { comparison: 'DateGreaterThan', negated: false, variables: false },
  DateGreaterThanEquals: { comparison: 'DateGreaterThanEquals', negated: false, variables: false },
  // The IAM User Guide disagrees with itself here: its Condition operators page lists policy
  // variables as usable with Bool, and its Variables page lists Bool among the operators
  // without them. Accepting them rejects no policy that IAM accepts.
  Bool: { comparison: 'Bool', negated: false, variables: true },
  BinaryEquals: { comparison: 'BinaryEquals', negated: false, variables: false },
  IpAddress: { comparison: 'IpAddress', negated: false, variables: false },
  NotIpAddress: { comparison: 'IpAddress', negated: true, variables: false },
  // "The ArnEquals and ArnLike condition operators behave identically."
  ArnEquals: { comparison: 'ArnLike', negated: false, variables: true },
  ArnLike: { comparison: 'ArnLike', negated: false, variables: true },
  ArnNotEquals: { comparison: 'ArnLike', negated: true, variables: true },
  ArnNotLike: { comparison: 'ArnLike', negated: true, variables: true },
  Null: { comparison: 'Null', negated: false, variables: false },
};

export interface ParsedOperatorName {
  readonly operator: BaseOperator;
  readonly qualifier: SetQualifier | undefined;
  readonly ifExists: boolean;
}

/**
 * Splits `ForAnyValue:StringLikeIfExists` into qualifier, operator and suffix. Names are
 * case-sensitive. `IfExists` fits every operator except Null.
 */
export function parseOperatorName(name: string): ParsedOperatorName | undefined {
  let rest = name;
  let qualifier: SetQualifier | undefined;
  for (const candidate of ['ForAnyValue', 'ForAllValues'] as const) {
    if (rest.startsWith(`${candidate}:`)) {
      qualifier = candidate;
      rest = rest.slice(candidate.length + 1);
    }
  }
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  if (!Object.hasOwn(operators, rest)) return undefined;
  const operator = rest as BaseOperator;
  if (operator === 'Null' && ifExists) return undefined;
  return { operator, qualifier, ifExists };
}

/** True when the operator's values may contain policy variables. */
export function operatorTakesVariables(operator: BaseOperator): boolean {
  return operators[operator].variables;
}

/** True for the negated operators, which hold when a key is missing. */
export function isNegatedOperator(operator: BaseOperator): boolean {
  return operators[operator].negated;
}

const decimal = /^-?[0-9]+(?:\.[0-9]+)?$/;

function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  return decimal.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * Checks one policy value of an operator; returns what is wrong with it, or undefined.
 * Values that contain variables are checked when they are resolved instead.
 */
export function checkOperatorValue(operator: BaseOperator, value: string): string | undefined {
  const { comparison } = operators[operator];
  if (comparison.startsWith('Numeric') && parseNumber(value) === undefined) return 'not a number';
  if (comparison.startsWith('Date') && parsePolicyDate(value) === undefined) return 'not an ISO 8601 date or epoch time';
  if ((comparison === 'Bool' || comparison === 'Null') && !/^(true|false)$/i.test(value)) return 'neither true nor false';
  if (comparison === 'IpAddress' && parseCidr(value) === undefined) return 'not an IP address or CIDR block';
  return undefined;
}

/** True when one request value satisfies the positive comparison against one policy value. */
function compare(comparison: Comparison, requestValue: string, policyValue: ResolvedTemplate): boolean {
  switch (comparison) {
    case 'StringEquals':
      return requestValue === policyValue.text;
    case 'StringEqualsIgnoreCase':
      return requestValue.toLowerCase() === policyValue.text.toLowerCase();
    case 'StringLike':
      return matchTokens(policyValue.tokens, requestValue);
    case 'Bool':
      return requestValue.toLowerCase() === policyValue.text.toLowerCase();
    case 'BinaryEquals':
      return requestValue === policyValue.text;
    case 'ArnLike':
      return matchArnTokens(policyValue.tokens, requestValue);
    case 'IpAddress': {
      const address = parseIpAddress(requestValue);
      const block = parseCidr(policyValue.text);
      return address !== undefined && block !== undefined && cidrContains(block, address);
    }
    case 'Null':
      return false;
    default:
      return compareOrdered(comparison, requestValue, policyValue.text);
  }
}

function compareOrdered(comparison: Comparison, requestValue: string, policyValue: string): boolean {
  const parse = comparison.startsWith('Date') ? parsePolicyDate : parseNumber;
  const left = parse(requestValue);
  const right = parse(policyValue);
  if (left === undefined || right === undefined) return false;
  if (comparison.endsWith('LessThan')) return left < right;
  if (comparison.endsWith('LessThanEquals')) return left <= right;
  if (comparison.endsWith('GreaterThan')) return left > right;
  if (comparison.endsWith('GreaterThanEquals')) return left >= right;
  return left === right;
}

/**
 * Tells whether one request value satisfies the operator against the policy's values.
 * Several policy values are ORed for positive operators; a negated operator holds only when
 * no value matches (a logical NOR). An unresolved value (undefined) matches nothing.
 */
export function valueSatisfies(
  operator: BaseOperator,
  requestValue: string,
  policyValues: readonly (ResolvedTemplate | undefined)[],
): boolean {
  const { comparison, negated } = operators[operator];
  const matched = policyValues.some((value) => value !== undefined && compare(comparison, requestValue, value));
  return negated ? !matched : matched;
}
