import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { region, run, s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { sleep, tempDir } from './harness/files.js';
import { errorCode, parseErrorXml, rawRequest, type RawResponse } from './harness/http.js';
import { presignV4 } from './harness/presign-v4.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
/** For presigning PUTs: at default settings the SDK signs the CRC32 of an empty body into the URL. */
let putSigner: S3Client;
const bucket = 'presign';
const content = 'hello presigned world';

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  putSigner = s3Client(server, { requestChecksumCalculation: 'WHEN_REQUIRED' });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hello.txt', Body: content, ContentType: 'text/plain' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'other.txt', Body: 'another object' }));
});

after(async () => {
  await server?.stop();
});

function presignGet(key: string, options: { expiresIn?: number; signingDate?: Date } = {}): Promise<string> {
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 3600, ...options });
}

function code(response: RawResponse): [number, string] {
  return [response.status, errorCode(response)];
}

describe('presigned GET', () => {
  it('fetch download', async () => {
    const response = await fetch(await presignGet('hello.txt'));
    assert.equal(await response.text(), content);
  });

  it('fetch download status 200', async () => {
    const response = await fetch(await presignGet('hello.txt'));
    await response.arrayBuffer();
    assert.equal(response.status, 200);
  });

  it('curl download', async () => {
    const dir = await tempDir('curl');
    const file = join(dir, 'out');
    const result = await run('curl', ['-sS', '-o', file, '-w', '%{http_code}', await presignGet('hello.txt')]);
    assert.deepEqual([result.stdout, await readFile(file, 'utf8')], ['200', content]);
  });

  it('range request', async () => {
    const response = await fetch(await presignGet('hello.txt'), { headers: { Range: 'bytes=6-14' } });
    assert.deepEqual([response.status, await response.text()], [206, 'presigned']);
  });

  it('signed response-content-disposition', async () => {
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt', ResponseContentDisposition: 'attachment; filename="hello.txt"' }),
      { expiresIn: 60 },
    );
    const response = await fetch(url);
    await response.arrayBuffer();
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="hello.txt"');
  });

  it('missing key is NoSuchKey', async () => {
    const response = await rawRequest(await presignGet('absent.txt'));
    assert.deepEqual(code(response), [404, 'NoSuchKey']);
  });

  it('GET URL used for PUT is SignatureDoesNotMatch', async () => {
    const response = await rawRequest(await presignGet('hello.txt'), { method: 'PUT', body: 'overwritten' });
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('GET URL used for PUT leaves the object', async () => {
    await rawRequest(await presignGet('hello.txt'), { method: 'PUT', body: 'overwritten' });
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' }));
    assert.equal(await output.Body!.transformToString(), content);
  });

  it('unsigned x-amz-* header is AccessDenied', async () => {
    const response = await rawRequest(await presignGet('hello.txt'), { headers: { 'x-amz-server-side-encryption': 'AES256' } });
    assert.deepEqual(code(response), [403, 'AccessDenied']);
  });

  it('unsigned x-amz-* header named in HeadersNotSigned', async () => {
    const response = await rawRequest(await presignGet('hello.txt'), { headers: { 'x-amz-server-side-encryption': 'AES256' } });
    assert.equal(parseErrorXml(response.text).HeadersNotSigned, 'x-amz-server-side-encryption');
  });
});

describe('presigned PUT', () => {
  it('upload with fetch', async () => {
    const url = await getSignedUrl(putSigner, new PutObjectCommand({ Bucket: bucket, Key: 'uploaded.txt' }), { expiresIn: 60 });
    const response = await fetch(url, { method: 'PUT', body: new TextEncoder().encode('uploaded through a URL') });
    await response.arrayBuffer();
    assert.equal(response.status, 200);
  });

  it('uploaded body stored', async () => {
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'uploaded.txt' }));
    assert.equal(await output.Body!.transformToString(), 'uploaded through a URL');
  });

  describe('signed Content-Type', () => {
    let url: string;
    before(async () => {
      url = await getSignedUrl(putSigner, new PutObjectCommand({ Bucket: bucket, Key: 'typed.csv', ContentType: 'text/csv' }), {
        expiresIn: 60,
        signableHeaders: new Set(['content-type']),
      });
    });

    it('listed in X-Amz-SignedHeaders', () => {
      assert.equal(new URL(url).searchParams.get('X-Amz-SignedHeaders'), 'content-type;host');
    });

    it('mismatched Content-Type is SignatureDoesNotMatch', async () => {
      const response = await rawRequest(url, { method: 'PUT', body: 'a,b\n', headers: { 'content-type': 'application/octet-stream' } });
      assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
    });

    it('missing Content-Type is SignatureDoesNotMatch', async () => {
      const response = await fetch(url, { method: 'PUT', body: new TextEncoder().encode('a,b\n') });
      assert.deepEqual([response.status, /<Code>SignatureDoesNotMatch<\/Code>/.test(await response.text())], [403, true]);
    });

    it('rejected upload stores nothing', async () => {
      const error = await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'typed.csv' })));
      assert.equal(error.status, 404);
    });

    it('matching Content-Type uploads', async () => {
      const response = await fetch(url, { method: 'PUT', body: new TextEncoder().encode('a,b\n'), headers: { 'content-type': 'text/csv' } });
      await response.arrayBuffer();
      assert.equal(response.status, 200);
    });

    it('matching Content-Type stored', async () => {
      const output = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'typed.csv' }));
      assert.equal(output.ContentType, 'text/csv');
    });
  });

  it('unsigned x-amz-meta header is AccessDenied', async () => {
    const url = await getSignedUrl(putSigner, new PutObjectCommand({ Bucket: bucket, Key: 'meta.txt' }), { expiresIn: 60 });
    const response = await rawRequest(url, { method: 'PUT', body: 'x', headers: { 'x-amz-meta-injected': 'yes' } });
    assert.deepEqual(code(response), [403, 'AccessDenied']);
  });

  it('PUT URL used for GET is SignatureDoesNotMatch', async () => {
    const url = await getSignedUrl(putSigner, new PutObjectCommand({ Bucket: bucket, Key: 'hello.txt' }), { expiresIn: 60 });
    const response = await rawRequest(url);
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });
});

