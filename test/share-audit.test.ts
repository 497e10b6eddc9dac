import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { PutObjectCommand } from '@aws-sdk/client-s3';

import { AccessFixture, identityStatement, type Caller, type TestUser } from './access/fixture.js';
import { run } from './harness/clients.js';
import { streamRequest } from './harness/http.js';
import { repoRoot } from './harness/paths.js';
import { cofferOk, createShare, curlUrl } from './share/cli.js';

// Every request made with a presigned URL or a share is recorded once its response ends,
// with its status and byte counts, and never with its signature or credential string.

let fixture: AccessFixture;
let erin: TestUser;
const bucket = 'audited';
const content = 'audited content\n';
/** Signatures of every URL the tests used, which no record may contain. */
const signatures = new Set<string>();

interface AuditJson {
  time: string;
  shareId: string | null;
  accessKeyId: string | null;
  method: string;
  bucket: string | null;
  key: string | null;
  status: number;
  completed: boolean;
  bytesSent: number;
  bytesReceived: number;
  clientAddress: string;
}

before(async () => {
  fixture = await AccessFixture.start();
  await fixture.awsOk(['s3api', 'create-bucket', '--bucket', bucket]);
  await fixture.s3().send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: content }));
  await fixture.s3().send(new PutObjectCommand({ Bucket: bucket, Key: 'large.bin', Body: Buffer.alloc(32 * 1024 * 1024, 7) }));
  erin = await fixture.createUser('erin');
  await fixture.putUserPolicy('erin', 'read', [identityStatement('Allow', 's3:GetObject', `arn:aws:s3:::${bucket}/*`)]);
});

after(async () => {
  await fixture?.stop();
});

function remember(url: string): string {
  signatures.add(new URL(url).searchParams.get('X-Amz-Signature')!);
  return url;
}

async function audit(args: string[], caller: Caller = fixture.root): Promise<AuditJson[]> {
  return JSON.parse((await cofferOk(fixture, ['audit', '--json', ...args], caller)).stdout) as AuditJson[];
}

/** Reads the records of one share, waiting up to 5 s for `count` of them: a record is written when its response ends. */
async function shareRecords(shareId: string, count: number): Promise<AuditJson[]> {
  let records = await audit(['--share', shareId]);
  for (let waited = 0; records.length < count && waited < 5000; waited += 200) {
    await sleep(200);
    records = await audit(['--share', shareId]);
  }
  return records;
}

