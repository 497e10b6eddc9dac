import { QueryError, type SourceLocation } from '../engine-types.js';
import { describeLocation } from './source.js';

/** Raises a QueryError that starts with the profile file and line. */
export function profileError(location: SourceLocation, message: string): never {
  throw new QueryError(`${describeLocation(location)}: ${message}`);
}
