import type { CompiledProfile } from '../engine-types.js';
import { compileProfile } from './compile.js';
import { checkInputNames } from './input-names.js';
import { lowerCaseKeys, profileForm, readSource } from './load.js';
import { readObjectProfile } from './object-profile.js';
import { readRsdProfile } from './rsd-profile.js';

/**
 * Compiles profile text at once; `name` is the file name, whose extension picks the form.
 * An input the profile does not read is an error. Both readers are loaded with this
 * module, so queries use loadProfile instead.
 */
export function parseProfileText(
  text: string,
  name: string,
  connection: Record<string, string>,
  inputs: Record<string, string> = {},
): CompiledProfile {
  const read = profileForm(name) === 'rsd' ? readRsdProfile : readObjectProfile;
  checkInputNames(text, name, inputs);
  return compileProfile(readSource(read, text, name, connection, inputs), lowerCaseKeys(connection));
}