describe('presigned URL expiry', () => {
  describe('real short expiry', () => {
    let url: string;
    let first: RawResponse;
    let expired: RawResponse;
    let fields: Record<string, string>;
    before(async () => {
      const signingDate = new Date(Math.floor(Date.now() / 1000) * 1000);
      url = await presignGet('hello.txt', { expiresIn: 3, signingDate });
      first = await rawRequest(url);
      await sleep(Math.max(0, signingDate.getTime() + 4500 - Date.now()));
      expired = await rawRequest(url);
      fields = parseErrorXml(expired.text);
    });

    it('works before expiry', () => {
      assert.deepEqual([first.status, first.text], [200, content]);
    });

    it('fails after expiry with 403 AccessDenied', () => {
      assert.deepEqual(code(expired), [403, 'AccessDenied']);
    });

    it('Message Request has expired', () => {
      assert.equal(fields.Message, 'Request has expired');
    });

    it('X-Amz-Expires element', () => {
      assert.equal(fields['X-Amz-Expires'], '3');
    });

    it('Expires element', () => {
      const signedAt = new URL(url).searchParams.get('X-Amz-Date')!;
      const expected = new Date(
        Date.UTC(+signedAt.slice(0, 4), +signedAt.slice(4, 6) - 1, +signedAt.slice(6, 8), +signedAt.slice(9, 11), +signedAt.slice(11, 13), +signedAt.slice(13, 15) + 3),
      );
      assert.equal(Date.parse(fields.Expires ?? ''), expected.getTime());
    });

    it('ServerTime element', () => {
      const serverTime = Date.parse(fields.ServerTime ?? '');
      assert.ok(Math.abs(serverTime - Date.now()) < 60_000, `ServerTime ${fields.ServerTime}`);
    });
  });

  it('signed two hours ago for one hour is expired', async () => {
    const response = await rawRequest(await presignGet('hello.txt', { signingDate: new Date(Date.now() - 2 * 3600_000) }));
    assert.deepEqual([...code(response), parseErrorXml(response.text).Message], [403, 'AccessDenied', 'Request has expired']);
  });

  it('signed an hour ahead is AccessDenied', async () => {
    const response = await rawRequest(await presignGet('hello.txt', { signingDate: new Date(Date.now() + 3600_000) }));
    assert.deepEqual(code(response), [403, 'AccessDenied']);
  });

  it('signed an hour ahead Message Request is not yet valid', async () => {
    const response = await rawRequest(await presignGet('hello.txt', { signingDate: new Date(Date.now() + 3600_000) }));
    assert.equal(parseErrorXml(response.text).Message, 'Request is not yet valid');
  });

  it('signed 30 minutes ago for one hour works', async () => {
    const response = await rawRequest(await presignGet('hello.txt', { signingDate: new Date(Date.now() - 30 * 60_000) }));
    assert.equal(response.status, 200);
  });

  it('signed six days ago for seven days works', async () => {
    const response = await rawRequest(
      await presignGet('hello.txt', { signingDate: new Date(Date.now() - 6 * 86400_000), expiresIn: 604800 }),
    );
    assert.equal(response.status, 200);
  });

  const handSigned = (expiresSeconds: number): string =>
    presignV4({
      method: 'GET',
      endpoint: server.endpoint,
      path: `/${bucket}/hello.txt`,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      region,
      signingDate: new Date(),
      expiresSeconds,
    });

  it('X-Amz-Expires 604800 works', async () => {
    const response = await rawRequest(handSigned(604800));
    assert.equal(response.status, 200);
  });

  it('X-Amz-Expires 604801 is AuthorizationQueryParametersError', async () => {
    const response = await rawRequest(handSigned(604801));
    assert.deepEqual(code(response), [400, 'AuthorizationQueryParametersError']);
  });

  it('X-Amz-Expires 0 is AuthorizationQueryParametersError', async () => {
    const response = await rawRequest(handSigned(0));
    assert.deepEqual(code(response), [400, 'AuthorizationQueryParametersError']);
  });
});

