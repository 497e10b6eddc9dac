import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';

import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type CompleteMultipartUploadCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

import { s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { digestStream, md5Hex } from './harness/files.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
const bucket = 'multipart';
const MiB = 1024 * 1024;

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

after(async () => {
  await server?.stop();
});

async function createUpload(key: string): Promise<string> {
  const output = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'application/x-test' }));
  return output.UploadId!;
}

async function uploadPart(key: string, uploadId: string, partNumber: number, body: Buffer): Promise<CompletedPart> {
  const output = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body }));
  return { PartNumber: partNumber, ETag: output.ETag, ChecksumCRC32: output.ChecksumCRC32 };
}

/** Computes the S3 multipart ETag: MD5 of the concatenated binary part MD5s, a dash, the part count. */
function multipartEtag(parts: Buffer[]): string {
  const digests = Buffer.concat(parts.map((part) => createHash('md5').update(part).digest()));
  return `"${createHash('md5').update(digests).digest('hex')}-${parts.length}"`;
}

describe('multipart upload by hand', () => {
  const key = 'by-hand.bin';
  const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(1024)];
  let uploadId: string;
  const completed: CompletedPart[] = [];
  let completeOutput: CompleteMultipartUploadCommandOutput;

  before(async () => {
    uploadId = await createUpload(key);
  });

  it('CreateMultipartUpload returns an UploadId', () => {
    assert.ok(uploadId.length > 0);
  });

  it('UploadPart ETag is the part MD5', async () => {
    for (const [index, body] of parts.entries()) completed.push(await uploadPart(key, uploadId, index + 1, body));
    assert.deepEqual(
      completed.map((part) => part.ETag),
      parts.map((body) => `"${md5Hex(body)}"`),
    );
  });

  it('ListParts lists each part', async () => {
    const output = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    assert.deepEqual(
      (output.Parts ?? []).map((part) => [part.PartNumber, part.Size, part.ETag]),
      parts.map((body, index) => [index + 1, body.length, `"${md5Hex(body)}"`]),
    );
  });

  it('ListParts MaxParts pagination', async () => {
    const output = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MaxParts: 2 }));
    assert.deepEqual([output.Parts?.length, output.IsTruncated, output.NextPartNumberMarker], [2, true, '2']);
  });

  it('ListParts PartNumberMarker', async () => {
    const output = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: '2' }));
    assert.deepEqual((output.Parts ?? []).map((part) => part.PartNumber), [3]);
  });

  it('ListMultipartUploads lists the upload', async () => {
    const output = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    assert.ok(
      (output.Uploads ?? []).some((upload) => upload.Key === key && upload.UploadId === uploadId),
      JSON.stringify(output.Uploads),
    );
  });

  it('ListMultipartUploads prefix filters', async () => {
    const output = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'no-match/' }));
    assert.equal(output.Uploads, undefined);
  });

  it('in-progress upload is not an object', async () => {
    const error = await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
    assert.equal(error.status, 404);
  });

  it('CompleteMultipartUpload ETag', async () => {
    completeOutput = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: completed } }),
    );
    assert.equal(completeOutput.ETag, multipartEtag(parts));
  });

  it('CompleteMultipartUpload Key and Bucket', () => {
    assert.deepEqual([completeOutput.Key, completeOutput.Bucket], [key, bucket]);
  });

  it('completed object body', async () => {
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const digest = await digestStream(output.Body as Readable);
    assert.deepEqual(digest, { md5: md5Hex(Buffer.concat(parts)), size: 10 * MiB + 1024 });
  });

  it('completed object Content-Type', async () => {
    const output = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    assert.equal(output.ContentType, 'application/x-test');
  });

  it('GetObject partNumber 2 returns the part', async () => {
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, PartNumber: 2 }));
    const digest = await digestStream(output.Body as Readable);
    assert.equal(digest.md5, md5Hex(parts[1]!));
  });

  it('GetObject partNumber x-amz-mp-parts-count', async () => {
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, PartNumber: 1 }));
    await digestStream(output.Body as Readable);
    assert.equal(output.PartsCount, 3);
  });

  it('completed upload leaves ListMultipartUploads', async () => {
    const output = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    assert.ok(!(output.Uploads ?? []).some((upload) => upload.UploadId === uploadId));
  });

  it('completed upload ListParts is NoSuchUpload', async () => {
    const error = await sdkError(s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId })));
    assert.equal(error.name, 'NoSuchUpload');
  });
});

describe('AbortMultipartUpload', () => {
  const key = 'aborted.bin';
  let uploadId: string;
  before(async () => {
    uploadId = await createUpload(key);
    await uploadPart(key, uploadId, 1, randomBytes(1024));
  });

  it('answers 204', async () => {
    const output = await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    assert.equal(output.$metadata.httpStatusCode, 204);
  });

  it('aborted upload ListParts is NoSuchUpload', async () => {
    const error = await sdkError(s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId })));
    assert.equal(error.name, 'NoSuchUpload');
  });

  it('aborted upload UploadPart is NoSuchUpload', async () => {
    const error = await sdkError(
      s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 2, Body: 'x' })),
    );
    assert.deepEqual([error.status, error.name], [404, 'NoSuchUpload']);
  });

  it('aborted upload leaves ListMultipartUploads', async () => {
    const output = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    assert.ok(!(output.Uploads ?? []).some((upload) => upload.UploadId === uploadId));
  });

  it('aborted upload creates no object', async () => {
    const error = await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })));
    assert.equal(error.status, 404);
  });

  it('unknown upload id is NoSuchUpload', async () => {
    const error = await sdkError(
      s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: 'no-such-upload-id', PartNumber: 1, Body: 'x' })),
    );
    assert.equal(error.name, 'NoSuchUpload');
  });
});

