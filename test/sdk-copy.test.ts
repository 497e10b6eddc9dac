import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type CopyObjectCommandInput,
  type CopyObjectCommandOutput,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';

import { s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
const bucket = 'copying';
const otherBucket = 'copying-target';
let sourceEtag: string;
let sourceModified: Date;
const dayMs = 24 * 3600 * 1000;

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new CreateBucketCommand({ Bucket: otherBucket }));
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'source.txt',
      Body: 'source body',
      ContentType: 'text/plain',
      CacheControl: 'max-age=30',
      Metadata: { origin: 'source' },
    }),
  );
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'source.txt' }));
  sourceEtag = head.ETag!;
  sourceModified = head.LastModified!;
});

after(async () => {
  await server?.stop();
});

function copy(input: Omit<CopyObjectCommandInput, 'Bucket' | 'CopySource'> & { Bucket?: string; CopySource?: string }): Promise<CopyObjectCommandOutput> {
  return s3.send(new CopyObjectCommand({ Bucket: bucket, CopySource: `${bucket}/source.txt`, ...input }));
}

async function bodyOf(targetBucket: string, key: string): Promise<string> {
  const output = await s3.send(new GetObjectCommand({ Bucket: targetBucket, Key: key }));
  return output.Body!.transformToString();
}

describe('CopyObject COPY', () => {
  let output: CopyObjectCommandOutput;
  let head: HeadObjectCommandOutput;
  before(async () => {
    output = await copy({ Key: 'copied.txt' });
    head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copied.txt' }));
  });

  it('CopyObjectResult ETag equals the source ETag', () => {
    assert.equal(output.CopyObjectResult?.ETag, sourceEtag);
  });

  it('CopyObjectResult LastModified', () => {
    assert.ok(output.CopyObjectResult?.LastModified instanceof Date);
  });

  it('body copied', async () => {
    assert.equal(await bodyOf(bucket, 'copied.txt'), 'source body');
  });

  it('Content-Type copied', () => {
    assert.equal(head.ContentType, 'text/plain');
  });

  it('Cache-Control copied', () => {
    assert.equal(head.CacheControl, 'max-age=30');
  });

  it('user metadata copied', () => {
    assert.deepEqual(head.Metadata, { origin: 'source' });
  });

  it('request metadata ignored', async () => {
    await copy({ Key: 'copied-ignoring.txt', ContentType: 'application/json', Metadata: { other: 'x' } });
    const copied = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copied-ignoring.txt' }));
    assert.deepEqual([copied.ContentType, copied.Metadata], ['text/plain', { origin: 'source' }]);
  });

  it('to another bucket', async () => {
    await copy({ Bucket: otherBucket, Key: 'elsewhere.txt' });
    assert.equal(await bodyOf(otherBucket, 'elsewhere.txt'), 'source body');
  });

  it('leading slash in x-amz-copy-source', async () => {
    await copy({ Key: 'copied-slash.txt', CopySource: `/${bucket}/source.txt` });
    assert.equal(await bodyOf(bucket, 'copied-slash.txt'), 'source body');
  });

  it('overwrites an existing destination', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'existing.txt', Body: 'old' }));
    await copy({ Key: 'existing.txt' });
    assert.equal(await bodyOf(bucket, 'existing.txt'), 'source body');
  });

  it('onto itself without REPLACE is InvalidRequest', async () => {
    const error = await sdkError(copy({ Key: 'source.txt' }));
    assert.deepEqual([error.status, error.name], [400, 'InvalidRequest']);
  });
});

describe('CopyObject REPLACE', () => {
  let head: HeadObjectCommandOutput;
  before(async () => {
    await copy({
      Key: 'replaced.txt',
      MetadataDirective: 'REPLACE',
      ContentType: 'application/json',
      Metadata: { fresh: 'yes' },
    });
    head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'replaced.txt' }));
  });

  it('body copied', async () => {
    assert.equal(await bodyOf(bucket, 'replaced.txt'), 'source body');
  });

  it('Content-Type replaced', () => {
    assert.equal(head.ContentType, 'application/json');
  });

  it('user metadata replaced', () => {
    assert.deepEqual(head.Metadata, { fresh: 'yes' });
  });

  it('Cache-Control not carried over', () => {
    assert.equal(head.CacheControl, undefined);
  });

  it('onto itself with REPLACE updates metadata', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'self.txt', Body: 'self body', Metadata: { version: '1' } }));
    await copy({ Key: 'self.txt', CopySource: `${bucket}/self.txt`, MetadataDirective: 'REPLACE', Metadata: { version: '2' } });
    const updated = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'self.txt' }));
    assert.deepEqual(updated.Metadata, { version: '2' });
  });

  it('onto itself keeps the body', async () => {
    assert.equal(await bodyOf(bucket, 'self.txt'), 'self body');
  });

  it('invalid MetadataDirective is InvalidArgument', async () => {
    const error = await sdkError(copy({ Key: 'bad-directive.txt', MetadataDirective: 'MERGE' as 'COPY' }));
    assert.equal(error.name, 'InvalidArgument');
  });
});

