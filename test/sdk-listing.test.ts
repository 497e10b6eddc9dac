import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ListObjectsCommandOutput,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
  type ListObjectVersionsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';

import { s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
const bucket = 'listing';
/** The listed bucket's keys, in UTF-8 binary order. */
const keys = ['a/1', 'a/2', 'a/b/3', 'b/1', 'b/2', 'c', 'd.txt'];

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}` }));
});

after(async () => {
  await server?.stop();
});

const contentKeys = (output: { Contents?: Array<{ Key?: string }> }): Array<string | undefined> =>
  (output.Contents ?? []).map((entry) => entry.Key);
const prefixes = (output: { CommonPrefixes?: Array<{ Prefix?: string }> }): Array<string | undefined> =>
  (output.CommonPrefixes ?? []).map((entry) => entry.Prefix);

function listV2(input: Omit<ListObjectsV2CommandInput, 'Bucket'>): Promise<ListObjectsV2CommandOutput> {
  return s3.send(new ListObjectsV2Command({ Bucket: bucket, ...input }));
}

describe('ListObjectsV2', () => {
  it('all keys in order', async () => {
    assert.deepEqual(contentKeys(await listV2({})), keys);
  });

  it('KeyCount', async () => {
    assert.equal((await listV2({})).KeyCount, keys.length);
  });

  it('entry Size, ETag and StorageClass', async () => {
    const entry = (await listV2({ Prefix: 'c' })).Contents?.[0];
    assert.deepEqual([entry?.Size, entry?.ETag?.length, entry?.StorageClass], [Buffer.byteLength('body of c'), 34, 'STANDARD']);
  });

  it('entry LastModified', async () => {
    const entry = (await listV2({ Prefix: 'c' })).Contents?.[0];
    assert.ok(entry?.LastModified instanceof Date);
    assert.ok(Math.abs(entry.LastModified.getTime() - Date.now()) < 600_000, entry.LastModified.toISOString());
  });

  it('prefix', async () => {
    assert.deepEqual(contentKeys(await listV2({ Prefix: 'a/' })), ['a/1', 'a/2', 'a/b/3']);
  });

  it('prefix echoed', async () => {
    assert.equal((await listV2({ Prefix: 'a/' })).Prefix, 'a/');
  });

  it('delimiter Contents', async () => {
    assert.deepEqual(contentKeys(await listV2({ Delimiter: '/' })), ['c', 'd.txt']);
  });

  it('delimiter CommonPrefixes', async () => {
    assert.deepEqual(prefixes(await listV2({ Delimiter: '/' })), ['a/', 'b/']);
  });

  it('delimiter KeyCount counts common prefixes', async () => {
    assert.equal((await listV2({ Delimiter: '/' })).KeyCount, 4);
  });

  it('prefix and delimiter', async () => {
    const output = await listV2({ Prefix: 'a/', Delimiter: '/' });
    assert.deepEqual([contentKeys(output), prefixes(output)], [['a/1', 'a/2'], ['a/b/']]);
  });

  it('pagination first page', async () => {
    const output = await listV2({ MaxKeys: 2 });
    assert.deepEqual([contentKeys(output), output.IsTruncated, output.KeyCount, output.MaxKeys], [['a/1', 'a/2'], true, 2, 2]);
  });

  it('pagination NextContinuationToken', async () => {
    const output = await listV2({ MaxKeys: 2 });
    assert.ok((output.NextContinuationToken ?? '').length > 0);
  });

  it('pagination walks every key once', async () => {
    const seen: Array<string | undefined> = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const output = await listV2({ MaxKeys: 2, ContinuationToken: token });
      seen.push(...contentKeys(output));
      token = output.IsTruncated === true ? output.NextContinuationToken : undefined;
      pages += 1;
    } while (token !== undefined && pages < 20);
    assert.deepEqual([seen, pages], [keys, 4]);
  });

  it('pagination ContinuationToken echoed', async () => {
    const first = await listV2({ MaxKeys: 2 });
    const second = await listV2({ MaxKeys: 2, ContinuationToken: first.NextContinuationToken });
    assert.equal(second.ContinuationToken, first.NextContinuationToken);
  });

  it('last page not truncated', async () => {
    const output = await listV2({ MaxKeys: 100 });
    assert.deepEqual([output.IsTruncated, output.NextContinuationToken], [false, undefined]);
  });

  it('MaxKeys counts common prefixes', async () => {
    const pages: Array<Array<string | undefined>> = [];
    let token: string | undefined;
    do {
      const output = await listV2({ MaxKeys: 1, Delimiter: '/', ContinuationToken: token });
      pages.push([...prefixes(output), ...contentKeys(output)]);
      token = output.IsTruncated === true ? output.NextContinuationToken : undefined;
    } while (token !== undefined && pages.length < 20);
    assert.deepEqual(pages, [['a/'], ['b/'], ['c'], ['d.txt']]);
  });

  it('start-after', async () => {
    assert.deepEqual(contentKeys(await listV2({ StartAfter: 'b/1' })), ['b/2', 'c', 'd.txt']);
  });

  it('start-after echoed', async () => {
    assert.equal((await listV2({ StartAfter: 'b/1' })).StartAfter, 'b/1');
  });

  it('start-after between keys', async () => {
    assert.deepEqual(contentKeys(await listV2({ StartAfter: 'a/1x' })), ['a/2', 'a/b/3', 'b/1', 'b/2', 'c', 'd.txt']);
  });

  it('no match', async () => {
    const output = await listV2({ Prefix: 'zzz' });
    assert.deepEqual([output.KeyCount, output.Contents, output.IsTruncated], [0, undefined, false]);
  });

  it('Owner only with FetchOwner', async () => {
    const plain = await listV2({ Prefix: 'c' });
    const withOwner = await listV2({ Prefix: 'c', FetchOwner: true });
    assert.deepEqual([plain.Contents?.[0]?.Owner, /^[0-9a-f]{64}$/.test(withOwner.Contents?.[0]?.Owner?.ID ?? '')], [undefined, true]);
  });

  it('missing bucket is NoSuchBucket', async () => {
    const error = await sdkError(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })));
    assert.equal(error.name, 'NoSuchBucket');
  });
});

describe('ListObjects', () => {
  const list = (input: { Prefix?: string; Delimiter?: string; Marker?: string; MaxKeys?: number }): Promise<ListObjectsCommandOutput> =>
    s3.send(new ListObjectsCommand({ Bucket: bucket, ...input }));

  it('all keys in order', async () => {
    assert.deepEqual(contentKeys(await list({})), keys);
  });

  it('marker', async () => {
    assert.deepEqual(contentKeys(await list({ Marker: 'b/1' })), ['b/2', 'c', 'd.txt']);
  });

  it('marker echoed', async () => {
    assert.equal((await list({ Marker: 'b/1' })).Marker, 'b/1');
  });

  it('prefix and delimiter', async () => {
    const output = await list({ Prefix: 'a/', Delimiter: '/' });
    assert.deepEqual([contentKeys(output), prefixes(output)], [['a/1', 'a/2'], ['a/b/']]);
  });

  it('truncated page', async () => {
    const output = await list({ MaxKeys: 3 });
    assert.deepEqual([contentKeys(output), output.IsTruncated], [['a/1', 'a/2', 'a/b/3'], true]);
  });

  it('pagination by marker walks every key', async () => {
    const seen: Array<string | undefined> = [];
    let marker: string | undefined;
    for (let page = 0; page < 20; page += 1) {
      const output = await list({ MaxKeys: 3, Marker: marker });
      seen.push(...contentKeys(output));
      if (output.IsTruncated !== true) break;
      marker = output.Contents?.at(-1)?.Key;
    }
    assert.deepEqual(seen, keys);
  });

  it('NextMarker with delimiter', async () => {
    const output = await list({ MaxKeys: 1, Delimiter: '/' });
    assert.deepEqual([prefixes(output), output.IsTruncated, output.NextMarker], [['a/'], true, 'a/']);
  });

  it('entry Owner', async () => {
    const output = await list({ Prefix: 'c' });
    assert.match(output.Contents?.[0]?.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
  });

  it('not truncated', async () => {
    assert.equal((await list({})).IsTruncated, false);
  });
});

describe('ListObjectVersions', () => {
  let output: ListObjectVersionsCommandOutput;
  before(async () => {
    output = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  });

  it('one version per key', () => {
    assert.deepEqual((output.Versions ?? []).map((version) => version.Key), keys);
  });

  it('VersionId null', () => {
    assert.deepEqual(new Set((output.Versions ?? []).map((version) => version.VersionId)), new Set(['null']));
  });

  it('IsLatest true', () => {
    assert.deepEqual(new Set((output.Versions ?? []).map((version) => version.IsLatest)), new Set([true]));
  });

  it('ETag and Size', async () => {
    const version = output.Versions?.find((entry) => entry.Key === 'c');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'c' }));
    assert.deepEqual([version?.ETag, version?.Size], [head.ETag, head.ContentLength]);
  });

  it('no delete markers', () => {
    assert.equal(output.DeleteMarkers, undefined);
  });

  it('prefix and delimiter', async () => {
    const filtered = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'a/', Delimiter: '/' }));
    assert.deepEqual(
      [(filtered.Versions ?? []).map((version) => version.Key), prefixes(filtered)],
      [['a/1', 'a/2'], ['a/b/']],
    );
  });

  it('truncated page NextKeyMarker', async () => {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 2 }));
    assert.deepEqual([page.IsTruncated, page.NextKeyMarker], [true, 'a/2']);
  });

  it('KeyMarker continues after the key', async () => {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: 'b/2' }));
    assert.deepEqual((page.Versions ?? []).map((version) => version.Key), ['c', 'd.txt']);
  });
});

describe('DeleteObjects', () => {
  before(async () => {
    for (const key of ['del/1', 'del/2', 'quiet/1', 'quiet/2']) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
    }
  });

  it('reports each deleted key', async () => {
    const output = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'del/1' }, { Key: 'del/2' }, { Key: 'del/missing' }] } }),
    );
    assert.deepEqual((output.Deleted ?? []).map((entry) => entry.Key).sort(), ['del/1', 'del/2', 'del/missing']);
  });

  it('no Errors', async () => {
    const output = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'del/1' }] } }));
    assert.equal(output.Errors, undefined);
  });

  it('deleted keys are gone', async () => {
    const output = await listV2({ Prefix: 'del/' });
    assert.equal(output.KeyCount, 0);
  });

  it('quiet reports nothing', async () => {
    const output = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Quiet: true, Objects: [{ Key: 'quiet/1' }, { Key: 'quiet/2' }] } }),
    );
    assert.deepEqual([output.Deleted, output.Errors], [undefined, undefined]);
  });

  it('quiet deletes', async () => {
    const output = await listV2({ Prefix: 'quiet/' });
    assert.equal(output.KeyCount, 0);
  });

  it('over 1000 keys is MalformedXML', async () => {
    const objects = Array.from({ length: 1001 }, (_, i) => ({ Key: `many/${i}` }));
    const error = await sdkError(s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } })));
    assert.equal(error.name, 'MalformedXML');
  });

  it('missing bucket is NoSuchBucket', async () => {
    const error = await sdkError(s3.send(new DeleteObjectsCommand({ Bucket: 'no-such-bucket', Delete: { Objects: [{ Key: 'k' }] } })));
    assert.equal(error.name, 'NoSuchBucket');
  });

  it('other keys untouched', async () => {
    assert.deepEqual(contentKeys(await listV2({})), keys);
  });
});

describe('ListObjectsV2 byte order', () => {
  const orderBucket = 'byte-order';
  // Upper case sorts before lower case, and U+E000 before U+1F600 in UTF-8, although
  // UTF-16 code units order those two the other way.
  const orderedKeys = [
    'A/x',
    'B',
    'Z/ä',
    'a',
    'a/B',
    'a/b',
    'a/b/c',
    'a/é/1',
    'a/é/2',
    'a0',
    'b',
    'z',
    '~',
    'é',
    'é/Ω',
    'ÿ',
    'Ω/1',
    '日本/語',
    '\uE000',
    '\uFFFD',
    '😀/x',
    '😀/y',
  ];
  const listOrder = (input: Omit<ListObjectsV2CommandInput, 'Bucket'>) =>
    s3.send(new ListObjectsV2Command({ Bucket: orderBucket, ...input }));

  before(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: orderBucket }));
    // Written in reverse, so insertion order cannot produce the expected order.
    for (const key of [...orderedKeys].reverse()) {
      await s3.send(new PutObjectCommand({ Bucket: orderBucket, Key: key, Body: key }));
    }
  });

  it('keys in UTF-8 byte order', async () => {
    assert.deepEqual(contentKeys(await listOrder({})), orderedKeys);
  });

  it('order is byte order', () => {
    const sorted = [...orderedKeys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual(sorted, orderedKeys);
  });

  it('pages of one key keep the order', async () => {
    const seen: Array<string | undefined> = [];
    let token: string | undefined;
    do {
      const page = await listOrder({ MaxKeys: 1, ContinuationToken: token });
      seen.push(...contentKeys(page));
      token = page.NextContinuationToken;
    } while (token !== undefined);
    assert.deepEqual(seen, orderedKeys);
  });

  it('delimiter groups in byte order', async () => {
    const output = await listOrder({ Delimiter: '/' });
    assert.deepEqual(
      [contentKeys(output), prefixes(output)],
      [
        ['B', 'a', 'a0', 'b', 'z', '~', 'é', 'ÿ', '\uE000', '\uFFFD'],
        ['A/', 'Z/', 'a/', 'é/', 'Ω/', '日本/', '😀/'],
      ],
    );
  });

  it('prefix is case-sensitive', async () => {
    const output = await listOrder({ Prefix: 'a/', Delimiter: '/' });
    assert.deepEqual([contentKeys(output), prefixes(output)], [['a/B', 'a/b'], ['a/b/', 'a/é/']]);
  });

  it('non-ASCII prefix', async () => {
    assert.deepEqual(contentKeys(await listOrder({ Prefix: 'a/é/' })), ['a/é/1', 'a/é/2']);
  });

  it('start-after a non-ASCII key', async () => {
    assert.deepEqual(contentKeys(await listOrder({ StartAfter: 'ÿ' })), ['Ω/1', '日本/語', '\uE000', '\uFFFD', '😀/x', '😀/y']);
  });

  it('start-after inside the supplementary planes', async () => {
    assert.deepEqual(contentKeys(await listOrder({ StartAfter: '😀/x' })), ['😀/y']);
  });
});
