import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';

import type { FieldValue, Job, JobProblem, Step, StepType, VariableDeclaration, VariableType } from './job-types.js';
import { checkStepInputs, type StepInputs } from './query-inputs.js';
import { closestName, stepFields, stepTypes, type FieldSpec } from './step-fields.js';
import { checkStepValues } from './step-values.js';
import { checkDefault, findReferences, variableNamePattern, variableTypes } from './variables.js';

const topLevelKeys = ['description', 'variables', 'steps'];
const variableKeys = ['name', 'type', 'default', 'description'];

/** A job file that was read and checked; `job` is set only when there is no problem. */
export interface JobCheck {
  job: Job | undefined;
  problems: JobProblem[];
}

/**
 * Reads and checks a job file without running anything: its structure, the step types,
 * the field names and kinds of each step, the variable declarations, every `${name}`
 * reference, and the `inputs` names of query steps against their profiles. All problems
 * are collected, each with its line.
 */
export async function readJobFile(file: string): Promise<JobCheck> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { job: undefined, problems: [{ line: undefined, message: `cannot read the job file: ${(error as Error).message}` }] };
  }
  const path = resolve(file);
  const checked = checkJobText(text, path);
  const inputProblems = await checkStepInputs(checked.stepInputs, dirname(path));
  if (inputProblems.length === 0) return { job: checked.job, problems: checked.problems };
  const problems = [...checked.problems, ...inputProblems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { job: undefined, problems };
}

/**
 * Checks the text of a job file. `stepInputs` lists the query steps' inputs, which only
 * the profile files can check.
 */
function checkJobText(text: string, file: string): JobCheck & { stepInputs: StepInputs[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: JobProblem[] = [];
  const lineOf = (node: Node | Pair['key'] | null | undefined): number | undefined => {
    const range = (node as Node | null | undefined)?.range;
    return range === undefined || range === null ? undefined : lineCounter.linePos(range[0]).line;
  };
  const report = (node: Node | Pair['key'] | null | undefined, message: string): void => {
    problems.push({ line: lineOf(node), message });
  };
  const stepInputs: StepInputs[] = [];
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      problems.push({ line: lineCounter.linePos(error.pos[0]).line, message: `invalid YAML: ${error.message.split('\n')[0]}` });
    }
    return { job: undefined, problems, stepInputs };
  }

  const root = document.contents;
  if (!isMap(root)) {
    report(root, 'a job file is a mapping with "variables" and "steps".');
    return { job: undefined, problems, stepInputs };
  }
  checkKeys(root, topLevelKeys, 'the job', report);
  const variables = readVariables(root.get('variables', true) as Node | undefined, report);
  const stepsNode = root.get('steps', true) as Node | undefined;
  const steps: Step[] = [];
  if (stepsNode === undefined) {
    report(root, 'the job has no "steps" list.');
  } else if (!isSeq(stepsNode) || stepsNode.items.length === 0) {
    report(stepsNode, '"steps" must be a list of at least one step.');
  } else {
    const names = new Set<string>();
    stepsNode.items.forEach((item, index) => {
      const step = readStep(item as Node, index, variables, report, lineOf);
      if (step === undefined) return;
      if (names.has(step.name)) report(item as Node, `two steps are named ${JSON.stringify(step.name)}; step names must be unique.`);
      names.add(step.name);
      steps.push(step);
      const inputs = readStepInputs(item as YAMLMap, step, lineOf);
      if (inputs !== undefined) stepInputs.push(inputs);
    });
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const job = problems.length === 0 ? { file, dir: dirname(file), variables, steps } : undefined;
  return { job, problems, stepInputs };
}

