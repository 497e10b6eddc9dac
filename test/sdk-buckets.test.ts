import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { parseErrorXml, rawRequest } from './harness/http.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
/** x-amz-request-id of every raw response the SDK client received, in order. */
const responseRequestIds: Array<string | undefined> = [];

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  // Runs inside the deserializer, so it receives every raw response, errors included.
  s3.middlewareStack.add(
    (next) => async (args) => {
      try {
        const result = await next(args);
        const response = result.response as { headers?: Record<string, string> };
        responseRequestIds.push(response.headers?.['x-amz-request-id']);
        return result;
      } catch (error) {
        const response = (error as { $response?: { headers?: Record<string, string> } }).$response;
        responseRequestIds.push(response?.headers?.['x-amz-request-id']);
        throw error;
      }
    },
    { step: 'deserialize', priority: 'low', name: 'recordRequestIds' },
  );
});

after(async () => {
  await server?.stop();
});

describe('CreateBucket', () => {
  it('new bucket', async () => {
    const output = await s3.send(new CreateBucketCommand({ Bucket: 'alpha' }));
    assert.equal(output.$metadata.httpStatusCode, 200);
  });

  it('Location header', async () => {
    const output = await s3.send(new CreateBucketCommand({ Bucket: 'alpha-location' }));
    assert.equal(output.Location, '/alpha-location');
  });

  it('own bucket is BucketAlreadyOwnedByYou', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'twice' }));
    const error = await sdkError(s3.send(new CreateBucketCommand({ Bucket: 'twice' })));
    assert.equal(error.name, 'BucketAlreadyOwnedByYou');
  });

  it('BucketAlreadyOwnedByYou status 409', async () => {
    const error = await sdkError(s3.send(new CreateBucketCommand({ Bucket: 'twice' })));
    assert.equal(error.status, 409);
  });

  it('LocationConstraint of another region is IllegalLocationConstraintException', async () => {
    const error = await sdkError(
      s3.send(new CreateBucketCommand({ Bucket: 'elsewhere', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
    );
    assert.equal(error.name, 'IllegalLocationConstraintException');
  });

  const invalidNames: Array<[string, string]> = [
    ['too short', 'ab'],
    ['too long', 'a'.repeat(64)],
    ['upper case', 'Upper-Case'],
    ['underscore', 'under_score'],
    ['leading hyphen', '-leading'],
    ['trailing hyphen', 'trailing-'],
    ['adjacent dots', 'a..b'],
    ['IP address', '192.168.10.20'],
    ['reserved prefix xn--', 'xn--bucket'],
    ['reserved suffix -s3alias', 'bucket-s3alias'],
  ];
  for (const [label, name] of invalidNames) {
    it(`invalid name, ${label}, is InvalidBucketName`, async () => {
      const error = await sdkError(s3.send(new CreateBucketCommand({ Bucket: name })));
      assert.equal(error.name, 'InvalidBucketName');
    });
  }

  it('InvalidBucketName status 400', async () => {
    const error = await sdkError(s3.send(new CreateBucketCommand({ Bucket: 'Upper-Case' })));
    assert.equal(error.status, 400);
  });
});

describe('HeadBucket', () => {
  it('existing bucket', async () => {
    const output = await s3.send(new HeadBucketCommand({ Bucket: 'alpha' }));
    assert.equal(output.$metadata.httpStatusCode, 200);
  });

  it('missing bucket is 404', async () => {
    const error = await sdkError(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })));
    assert.equal(error.status, 404);
  });
});

describe('ListBuckets', () => {
  it('lists created buckets', async () => {
    const output = await s3.send(new ListBucketsCommand({}));
    const names = (output.Buckets ?? []).map((bucket) => bucket.Name);
    assert.ok(names.includes('alpha'), `listed ${JSON.stringify(names)}`);
    assert.ok(names.includes('twice'), `listed ${JSON.stringify(names)}`);
  });

  it('CreationDate set', async () => {
    const output = await s3.send(new ListBucketsCommand({}));
    const alpha = output.Buckets?.find((bucket) => bucket.Name === 'alpha');
    assert.ok(alpha?.CreationDate instanceof Date);
    assert.ok(!Number.isNaN(alpha.CreationDate.getTime()));
  });

  it('Owner ID is canonical', async () => {
    const output = await s3.send(new ListBucketsCommand({}));
    assert.match(output.Owner?.ID ?? '', /^[0-9a-f]{64}$/);
  });
});

describe('GetBucketLocation', () => {
  it('us-east-1 bucket has an empty LocationConstraint', async () => {
    const output = await s3.send(new GetBucketLocationCommand({ Bucket: 'alpha' }));
    assert.equal(String(output.LocationConstraint ?? ''), '');
  });

  it('missing bucket is NoSuchBucket', async () => {
    const error = await sdkError(s3.send(new GetBucketLocationCommand({ Bucket: 'no-such-bucket' })));
    assert.equal(error.name, 'NoSuchBucket');
  });
});

describe('GetBucketVersioning', () => {
  it('never-versioned bucket has no Status', async () => {
    const output = await s3.send(new GetBucketVersioningCommand({ Bucket: 'alpha' }));
    assert.equal(output.Status, undefined);
  });

  it('answers 200', async () => {
    const output = await s3.send(new GetBucketVersioningCommand({ Bucket: 'alpha' }));
    assert.equal(output.$metadata.httpStatusCode, 200);
  });
});

