import { QueryError } from '../engine-types.js';

/** A path that does not parse; the profile loader adds the file and line. */
export class PathSyntaxError extends QueryError {
  constructor(path: string, reason: string) {
    super(`invalid path ${JSON.stringify(path)}: ${reason}`);
  }
}
