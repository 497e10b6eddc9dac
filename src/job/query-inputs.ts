import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';

import { describeUnknownInput, readProfileInputs, unknownInputNames } from '../query/profile/input-names.js';
import type { JobProblem } from './job-types.js';
import { findReferences, interpolate } from './variables.js';

/** The `inputs` names of one query step with their lines, to check against the step's profile. */
export interface StepInputs {
  step: string;
  /** The `profile` field as written, which may contain `${name}` references. */
  profile: string;
  inputs: Array<{ name: string; line: number | undefined }>;
}

/**
 * Reports each query step input that the step's profile does not read, as `coffer query`
 * would reject it when the step runs. A step is skipped when its profile path contains a
 * `${name}` reference, or when the profile cannot be read or is too malformed to list its
 * inputs. The run then reports whatever is wrong. Relative paths resolve against `dir`.
 */
export async function checkStepInputs(steps: StepInputs[], dir: string): Promise<JobProblem[]> {
  const problems: JobProblem[] = [];
  for (const step of steps) {
    if (step.inputs.length === 0) continue;
    const { names, malformed } = findReferences(step.profile);
    if (names.length > 0 || malformed.length > 0) continue;
    // With no references left, this only turns `$${` into `${`, so the lookup never runs.
    const written = interpolate(step.profile, () => '');
    const file = isAbsolute(written) ? written : resolve(dir, written);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    const profileInputs = readProfileInputs(text, file);
    if (profileInputs === undefined) continue;
    const unknown = new Set(unknownInputNames(step.inputs.map((input) => input.name), profileInputs));
    for (const input of step.inputs) {
      if (!unknown.has(input.name)) continue;
      const subject = `step ${JSON.stringify(step.step)}: inputs: the profile ${written}`;
      problems.push({ line: input.line, message: describeUnknownInput(input.name, profileInputs, subject) });
    }
  }
  return problems;
}
