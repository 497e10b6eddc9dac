import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { run, runOk, runPython, s3Client, toolEnv } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { tempDir } from './harness/files.js';
import { errorCode, parseErrorXml, rawRequest, type RawResponse } from './harness/http.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
let env: NodeJS.ProcessEnv;
let workDir: string;
const bucket = 'presign-tools';
const content = 'downloaded through a boto3 or aws-cli URL';

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  env = await toolEnv(server);
  workDir = await tempDir('presign-tools');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'shared.txt', Body: content }));
});

after(async () => {
  await server?.stop();
});

interface PresignRequest {
  operation: 'get_object' | 'put_object';
  key: string;
  expires: number | null;
  signature: 'default' | 's3v4';
  params?: Record<string, string>;
}

async function boto3Presign(requests: PresignRequest[]): Promise<string[]> {
  const result = await runPython<{ urls: string[] }>(
    'presign.py',
    { endpoint: server.endpoint, requests: requests.map((request) => ({ bucket, ...request })) },
    env,
  );
  return result.urls;
}

/** Downloads with curl into a file; returns the HTTP status and the body. */
async function curlGet(url: string): Promise<[string, string]> {
  const file = join(workDir, `download-${Math.random().toString(36).slice(2)}`);
  const result = await runOk('curl', ['-sS', '-o', file, '-w', '%{http_code}', url]);
  return [result.stdout, await readFile(file, 'utf8')];
}

/** Uploads a file with `curl -T`; returns the HTTP status. */
async function curlPut(url: string, body: string, headers: string[] = []): Promise<string> {
  const file = join(workDir, `upload-${Math.random().toString(36).slice(2)}`);
  await writeFile(file, body);
  const headerArgs = headers.flatMap((header) => ['-H', header]);
  const result = await runOk('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', ...headerArgs, '-T', file, url]);
  return result.stdout;
}

async function stored(key: string): Promise<string> {
  const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return output.Body!.transformToString();
}

function param(url: string, name: string): string | null {
  return new URL(url).searchParams.get(name);
}

function code(response: RawResponse): [number, string] {
  return [response.status, errorCode(response)];
}

