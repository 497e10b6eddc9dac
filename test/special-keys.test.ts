import assert from 'node:assert/strict';
import { lstat, mkdir, realpath, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { runPython, s3Client, toolEnv } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { listTree, tempDir } from './harness/files.js';
import { rawRequest } from './harness/http.js';
import { startCoffer, type CofferServer } from './harness/server.js';

/** Keys that trip up URL encoding, path handling or byte counting, with a short label each. */
const specialKeys: Array<[string, string]> = [
  ['space', 'with space.txt'],
  ['plus', 'plus+sign.txt'],
  ['percent', 'percent%41%2F.txt'],
  ['tilde', 'tilde~file.txt'],
  ['asterisk', 'star*file.txt'],
  ['apostrophe', "quote'file.txt"],
  ['exclamation mark', 'bang!file.txt'],
  ['parentheses', '(parens).txt'],
  ['reserved URL characters', 'query?a=1&b=2#frag;x,y:z@$.txt'],
  ['unicode', 'données/日本語 ✓.txt'],
  ['runs of slashes', 'runs//of///slashes.txt'],
  ['leading slash', '/leading-slash.txt'],
  ['trailing slash', 'folder/'],
  ['dot-dot segment', '../up-one.txt'],
  ['path traversal', '../../etc/passwd'],
  ['dot segments inside', 'a/./b/../c.txt'],
  ['1024 ASCII bytes', `long/${'x'.repeat(1019)}`],
  ['1024 UTF-8 bytes', `long/${'é'.repeat(509)}x`],
];

const bucket = 'special-keys';
const copyBucket = 'special-keys-copy';
const pyBucket = 'special-keys-py';
const pyCopyBucket = 'special-keys-py-copy';

let server: CofferServer;
let s3: S3Client;
/** A fresh directory holding nothing but the chain of directories down to the data dir. */
let parentDir: string;
let dataDir: string;
let passwdMtime: number;

before(async () => {
  parentDir = await tempDir('special-keys');
  dataDir = join(parentDir, 'n1', 'n2', 'n3', 'data');
  await mkdir(dataDir, { recursive: true });
  passwdMtime = (await stat('/etc/passwd')).mtimeMs;
  // Started from inside the parent, so any path a key escapes to lands where it is seen.
  server = await startCoffer({ dataDir, cwd: join(parentDir, 'n1') });
  s3 = s3Client(server);
  for (const name of [bucket, copyBucket, pyBucket, pyCopyBucket]) await s3.send(new CreateBucketCommand({ Bucket: name }));
});

after(async () => {
  await server?.stop();
  if (parentDir !== undefined) await rm(parentDir, { recursive: true, force: true });
});

const bodyOf = (key: string): string => `content of ${key}`;

describe('special keys, JS SDK', () => {
  for (const [label, key] of specialKeys) {
    if (label.startsWith('1024')) {
      it(`${label}: key is exactly 1024 bytes`, () => {
        assert.equal(Buffer.byteLength(key), 1024);
      });
    }

    it(`${label}: put`, async () => {
      const output = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bodyOf(key) }));
      assert.equal(output.$metadata.httpStatusCode, 200);
    });

    it(`${label}: list`, async () => {
      const output = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key }));
      assert.equal(output.Contents?.[0]?.Key, key);
    });

    it(`${label}: get`, async () => {
      const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      assert.equal(await output.Body!.transformToString(), bodyOf(key));
    });

    it(`${label}: copy`, async () => {
      await s3.send(new CopyObjectCommand({ Bucket: copyBucket, Key: key, CopySource: `${bucket}/${encodeURIComponent(key)}` }));
      const output = await s3.send(new GetObjectCommand({ Bucket: copyBucket, Key: key }));
      assert.equal(await output.Body!.transformToString(), bodyOf(key));
    });

    it(`${label}: presigned GET`, async () => {
      const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 600 });
      const response = await rawRequest(url);
      assert.deepEqual([response.status, response.text], [200, bodyOf(key)]);
    });
  }

  it('whole listing holds every key once', async () => {
    const listed: string[] = [];
    let token: string | undefined;
    do {
      const output = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token, MaxKeys: 5 }));
      listed.push(...(output.Contents ?? []).map((entry) => entry.Key!));
      token = output.NextContinuationToken;
    } while (token !== undefined);
    assert.deepEqual(listed.sort(), specialKeys.map(([, key]) => key).sort());
  });

  it('whole listing in UTF-8 byte order', async () => {
    const output = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const listed = (output.Contents ?? []).map((entry) => entry.Key!);
    const byBytes = [...listed].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual(listed, byBytes);
  });

  it('1025-byte key is KeyTooLongError', async () => {
    const error = await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k'.repeat(1025), Body: 'x' })));
    assert.deepEqual([error.status, error.name], [400, 'KeyTooLongError']);
  });

  it('1025-byte UTF-8 key is KeyTooLongError', async () => {
    const error = await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${'é'.repeat(512)}k`, Body: 'x' })));
    assert.equal(error.name, 'KeyTooLongError');
  });
});

interface Boto3Result {
  key: string;
  put: string;
  listed: string[] | string;
  body: string;
  copyBody: string;
  urlV4: string;
  urlV2: string;
}

describe('special keys, boto3', () => {
  const results = new Map<string, Boto3Result>();
  before(async () => {
    const output = await runPython<Boto3Result[]>(
      'special_keys.py',
      { endpoint: server.endpoint, bucket: pyBucket, copyBucket: pyCopyBucket, keys: specialKeys.map(([, key]) => key) },
      await toolEnv(server),
    );
    for (const result of output) results.set(result.key, result);
  });

  for (const [label, key] of specialKeys) {
    it(`${label}: put`, () => {
      assert.equal(results.get(key)?.put, 'ok');
    });

    it(`${label}: list`, () => {
      assert.deepEqual((results.get(key)?.listed as string[] | undefined)?.[0], key);
    });

    it(`${label}: get`, () => {
      assert.equal(results.get(key)?.body, bodyOf(key));
    });

    it(`${label}: copy`, () => {
      assert.equal(results.get(key)?.copyBody, bodyOf(key));
    });

    it(`${label}: presigned GET s3v4`, async () => {
      const response = await rawRequest(results.get(key)!.urlV4);
      assert.deepEqual([response.status, response.text], [200, bodyOf(key)]);
    });

    it(`${label}: presigned GET SigV2`, async () => {
      const response = await rawRequest(results.get(key)!.urlV2);
      assert.deepEqual([response.status, response.text], [200, bodyOf(key)]);
    });
  }
});

describe('special keys on disk', () => {
  it('nothing created outside the data dir', async () => {
    const outside = (await listTree(parentDir)).filter((path) => !path.startsWith('n1/n2/n3/data/'));
    assert.deepEqual(outside, ['n1', 'n1/n2', 'n1/n2/n3', 'n1/n2/n3/data']);
  });

  it('/etc/passwd untouched', async () => {
    assert.equal((await stat('/etc/passwd')).mtimeMs, passwdMtime);
  });

  it('data dir paths resolve inside it', async () => {
    const root = await realpath(dataDir);
    const escaping: string[] = [];
    for (const path of await listTree(dataDir)) {
      const resolved = await realpath(join(dataDir, path));
      if (!resolved.startsWith(`${root}/`)) escaping.push(`${path} -> ${resolved}`);
    }
    assert.deepEqual(escaping, []);
  });

  it('no symbolic links in data dir', async () => {
    const links: string[] = [];
    for (const path of await listTree(dataDir)) {
      if ((await lstat(join(dataDir, path))).isSymbolicLink()) links.push(path);
    }
    assert.deepEqual(links, []);
  });

  it('no key became a file name', async () => {
    const names = (await listTree(dataDir)).map((path) => path.split('/').at(-1)!);
    const leaked = names.filter((name) => ['passwd', 'up-one.txt', 'leading-slash.txt', 'with space.txt'].includes(name));
    assert.deepEqual(leaked, []);
  });
});
