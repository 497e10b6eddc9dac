import { QueryError } from '../engine-types.js';
import { redactSecrets } from '../fetch/redact.js';

/** The destination of `--into`: a SQLite file or a PostgreSQL database, and a table. */
export type LoadTarget =
  | { kind: 'sqlite'; file: string; table: string }
  | { kind: 'postgres'; connectionString: string; schema: string | undefined; table: string };

/**
 * Parses `sqlite:FILE#TABLE` or `postgres://USER:PASSWORD@HOST:PORT/DATABASE#[SCHEMA.]TABLE`
 * (also `postgresql://`). The table follows the last `#`, because a password containing `#`
 * must be percent-encoded in the URL anyway.
 */
export function parseLoadTarget(text: string): LoadTarget {
  const hash = text.lastIndexOf('#');
  const location = hash === -1 ? text : text.slice(0, hash);
  const table = hash === -1 ? '' : text.slice(hash + 1);
  const shown = JSON.stringify(redactSecrets(text));
  if (table === '') {
    throw new QueryError(`--into ${shown} names no table: add #TABLE, as in sqlite:books.db#books.`);
  }
  if (location.startsWith('sqlite:')) {
    const file = location.slice('sqlite:'.length);
    if (file === '') throw new QueryError(`--into ${shown} names no database file: write sqlite:FILE#TABLE.`);
    return { kind: 'sqlite', file, table };
  }
  if (/^postgres(ql)?:\/\//.test(location)) {
    const dot = table.indexOf('.');
    return {
      kind: 'postgres',
      connectionString: location,
      schema: dot === -1 ? undefined : table.slice(0, dot),
      table: dot === -1 ? table : table.slice(dot + 1),
    };
  }
  throw new QueryError(`--into ${shown} is neither sqlite:FILE#TABLE nor postgres://USER@HOST/DATABASE#TABLE.`);
}

/** Names the target in messages, without its password. */
export function describeTarget(target: LoadTarget): string {
  if (target.kind === 'sqlite') return `sqlite:${target.file}#${target.table}`;
  const table = target.schema === undefined ? target.table : `${target.schema}.${target.table}`;
  return redactSecrets(`${target.connectionString}#${table}`);
}
