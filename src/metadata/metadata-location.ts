import { join, resolve } from 'node:path';

import { redactConnectionString } from './postgres/connection-string.js';

/** Where the metadata lives: the embedded SQLite file, or a PostgreSQL database. */
export type MetadataLocation =
  | { engine: 'sqlite'; path: string }
  | { engine: 'postgres'; connectionString: string };

/**
 * Parses the `--metadata` value: `postgres://…` or `postgresql://…` for PostgreSQL,
 * `sqlite:PATH` for a SQLite file (relative to the working directory), and nothing for
 * the default, `DATA_DIR/metadata.sqlite`.
 */
export function parseMetadataLocation(value: string | undefined, dataDir: string): MetadataLocation {
  if (value === undefined || value === '') return { engine: 'sqlite', path: join(dataDir, 'metadata.sqlite') };
  if (/^postgres(ql)?:\/\//i.test(value)) return { engine: 'postgres', connectionString: value };
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path === '') throw new Error('invalid --metadata "sqlite:": give a file path after "sqlite:"');
    return { engine: 'sqlite', path: resolve(path) };
  }
  const shown = value.includes('@') ? '(a value with credentials, not shown)' : JSON.stringify(value);
  throw new Error(`invalid --metadata ${shown}: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE or sqlite:PATH`);
}

/** Describes a location for logs: the file path, or the connection string without its password. */
export function describeMetadataLocation(location: MetadataLocation): string {
  return location.engine === 'sqlite' ? `sqlite:${location.path}` : redactConnectionString(location.connectionString);
}
