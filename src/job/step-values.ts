import { maxExpiresIn, minExpiresIn } from '../presign/index.js';
import { parseByteCount, parseSeconds } from '../query/options.js';
import { outputFormats } from '../query/output/write-result.js';
import { parseLoadTarget } from '../query/load/target.js';
import { parseDataModel } from '../query/profile/data-model.js';
import type { Step } from './job-types.js';

export interface ValueProblem {
  field: string;
  message: string;
}

export const presignMethods = ['GET', 'PUT', 'HEAD', 'DELETE'];

/**
 * Checks the field values that contain no `${...}` reference, so a literal mistake shows
 * up before the job runs. Values with references are checked when the step runs.
 */
export function checkStepValues(step: Step): ValueProblem[] {
  const problems: ValueProblem[] = [];
  const literal = (field: string): string | number | boolean | undefined => {
    const value = step.fields[field];
    if (value === undefined || typeof value === 'object') return undefined;
    return typeof value === 'string' && value.includes('${') ? undefined : value;
  };
  const check = (field: string, test: (value: string) => void): void => {
    const value = literal(field);
    if (value === undefined) return;
    try {
      test(String(value));
    } catch (error) {
      problems.push({ field, message: (error as Error).message.replace(/^--[a-z-]+/, field) });
    }
  };

  check('method', (value) => {
    if (!presignMethods.includes(value.toUpperCase())) throw new Error(`method must be ${presignMethods.join(', ')}; got ${JSON.stringify(value)}.`);
  });
  check('expires_in', (value) => {
    const seconds = Number(value);
    if (!Number.isSafeInteger(seconds) || seconds < minExpiresIn || seconds > maxExpiresIn) {
      throw new Error(`expires_in must be a whole number of seconds from ${minExpiresIn} to ${maxExpiresIn}; got ${JSON.stringify(value)}.`);
    }
  });
  check('format', (value) => {
    if (!(outputFormats as readonly string[]).includes(value)) throw new Error(`format must be ${outputFormats.join(', ')}; got ${JSON.stringify(value)}.`);
  });
  check('max_bytes', (value) => parseByteCount(value, 'max_bytes'));
  check('timeout', (value) => parseSeconds(value, 'timeout'));
  check('into', (value) => parseLoadTarget(value));
  check('data_model', (value) => parseDataModel(value, 'data_model'));
  if (step.type === 'query' && step.fields.replace === true && step.fields.into === undefined) {
    problems.push({ field: 'replace', message: 'replace applies only with into.' });
  }
  return problems;
}
