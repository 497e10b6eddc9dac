import { isAbsolute, resolve } from 'node:path';
import type { Writable } from 'node:stream';

import type { Job, Step, VariableValue } from './job-types.js';
import { interpolate, parseVariableValue } from './variables.js';

/** A step's failure, reported with the step's name by the job runner. */
export class StepError extends Error {
  override name = 'StepError';
}

/**
 * A step's view of its fields with `${name}` references replaced by the current variable
 * values, and of the job's streams.
 */
export class StepContext {
  constructor(
    readonly job: Job,
    readonly step: Step,
    private readonly values: Map<string, VariableValue | undefined>,
    readonly stdout: Writable,
    readonly stderr: Writable,
    /** True when stderr is a terminal, so a query may show its progress line. */
    readonly terminal: boolean,
  ) {}

  text(field: string): string | undefined {
    const value = this.step.fields[field];
    if (value === undefined) return undefined;
    if (typeof value === 'object') throw new StepError(`${field} must be a single value.`);
    return typeof value === 'string' ? this.replace(value) : String(value);
  }

  requiredText(field: string): string {
    const value = this.text(field);
    if (value === undefined) throw new StepError(`the field ${field} is missing.`);
    return value;
  }

  integer(field: string): number | undefined {
    const text = this.text(field);
    if (text === undefined) return undefined;
    const value = parseVariableValue('integer', text);
    if (typeof value === 'object') throw new StepError(`${field}: ${value.error}.`);
    return value as number;
  }

  boolean(field: string): boolean {
    const text = this.text(field);
    if (text === undefined) return false;
    const value = parseVariableValue('boolean', text);
    if (typeof value === 'object') throw new StepError(`${field}: ${value.error}.`);
    return value as boolean;
  }

  map(field: string): Record<string, string> {
    const value = this.step.fields[field];
    if (value === undefined) return {};
    const result: Record<string, string> = {};
    for (const [name, text] of Object.entries(value as Record<string, string>)) result[name] = this.replace(text);
    return result;
  }

  list(field: string): string[] {
    return ((this.step.fields[field] as string[] | undefined) ?? []).map((text) => this.replace(text));
  }

  /** Resolves a path from the job file against the job file's folder when it is relative. */
  path(text: string): string {
    return isAbsolute(text) ? text : resolve(this.job.dir, text);
  }

  private replace(text: string): string {
    return interpolate(text, (name) => {
      const value = this.values.get(name);
      if (value === undefined) {
        throw new StepError(`the variable ${name} has no value: give it a default, pass --var ${name}=VALUE, or set it in an earlier step.`);
      }
      return value;
    });
  }
}