describe('boto3 presigned URL, default signature', () => {
  let signedAt: number;
  let urls: string[];
  before(async () => {
    signedAt = Date.now() / 1000;
    urls = await boto3Presign([
      { operation: 'get_object', key: 'shared.txt', expires: 10, signature: 'default' },
      { operation: 'get_object', key: 'shared.txt', expires: null, signature: 'default' },
      { operation: 'put_object', key: 'boto-v2-10.txt', expires: 10, signature: 'default' },
      { operation: 'put_object', key: 'boto-v2-default.txt', expires: null, signature: 'default' },
      { operation: 'get_object', key: 'shared.txt', expires: -10, signature: 'default' },
    ]);
  });

  it('is SigV2', () => {
    assert.deepEqual([param(urls[0]!, 'AWSAccessKeyId'), param(urls[0]!, 'X-Amz-Algorithm')], [server.accessKeyId, null]);
  });

  it('GET ExpiresIn=10 downloads with fetch', async () => {
    const response = await fetch(urls[0]!);
    assert.deepEqual([response.status, await response.text()], [200, content]);
  });

  it('GET ExpiresIn=10 Expires parameter', () => {
    assert.ok(Math.abs(Number(param(urls[0]!, 'Expires')) - (signedAt + 10)) < 5, urls[0]);
  });

  it('PUT ExpiresIn=10 uploads with curl', async () => {
    assert.equal(await curlPut(urls[2]!, 'v2 ten seconds'), '200');
  });

  it('PUT ExpiresIn=10 stored', async () => {
    assert.equal(await stored('boto-v2-10.txt'), 'v2 ten seconds');
  });

  it('GET default expiry downloads with curl', async () => {
    assert.deepEqual(await curlGet(urls[1]!), ['200', content]);
  });

  it('GET default expiry is 3600 s', () => {
    assert.ok(Math.abs(Number(param(urls[1]!, 'Expires')) - (signedAt + 3600)) < 5, urls[1]);
  });

  it('PUT default expiry uploads with fetch', async () => {
    const response = await fetch(urls[3]!, { method: 'PUT', body: new TextEncoder().encode('v2 default') });
    await response.arrayBuffer();
    assert.equal(response.status, 200);
  });

  it('PUT default expiry stored', async () => {
    assert.equal(await stored('boto-v2-default.txt'), 'v2 default');
  });

  it('expired URL is AccessDenied', async () => {
    const response = await rawRequest(urls[4]!);
    assert.deepEqual(code(response), [403, 'AccessDenied']);
  });

  it('expired URL Message Request has expired', async () => {
    const response = await rawRequest(urls[4]!);
    assert.equal(parseErrorXml(response.text).Message, 'Request has expired');
  });

  it('key changed is SignatureDoesNotMatch', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'other.txt', Body: 'other' }));
    const response = await rawRequest(urls[1]!.replace('/shared.txt?', '/other.txt?'));
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('Expires changed is SignatureDoesNotMatch', async () => {
    const url = urls[1]!.replace(/Expires=(\d+)/, (_, value: string) => `Expires=${Number(value) + 60}`);
    const response = await rawRequest(url);
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('GET URL used for PUT is SignatureDoesNotMatch', async () => {
    const response = await rawRequest(urls[1]!, { method: 'PUT', body: 'overwritten' });
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('wrong access key is InvalidAccessKeyId', async () => {
    const response = await rawRequest(urls[1]!.replace(`AWSAccessKeyId=${server.accessKeyId}`, 'AWSAccessKeyId=AKIANOSUCHKEY0000000'));
    assert.deepEqual(code(response), [403, 'InvalidAccessKeyId']);
  });
});

describe('boto3 presigned URL, s3v4', () => {
  let urls: string[];
  before(async () => {
    urls = await boto3Presign([
      { operation: 'get_object', key: 'shared.txt', expires: 10, signature: 's3v4' },
      { operation: 'get_object', key: 'shared.txt', expires: null, signature: 's3v4' },
      { operation: 'put_object', key: 'boto-v4-10.txt', expires: 10, signature: 's3v4' },
      { operation: 'put_object', key: 'boto-v4-default.txt', expires: null, signature: 's3v4' },
      { operation: 'put_object', key: 'boto-v4-typed.json', expires: 60, signature: 's3v4', params: { ContentType: 'application/json' } },
      { operation: 'get_object', key: 'shared.txt', expires: 60, signature: 's3v4', params: { Range: 'bytes=0-9' } },
    ]);
  });

  it('GET ExpiresIn=10 downloads with fetch', async () => {
    const response = await fetch(urls[0]!);
    assert.deepEqual([response.status, await response.text()], [200, content]);
  });

  it('GET ExpiresIn=10 X-Amz-Expires', () => {
    assert.equal(param(urls[0]!, 'X-Amz-Expires'), '10');
  });

  it('PUT ExpiresIn=10 uploads with curl', async () => {
    assert.equal(await curlPut(urls[2]!, 'v4 ten seconds'), '200');
  });

  it('PUT ExpiresIn=10 stored', async () => {
    assert.equal(await stored('boto-v4-10.txt'), 'v4 ten seconds');
  });

  it('GET default expiry downloads with curl', async () => {
    assert.deepEqual(await curlGet(urls[1]!), ['200', content]);
  });

  it('GET default X-Amz-Expires 3600', () => {
    assert.equal(param(urls[1]!, 'X-Amz-Expires'), '3600');
  });

  it('PUT default expiry uploads with fetch', async () => {
    const response = await fetch(urls[3]!, { method: 'PUT', body: new TextEncoder().encode('v4 default') });
    await response.arrayBuffer();
    assert.equal(response.status, 200);
  });

  it('PUT default expiry stored', async () => {
    assert.equal(await stored('boto-v4-default.txt'), 'v4 default');
  });

  it('signed Content-Type mismatch is SignatureDoesNotMatch', async () => {
    const response = await rawRequest(urls[4]!, { method: 'PUT', body: '{}', headers: { 'content-type': 'text/plain' } });
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });

  it('signed Content-Type mismatch stores nothing', async () => {
    const error = await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'boto-v4-typed.json' })));
    assert.equal(error.status, 404);
  });

  it('signed Content-Type matching uploads', async () => {
    assert.equal(await curlPut(urls[4]!, '{}', ['Content-Type: application/json']), '200');
  });

  it('signed Range header is honoured', async () => {
    const response = await fetch(urls[5]!, { headers: { Range: 'bytes=0-9' } });
    assert.deepEqual([response.status, await response.text()], [206, content.slice(0, 10)]);
  });

  it('signed Range header missing is SignatureDoesNotMatch', async () => {
    const response = await rawRequest(urls[5]!);
    assert.deepEqual(code(response), [403, 'SignatureDoesNotMatch']);
  });
});

describe('aws s3 presign', () => {
  async function presign(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
    const result = await runOk('aws', ['--endpoint-url', server.endpoint, 's3', 'presign', ...args], { env: { ...env, ...extraEnv } });
    return result.stdout.trim();
  }

  it('default expiry downloads with curl', async () => {
    assert.deepEqual(await curlGet(await presign([`s3://${bucket}/shared.txt`])), ['200', content]);
  });

  it('default expiry is 3600 s', async () => {
    const before = Date.now() / 1000;
    const url = await presign([`s3://${bucket}/shared.txt`]);
    assert.ok(Math.abs(Number(param(url, 'Expires')) - (before + 3600)) < 10, url);
  });

  it('--expires-in 10 downloads with curl', async () => {
    assert.deepEqual(await curlGet(await presign([`s3://${bucket}/shared.txt`, '--expires-in', '10'])), ['200', content]);
  });

  it('s3v4 --expires-in 10 downloads with curl', async () => {
    const config = join(workDir, 'aws-config-s3v4');
    await writeFile(config, '[default]\ns3 =\n    signature_version = s3v4\n');
    const url = await presign([`s3://${bucket}/shared.txt`, '--expires-in', '10'], { AWS_CONFIG_FILE: config });
    assert.deepEqual([param(url, 'X-Amz-Expires'), ...(await curlGet(url))], ['10', '200', content]);
  });

  it('missing key downloads NoSuchKey', async () => {
    const url = await presign([`s3://${bucket}/absent.txt`]);
    const result = await run('curl', ['-sS', url]);
    assert.match(result.stdout, /<Code>NoSuchKey<\/Code>/);
  });
});
