import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';

import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';

import { s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { listBlobFiles } from './harness/files.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;

let s3: S3Client;
const bucket = 'objects';

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

after(async () => {
  await server?.stop();
});

async function getBytes(input: Omit<GetObjectCommandInput, 'Bucket'>): Promise<{ output: GetObjectCommandOutput; body: Buffer }> {
  const output = await s3.send(new GetObjectCommand({ Bucket: bucket, ...input }));
  const body = Buffer.from(await output.Body!.transformToByteArray());
  return { output, body };
}

function crc32Base64(data: Buffer): string {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc32(data));
  return value.toString('base64');
}

function md5Base64(data: Buffer | string): string {
  return createHash('md5').update(data).digest('base64');
}

describe('PutObject and GetObject metadata', () => {
  const expires = new Date('2031-02-03T04:05:06Z');
  const metadataKey = 'docs/report.txt';
  let get: GetObjectCommandOutput;
  let head: HeadObjectCommandOutput;
  let body: Buffer;

  before(async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: metadataKey,
        Body: 'quarterly report',
        ContentType: 'text/plain; charset=utf-8',
        CacheControl: 'max-age=60, private',
        ContentDisposition: 'attachment; filename="report.txt"',
        ContentEncoding: 'identity',
        ContentLanguage: 'fr-CA',
        Expires: expires,
        Metadata: { color: 'blue', 'two-words': 'hello there' },
      }),
    );
    ({ output: get, body } = await getBytes({ Key: metadataKey }));
    head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: metadataKey }));
  });

  it('body round-trip', () => {
    assert.equal(body.toString(), 'quarterly report');
  });

  const cases: Array<[string, (output: GetObjectCommandOutput | HeadObjectCommandOutput) => unknown, unknown]> = [
    ['Content-Type', (o) => o.ContentType, 'text/plain; charset=utf-8'],
    ['Cache-Control', (o) => o.CacheControl, 'max-age=60, private'],
    ['Content-Disposition', (o) => o.ContentDisposition, 'attachment; filename="report.txt"'],
    ['Content-Encoding', (o) => o.ContentEncoding, 'identity'],
    ['Content-Language', (o) => o.ContentLanguage, 'fr-CA'],
    ['Expires', (o) => o.ExpiresString, expires.toUTCString()],
    ['user metadata', (o) => o.Metadata, { color: 'blue', 'two-words': 'hello there' }],
    ['Content-Length', (o) => o.ContentLength, 16],
    ['ETag', (o) => o.ETag, `"${createHash('md5').update('quarterly report').digest('hex')}"`],
  ];
  for (const [label, pick, expected] of cases) {
    it(`GetObject ${label} round-trip`, () => {
      assert.deepEqual(pick(get), expected);
    });
    it(`HeadObject ${label} round-trip`, () => {
      assert.deepEqual(pick(head), expected);
    });
  }

  it('GetObject Last-Modified set', () => {
    assert.ok(get.LastModified instanceof Date);
    assert.ok(Math.abs(get.LastModified.getTime() - Date.now()) < 600_000, get.LastModified.toISOString());
  });

  it('default Content-Type binary/octet-stream', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'untyped', Body: Buffer.from([1, 2, 3]) }));
    const output = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'untyped' }));
    assert.ok(['binary/octet-stream', 'application/octet-stream'].includes(output.ContentType ?? ''), output.ContentType);
  });

  it('metadata over 2 KB is MetadataTooLarge', async () => {
    const error = await sdkError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'fat-metadata', Body: 'x', Metadata: { big: 'v'.repeat(2100) } })),
    );
    assert.equal(error.name, 'MetadataTooLarge');
  });
});