describe('CompleteMultipartUpload errors', () => {
  it('racing Completes: one wins, others NoSuchUpload', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 20; round += 1) {
      const key = `race-${round}.bin`;
      const uploadId = await createUpload(key);
      const parts = [await uploadPart(key, uploadId, 1, Buffer.from(`round ${round}`))];
      const complete = () =>
        s3
          .send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }))
          .then(
            () => 'completed',
            (error: Error) => error.name,
          );
      const results = await Promise.all([complete(), complete(), complete()]);
      assert.equal(results.filter((result) => result === 'completed').length, 1, results.join(', '));
      outcomes.push(...results.filter((result) => result !== 'completed'));
    }
    assert.deepEqual([...new Set(outcomes)], ['NoSuchUpload']);
  });

  it('small non-last part is EntityTooSmall', async () => {
    const key = 'too-small.bin';
    const uploadId = await createUpload(key);
    const parts = [await uploadPart(key, uploadId, 1, randomBytes(MiB)), await uploadPart(key, uploadId, 2, randomBytes(MiB))];
    const error = await sdkError(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } })),
    );
    assert.deepEqual([error.status, error.name], [400, 'EntityTooSmall']);
  });

  it('wrong part ETag is InvalidPart', async () => {
    const key = 'wrong-etag.bin';
    const uploadId = await createUpload(key);
    await uploadPart(key, uploadId, 1, randomBytes(1024));
    const error = await sdkError(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0123456789abcdef0123456789abcdef"' }] },
        }),
      ),
    );
    assert.deepEqual([error.status, error.name], [400, 'InvalidPart']);
  });

  it('part never uploaded is InvalidPart', async () => {
    const key = 'missing-part.bin';
    const uploadId = await createUpload(key);
    const first = await uploadPart(key, uploadId, 1, randomBytes(5 * MiB));
    const error = await sdkError(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: [first, { PartNumber: 2, ETag: first.ETag }] },
        }),
      ),
    );
    assert.equal(error.name, 'InvalidPart');
  });

  it('parts out of order is InvalidPartOrder', async () => {
    const key = 'out-of-order.bin';
    const uploadId = await createUpload(key);
    const first = await uploadPart(key, uploadId, 1, randomBytes(5 * MiB));
    const second = await uploadPart(key, uploadId, 2, randomBytes(1024));
    const error = await sdkError(
      s3.send(
        new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: [second, first] } }),
      ),
    );
    assert.deepEqual([error.status, error.name], [400, 'InvalidPartOrder']);
  });

  it('no parts is MalformedXML', async () => {
    const key = 'no-parts.bin';
    const uploadId = await createUpload(key);
    const error = await sdkError(
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: [] } })),
    );
    assert.equal(error.name, 'MalformedXML');
  });

  it('part number 10001 is InvalidArgument', async () => {
    const key = 'part-number.bin';
    const uploadId = await createUpload(key);
    const error = await sdkError(
      s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: 10001, Body: 'x' })),
    );
    assert.equal(error.name, 'InvalidArgument');
  });
});

describe('UploadPartCopy', () => {
  const source = randomBytes(6 * MiB + 100);
  const key = 'assembled.bin';
  let uploadId: string;
  let firstEtag: string | undefined;

  before(async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'copy-source.bin', Body: source }));
    uploadId = await createUpload(key);
  });

  it('ranged copy part ETag', async () => {
    const output = await s3.send(
      new UploadPartCopyCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: 1,
        CopySource: `${bucket}/copy-source.bin`,
        CopySourceRange: `bytes=0-${5 * MiB - 1}`,
      }),
    );
    firstEtag = output.CopyPartResult?.ETag;
    assert.equal(firstEtag, `"${md5Hex(source.subarray(0, 5 * MiB))}"`);
  });

  it('assembled object body', async () => {
    const second = await s3.send(
      new UploadPartCopyCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: 2,
        CopySource: `${bucket}/copy-source.bin`,
        CopySourceRange: `bytes=${5 * MiB}-${source.length - 1}`,
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: firstEtag },
            { PartNumber: 2, ETag: second.CopyPartResult?.ETag },
          ],
        },
      }),
    );
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const digest = await digestStream(output.Body as Readable);
    assert.deepEqual(digest, { md5: md5Hex(source), size: source.length });
  });

  it('missing source is NoSuchKey', async () => {
    const error = await sdkError(
      s3.send(
        new UploadPartCopyCommand({ Bucket: bucket, Key: key, UploadId: await createUpload(key), PartNumber: 1, CopySource: `${bucket}/absent.bin` }),
      ),
    );
    assert.equal(error.name, 'NoSuchKey');
  });
});

describe('lib-storage Upload', () => {
  const size = 20 * MiB;
  const key = 'lib-storage.bin';
  let expectedMd5: string;
  let location: { ETag?: string } = {};

  before(async () => {
    const hash = createHash('md5');
    const pieces: Buffer[] = [];
    for (let offset = 0; offset < size; offset += MiB) {
      const piece = randomBytes(MiB);
      hash.update(piece);
      pieces.push(piece);
    }
    expectedMd5 = hash.digest('hex');
    const upload = new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: Readable.from(pieces) } });
    location = await upload.done();
  });

  it('20 MiB upload goes multipart', () => {
    assert.match(location.ETag ?? '', /^"[0-9a-f]{32}-4"$/);
  });

  it('20 MiB upload size', async () => {
    const output = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    assert.equal(output.ContentLength, size);
  });

  it('20 MiB upload body', async () => {
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const digest = await digestStream(output.Body as Readable);
    assert.equal(digest.md5, expectedMd5);
  });
});
