import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { IamApiError, IamClient } from '../src/cli/admin-client.js';
import { region, s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { listTree, md5Hex, readAll, tempDir } from './harness/files.js';
import { rawRequest, streamRequest } from './harness/http.js';
import { createTestDatabase, type TestDatabase } from './harness/postgres.js';
import { startCoffer, type CofferServer } from './harness/server.js';

// Two nodes on one PostgreSQL database and one data directory, as behind a load balancer.
// This test needs PostgreSQL with either COFFER_TEST_METADATA value (scripts/start-postgres.sh).

const MiB = 1024 * 1024;
const bucket = 'shared';
const operationCount = 1000;

let database: TestDatabase;
let dataDir: string;
let nodes: CofferServer[] = [];
let clients: S3Client[] = [];

before(async () => {
  database = await createTestDatabase();
  dataDir = await tempDir('multi-node');
  // Both start at once on an empty database and directory: one migrates and generates the
  // root credentials and master key, and the other must wait for and reuse them.
  const args = ['--metadata', database.url];
  nodes = await Promise.all([0, 1].map(() => startCoffer({ dataDir, rootEnv: false, args })));
  clients = nodes.map((node) => s3Client(node));
  await clients[0]!.send(new CreateBucketCommand({ Bucket: bucket }));
});

after(async () => {
  for (const node of nodes) await node.stop();
  await database?.drop();
});

/** A small deterministic generator, so a failing sequence can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function getBody(client: S3Client, key: string): Promise<Buffer> {
  const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return readAll(output.Body as Readable);
}

async function listAll(client: S3Client, prefix: string, pageSize: number): Promise<Array<[string, string, number]>> {
  const entries: Array<[string, string, number]> = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: pageSize, ContinuationToken: token }),
    );
    for (const entry of page.Contents ?? []) entries.push([entry.Key!, entry.ETag!, entry.Size!]);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return entries;
}

describe('two nodes sharing PostgreSQL and a data directory', () => {
  it('nodes reuse one set of root credentials', async () => {
    const stored = JSON.parse(await readFile(join(dataDir, 'root-credentials.json'), 'utf8')) as { accessKeyId: string };
    const generated = nodes.filter((node) => node.logLines().some((line) => typeof line.secretFile === 'string'));
    assert.equal(generated.length, 1, 'exactly one node generates the root credentials');
    for (const client of clients) {
      const output = await client.send(new ListBucketsCommand({}));
      assert.equal(output.Owner?.DisplayName, 'root');
    }
    assert.equal(nodes[0]!.accessKeyId, stored.accessKeyId);
  });

  it('nodes share one root canonical id', async () => {
    const owners = await Promise.all(clients.map(async (client) => (await client.send(new ListBucketsCommand({}))).Owner?.ID));
    assert.equal(owners[0], owners[1]);
  });

  it('schema migrated once', async () => {
    const migrating = nodes.filter((node) => node.logLines().some((line) => line.msg === 'applied metadata schema migrations'));
    assert.equal(migrating.length, 1);
  });

  it('a user key from one node signs on the other', async () => {
    const iam = new IamClient({
      endpoint: nodes[0]!.endpoint,
      region,
      accessKeyId: nodes[0]!.accessKeyId,
      secretAccessKey: nodes[0]!.secretAccessKey,
      sessionToken: undefined,
      credentialSource: 'test',
    });
    await iam.call('CreateUser', { UserName: 'carol' });
    const created = await iam.call('CreateAccessKey', { UserName: 'carol' });
    const key = created.AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    const carolOnSecond = s3Client(nodes[1]!, {
      credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey },
    });
    // Carol may not read the root's bucket, but the signature checks out (AccessDenied, not
    // InvalidAccessKeyId or SignatureDoesNotMatch), which needs the shared master key.
    const error = await sdkError(carolOnSecond.send(new ListObjectsV2Command({ Bucket: bucket })));
    assert.equal(error.name, 'AccessDenied');
  });

  it('access key limit holds across nodes', async () => {
    const iamClients = nodes.map(
      (node) =>
        new IamClient({
          endpoint: node.endpoint,
          region,
          accessKeyId: node.accessKeyId,
          secretAccessKey: node.secretAccessKey,
          sessionToken: undefined,
          credentialSource: 'test',
        }),
    );
    await iamClients[0]!.call('CreateUser', { UserName: 'dave' });
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        iamClients[index % 2]!.call('CreateAccessKey', { UserName: 'dave' }).then(
          () => 'created',
          (error: unknown) => (error instanceof IamApiError ? error.code : String(error)),
        ),
      ),
    );
    assert.deepEqual(
      attempts.filter((outcome) => outcome === 'created').length,
      2,
      `IAM allows two keys per user; outcomes: ${attempts.join(', ')}`,
    );
    assert.deepEqual(
      attempts.filter((outcome) => outcome !== 'created'),
      ['LimitExceeded', 'LimitExceeded', 'LimitExceeded', 'LimitExceeded'],
    );
  });

  it('a user created on one node is named on the other', async () => {
    const iam = new IamClient({
      endpoint: nodes[0]!.endpoint,
      region,
      accessKeyId: nodes[0]!.accessKeyId,
      secretAccessKey: nodes[0]!.secretAccessKey,
      sessionToken: undefined,
      credentialSource: 'test',
    });
    // The second node has loaded its display names before the user exists.
    await clients[1]!.send(new PutObjectCommand({ Bucket: bucket, Key: 'acl/named', Body: 'x' }));
    await clients[1]!.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'acl/named' }));
    await iam.call('CreateUser', { UserName: 'erin' });
    const key = (await iam.call('CreateAccessKey', { UserName: 'erin' })).AccessKey as {
      AccessKeyId: string;
      SecretAccessKey: string;
    };
    const erin = s3Client(nodes[0]!, { credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } });
    const erinId = (await erin.send(new ListBucketsCommand({}))).Owner!.ID!;
    await clients[1]!.send(
      new PutObjectAclCommand({ Bucket: bucket, Key: 'acl/named', GrantRead: `id=${erinId}` }),
    );
    const acl = await clients[1]!.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'acl/named' }));
    const grantee = (acl.Grants ?? []).find((grant) => grant.Grantee?.ID === erinId)?.Grantee;
    assert.equal(grantee?.DisplayName, 'erin');
  });

  it('a write on one node is read on the other at once', async () => {
    for (let index = 0; index < 20; index += 1) {
      const body = randomBytes(1000 + index);
      const writer = clients[index % 2]!;
      const reader = clients[(index + 1) % 2]!;
      await writer.send(new PutObjectCommand({ Bucket: bucket, Key: 'ping-pong', Body: body }));
      assert.deepEqual(await getBody(reader, 'ping-pong'), body);
    }
  });

  it('bucket policy change seen by other node', async () => {
    const key = 'policy-change.txt';
    await clients[0]!.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'lent' }));
    const anonymousGet = async (node: CofferServer): Promise<number> =>
      (await rawRequest(`${node.endpoint}/${bucket}/${key}`)).status;
    // The second node reads the bucket's settings before the policy exists.
    assert.equal(await anonymousGet(nodes[1]!), 403);

    const publicRead = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/${key}` }],
    };
    await clients[0]!.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(publicRead) }));
    assert.equal(await anonymousGet(nodes[1]!), 200);

    await clients[0]!.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    assert.equal(await anonymousGet(nodes[1]!), 403);
    assert.equal(await anonymousGet(nodes[0]!), 403);
  });

  it('If-None-Match race creates the key once', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        clients[index % 2]!.send(
          new PutObjectCommand({ Bucket: bucket, Key: 'create-once', Body: `writer ${index}`, IfNoneMatch: '*' }),
        ).then(
          () => 200,
          (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode ?? 0,
        ),
      ),
    );
    assert.deepEqual(
      [...outcomes].sort(),
      [200, 412, 412, 412, 412, 412, 412, 412],
      `outcomes: ${outcomes.join(', ')}`,
    );
  });

  it('racing writers of one key leave one whole object', async () => {
    const bodies = Array.from({ length: 24 }, (_, index) => Buffer.alloc(256 * 1024 + index, index + 1));
    await Promise.all(
      bodies.map((body, index) => clients[index % 2]!.send(new PutObjectCommand({ Bucket: bucket, Key: 'race', Body: body }))),
    );
    const fromFirst = await getBody(clients[0]!, 'race');
    const fromSecond = await getBody(clients[1]!, 'race');
    assert.ok(
      bodies.some((body) => body.equals(fromFirst)),
      `the object (${fromFirst.length} bytes) matches none of the writes`,
    );
    assert.deepEqual(fromSecond, fromFirst);
  });

  it('racing writers leave only the winning blob', async () => {
    // The node that replaced a version removed its blob. A lost record would leave a blob
    // behind, and the removal of the winner's blob would fail the read above.
    const listing = await listAll(clients[0]!, 'race', 1000);
    assert.deepEqual(listing.map(([key]) => key), ['race']);
    const body = await getBody(clients[1]!, 'race');
    assert.equal(listing[0]![1], `"${md5Hex(body)}"`);
  });

  it('a starting node leaves an upload in progress alone', async () => {
    const signer = s3Client(nodes[0]!, { requestChecksumCalculation: 'WHEN_REQUIRED' });
    const url = await getSignedUrl(signer, new PutObjectCommand({ Bucket: bucket, Key: 'in-flight' }), { expiresIn: 600 });
    const pieces = Array.from({ length: 40 }, () => randomBytes(64 * 1024));
    let third: CofferServer | undefined;
    async function* slowBody() {
      for (const [index, piece] of pieces.entries()) {
        yield piece;
        if (index === 5) {
          // A third node starts on the same directory while this upload is being written.
          third = await startCoffer({ dataDir, rootEnv: false, args: ['--metadata', database.url] });
        }
      }
    }
    const response = await streamRequest(url, {
      method: 'PUT',
      headers: { 'content-length': pieces.length * 64 * 1024 },
      body: Readable.from(slowBody()),
    });
    await readAll(response);
    try {
      assert.equal(response.statusCode, 200);
      assert.ok(third !== undefined, 'the third node started during the upload');
      assert.deepEqual(await getBody(clients[1]!, 'in-flight'), Buffer.concat(pieces));
    } finally {
      await third?.stop();
    }
  });

  it(`${operationCount} mixed operations agree on both nodes`, async () => {
    const random = seededRandom(20240601);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const stems = ['A', 'a', 'B/x', 'b/x', 'dir/Ä', 'dir/ä', 'dir/sub/é', '日本/語', '😀', 'z~', 'Zeta'];
    const model = new Map<string, Buffer>();
    const prefix = 'mixed/';
    let listings = 0;
    let multiparts = 0;

    for (let step = 0; step < operationCount; step += 1) {
      const client = pick(clients);
      const key = `${prefix}${pick(stems)}-${Math.floor(random() * 12)}`;
      const roll = random();
      if (roll < 0.35) {
        const body = randomBytes(Math.floor(random() * 8192));
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
        model.set(key, body);
      } else if (roll < 0.55) {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
        model.delete(key);
      } else if (roll < 0.7 && [...model.keys()].some((candidate) => candidate !== key)) {
        // S3 rejects a copy onto itself that changes nothing, so the source is another key.
        const source = pick([...model.keys()].filter((candidate) => candidate !== key));
        await client.send(new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${bucket}/${encodeURIComponent(source)}` }));
        model.set(key, model.get(source)!);
      } else if (roll < 0.72) {
        // Parts go through both nodes; every part but the last must be at least 5 MiB.
        const other = clients[(clients.indexOf(client) + 1) % 2]!;
        const first = randomBytes(5 * MiB);
        const last = randomBytes(Math.floor(random() * 4096) + 1);
        const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
        const [one, two] = await Promise.all([
          other.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: first })),
          client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 2, Body: last })),
        ]);
        await other.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId,
            MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] },
          }),
        );
        model.set(key, Buffer.concat([first, last]));
        multiparts += 1;
      } else if (roll < 0.85) {
        const body = randomBytes(Math.floor(random() * 2048));
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
        assert.deepEqual(await getBody(pick(clients), key), body, `step ${step}: read after write of ${key}`);
        model.set(key, body);
      } else {
        const listed = await listAll(client, prefix, 1000);
        const expected = [...model.keys()].sort(byteOrder);
        assert.deepEqual(listed.map(([listedKey]) => listedKey), expected, `step ${step}: listing`);
        listings += 1;
      }
    }
    assert.ok(listings > 10, `only ${listings} listings ran`);
    assert.ok(multiparts > 3, `only ${multiparts} multipart uploads ran`);

    const expectedKeys = [...model.keys()].sort(byteOrder);
    const listed = await Promise.all(clients.map((client) => listAll(client, prefix, 7)));
    assert.deepEqual(listed[0]!.map(([key]) => key), expectedKeys);
    assert.deepEqual(listed[1], listed[0]);
    for (const [key, body] of model) {
      for (const [index, client] of clients.entries()) {
        const read = await getBody(client, key);
        assert.ok(read.equals(body), `node ${index} returns other bytes for ${key}`);
      }
    }
  });

  it('temporary files all gone after the writes', async () => {
    // Each completed write renamed or removed its temporary file; any left would be leaked.
    assert.deepEqual(await readdir(join(dataDir, 'tmp')), []);
  });

  it('every stored blob is referenced', async () => {
    const listed = await listAll(clients[0]!, '', 1000);
    const blobFiles = (await listTree(join(dataDir, 'blobs'))).filter((path) => /[0-9a-f]{32}$/.test(path));
    // Two blobs per multipart object (its parts), one per larger single-part object, and
    // none for a single-part object of up to 16 KiB, whose bytes stay in its record.
    const multipart = listed.filter(([, etag]) => etag.includes('-')).length;
    const blobbed = listed.filter(([, etag, size]) => !etag.includes('-') && size > 16 * 1024).length;
    assert.equal(blobFiles.length, 2 * multipart + blobbed);
  });
});