describe('PutObject body', () => {
  it('aws-chunked streamed body round-trip', async () => {
    const data = randomBytes(1024 * 1024 + 17);
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'streamed', Body: Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]), ContentLength: data.length }),
    );
    const { body } = await getBytes({ Key: 'streamed' });
    assert.ok(body.equals(data), `got ${body.length} bytes, expected ${data.length}`);
  });

  it('streamed body response ChecksumCRC32', async () => {
    const data = randomBytes(200_000);
    const output = await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'streamed-crc', Body: Readable.from([data]), ContentLength: data.length }),
    );
    assert.equal(output.ChecksumCRC32, crc32Base64(data));
  });

  it('buffer body response ChecksumCRC32', async () => {
    const data = randomBytes(5000);
    const output = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'buffer-crc', Body: data }));
    assert.equal(output.ChecksumCRC32, crc32Base64(data));
  });

  it('empty object round-trip', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'empty', Body: '' }));
    const { output, body } = await getBytes({ Key: 'empty' });
    assert.deepEqual([output.ContentLength, body.length], [0, 0]);
  });

  it('empty object keeps no blob file', async () => {
    const before = await listBlobFiles(server.dataDir);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'empty-blobless', Body: '' }));
    assert.deepEqual(await listBlobFiles(server.dataDir), before);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'empty-blobless' }));
    assert.equal(head.ETag, '"d41d8cd98f00b204e9800998ecf8427e"');
    assert.equal(head.ContentLength, 0);
  });

  it('small object keeps no blob file', async () => {
    const before = await listBlobFiles(server.dataDir);
    const small = randomBytes(16 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'inline', Body: small }));
    assert.deepEqual(await listBlobFiles(server.dataDir), before);
    assert.deepEqual((await getBytes({ Key: 'inline' })).body, small);
    assert.deepEqual((await getBytes({ Key: 'inline', Range: 'bytes=100-199' })).body, small.subarray(100, 200));
    const large = randomBytes(16 * 1024 + 1);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'inline', Body: large }));
    assert.equal((await listBlobFiles(server.dataDir)).length, before.length + 1);
    assert.deepEqual((await getBytes({ Key: 'inline' })).body, large);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'inline', Body: small }));
    assert.deepEqual(await listBlobFiles(server.dataDir), before);
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'inline-copy', CopySource: `${bucket}/inline` }));
    assert.deepEqual((await getBytes({ Key: 'inline-copy' })).body, small);
  });

  it('empty and full overwrite each other', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'swap', Body: 'full body' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'swap', Body: '' }));
    assert.equal((await getBytes({ Key: 'swap' })).body.length, 0);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'swap', Body: 'again' }));
    assert.equal((await getBytes({ Key: 'swap' })).body.toString(), 'again');
  });

  it('empty object copies and ranges', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'empty-source', Body: '' }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'empty-copy', CopySource: `${bucket}/empty-source` }));
    const { output, body } = await getBytes({ Key: 'empty-copy' });
    assert.deepEqual([output.ContentLength, body.length], [0, 0]);
    const error = await sdkError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'empty-copy', Range: 'bytes=0-0' })));
    assert.equal(error.name, 'InvalidRange');
  });

  it('overwrite replaces the body', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'overwrite', Body: 'first' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'overwrite', Body: 'second' }));
    const { body } = await getBytes({ Key: 'overwrite' });
    assert.equal(body.toString(), 'second');
  });

  it('missing bucket is NoSuchBucket', async () => {
    const error = await sdkError(s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x' })));
    assert.equal(error.name, 'NoSuchBucket');
  });
});

