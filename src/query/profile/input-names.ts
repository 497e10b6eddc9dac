import { extname } from 'node:path';

import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

import { QueryError, type SourceLocation } from '../engine-types.js';
import { profileError } from './profile-error.js';
import { inputReferences } from './references.js';
import { readInfo } from './rsd-info.js';
import { isApi } from './rsd-profile.js';
import { parseRsdTree, type RsdElement } from './rsd-tree.js';
import { didYouMean } from './suggest.js';

/** The query inputs a profile reads, and the place in the profile that names them. */
export interface ProfileInputs {
  /** `rsd`: declared by `<input>` in `api:info`. `object`: referenced in the `uri` of a JSON or YAML profile. */
  kind: 'rsd' | 'object';
  /** The input names as the profile writes them. */
  names: string[];
  location: SourceLocation;
}

/**
 * Lists the inputs a profile reads. An API Script profile reads the inputs that `api:info`
 * declares with `<input>`. A JSON or YAML profile reads those that its `uri` references as
 * `[_input.name]`, because `uri` is its only field with references. Returns undefined for
 * a profile too malformed to tell, whose load then reports the mistake.
 */
export function readProfileInputs(text: string, file: string): ProfileInputs | undefined {
  const extension = extname(file).toLowerCase();
  const body = text.replace(/^\uFEFF/, '');
  try {
    if (extension === '.rsd' || extension === '.xml') return readRsdInputs(body, file);
    if (['.json', '.yaml', '.yml'].includes(extension)) return readObjectInputs(body, file);
    return undefined;
  } catch (error) {
    if (error instanceof QueryError) return undefined;
    throw error;
  }
}

/**
 * Returns the names in `inputNames` that the profile does not read, compared without
 * regard to case as references resolve them.
 */
export function unknownInputNames(inputNames: readonly string[], inputs: ProfileInputs): string[] {
  const known = new Set(inputs.names.map((name) => name.toLowerCase()));
  return inputNames.filter((name) => !known.has(name.toLowerCase()));
}

/**
 * Describes an input the profile does not read, naming the profile as `subject`. It
 * suggests the closest input name and lists the ones the profile reads.
 */
export function describeUnknownInput(name: string, inputs: ProfileInputs, subject: string): string {
  const suggestion = didYouMean(name, inputs.names);
  return `${subject} has no input ${JSON.stringify(name)}${suggestion === '' ? '.' : suggestion} ${describeProfileInputs(inputs)}`;
}

/**
 * Rejects a query input that the profile does not read, so a misspelt `--input` name or
 * step input fails instead of being ignored. A profile too malformed to list its inputs
 * is left to its load, which reports the mistake.
 */
export function checkInputNames(text: string, file: string, inputs: Record<string, string>): void {
  const inputNames = Object.keys(inputs);
  if (inputNames.length === 0) return;
  const profileInputs = readProfileInputs(text, file);
  if (profileInputs === undefined) return;
  const [unknown] = unknownInputNames(inputNames, profileInputs);
  if (unknown !== undefined) {
    profileError(profileInputs.location, describeUnknownInput(unknown, profileInputs, 'the profile'));
  }
}

function describeProfileInputs(inputs: ProfileInputs): string {
  const list = inputs.names.join(', ');
  if (inputs.kind === 'rsd') {
    return inputs.names.length === 0
      ? 'It declares none; declare one with <input name="..."/> in api:info.'
      : `It declares ${list} (<input name="..."/> in api:info).`;
  }
  return inputs.names.length === 0
    ? 'It reads inputs only through [_input.name] in its uri, and has none.'
    : `Its uri references ${list} as [_input.name].`;
}

/** Reads the names `api:info` declares. The load checks the rest of the script. */
function readRsdInputs(text: string, file: string): ProfileInputs | undefined {
  const root = parseRsdTree(text, file);
  const at = (element: RsdElement): SourceLocation => ({ file, line: element.line });
  const info = root.children.filter((child) => isApi(child, 'info'));
  if (!isApi(root, 'script') || info.length !== 1) return undefined;
  return { kind: 'rsd', names: readInfo(info[0]!, at).inputNames, location: at(info[0]!) };
}

/** Reads the names that the `uri` field references. */
function readObjectInputs(text: string, file: string): ProfileInputs | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const root = document.contents;
  if (document.errors.length > 0 || !isMap(root)) return undefined;
  const lineOf = (offset: number | undefined): SourceLocation =>
    offset === undefined ? { file } : { file, line: lineCounter.linePos(offset).line };

  const uri = root.get('uri', true);
  if (uri === undefined) return { kind: 'object', names: [], location: lineOf(root.range?.[0]) };
  if (!isScalar(uri) || uri.value === null || typeof uri.value === 'object') return undefined;
  const location = lineOf(uri.range?.[0]);
  const names = [...new Set(inputReferences(String(uri.value), location))];
  return { kind: 'object', names, location };
}
