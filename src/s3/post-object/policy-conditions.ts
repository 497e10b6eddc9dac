import { S3Error } from '../../errors/s3-error.js';
import type { PolicyCondition, PostPolicy } from './policy-document.js';

/** A field the policy must account for, by its lower-cased name. */
export interface PolicyInput {
  /** The name as the client spelled it, for error messages. */
  name: string;
  value: string;
}

/** The file sizes a policy allows, bounds included. */
export interface SizeRange {
  min: number;
  max: number;
}

/**
 * Checks a form against its policy, as S3 does before it stores anything: the policy must not
 * have expired, every condition must hold, and every input must be named by a condition.
 * Conditions name fields as `$name`, without regard to case, and compare values exactly; a
 * condition on a field the form lacks fails. Returns the size range from the
 * `content-length-range` conditions, checked once the file has been read.
 */
export function checkPostPolicy(policy: PostPolicy, inputs: Map<string, PolicyInput>, now: Date): SizeRange | undefined {
  if (now.getTime() > policy.expiration.getTime()) throw notAllowed('Policy expired.');
  const covered = new Set<string>();
  let range: SizeRange | undefined;
  for (const condition of policy.conditions) {
    if (condition.operator === 'content-length-range') {
      const min = parseBound(condition.min);
      const max = parseBound(condition.max);
      if (min === undefined || max === undefined) throw conditionFailed(condition);
      range = { min: Math.max(range?.min ?? min, min), max: Math.min(range?.max ?? max, max) };
      continue;
    }
    const name = condition.field.startsWith('$') ? condition.field.slice(1).toLowerCase() : undefined;
    const input = name === undefined ? undefined : inputs.get(name);
    if (name === undefined || input === undefined) throw conditionFailed(condition);
    covered.add(name);
    if (!conditionHolds(condition.operator, name, input.value, condition.value)) throw conditionFailed(condition);
  }
  for (const [name, input] of inputs) {
    if (!covered.has(name)) throw notAllowed(`Extra input fields: ${input.name}`);
  }
  return range;
}

/**
 * Evaluates one condition. `starts-with` on Content-Type reads the value as a comma-separated
 * list whose every entry must start with the prefix, as S3 documents. Other values are plain strings.
 */
function conditionHolds(operator: 'eq' | 'starts-with', name: string, value: string, expected: string): boolean {
  if (operator === 'eq') return value === expected;
  if (name === 'content-type') return value.split(',').every((entry) => entry.trim().startsWith(expected));
  return value.startsWith(expected);
}

function parseBound(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  return /^-?\d{1,16}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** S3 quotes the condition as a JSON list, its items separated by a comma and a space. */
function conditionFailed(condition: PolicyCondition): S3Error {
  const quoted = `[${condition.source.map((item) => JSON.stringify(item)).join(', ')}]`;
  return notAllowed(`Policy Condition failed: ${quoted}`);
}

function notAllowed(detail: string): S3Error {
  return new S3Error('AccessDenied', `Invalid according to Policy: ${detail}`);
}