describe('PutObject Content-MD5', () => {
  it('matching Content-MD5 accepted', async () => {
    const output = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5-ok', Body: 'payload', ContentMD5: md5Base64('payload') }));
    assert.equal(output.$metadata.httpStatusCode, 200);
  });

  it('Content-MD5 mismatch is BadDigest', async () => {
    const error = await sdkError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5-bad', Body: 'payload', ContentMD5: md5Base64('other payload') })),
    );
    assert.equal(error.name, 'BadDigest');
  });

  it('Content-MD5 mismatch status 400', async () => {
    const error = await sdkError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5-bad', Body: 'payload', ContentMD5: md5Base64('other payload') })),
    );
    assert.equal(error.status, 400);
  });

  it('Content-MD5 mismatch stores nothing', async () => {
    const error = await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'md5-bad' })));
    assert.equal(error.status, 404);
  });

  it('malformed Content-MD5 is InvalidDigest', async () => {
    const error = await sdkError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5-malformed', Body: 'payload', ContentMD5: 'not-a-digest' })),
    );
    assert.equal(error.name, 'InvalidDigest');
  });

  it('x-amz-checksum-crc32 mismatch is BadDigest', async () => {
    const error = await sdkError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'crc-bad', Body: 'payload', ChecksumCRC32: crc32Base64(Buffer.from('other')) })),
    );
    assert.equal(error.name, 'BadDigest');
  });
});

describe('signed x-amz-content-sha256', () => {
  /**
   * Creates a client that signs `hash` as the payload hash instead of the body's own, and sends
   * `body` with `headers` when given, whatever the operation.
   */
  function clientSigning(hash: string, body?: string, headers: Record<string, string> = {}): S3Client {
    const client = s3Client(server);
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string>; body?: unknown };
        request.headers['x-amz-content-sha256'] = hash;
        Object.assign(request.headers, headers);
        if (body !== undefined) request.body = body;
        return next(args);
      },
      { step: 'build', name: 'fixedPayloadHash' },
    );
    return client;
  }
  const otherHash = createHash('sha256').update('not this body').digest('hex');

  before(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hashed', Body: 'kept body' }));
  });

  it('GET without a body signed with another hash is XAmzContentSHA256Mismatch', async () => {
    const error = await sdkError(clientSigning(otherHash).send(new GetObjectCommand({ Bucket: bucket, Key: 'hashed' })));
    assert.equal(error.name, 'XAmzContentSHA256Mismatch');
    assert.equal(error.status, 400);
    assert.equal(error.fields.ClientComputedContentSHA256, otherHash);
    assert.equal(error.fields.S3ComputedContentSHA256, createHash('sha256').update('').digest('hex'));
  });

  it('GET with Content-Length 00 is checked', async () => {
    const client = clientSigning(otherHash, undefined, { 'content-length': '00' });
    const error = await sdkError(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'hashed' })));
    assert.equal(error.name, 'XAmzContentSHA256Mismatch');
  });

  it('DELETE with a mismatched body keeps the object', async () => {
    const client = clientSigning(otherHash, 'xyz', { 'content-length': '3' });
    const error = await sdkError(client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'hashed' })));
    assert.equal(error.name, 'XAmzContentSHA256Mismatch');
    const { body } = await getBytes({ Key: 'hashed' });
    assert.equal(body.toString(), 'kept body');
  });

  it('DELETE with a matching body succeeds', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hashed-delete', Body: 'to delete' }));
    const bodyHash = createHash('sha256').update('xyz').digest('hex');
    await clientSigning(bodyHash, 'xyz', { 'content-length': '3' }).send(new DeleteObjectCommand({ Bucket: bucket, Key: 'hashed-delete' }));
    const missing = await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'hashed-delete' })));
    assert.equal(missing.status, 404);
  });

  it('GET signed with the empty body hash in upper case succeeds', async () => {
    const emptyHash = createHash('sha256').update('').digest('hex').toUpperCase();
    const output = await clientSigning(emptyHash).send(new GetObjectCommand({ Bucket: bucket, Key: 'hashed' }));
    assert.equal(await output.Body!.transformToString(), 'kept body');
  });

  it('mismatched PUT keeps old object', async () => {
    const error = await sdkError(
      clientSigning(otherHash).send(new PutObjectCommand({ Bucket: bucket, Key: 'hashed', Body: 'replacement' })),
    );
    assert.equal(error.name, 'XAmzContentSHA256Mismatch');
    const { body } = await getBytes({ Key: 'hashed' });
    assert.equal(body.toString(), 'kept body');
  });

  it('empty PUT signed with another hash is refused', async () => {
    const error = await sdkError(clientSigning(otherHash).send(new PutObjectCommand({ Bucket: bucket, Key: 'hashed-empty', Body: '' })));
    assert.equal(error.name, 'XAmzContentSHA256Mismatch');
    const missing = await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'hashed-empty' })));
    assert.equal(missing.status, 404);
  });
});

