/**
 * The Condition element: `{"operator": {"key": value or [values]}}` ("IAM JSON policy
 * elements: Condition", IAM User Guide). Values may be strings, numbers or booleans; numbers
 * and booleans are kept as their JSON text.
 */

import { isBucketPolicyConditionKey, isIamConditionKey } from './condition-keys.js';
import { checkOperatorValue, operatorTakesVariables, parseOperatorName } from './condition-operators.js';
import { isJsonNumber, isJsonObject, type JsonValue } from './json-reader.js';
import { malformedPolicy, quoteValue } from './policy-errors.js';
import type { ConditionClause, PolicyKind, Template } from './policy-types.js';
import { hasVariables, parseTemplate } from './policy-variables.js';

function valueText(value: JsonValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (isJsonNumber(value)) return value.text;
  return undefined;
}

/**
 * Parses a Condition element into clauses. S3 rejects an unknown operator with "Invalid
 * Condition type", and in bucket policies any key that is neither an `aws:` key nor one of
 * its own with "Policy has an invalid condition key".
 */
export function parseConditionElement(value: JsonValue, kind: PolicyKind, variables: boolean): ConditionClause[] {
  if (!isJsonObject(value)) {
    throw malformedPolicy(kind, `Condition must map condition operators to condition keys: ${quoteValue(value)}`);
  }
  const clauses: ConditionClause[] = [];
  for (const [operatorName, block] of value.members) {
    const parsed = parseOperatorName(operatorName);
    if (parsed === undefined) throw malformedPolicy(kind, `Invalid Condition type : ${operatorName}`);
    if (!isJsonObject(block) || block.members.size === 0) {
      throw malformedPolicy(kind, `Condition operator ${operatorName} must map condition keys to values: ${quoteValue(block)}`);
    }
    for (const [keyName, rawValues] of block.members) {
      const key = keyName.toLowerCase();
      checkKey(key, keyName, kind);
      const items = Array.isArray(rawValues) ? rawValues : [rawValues];
      const texts = items.map(valueText);
      if (items.length === 0 || texts.some((text) => text === undefined)) {
        throw malformedPolicy(kind, `Invalid value in Conditions for operator ${operatorName}: ${quoteValue(rawValues)}`);
      }
      const templates = (texts as string[]).map((text) =>
        parseTemplate(text, variables && operatorTakesVariables(parsed.operator)),
      );
      for (const template of templates) checkValue(template, parsed.operator, operatorName, kind);
      clauses.push({ operatorName, ...parsed, key, keyName, values: templates });
    }
  }
  return clauses;
}

function checkKey(key: string, keyName: string, kind: PolicyKind): void {
  if (kind === 'resource') {
    if (!isBucketPolicyConditionKey(key)) throw malformedPolicy(kind, `Policy has an invalid condition key: ${keyName}`);
    return;
  }
  if (!isIamConditionKey(key)) {
    throw malformedPolicy(kind, `Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. Invalid condition key: ${keyName}`);
  }
}

function checkValue(template: Template, operator: ConditionClause['operator'], operatorName: string, kind: PolicyKind): void {
  if (hasVariables(template)) return;
  const problem = checkOperatorValue(operator, template.source);
  if (problem === undefined) return;
  if (operator === 'IpAddress' || operator === 'NotIpAddress') {
    throw malformedPolicy(kind, `Invalid IP address in Conditions: ${template.source}`);
  }
  throw malformedPolicy(kind, `Invalid value in Conditions for operator ${operatorName}: ${JSON.stringify(template.source)} is ${problem}`);
}
