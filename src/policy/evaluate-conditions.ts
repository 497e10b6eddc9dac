/**
 * Evaluation of a statement's Condition element against the request context, following
 * "Condition operators" and "Creating a condition with multiple keys or values" in the IAM
 * User Guide:
 * - clauses (operators, and keys within an operator) are ANDed;
 * - values of one key are ORed, and NORed for negated operators;
 * - a key missing from the request makes a clause false, except that negated operators are
 *   then true, `...IfExists` is true, `Null` tests for the absence itself, and
 *   `ForAllValues` is true;
 * - `ForAllValues` holds when every request value satisfies the operator, `ForAnyValue` when
 *   at least one does, and an empty set of request values, or empty strings alone, count
 *   as a missing key.
 */

import { isNegatedOperator, valueSatisfies } from './condition-operators.js';
import type { ConditionClause } from './policy-types.js';
import { resolveTemplate, type VariableLookup } from './policy-variables.js';

/** Request context values by lowercase condition key; a key with no values is absent. */
export type ConditionValues = ReadonlyMap<string, readonly string[]>;

/** True when every clause holds. */
export function conditionsHold(
  clauses: readonly ConditionClause[],
  context: ConditionValues,
  lookup: VariableLookup,
): boolean {
  return clauses.every((clause) => clauseHolds(clause, context, lookup));
}

/** Tells whether one operator-key pair holds for the request. */
export function clauseHolds(clause: ConditionClause, context: ConditionValues, lookup: VariableLookup): boolean {
  const requestValues = context.get(clause.key) ?? [];
  // For the set operators, empty strings alone are a "null data set", like a missing key.
  const nullDataSet = clause.qualifier !== undefined && requestValues.every((value) => value === '');
  const present = requestValues.length > 0 && !nullDataSet;

  if (clause.operator === 'Null') {
    return clause.values.some((value) => {
      const wanted = value.source.toLowerCase();
      return (wanted === 'true' && !present) || (wanted === 'false' && present);
    });
  }

  if (!present) {
    if (clause.ifExists) return true;
    if (clause.qualifier === 'ForAllValues') return true;
    if (clause.qualifier === 'ForAnyValue') return false;
    return isNegatedOperator(clause.operator);
  }

  const policyValues = clause.values.map((value) => resolveTemplate(value, lookup));
  const satisfied = (requestValue: string): boolean => valueSatisfies(clause.operator, requestValue, policyValues);

  if (clause.qualifier === 'ForAllValues') return requestValues.every(satisfied);
  if (clause.qualifier === 'ForAnyValue') return requestValues.some(satisfied);
  // A multivalued key without a set operator: a positive operator holds when any request
  // value matches, a negated one when no request value matches any policy value.
  if (isNegatedOperator(clause.operator)) return requestValues.every(satisfied);
  return requestValues.some(satisfied);
}