describe('DeleteBucket', () => {
  it('bucket with an object is BucketNotEmpty', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'full' }));
    await s3.send(new PutObjectCommand({ Bucket: 'full', Key: 'one', Body: 'x' }));
    const error = await sdkError(s3.send(new DeleteBucketCommand({ Bucket: 'full' })));
    assert.equal(error.name, 'BucketNotEmpty');
  });

  it('BucketNotEmpty status 409', async () => {
    const error = await sdkError(s3.send(new DeleteBucketCommand({ Bucket: 'full' })));
    assert.equal(error.status, 409);
  });

  it('missing bucket is NoSuchBucket', async () => {
    const error = await sdkError(s3.send(new DeleteBucketCommand({ Bucket: 'no-such-bucket' })));
    assert.equal(error.name, 'NoSuchBucket');
  });

  it('empty bucket answers 204', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'empty' }));
    const output = await s3.send(new DeleteBucketCommand({ Bucket: 'empty' }));
    assert.equal(output.$metadata.httpStatusCode, 204);
  });

  it('deleted bucket is gone', async () => {
    const error = await sdkError(s3.send(new HeadBucketCommand({ Bucket: 'empty' })));
    assert.equal(error.status, 404);
  });
});

describe('unsupported sub-resource', () => {
  it('GetObjectTagging answers 501 NotImplemented', async () => {
    const error = await sdkError(s3.send(new GetObjectTaggingCommand({ Bucket: 'full', Key: 'one' })));
    assert.deepEqual([error.status, error.name], [501, 'NotImplemented']);
  });

  it('GetBucketTagging answers 501 NotImplemented', async () => {
    const error = await sdkError(s3.send(new GetBucketTaggingCommand({ Bucket: 'full' })));
    assert.deepEqual([error.status, error.name], [501, 'NotImplemented']);
  });
});

describe('error response', () => {
  let url: string;
  before(async () => {
    url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'alpha', Key: 'missing' }), { expiresIn: 60 });
  });

  it('Code element', async () => {
    const response = await rawRequest(url);
    assert.equal(parseErrorXml(response.text).Code, 'NoSuchKey');
  });

  it('Message element', async () => {
    const response = await rawRequest(url);
    assert.ok((parseErrorXml(response.text).Message ?? '').length > 0, response.text);
  });

  it('RequestId element equals x-amz-request-id', async () => {
    const response = await rawRequest(url);
    assert.equal(parseErrorXml(response.text).RequestId, response.headers['x-amz-request-id']);
  });

  it('Content-Type application/xml', async () => {
    const response = await rawRequest(url);
    assert.match(String(response.headers['content-type']), /^application\/xml/);
  });

  it('SDK error carries Code and RequestId', async () => {
    const error = await sdkError(s3.send(new GetObjectCommand({ Bucket: 'alpha', Key: 'missing' })));
    assert.deepEqual([error.fields.Code, typeof error.fields.RequestId], ['NoSuchKey', 'string']);
  });
});

describe('x-amz-request-id', () => {
  it('on every response the SDK received', () => {
    const missing = responseRequestIds.filter((id) => id === undefined || id === '').length;
    assert.ok(responseRequestIds.length > 20, `only ${responseRequestIds.length} responses recorded`);
    assert.equal(missing, 0, `${missing} of ${responseRequestIds.length} responses had none`);
  });

  it('on a 501 response', async () => {
    const url = await getSignedUrl(s3, new GetBucketTaggingCommand({ Bucket: 'alpha' }), { expiresIn: 60 });
    const response = await rawRequest(url);
    assert.match(String(response.headers['x-amz-request-id']), /^\S+$/);
  });

  it('on an anonymous 403 response', async () => {
    const response = await rawRequest(`${server.endpoint}/alpha`);
    assert.match(String(response.headers['x-amz-request-id']), /^\S+$/);
  });

  it('on a malformed request 400', async () => {
    const response = await rawRequest(`${server.endpoint}/alpha/key?X-Amz-Algorithm=AWS4-HMAC-SHA256`);
    assert.match(String(response.headers['x-amz-request-id']), /^\S+$/);
  });

  it('on a 206 response', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'full', Key: 'one' }), { expiresIn: 60 });
    const response = await rawRequest(url, { headers: { Range: 'bytes=0-0' } });
    assert.deepEqual([response.status, /^\S+$/.test(String(response.headers['x-amz-request-id']))], [206, true]);
  });

  it('on a 304 response', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'full', Key: 'one' }), { expiresIn: 60 });
    const etag = String((await rawRequest(url)).headers.etag);
    const response = await rawRequest(url, { headers: { 'If-None-Match': etag } });
    assert.deepEqual([response.status, /^\S+$/.test(String(response.headers['x-amz-request-id']))], [304, true]);
  });

  it('on a HEAD 404 response', async () => {
    const url = await getSignedUrl(s3, new HeadObjectCommand({ Bucket: 'full', Key: 'absent' }), { expiresIn: 60 });
    const response = await rawRequest(url, { method: 'HEAD' });
    assert.deepEqual([response.status, /^\S+$/.test(String(response.headers['x-amz-request-id']))], [404, true]);
  });

  it('differs between requests', async () => {
    const first = await rawRequest(`${server.endpoint}/alpha`);
    const second = await rawRequest(`${server.endpoint}/alpha`);
    assert.notEqual(first.headers['x-amz-request-id'], second.headers['x-amz-request-id']);
  });
});