describe('coffer audit', () => {
  let shareId: string;

  before(async () => {
    const share = await createShare(fixture, `s3://${bucket}/a.txt`, ['--max-uses', '1']);
    shareId = share.shareId;
    remember(share.url);
    assert.equal((await curlUrl(fixture, share.url)).status, 200);
    assert.equal((await curlUrl(fixture, share.url)).status, 403);
  });

  it('lists each use with status and bytes', async () => {
    const records = await shareRecords(shareId, 2);
    assert.deepEqual(
      records.map((r) => [r.shareId, r.accessKeyId, r.method, r.bucket, r.key, r.status, r.completed, r.bytesReceived, r.clientAddress]),
      [
        [shareId, fixture.root.accessKeyId, 'GET', bucket, 'a.txt', 200, true, 0, '127.0.0.1'],
        [shareId, fixture.root.accessKeyId, 'GET', bucket, 'a.txt', 403, true, 0, '127.0.0.1'],
      ],
    );
    assert.equal(records[0]!.bytesSent, Buffer.byteLength(content));
    assert.ok(records[1]!.bytesSent > 0, 'the error document counts as sent');
  });

  it('prints a table', async () => {
    const result = await cofferOk(fixture, ['audit', '--share', shareId]);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^TIME +SHARE +ACCESS KEY +METHOD +STATUS +COMPLETE +SENT +RECEIVED +CLIENT +OBJECT$/);
    assert.equal(lines.length, 3);
    assert.match(lines[1]!, new RegExp(`^\\S+ +${shareId} +${fixture.root.accessKeyId} +GET +200 +yes +${Buffer.byteLength(content)} +0 +127\\.0\\.0\\.1 +s3://${bucket}/a\\.txt$`));
    assert.match(lines[2]!, / GET +403 +yes /);
  });

  it('records plain presigned URLs, not header-signed requests', async () => {
    const url = remember((await cofferOk(fixture, ['presign', `s3://${bucket}/a.txt`])).stdout.trim());
    const since = new Date().toISOString();
    assert.equal((await curlUrl(fixture, url)).status, 200);
    await fixture.awsOk(['s3api', 'head-object', '--bucket', bucket, '--key', 'a.txt']);
    let records = await audit(['--since', since]);
    for (let waited = 0; records.length === 0 && waited < 5000; waited += 200) {
      await sleep(200);
      records = await audit(['--since', since]);
    }
    assert.deepEqual(records.map((r) => [r.shareId, r.method, r.status]), [[null, 'GET', 200]]);
  });

  it('records the bytes of an upload', async () => {
    const share = await createShare(fixture, `s3://${bucket}/uploaded.bin`, ['--method', 'PUT']);
    remember(share.url);
    const file = join(fixture.dir, 'upload.bin');
    await writeFile(file, Buffer.alloc(100_000, 1));
    assert.equal((await curlUrl(fixture, share.url, ['-T', file])).status, 200);
    const [record] = await shareRecords(share.shareId, 1);
    assert.equal(record?.method, 'PUT');
    assert.equal(record?.bytesReceived, 100_000);
  });

  it('records an aborted download as incomplete', async () => {
    const share = await createShare(fixture, `s3://${bucket}/large.bin`);
    remember(share.url);
    const response = await streamRequest(share.url);
    assert.equal(response.statusCode, 200);
    await new Promise<void>((resolve) => response.once('data', () => resolve()));
    response.destroy();
    const [record] = await shareRecords(share.shareId, 1);
    assert.equal(record?.status, 200);
    assert.equal(record?.completed, false);
    assert.ok(record!.bytesSent < 32 * 1024 * 1024, `bytesSent ${record!.bytesSent} is the whole object`);
  });

  it('--since in the future lists nothing', async () => {
    assert.deepEqual(await audit(['--since', new Date(Date.now() + 3_600_000).toISOString()]), []);
    assert.equal((await cofferOk(fixture, ['audit', '--since', '2h', '--share', 'shr-000000000000000000000000'])).stdout, 'No audit records.\n');
  });

  it('shows a user only the requests they signed', async () => {
    const share = await createShare(fixture, `s3://${bucket}/a.txt`, [], erin);
    remember(share.url);
    assert.equal((await curlUrl(fixture, share.url)).status, 200);
    await shareRecords(share.shareId, 1);
    const own = await audit([], erin);
    assert.ok(own.length >= 1);
    assert.ok(own.every((record) => record.accessKeyId === erin.accessKeyId));
    const all = await audit([]);
    assert.ok(all.some((record) => record.accessKeyId === fixture.root.accessKeyId));
  });

  it('never holds a signature or credential string', async () => {
    const output = (await cofferOk(fixture, ['audit', '--json'])).stdout + (await cofferOk(fixture, ['audit'])).stdout;
    assert.ok(signatures.size >= 5);
    for (const signature of signatures) assert.equal(output.includes(signature), false);
    assert.equal(output.includes('aws4_request'), false);
    assert.equal(output.includes(fixture.root.secretAccessKey), false);
    // The database file itself, with its write-ahead log, contains none of them either.
    const stored = Buffer.concat([
      await readFile(join(fixture.server.dataDir, 'metadata.sqlite')),
      await readFile(join(fixture.server.dataDir, 'metadata.sqlite-wal')).catch(() => Buffer.alloc(0)),
    ]).toString('latin1');
    assert.ok(stored.includes('127.0.0.1'), 'the database holds the audit records');
    for (const signature of signatures) assert.equal(stored.includes(signature), false);
  });
});

describe('coffer serve --audit-retention', () => {
  let short: AccessFixture;

  before(async () => {
    short = await AccessFixture.start({ args: ['--audit-retention', '3s'] });
    await short.awsOk(['s3api', 'create-bucket', '--bucket', bucket]);
    await short.s3().send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: content }));
  });

  // This server has no users, so AccessFixture.stop would find no user secret to look for.
  // The harness still checks the server's output for the root secret.
  after(async () => {
    await short?.server.stop();
  });

  it('prunes records older than the retention', async () => {
    const share = await createShare(short, `s3://${bucket}/a.txt`);
    assert.equal((await curlUrl(short, share.url)).status, 200);
    const list = async () => JSON.parse((await cofferOk(short, ['audit', '--json', '--share', share.shareId])).stdout) as AuditJson[];
    assert.equal((await list()).length, 1);
    let records = await list();
    for (let waited = 0; records.length > 0 && waited < 15_000; waited += 500) {
      await sleep(500);
      records = await list();
    }
    assert.deepEqual(records, []);
    assert.ok(short.server.logLines().some((line) => line.msg === 'pruned audit records older than the retention'));
  });

  it('rejects a malformed retention', async () => {
    const result = await run(process.execPath, [join(repoRoot, 'bin', 'coffer.js'), 'serve', '--port', '0', '--data', short.dir, '--audit-retention', '5w']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /invalid --audit-retention "5w"/);
  });
});
