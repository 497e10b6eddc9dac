import pg from 'pg';

import { redactConnectionString } from './connection-string.js';

/** pg's own parser for each type id, so only the types changed below differ. */
const defaultTypes = pg.types;

/** Type id of `bigint` (int8), the type of millisecond timestamps and of `count(*)`. */
const int8TypeId = 20;

/**
 * Type parsers of Coffer's pools: `bigint` becomes a JavaScript number. Coffer's bigint
 * columns hold millisecond timestamps, sizes and counts, all far below 2^53.
 */
const cofferTypes = {
  getTypeParser(typeId: number, format?: 'text' | 'binary') {
    if (typeId === int8TypeId && format !== 'binary') return (value: string) => Number(value);
    return defaultTypes.getTypeParser(typeId, format);
  },
} as pg.CustomTypesConfig;

/**
 * Opens a pool of connections to one PostgreSQL database. The pool logs nothing itself;
 * errors of idle connections (a restarted server) are passed to `onIdleError`, because an
 * unhandled `error` event would end the process.
 */
export function openPool(connectionString: string, onIdleError: (error: Error) => void, maxConnections = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    types: cofferTypes,
    max: maxConnections,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'coffer',
  });
  pool.on('error', onIdleError);
  return pool;
}

/**
 * Raised when PostgreSQL cannot be reached or refuses the login. Its message names the
 * server with the password removed, since pg's own messages do not say which server failed.
 */
export class MetadataConnectionError extends Error {
  constructor(connectionString: string, cause: Error) {
    super(`cannot connect to the metadata database ${redactConnectionString(connectionString)}: ${cause.message}`);
    this.name = 'MetadataConnectionError';
  }
}