describe('PutObject of 9 MiB', () => {
  const data = randomBytes(9 * 1024 * 1024 + 5);
  const md5 = createHash('md5').update(data).digest();

  it('ETag is the MD5 of the body', async () => {
    const output = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'large-md5', Body: data, ContentMD5: md5.toString('base64') }));
    assert.equal(output.ETag, `"${md5.toString('hex')}"`);
  });

  it('large body round-trip', async () => {
    const { output, body } = await getBytes({ Key: 'large-md5' });
    assert.equal(output.ETag, `"${md5.toString('hex')}"`);
    assert.ok(body.equals(data), `got ${body.length} bytes, expected ${data.length}`);
  });

  it('large Content-MD5 mismatch is BadDigest', async () => {
    const wrong = createHash('md5').update('other').digest('base64');
    const error = await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'large-md5', Body: data.subarray(1), ContentMD5: wrong })));
    assert.equal(error.name, 'BadDigest');
  });

  it('large BadDigest keeps previous object', async () => {
    const { body } = await getBytes({ Key: 'large-md5' });
    assert.ok(body.equals(data));
  });

  it('concurrent large uploads keep their ETags', async () => {
    const bodies = [0, 1, 2].map(() => randomBytes(8 * 1024 * 1024 + 1));
    const outputs = await Promise.all(
      bodies.map((body, i) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: `large-concurrent-${i}`, Body: body }))),
    );
    for (const [i, output] of outputs.entries()) {
      assert.equal(output.ETag, `"${createHash('md5').update(bodies[i]!).digest('hex')}"`, `upload ${i}`);
    }
  });
});

describe('PutObject conditional write', () => {
  let etag: string;
  before(async () => {
    const output = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'conditional', Body: 'version one' }));
    etag = output.ETag!;
  });

  it('If-None-Match * existing key 412', async () => {
    const error = await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'conditional', Body: 'x', IfNoneMatch: '*' })));
    assert.deepEqual([error.status, error.name], [412, 'PreconditionFailed']);
  });

  it('If-None-Match * keeps the object', async () => {
    const { body } = await getBytes({ Key: 'conditional' });
    assert.equal(body.toString(), 'version one');
  });

  it('If-None-Match * new key succeeds', async () => {
    const output = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'conditional-new', Body: 'x', IfNoneMatch: '*' }));
    assert.equal(output.$metadata.httpStatusCode, 200);
  });

  it('If-Match stale ETag 412', async () => {
    const error = await sdkError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'conditional', Body: 'x', IfMatch: '"00000000000000000000000000000000"' })),
    );
    assert.deepEqual([error.status, error.name], [412, 'PreconditionFailed']);
  });

  it('If-Match with the current ETag succeeds', async () => {
    const output = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'conditional', Body: 'version two', IfMatch: etag }));
    assert.equal(output.$metadata.httpStatusCode, 200);
  });

  it('If-Match missing key NoSuchKey', async () => {
    const error = await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'conditional-absent', Body: 'x', IfMatch: etag })));
    assert.equal(error.name, 'NoSuchKey');
  });
});

