import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

import { QueryError, type CompiledProfile } from '../engine-types.js';
import { compileProfile } from './compile.js';
import { connectionDataModel } from './data-model.js';
import { checkInputNames } from './input-names.js';
import { readObjectProfile } from './object-profile.js';
import { readRsdProfile } from './rsd-profile.js';

/**
 * Reads and compiles a profile file. `.rsd` files are API Script; `.json`, `.yaml` and
 * `.yml` are the small profile form. `connection` names are in lower case.
 */
export async function loadProfile(
  file: string,
  connection: Record<string, string>,
  inputs: Record<string, string> = {},
): Promise<CompiledProfile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new QueryError(`cannot read the profile ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseProfileText(text, file, connection, inputs);
}

/**
 * Compiles profile text; `name` is the file name, whose extension picks the form. A
 * `datamodel` (or `data model`) connection option replaces the profile's data model, as the
 * Data Model connection property that ETL tools pass does. An input the profile does not
 * read is an error.
 */
export function parseProfileText(
  text: string,
  name: string,
  connection: Record<string, string>,
  inputs: Record<string, string> = {},
): CompiledProfile {
  const values = { connection: lowerCaseKeys(connection), inputs };
  const extension = extname(name).toLowerCase();
  const body = text.replace(/^\uFEFF/, '');
  checkInputNames(body, name, inputs);
  let source;
  if (extension === '.rsd' || extension === '.xml') {
    source = readRsdProfile(body, name, values);
  } else if (['.json', '.yaml', '.yml'].includes(extension)) {
    source = readObjectProfile(body, name, values);
  } else {
    throw new QueryError(`${name}: unknown profile type ${JSON.stringify(extension)}; use .rsd, .json, .yaml or .yml`);
  }
  const dataModel = connectionDataModel(values.connection);
  if (dataModel !== undefined) source.dataModel = dataModel;
  return compileProfile(source, values.connection);
}

function lowerCaseKeys(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key.toLowerCase(), value]));
}
