import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

import { QueryError, type CompiledProfile } from '../engine-types.js';
import { compileProfile } from './compile.js';
import { connectionDataModel } from './data-model.js';
import type { ReferenceValues } from './references.js';
import type { ProfileSource } from './source.js';

/** Reads the text of one profile form into its source. */
export type ProfileReader = (text: string, file: string, values: ReferenceValues) => ProfileSource;

/** The profile forms by file extension: `.rsd` (and `.xml`) is API Script, the rest the small form. */
export type ProfileForm = 'rsd' | 'object';

/**
 * Reads and compiles a profile file. `.rsd` files are API Script; `.json`, `.yaml` and
 * `.yml` are the small profile form. `connection` names are in lower case.
 */
export async function loadProfile(
  file: string,
  connection: Record<string, string>,
  inputs: Record<string, string> = {},
): Promise<CompiledProfile> {
  return compileProfile(await loadProfileSource(file, connection, inputs), lowerCaseKeys(connection));
}

/**
 * Reads a profile file into its source, the plain data that compileProfile compiles. An
 * input the profile does not read is an error. Only the reader of the file's form is
 * loaded, which keeps the start of a query short.
 */
export async function loadProfileSource(
  file: string,
  connection: Record<string, string>,
  inputs: Record<string, string>,
): Promise<ProfileSource> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new QueryError(`cannot read the profile ${file}: ${describeReadError(error as NodeJS.ErrnoException)}`);
  }
  const read: ProfileReader =
    profileForm(file) === 'rsd' ? (await import('./rsd-profile.js')).readRsdProfile : (await import('./object-profile.js')).readObjectProfile;
  // The check reads the profile in both forms, so it is loaded only when there are inputs to check.
  if (Object.keys(inputs).length > 0) (await import('./input-names.js')).checkInputNames(text, file, inputs);
  return readSource(read, text, file, connection, inputs);
}

/** Returns the form of a profile file from its extension. An unknown extension is an error. */
export function profileForm(name: string): ProfileForm {
  const extension = extname(name).toLowerCase();
  if (extension === '.rsd' || extension === '.xml') return 'rsd';
  if (['.json', '.yaml', '.yml'].includes(extension)) return 'object';
  throw new QueryError(`${name}: unknown profile type ${JSON.stringify(extension)}; use .rsd, .json, .yaml or .yml`);
}

/**
 * Reads profile text with `read`. A `datamodel` (or `data model`) connection option
 * replaces the profile's data model, as the Data Model connection property that ETL tools
 * pass does.
 */
export function readSource(
  read: ProfileReader,
  text: string,
  name: string,
  connection: Record<string, string>,
  inputs: Record<string, string>,
): ProfileSource {
  const values = { connection: lowerCaseKeys(connection), inputs };
  const source = read(text.replace(/^\uFEFF/, ''), name, values);
  const dataModel = connectionDataModel(values.connection);
  if (dataModel !== undefined) source.dataModel = dataModel;
  return source;
}

/** Returns the options with their names in lower case, since connection option names ignore case. */
export function lowerCaseKeys(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key.toLowerCase(), value]));
}

/** Says why a file could not be read, in words for the common causes. */
function describeReadError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    default:
      return error.code ?? error.message;
  }
}