/** Replaces the raw value of one query parameter, leaving the rest of the URL byte for byte. */
function withParam(url: string, name: string, value: string): string {
  const [base, query] = url.split('?') as [string, string];
  const pairs = query.split('&').map((pair) => (pair.startsWith(`${name}=`) ? `${name}=${value}` : pair));
  return `${base}?${pairs.join('&')}`;
}

function withoutParam(url: string, name: string): string {
  const [base, query] = url.split('?') as [string, string];
  return `${base}?${query.split('&').filter((pair) => !pair.startsWith(`${name}=`)).join('&')}`;
}

function paramOf(url: string, name: string): string {
  const pair = url.split('?')[1]!.split('&').find((candidate) => candidate.startsWith(`${name}=`));
  if (pair === undefined) throw new Error(`no ${name} in ${url}`);
  return pair.slice(name.length + 1);
}

describe('presigned URL tampering', () => {
  let url: string;
  before(async () => {
    url = await presignGet('hello.txt');
  });

  it('untampered URL works', async () => {
    assert.equal((await rawRequest(url)).status, 200);
  });

  it('key changed is SignatureDoesNotMatch', async () => {
    const response = await rawRequest(url.replace('/hello.txt?', '/other.txt?'));
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('bucket changed is SignatureDoesNotMatch', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'presign-other' })).catch(() => undefined);
    const response = await rawRequest(url.replace(`/${bucket}/`, '/presign-other/'));
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('X-Amz-Expires changed is SignatureDoesNotMatch', async () => {
    const response = await rawRequest(withParam(url, 'X-Amz-Expires', '3599'));
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('X-Amz-Date changed is SignatureDoesNotMatch', async () => {
    const date = paramOf(url, 'X-Amz-Date');
    const earlier = new Date(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +date.slice(9, 11), +date.slice(11, 13), +date.slice(13, 15) - 1));
    const changed = earlier.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    assert.equal(changed.slice(0, 8), date.slice(0, 8), 'the changed date must keep the day, or the credential check answers first');
    const response = await rawRequest(withParam(url, 'X-Amz-Date', changed));
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('X-Amz-Credential access key changed is InvalidAccessKeyId', async () => {
    const credential = paramOf(url, 'X-Amz-Credential');
    const response = await rawRequest(withParam(url, 'X-Amz-Credential', credential.replace(server.accessKeyId, 'AKIANOSUCHKEY0000000')));
    assert.deepEqual(code(response), [403, 'InvalidAccessKeyId']);
  });

  it('X-Amz-Credential region changed is AuthorizationQueryParametersError', async () => {
    const credential = paramOf(url, 'X-Amz-Credential');
    const response = await rawRequest(withParam(url, 'X-Amz-Credential', credential.replace('us-east-1', 'eu-west-1')));
    assert.deepEqual(code(response), [400, 'AuthorizationQueryParametersError']);
  });

  it('other region names X-Amz-Credential and the region', async () => {
    const signer = s3Client(server, { region: 'eu-west-1' });
    const otherUrl = await getSignedUrl(signer, new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' }), { expiresIn: 60 });
    const error = parseErrorXml((await rawRequest(otherUrl)).text);
    assert.equal(
      error.Message,
      `Error parsing the X-Amz-Credential parameter; the region 'eu-west-1' is wrong; expecting '${region}'`,
    );
    assert.equal(error.Region, region);
  });

  it('X-Amz-Credential date changed is AuthorizationQueryParametersError', async () => {
    const credential = paramOf(url, 'X-Amz-Credential');
    const day = paramOf(url, 'X-Amz-Date').slice(0, 8);
    const response = await rawRequest(withParam(url, 'X-Amz-Credential', credential.replace(day, '20200101')));
    assert.deepEqual(code(response), [400, 'AuthorizationQueryParametersError']);
  });

  it('X-Amz-Signature changed is SignatureDoesNotMatch', async () => {
    const signature = paramOf(url, 'X-Amz-Signature');
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    const response = await rawRequest(withParam(url, 'X-Amz-Signature', flipped));
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('X-Amz-Algorithm changed is AuthorizationQueryParametersError', async () => {
    const response = await rawRequest(withParam(url, 'X-Amz-Algorithm', 'AWS4-HMAC-SHA512'));
    assert.deepEqual(code(response), [400, 'AuthorizationQueryParametersError']);
  });

  it('query parameter added is SignatureDoesNotMatch', async () => {
    const response = await rawRequest(`${url}&extra=1`);
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('response-content-type added is SignatureDoesNotMatch', async () => {
    const response = await rawRequest(`${url}&response-content-type=text%2Fhtml`);
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('signed x-id removed is SignatureDoesNotMatch', async () => {
    const response = await rawRequest(withoutParam(url, 'x-id'));
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  for (const name of ['X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-Credential', 'X-Amz-Algorithm']) {
    it(`${name} removed is AuthorizationQueryParametersError`, async () => {
      const response = await rawRequest(withoutParam(url, name));
      assert.deepEqual(code(response), [400, 'AuthorizationQueryParametersError']);
    });
  }
});

describe('SignatureDoesNotMatch body', () => {
  let fields: Record<string, string>;
  let url: string;
  let body: string;
  before(async () => {
    url = await presignGet('hello.txt');
    const response = await rawRequest(withParam(url, 'X-Amz-Expires', '3599'));
    body = response.text;
    fields = parseErrorXml(body);
  });

  it('StringToSign', () => {
    const date = paramOf(url, 'X-Amz-Date');
    assert.match(fields.StringToSign ?? '', new RegExp(`^AWS4-HMAC-SHA256\\n${date}\\n${date.slice(0, 8)}/us-east-1/s3/aws4_request\\n[0-9a-f]{64}$`));
  });

  it('CanonicalRequest', () => {
    assert.match(fields.CanonicalRequest ?? '', /^GET\n\/presign\/hello\.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&[^\n]*X-Amz-Expires=3599[^\n]*\nhost:127\.0\.0\.1:\d+\n\nhost\nUNSIGNED-PAYLOAD$/);
  });

  it('SignatureProvided', () => {
    assert.equal(fields.SignatureProvided, paramOf(url, 'X-Amz-Signature'));
  });

  it('AWSAccessKeyId', () => {
    assert.equal(fields.AWSAccessKeyId, server.accessKeyId);
  });

  it('no secret access key', () => {
    assert.ok(!body.includes(server.secretAccessKey));
  });

  it('header-signed request with a wrong secret', async () => {
    const wrong = s3Client(server, {
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: 'wrong-secret-key-0000000000000000' },
      maxAttempts: 1,
    });
    const error = await sdkError(wrong.send(new ListBucketsCommand({})));
    assert.deepEqual(
      [error.name, String(error.fields.CanonicalRequest).startsWith('GET\n/\n'), String(error.fields.StringToSign).startsWith('AWS4-HMAC-SHA256\n')],
      ['SignatureDoesNotMatch', true, true],
    );
  });
});

describe('authentication', () => {
  it('wrong access key is InvalidAccessKeyId', async () => {
    const stranger = s3Client(server, {
      credentials: { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: server.secretAccessKey },
      maxAttempts: 1,
    });
    const error = await sdkError(stranger.send(new ListBucketsCommand({})));
    assert.deepEqual([error.status, error.name], [403, 'InvalidAccessKeyId']);
  });

  it('anonymous GET object is AccessDenied', async () => {
    const response = await rawRequest(`${server.endpoint}/${bucket}/hello.txt`);
    assert.deepEqual(code(response), [403, 'AccessDenied']);
  });

  it('anonymous PUT object is AccessDenied', async () => {
    const response = await rawRequest(`${server.endpoint}/${bucket}/anonymous.txt`, { method: 'PUT', body: 'x' });
    assert.deepEqual(code(response), [403, 'AccessDenied']);
  });

  it('anonymous PUT stores nothing', async () => {
    const error = await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'anonymous.txt' })));
    assert.equal(error.status, 404);
  });

  it('anonymous list is AccessDenied', async () => {
    const response = await rawRequest(`${server.endpoint}/${bucket}?list-type=2`);
    assert.deepEqual(code(response), [403, 'AccessDenied']);
  });

  it('anonymous ListBuckets is AccessDenied', async () => {
    const response = await rawRequest(`${server.endpoint}/`);
    assert.deepEqual(code(response), [403, 'AccessDenied']);
  });

  it('header-signed request 20 minutes behind is RequestTimeTooSkewed', async () => {
    const skewed = s3Client(server, { systemClockOffset: -20 * 60_000, maxAttempts: 1 });
    const error = await sdkError(skewed.send(new ListBucketsCommand({})));
    assert.deepEqual([error.status, error.name], [403, 'RequestTimeTooSkewed']);
  });

  it('header-signed request 20 minutes ahead is RequestTimeTooSkewed', async () => {
    const skewed = s3Client(server, { systemClockOffset: 20 * 60_000, maxAttempts: 1 });
    const error = await sdkError(skewed.send(new ListBucketsCommand({})));
    assert.deepEqual([error.status, error.name], [403, 'RequestTimeTooSkewed']);
  });

  it('header-signed request 10 minutes behind works', async () => {
    const skewed = s3Client(server, { systemClockOffset: -10 * 60_000, maxAttempts: 1 });
    const output = await skewed.send(new ListBucketsCommand({}));
    assert.equal(output.$metadata.httpStatusCode, 200);
  });
});