/** Returns a query step's input names with the line of each, when the step has a profile and inputs. */
function readStepInputs(
  node: YAMLMap,
  step: Step,
  lineOf: (node: Node | Pair['key'] | null | undefined) => number | undefined,
): StepInputs | undefined {
  const profile = step.fields.profile;
  const inputs = step.fields.inputs;
  if (step.type !== 'query' || typeof profile !== 'string' || inputs === undefined) return undefined;
  const inputsNode = node.get('inputs', true);
  if (!isMap(inputsNode)) return undefined;
  const names = Object.keys(inputs as Record<string, string>).map((name) => {
    const pair = inputsNode.items.find((item) => isScalar(item.key) && String(item.key.value) === name);
    return { name, line: lineOf(pair?.key as Node | undefined) };
  });
  return { step: step.name, profile, inputs: names };
}

type Report = (node: Node | Pair['key'] | null | undefined, message: string) => void;

function checkKeys(map: YAMLMap, allowed: readonly string[], owner: string, report: Report): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key !== undefined && allowed.includes(key)) continue;
    const guess = key === undefined ? undefined : closestName(key, allowed);
    report(
      pair.key as Node,
      `${owner} has an unknown field ${JSON.stringify(key ?? '?')}${guess === undefined ? '.' : `; did you mean ${JSON.stringify(guess)}?`}` +
        ` The fields are ${allowed.join(', ')}.`,
    );
  }
}

function readVariables(node: Node | undefined, report: Report): VariableDeclaration[] {
  if (node === undefined) return [];
  if (!isSeq(node)) {
    report(node, '"variables" must be a list of {name, type, default}.');
    return [];
  }
  const variables: VariableDeclaration[] = [];
  for (const item of node.items as Node[]) {
    if (!isMap(item)) {
      report(item, 'each variable is a mapping with name, type and an optional default.');
      continue;
    }
    const name = scalarText(item.get('name', true) as Node | undefined);
    const owner = name === undefined ? 'a variable' : `variable ${JSON.stringify(name)}`;
    checkKeys(item, variableKeys, owner, report);
    if (name === undefined || !variableNamePattern.test(name)) {
      report(item, `${owner} needs a name of letters, digits and underscores, not starting with a digit.`);
      continue;
    }
    if (variables.some((variable) => variable.name === name)) report(item, `variable ${JSON.stringify(name)} is declared twice.`);
    const typeNode = item.get('type', true) as Node | undefined;
    const typeText = scalarText(typeNode);
    if (typeText === undefined || !(variableTypes as readonly string[]).includes(typeText)) {
      report(typeNode ?? item, `${owner} needs a type: ${variableTypes.join(', ')}; got ${JSON.stringify(typeText ?? null)}.`);
      continue;
    }
    const type = typeText as VariableType;
    const defaultNode = item.get('default', true) as Node | undefined;
    let value: VariableDeclaration['default'];
    if (defaultNode !== undefined && !(isScalar(defaultNode) && defaultNode.value === null)) {
      const checked = isScalar(defaultNode) ? checkDefault(type, defaultNode.value) : { error: 'a mapping or list' };
      if (typeof checked === 'object') report(defaultNode, `the default of ${owner}: ${checked.error} (its type is ${type}).`);
      else value = checked;
    }
    variables.push({ name, type, default: value });
  }
  return variables;
}

