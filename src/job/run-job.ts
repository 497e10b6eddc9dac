import type { Writable } from 'node:stream';

import { QueryError } from '../query/engine-types.js';
import { redactSecrets } from '../query/fetch/redact.js';
import { didYouMean } from '../query/profile/suggest.js';
import type { Job, Step, VariableValue } from './job-types.js';
import { StepContext, StepError } from './step-context.js';
import { runCommandStep } from './steps/command-step.js';
import { runHttpStep } from './steps/http-step.js';
import { runPresignStep } from './steps/presign-step.js';
import { runQueryStep } from './steps/query-step.js';
import { parseVariableValue } from './variables.js';

export interface JobIo {
  stdout: Writable;
  stderr: Writable;
  terminal: boolean;
}

/** A job that stopped at a step; the message names the step. */
export class JobFailed extends Error {
  override name = 'JobFailed';
}

const runners: Record<Step['type'], (context: StepContext) => Promise<string | undefined>> = {
  presign: runPresignStep,
  query: runQueryStep,
  http: runHttpStep,
  command: runCommandStep,
};

/**
 * Runs the steps in order. Each step reads the variables as earlier steps left them, and a
 * step with `set` stores its result, converted to the variable's type. The first failure
 * stops the job. One line per step goes to stderr with its duration; values are never
 * logged, because a variable may hold a presigned URL.
 */
export async function runJob(job: Job, overrides: Record<string, string>, io: JobIo): Promise<void> {
  const values = initialValues(job, overrides);
  for (const [index, step] of job.steps.entries()) {
    const label = `step ${index + 1}/${job.steps.length} ${JSON.stringify(step.name)} (${step.type})`;
    const started = process.hrtime.bigint();
    const seconds = (): string => (Number(process.hrtime.bigint() - started) / 1e9).toFixed(2);
    try {
      const context = new StepContext(job, step, values, io.stdout, io.stderr, io.terminal);
      const result = await runners[step.type](context);
      const variable = step.fields.set as string | undefined;
      if (variable !== undefined && result !== undefined) values.set(variable, convert(job, variable, result));
      io.stderr.write(`coffer job: ${label} done in ${seconds()} s${variable === undefined ? '' : `, set ${variable}`}\n`);
    } catch (error) {
      const message = redactSecrets(error instanceof Error ? error.message : String(error));
      io.stderr.write(`coffer job: ${label} failed after ${seconds()} s\n`);
      throw new JobFailed(`step ${JSON.stringify(step.name)} (${step.type}) failed: ${message}`);
    }
  }
}

function initialValues(job: Job, overrides: Record<string, string>): Map<string, VariableValue | undefined> {
  const values = new Map<string, VariableValue | undefined>();
  for (const variable of job.variables) values.set(variable.name, variable.default);
  for (const [name, text] of Object.entries(overrides)) {
    const declared = job.variables.find((variable) => variable.name === name);
    if (declared === undefined) {
      const names = job.variables.map((variable) => variable.name);
      const hint = didYouMean(name, names);
      throw new QueryError(`--var ${name}: the job declares no variable ${name}${hint === '' ? '.' : hint} It declares ${names.join(', ') || 'none'}.`);
    }
    const value = parseVariableValue(declared.type, text);
    if (typeof value === 'object') throw new QueryError(`--var ${name}: ${value.error} (its type is ${declared.type}).`);
    values.set(name, value);
  }
  return values;
}

function convert(job: Job, name: string, text: string): VariableValue {
  const declared = job.variables.find((variable) => variable.name === name)!;
  const value = parseVariableValue(declared.type, text);
  if (typeof value === 'object') throw new StepError(`cannot set ${name}: ${value.error} (its type is ${declared.type}).`);
  return value;
}
