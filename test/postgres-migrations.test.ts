import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { IamClient } from '../src/cli/admin-client.js';
import { region, s3Client } from './harness/clients.js';
import { tempDir } from './harness/files.js';
import { repoRoot } from './harness/paths.js';
import { createTestDatabase, withDatabase, type TestDatabase } from './harness/postgres.js';
import { startCoffer, type CofferServer } from './harness/server.js';

// Schema migrations on PostgreSQL. This test needs a running PostgreSQL with either
// COFFER_TEST_METADATA value (scripts/start-postgres.sh).

interface MigrationRow {
  version: number;
  name: string;
  applied_at: Date;
}

const bucket = 'kept';
let database: TestDatabase;
let dataDir: string;
let first: CofferServer;
let second: CofferServer | undefined;
let migrationsAfterFirst: MigrationRow[];
let userKey: { AccessKeyId: string; SecretAccessKey: string };

const readMigrations = () =>
  withDatabase(database.url, async (client) => {
    const { rows } = await client.query<MigrationRow>(`SELECT version, name, applied_at FROM schema_migrations ORDER BY version`);
    return rows;
  });

before(async () => {
  database = await createTestDatabase();
  dataDir = await tempDir('migrations');
  first = await startCoffer({ dataDir, args: ['--metadata', database.url] });
  const s3 = s3Client(first);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'über/Ä.txt', Body: 'written before the restart' }));
  const iam = new IamClient({
    endpoint: first.endpoint,
    region,
    accessKeyId: first.accessKeyId,
    secretAccessKey: first.secretAccessKey,
    sessionToken: undefined,
    credentialSource: 'test',
  });
  await iam.call('CreateUser', { UserName: 'frank' });
  userKey = (await iam.call('CreateAccessKey', { UserName: 'frank' })).AccessKey as typeof userKey;
  migrationsAfterFirst = await readMigrations();
  await first.stop();
  second = await startCoffer({
    dataDir,
    credentials: { accessKeyId: first.accessKeyId, secretAccessKey: first.secretAccessKey },
    args: ['--metadata', database.url],
  });
});

after(async () => {
  await second?.stop();
  await database?.drop();
});

describe('schema migrations', () => {
  it('empty database gets every migration', () => {
    assert.deepEqual(
      migrationsAfterFirst.map((row) => [row.version, row.name]),
      [
        [1, 'metadata tables'],
        [2, 'identity tables'],
        [3, 'share and audit tables'],
        [4, 'bucket settings change counter'],
        [5, 'inline object data column'],
      ],
    );
  });

  it('first start logs the migrations', () => {
    const line = first.logLines().find((entry) => entry.msg === 'applied metadata schema migrations');
    assert.deepEqual(line?.versions, [1, 2, 3, 4, 5]);
  });

  it('restart applies nothing', () => {
    const line = second!.logLines().find((entry) => entry.msg === 'applied metadata schema migrations');
    assert.equal(line, undefined);
  });

  it('restart leaves the migration rows', async () => {
    assert.deepEqual(await readMigrations(), migrationsAfterFirst);
  });

  it('object kept across the restart', async () => {
    const output = await s3Client(second!).send(new GetObjectCommand({ Bucket: bucket, Key: 'über/Ä.txt' }));
    assert.equal(await output.Body!.transformToString(), 'written before the restart');
  });

  it('listing kept across the restart', async () => {
    const output = await s3Client(second!).send(new ListObjectsV2Command({ Bucket: bucket }));
    assert.deepEqual((output.Contents ?? []).map((entry) => entry.Key), ['über/Ä.txt']);
  });

  it('user key kept across the restart', async () => {
    const frank: S3Client = s3Client(second!, {
      credentials: { accessKeyId: userKey.AccessKeyId, secretAccessKey: userKey.SecretAccessKey },
    });
    const output = await frank.send(new ListObjectsV2Command({ Bucket: bucket })).catch((error: { name: string }) => error);
    // Frank has no permission on the root's bucket; an authenticated denial proves the key is known.
    assert.equal((output as { name?: string }).name, 'AccessDenied');
  });

  it('secret key sealed in the database', async () => {
    const dump = await withDatabase(database.url, async (client) => {
      const { rows } = await client.query(`SELECT * FROM iam_access_keys`);
      return JSON.stringify(rows.map((row: Record<string, unknown>) => Object.values(row).map(String)));
    });
    assert.ok(dump.includes(userKey.AccessKeyId), 'the key row is there');
    assert.equal(dump.includes(userKey.SecretAccessKey), false);
  });

  it('log shows the database without its password', () => {
    const listening = second!.logLines().find((entry) => entry.msg === 'listening');
    const url = new URL(database.url);
    assert.equal(listening?.metadata, database.url.replace(`:${url.password}@`, ':***@'));
  });
});

describe('schema from a newer Coffer', () => {
  let exit: { code: number | null; output: string };

  before(async () => {
    const other = await createTestDatabase();
    try {
      await withDatabase(other.url, async (client) => {
        await client.query(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now())`);
        await client.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);
      });
      exit = await runServe(['--metadata', other.url]);
    } finally {
      await other.drop();
    }
  });

  it('start fails', () => {
    assert.notEqual(exit.code, 0);
  });

  it('error names the unknown version', () => {
    assert.match(exit.output, /schema version 999, which this Coffer does not know/);
  });
});

describe('schema migrated while running', () => {
  let other: TestDatabase;
  let running: CofferServer;
  let exit: { code: number | null };

  before(async () => {
    other = await createTestDatabase();
    running = await startCoffer({ args: ['--metadata', other.url] });
    await withDatabase(other.url, async (client) => {
      await client.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`);
    });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the node kept running')), 30_000).unref());
    exit = await Promise.race([running.exited, timeout]);
  });

  after(async () => {
    if (exit === undefined) await running?.stop();
    await other?.drop();
  });

  it('node stops with an error code', () => {
    assert.equal(exit.code, 1);
  });

  it('log names both versions', () => {
    const line = running.logLines().find((entry) => String(entry.msg).startsWith('stopping: another node migrated'));
    assert.equal(line?.schemaVersion, 999);
    assert.equal(line?.knownVersion, 5);
  });
});

describe('unreachable database', () => {
  let exit: { code: number | null; output: string };

  before(async () => {
    // Port 9 on the loopback address (discard) has no PostgreSQL behind it.
    exit = await runServe(['--metadata', 'postgres://coffer:Secret-Pass-42@127.0.0.1:9/none']);
  });

  it('start fails', () => {
    assert.notEqual(exit.code, 0);
  });

  it('error names the server', () => {
    assert.match(exit.output, /cannot connect to the metadata database postgres:\/\/coffer:\*\*\*@127\.0\.0\.1:9\/none/);
  });

  it('error hides the password', () => {
    assert.equal(exit.output.includes('Secret-Pass-42'), false);
  });
});

/** Runs `coffer serve` expecting it to fail at start; returns its exit code and output. */
async function runServe(args: string[]): Promise<{ code: number | null; output: string }> {
  const dir = await tempDir('migrations-fail');
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'coffer.js'), 'serve', '--port', '0', '--data', dir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, output };
}