function readStep(
  node: Node,
  index: number,
  variables: VariableDeclaration[],
  report: Report,
  lineOf: (node: Node | null | undefined) => number | undefined,
): Step | undefined {
  if (!isMap(node)) {
    report(node, `step ${index + 1} must be a mapping with name, type and the type's fields.`);
    return undefined;
  }
  const name = scalarText(node.get('name', true) as Node | undefined);
  if (name === undefined || name.trim() === '') {
    report(node, `step ${index + 1} needs a name.`);
    return undefined;
  }
  const owner = `step ${JSON.stringify(name)}`;

  const typeNode = node.get('type', true) as Node | undefined;
  const type = scalarText(typeNode);
  if (type === undefined || !(stepTypes as string[]).includes(type)) {
    const guess = type === undefined ? undefined : closestName(type, stepTypes);
    report(
      typeNode ?? node,
      `${owner} needs a type: ${stepTypes.join(', ')}; got ${JSON.stringify(type ?? null)}` +
        `${guess === undefined ? '.' : `; did you mean ${JSON.stringify(guess)}?`}`,
    );
    return undefined;
  }

  const specs = stepFields[type as StepType];
  checkKeys(node, ['name', 'type', ...Object.keys(specs)], `${owner} (${type})`, report);
  const fields: Record<string, FieldValue> = {};
  for (const [field, spec] of Object.entries(specs)) {
    const valueNode = node.get(field, true) as Node | undefined;
    if (valueNode === undefined || (isScalar(valueNode) && valueNode.value === null)) {
      if (spec.required === true) report(node, `${owner} (${type}) is missing the field ${JSON.stringify(field)}.`);
      continue;
    }
    const value = readField(valueNode, spec, `${owner}: ${field}`, variables, report);
    if (value !== undefined) fields[field] = value;
  }

  const step: Step = { name, type: type as StepType, fields, line: lineOf(node) ?? 0 };
  for (const problem of checkStepValues(step)) report(node.get(problem.field, true) as Node, `${owner}: ${problem.message}`);
  return step;
}

function readField(node: Node, spec: FieldSpec, owner: string, variables: VariableDeclaration[], report: Report): FieldValue | undefined {
  const checkText = (text: string, at: Node): string => {
    const { names, malformed } = findReferences(text);
    for (const reference of malformed) {
      report(at, `${owner} has a malformed reference ${JSON.stringify(reference)}; write \${name}, or $\${ for a literal \${.`);
    }
    for (const name of names) {
      if (variables.some((variable) => variable.name === name)) continue;
      const guess = closestName(name, variables.map((variable) => variable.name));
      report(at, `${owner} uses \${${name}}, which is not a declared variable${guess === undefined ? '.' : `; did you mean \${${guess}}?`}`);
    }
    return text;
  };
  switch (spec.kind) {
    case 'text':
    case 'integer':
    case 'boolean': {
      if (!isScalar(node)) {
        report(node, `${owner} must be a single value, not a mapping or list.`);
        return undefined;
      }
      const value = node.value as string | number | boolean;
      if (typeof value === 'string') return checkText(value, node);
      if (spec.kind === 'integer' && !Number.isSafeInteger(value)) report(node, `${owner} must be a whole number; got ${JSON.stringify(value)}.`);
      if (spec.kind === 'boolean' && typeof value !== 'boolean') report(node, `${owner} must be true or false; got ${JSON.stringify(value)}.`);
      return spec.kind === 'text' ? String(value) : value;
    }
    case 'variable': {
      const name = scalarText(node);
      if (name === undefined || !variables.some((variable) => variable.name === name)) {
        const guess = name === undefined ? undefined : closestName(name, variables.map((variable) => variable.name));
        report(node, `${owner} must name a declared variable; got ${JSON.stringify(name ?? null)}${guess === undefined ? '.' : `; did you mean ${JSON.stringify(guess)}?`}`);
        return undefined;
      }
      return name;
    }
    case 'map': {
      if (!isMap(node)) {
        report(node, `${owner} must be a mapping of names to values.`);
        return undefined;
      }
      const map: Record<string, string> = {};
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        const value = pair.value as Node | null;
        if (key === undefined || value === null || !isScalar(value) || value.value === null) {
          report((pair.value as Node | null) ?? (pair.key as Node), `${owner} must map each name to a single value.`);
          continue;
        }
        map[key] = checkText(String(value.value), value);
      }
      return map;
    }
    case 'list': {
      if (!isSeq(node) || node.items.length === 0) {
        report(node, `${owner} must be a list of at least one item, such as [program, argument, ...].`);
        return undefined;
      }
      const list: string[] = [];
      for (const item of node.items as Node[]) {
        if (!isScalar(item) || item.value === null) report(item, `${owner} items must be single values.`);
        else list.push(checkText(String(item.value), item));
      }
      return list;
    }
  }
}

function scalarText(node: Node | null | undefined): string | undefined {
  if (node === null || node === undefined || !isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  return String(node.value);
}