describe('CopyObject copy-source conditionals', () => {
  async function status(input: Omit<CopyObjectCommandInput, 'Bucket' | 'CopySource' | 'Key'>): Promise<number | undefined> {
    try {
      const output = await copy({ Key: 'conditional-copy.txt', ...input });
      return output.$metadata.httpStatusCode;
    } catch (error) {
      const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
      if (metadata === undefined) throw error;
      return metadata.httpStatusCode;
    }
  }

  it('if-match matching copies', async () => {
    assert.equal(await status({ CopySourceIfMatch: sourceEtag }), 200);
  });

  it('if-match not matching is 412', async () => {
    assert.equal(await status({ CopySourceIfMatch: '"0123456789abcdef0123456789abcdef"' }), 412);
  });

  it('if-match not matching is PreconditionFailed', async () => {
    const error = await sdkError(copy({ Key: 'conditional-copy.txt', CopySourceIfMatch: '"0123456789abcdef0123456789abcdef"' }));
    assert.equal(error.name, 'PreconditionFailed');
  });

  it('if-none-match matching is 412', async () => {
    assert.equal(await status({ CopySourceIfNoneMatch: sourceEtag }), 412);
  });

  it('if-none-match not matching copies', async () => {
    assert.equal(await status({ CopySourceIfNoneMatch: '"0123456789abcdef0123456789abcdef"' }), 200);
  });

  it('if-modified-since after Last-Modified is 412', async () => {
    assert.equal(await status({ CopySourceIfModifiedSince: new Date(sourceModified.getTime() + dayMs) }), 412);
  });

  it('if-modified-since before Last-Modified copies', async () => {
    assert.equal(await status({ CopySourceIfModifiedSince: new Date(sourceModified.getTime() - dayMs) }), 200);
  });

  it('if-unmodified-since before Last-Modified is 412', async () => {
    assert.equal(await status({ CopySourceIfUnmodifiedSince: new Date(sourceModified.getTime() - dayMs) }), 412);
  });

  it('if-unmodified-since after Last-Modified copies', async () => {
    assert.equal(await status({ CopySourceIfUnmodifiedSince: new Date(sourceModified.getTime() + dayMs) }), 200);
  });

  it('if-match true and if-unmodified-since false copies', async () => {
    assert.equal(
      await status({ CopySourceIfMatch: sourceEtag, CopySourceIfUnmodifiedSince: new Date(sourceModified.getTime() - dayMs) }),
      200,
    );
  });

  it('if-none-match false and if-modified-since true is 412', async () => {
    assert.equal(
      await status({ CopySourceIfNoneMatch: sourceEtag, CopySourceIfModifiedSince: new Date(sourceModified.getTime() - dayMs) }),
      412,
    );
  });

  it('failed condition leaves the destination alone', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'guarded.txt', Body: 'guarded' }));
    await sdkError(copy({ Key: 'guarded.txt', CopySourceIfMatch: '"0123456789abcdef0123456789abcdef"' }));
    assert.equal(await bodyOf(bucket, 'guarded.txt'), 'guarded');
  });
});

describe('CopyObject errors', () => {
  it('missing source key is NoSuchKey', async () => {
    const error = await sdkError(copy({ Key: 'from-nothing.txt', CopySource: `${bucket}/absent.txt` }));
    assert.deepEqual([error.status, error.name], [404, 'NoSuchKey']);
  });

  it('missing source bucket is NoSuchBucket', async () => {
    const error = await sdkError(copy({ Key: 'from-nowhere.txt', CopySource: 'no-such-bucket/source.txt' }));
    assert.equal(error.name, 'NoSuchBucket');
  });

  it('missing destination bucket is NoSuchBucket', async () => {
    const error = await sdkError(copy({ Bucket: 'no-such-bucket', Key: 'x.txt' }));
    assert.equal(error.name, 'NoSuchBucket');
  });
});