describe('GetObject Range', () => {
  const data = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
  before(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'range', Body: data }));
  });

  it('single range body', async () => {
    const { body } = await getBytes({ Key: 'range', Range: 'bytes=10-19' });
    assert.ok(body.equals(data.subarray(10, 20)), body.toString('hex'));
  });

  it('single range status 206', async () => {
    const { output } = await getBytes({ Key: 'range', Range: 'bytes=10-19' });
    assert.equal(output.$metadata.httpStatusCode, 206);
  });

  it('single range Content-Range', async () => {
    const { output } = await getBytes({ Key: 'range', Range: 'bytes=10-19' });
    assert.equal(output.ContentRange, 'bytes 10-19/100');
  });

  it('single range Content-Length', async () => {
    const { output } = await getBytes({ Key: 'range', Range: 'bytes=10-19' });
    assert.equal(output.ContentLength, 10);
  });

  it('suffix range', async () => {
    const { output, body } = await getBytes({ Key: 'range', Range: 'bytes=-5' });
    assert.deepEqual([output.ContentRange, body.toString('hex')], ['bytes 95-99/100', data.subarray(95).toString('hex')]);
  });

  it('open range', async () => {
    const { output, body } = await getBytes({ Key: 'range', Range: 'bytes=90-' });
    assert.deepEqual([output.ContentRange, body.toString('hex')], ['bytes 90-99/100', data.subarray(90).toString('hex')]);
  });

  it('range past the end is clipped', async () => {
    const { output } = await getBytes({ Key: 'range', Range: 'bytes=95-500' });
    assert.equal(output.ContentRange, 'bytes 95-99/100');
  });

  it('start past the end is InvalidRange', async () => {
    const error = await sdkError(getBytes({ Key: 'range', Range: 'bytes=100-' }));
    assert.equal(error.name, 'InvalidRange');
  });

  it('InvalidRange status 416', async () => {
    const error = await sdkError(getBytes({ Key: 'range', Range: 'bytes=200-300' }));
    assert.equal(error.status, 416);
  });
});

describe('GetObject conditional', () => {
  let etag: string;
  let lastModified: Date;
  const dayMs = 24 * 3600 * 1000;
  before(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'conditional-get', Body: 'conditional body' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'conditional-get' }));
    etag = head.ETag!;
    lastModified = head.LastModified!;
  });

  async function status(conditions: Omit<GetObjectCommandInput, 'Bucket' | 'Key'>): Promise<number | undefined> {
    try {
      const { output } = await getBytes({ Key: 'conditional-get', ...conditions });
      return output.$metadata.httpStatusCode;
    } catch (error) {
      const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
      if (metadata === undefined) throw error;
      return metadata.httpStatusCode;
    }
  }

  it('If-Match matching is 200', async () => {
    assert.equal(await status({ IfMatch: etag }), 200);
  });

  it('If-Match not matching is 412', async () => {
    assert.equal(await status({ IfMatch: '"0123456789abcdef0123456789abcdef"' }), 412);
  });

  it('If-Match not matching is PreconditionFailed', async () => {
    const error = await sdkError(getBytes({ Key: 'conditional-get', IfMatch: '"0123456789abcdef0123456789abcdef"' }));
    assert.equal(error.name, 'PreconditionFailed');
  });

  it('If-None-Match matching is 304', async () => {
    assert.equal(await status({ IfNoneMatch: etag }), 304);
  });

  it('If-None-Match not matching is 200', async () => {
    assert.equal(await status({ IfNoneMatch: '"0123456789abcdef0123456789abcdef"' }), 200);
  });

  it('If-Modified-Since at Last-Modified is 304', async () => {
    assert.equal(await status({ IfModifiedSince: lastModified }), 304);
  });

  it('If-Modified-Since a day earlier is 200', async () => {
    assert.equal(await status({ IfModifiedSince: new Date(lastModified.getTime() - dayMs) }), 200);
  });

  it('If-Unmodified-Since a day earlier is 412', async () => {
    assert.equal(await status({ IfUnmodifiedSince: new Date(lastModified.getTime() - dayMs) }), 412);
  });

  it('If-Unmodified-Since a day later is 200', async () => {
    assert.equal(await status({ IfUnmodifiedSince: new Date(lastModified.getTime() + dayMs) }), 200);
  });

  it('If-Match true and If-Unmodified-Since false is 200', async () => {
    assert.equal(await status({ IfMatch: etag, IfUnmodifiedSince: new Date(lastModified.getTime() - dayMs) }), 200);
  });

  it('If-None-Match false and If-Modified-Since true is 304', async () => {
    assert.equal(await status({ IfNoneMatch: etag, IfModifiedSince: new Date(lastModified.getTime() - dayMs) }), 304);
  });

  it('HeadObject If-None-Match matching is 304', async () => {
    const error = await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'conditional-get', IfNoneMatch: etag })));
    assert.equal(error.status, 304);
  });
});

