import { QueryError } from '../engine-types.js';
import { redactSecrets } from '../fetch/redact.js';
import type { ResultSet } from './result-set.js';
import { loadIntoSqlite } from './sqlite-target.js';
import { describeTarget, type LoadTarget } from './target.js';

/** Loads the result into the target in one transaction; returns the rows loaded. */
export async function loadResult(target: LoadTarget, result: ResultSet, replace: boolean): Promise<number> {
  try {
    if (target.kind === 'sqlite') return loadIntoSqlite(target.file, target.table, result, replace);
    // Loaded on first use, so that other targets do not pay for loading the PostgreSQL client.
    const { loadIntoPostgres } = await import('./postgres-target.js');
    return await loadIntoPostgres(target.connectionString, target.schema, target.table, result, replace);
  } catch (error) {
    throw loadFailure(target, error);
  }
}

/** Builds the error of a load into `target` that failed and loaded nothing. */
export function loadFailure(target: LoadTarget, error: unknown): QueryError {
  const message = redactSecrets((error as Error).message);
  return new QueryError(`loading into ${describeTarget(target)} failed, so nothing was loaded: ${message}`);
}
