import { randomBytes } from 'node:crypto';

import pg from 'pg';

/** The metadata engine the suite runs on: `COFFER_TEST_METADATA=postgres`, else SQLite. */
export function testMetadataEngine(): 'sqlite' | 'postgres' {
  const engine = process.env.COFFER_TEST_METADATA ?? 'sqlite';
  if (engine !== 'sqlite' && engine !== 'postgres') {
    throw new Error(`COFFER_TEST_METADATA=${engine}: expected sqlite or postgres`);
  }
  return engine;
}

/**
 * The server that test databases are created on, as a role that may create databases
 * (scripts/start-postgres.sh sets one up and prints this URL).
 */
export function adminUrl(): string {
  return process.env.COFFER_TEST_POSTGRES_URL ?? 'postgres://coffer:coffer@127.0.0.1:5432/postgres';
}

/** Database names hold the test process id, so databases of dead test processes can be found. */
const namePattern = /^coffer_test_(\d+)_[0-9a-f]+$/;

/** A database created for one test server. */
export interface TestDatabase {
  name: string;
  /** Connection string of the database, for `--metadata`. */
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database. Databases that earlier test processes left behind (killed
 * before they could drop them) are dropped first.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `coffer_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (client) => {
    await dropAbandoned(client);
    await client.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  });
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    drop: () => {
      dropped ??= withAdmin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      return dropped;
    },
  };
}

/** Runs SQL in a database of the test server through a short-lived connection. */
export async function withDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withDatabase(adminUrl(), work);
}

async function dropAbandoned(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'coffer\\_test\\_%'`,
  );
  for (const { datname } of rows) {
    const match = namePattern.exec(datname);
    if (match === null || processIsAlive(Number(match[1]))) continue;
    await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