describe('GetObject response overrides', () => {
  let output: GetObjectCommandOutput;
  const expires = new Date('2032-01-01T00:00:00Z');
  before(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'override', Body: 'x', ContentType: 'text/plain' }));
    ({ output } = await getBytes({
      Key: 'override',
      ResponseContentType: 'application/json',
      ResponseContentDisposition: 'attachment; filename="x.json"',
      ResponseCacheControl: 'no-store',
      ResponseContentLanguage: 'de-DE',
      ResponseContentEncoding: 'identity',
      ResponseExpires: expires,
    }));
  });

  const cases: Array<[string, (o: GetObjectCommandOutput) => unknown, unknown]> = [
    ['response-content-type', (o) => o.ContentType, 'application/json'],
    ['response-content-disposition', (o) => o.ContentDisposition, 'attachment; filename="x.json"'],
    ['response-cache-control', (o) => o.CacheControl, 'no-store'],
    ['response-content-language', (o) => o.ContentLanguage, 'de-DE'],
    ['response-content-encoding', (o) => o.ContentEncoding, 'identity'],
    ['response-expires', (o) => o.ExpiresString, expires.toUTCString()],
  ];
  for (const [label, pick, expected] of cases) {
    it(label, () => {
      assert.deepEqual(pick(output), expected);
    });
  }
});

describe('GetObject ChecksumMode', () => {
  const data = randomBytes(3000);
  let stored: string | undefined;
  before(async () => {
    const output = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'checksummed', Body: data }));
    stored = output.ChecksumCRC32;
  });

  it('ENABLED returns the stored CRC32', async () => {
    const { output } = await getBytes({ Key: 'checksummed', ChecksumMode: 'ENABLED' });
    assert.deepEqual([output.ChecksumCRC32, stored], [crc32Base64(data), crc32Base64(data)]);
  });

  it('HeadObject ENABLED returns the stored CRC32', async () => {
    const output = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'checksummed', ChecksumMode: 'ENABLED' }));
    assert.equal(output.ChecksumCRC32, crc32Base64(data));
  });

  it('without ChecksumMode no checksum header', async () => {
    const output = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'checksummed' }));
    assert.equal(output.ChecksumCRC32, undefined);
  });

  it('SHA256 upload returns the stored SHA256', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'sha256', Body: data, ChecksumAlgorithm: 'SHA256' }));
    const { output } = await getBytes({ Key: 'sha256', ChecksumMode: 'ENABLED' });
    assert.equal(output.ChecksumSHA256, createHash('sha256').update(data).digest('base64'));
  });
});

describe('DeleteObject', () => {
  it('existing key answers 204', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'doomed', Body: 'x' }));
    const output = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'doomed' }));
    assert.equal(output.$metadata.httpStatusCode, 204);
  });

  it('deleted key is NoSuchKey', async () => {
    const error = await sdkError(getBytes({ Key: 'doomed' }));
    assert.equal(error.name, 'NoSuchKey');
  });

  it('NoSuchKey status 404', async () => {
    const error = await sdkError(getBytes({ Key: 'doomed' }));
    assert.equal(error.status, 404);
  });

  it('missing key answers 204', async () => {
    const output = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'never-existed' }));
    assert.equal(output.$metadata.httpStatusCode, 204);
  });

  it('missing bucket is NoSuchBucket', async () => {
    const error = await sdkError(s3.send(new DeleteObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })));
    assert.equal(error.name, 'NoSuchBucket');
  });
});
