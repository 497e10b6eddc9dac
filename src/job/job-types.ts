/** The types a job variable can have. */
export type VariableType = 'string' | 'integer' | 'number' | 'boolean';

export type VariableValue = string | number | boolean;

export interface VariableDeclaration {
  name: string;
  type: VariableType;
  /** Undefined: the variable has no value until `--var` or a step sets it. */
  default: VariableValue | undefined;
}

export type StepType = 'presign' | 'query' | 'http' | 'command';

/**
 * A field value as written in the job file. Text may hold `${name}` references, which are
 * replaced when the step runs; a map or list holds text.
 */
export type FieldValue = string | number | boolean | Record<string, string> | string[];

export interface Step {
  name: string;
  type: StepType;
  /** Every field but `name` and `type`, after validation. */
  fields: Record<string, FieldValue>;
  /** The line of the step in the job file, for messages. */
  line: number;
}

export interface Job {
  file: string;
  /** The folder of the job file; relative paths in steps resolve against it. */
  dir: string;
  variables: VariableDeclaration[];
  steps: Step[];
}

/** An invalid part of a job file, with the line it is on. */
export interface JobProblem {
  line: number | undefined;
  message: string;
}
