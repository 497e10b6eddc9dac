import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CopyObjectCommand, CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';

import { s3Client } from './harness/clients.js';
import { listBlobFiles } from './harness/files.js';
import { withDatabase } from './harness/postgres.js';
import { startCoffer, type CofferServer } from './harness/server.js';

// Small objects keep their bytes in the metadata record. These tests read and write the
// records directly, on SQLite or on PostgreSQL, whichever the server uses.

let server: CofferServer;
let s3: S3Client;
const bucket = 'inline';

interface StoredRow {
  segments: string;
  inline_data: Buffer | null;
}

/** Runs one statement on the server's metadata database; `$1`, `$2`... are its parameters. */
async function query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
  if (server.metadataUrl !== undefined) {
    return withDatabase(server.metadataUrl, async (client) => (await client.query(sql, parameters)).rows as T[]);
  }
  const db = new Database(join(server.dataDir, 'metadata.sqlite'));
  try {
    db.pragma('busy_timeout = 10000');
    const statement = db.prepare(sql.replace(/\$\d+/g, '?'));
    return statement.reader ? (statement.all(...parameters) as T[]) : (statement.run(...parameters), []);
  } finally {
    db.close();
  }
}

async function storedRow(key: string): Promise<StoredRow> {
  const rows = await query<StoredRow>(`SELECT segments, inline_data FROM objects WHERE bucket = $1 AND key = $2`, [bucket, key]);
  assert.equal(rows.length, 1);
  return rows[0]!;
}

async function getText(key: string): Promise<string> {
  const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return output.Body!.transformToString();
}

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

after(async () => {
  await server?.stop();
});

describe('inline object data', () => {
  const body = randomBytes(3000);

  before(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'small.bin', Body: body }));
  });

  it('small object stored as bytes', async () => {
    const row = await storedRow('small.bin');
    assert.ok(Buffer.from(row.inline_data!).equals(body));
  });

  it('segments omit the inline bytes', async () => {
    const row = await storedRow('small.bin');
    assert.deepEqual(JSON.parse(row.segments), [{ blobId: '', size: body.length }]);
  });

  it('small object needs no blob file', async () => {
    assert.deepEqual(await listBlobFiles(server.dataDir), []);
  });

  it('range read of inline bytes', async () => {
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'small.bin', Range: 'bytes=100-199' }));
    const part = Buffer.from(await output.Body!.transformToByteArray());
    assert.ok(part.equals(body.subarray(100, 200)));
  });

  it('large object keeps no inline bytes', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'large.bin', Body: randomBytes(64 * 1024) }));
    const row = await storedRow('large.bin');
    assert.equal(row.inline_data, null);
  });
});

describe('inline data kept consistent', () => {
  before(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'stale.txt', Body: 'stale bytes in the column' }));
  });

  it('record dropping its inline data is rejected', async () => {
    await assert.rejects(query(`UPDATE objects SET inline_data = NULL WHERE bucket = $1 AND key = $2`, [bucket, 'stale.txt']), /inline data/);
    assert.equal(await getText('stale.txt'), 'stale bytes in the column');
  });

  it('stale column beside base64 segments is ignored', async () => {
    // A build without the column rewrites a record with base64 segments and leaves the column.
    await query(`UPDATE objects SET size = 5, checksum = NULL, segments = $1 WHERE bucket = $2 AND key = $3`, [
      JSON.stringify([{ blobId: '', size: 5, inline: Buffer.from('fresh').toString('base64') }]),
      bucket,
      'stale.txt',
    ]);
    assert.equal(await getText('stale.txt'), 'fresh');
  });
});

describe('inline data as base64 segments', () => {
  // A record may carry its inline bytes as base64 text inside `segments` instead.
  before(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'earlier.txt', Body: 'hello' }));
    await query(`UPDATE objects SET segments = $1, inline_data = NULL WHERE bucket = $2 AND key = $3`, [
      JSON.stringify([{ blobId: '', size: 5, inline: Buffer.from('hello').toString('base64') }]),
      bucket,
      'earlier.txt',
    ]);
  });

  it('base64 record reads', async () => {
    assert.equal(await getText('earlier.txt'), 'hello');
  });

  it('copy of a base64 record', async () => {
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'earlier-copy.txt', CopySource: `${bucket}/earlier.txt` }));
    assert.equal(await getText('earlier-copy.txt'), 'hello');
  });

  it('copy stores inline bytes', async () => {
    const row = await storedRow('earlier-copy.txt');
    assert.equal(Buffer.from(row.inline_data!).toString(), 'hello');
  });
});
