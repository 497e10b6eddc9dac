import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';

import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { region, run, s3Client } from './harness/clients.js';
import { digestFile, digestStream, listBlobFiles, readMemory, sleep, tempDir, writeRandomFile } from './harness/files.js';
import { parseErrorXml, parseXml } from './harness/http.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
let dir: string;
const bucket = 'forms';

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  dir = await tempDir('post-object');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new CreateBucketCommand({ Bucket: 'other-bucket' }));
});

after(async () => {
  await server?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

type Fields = Array<[string, string]>;

interface PolicyOptions {
  conditions: unknown[];
  /** Fields before the signing fields, in form order. */
  fields: Fields;
  expiration?: Date;
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  /** Session token of temporary credentials, sent and conditioned as `x-amz-security-token`. */
  sessionToken?: string;
}

function encodePolicy(expiration: Date, conditions: unknown[]): string {
  return Buffer.from(JSON.stringify({ expiration: expiration.toISOString(), conditions }), 'utf8').toString('base64');
}

function inOneHour(): Date {
  return new Date(Date.now() + 3600_000);
}

/**
 * Builds a SigV4 form as botocore does. The x-amz-* signing fields get conditions of their
 * own, and the signature is the hex HMAC-SHA256 of the base64 policy under the day's signing key.
 */
function signV4(options: PolicyOptions): Fields {
  const accessKeyId = options.accessKeyId ?? server.accessKeyId;
  const secret = options.secretAccessKey ?? server.secretAccessKey;
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const credential = `${accessKeyId}/${day}/${options.region ?? region}/s3/aws4_request`;
  const policy = encodePolicy(options.expiration ?? inOneHour(), [
    ...options.conditions,
    { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
    { 'x-amz-credential': credential },
    { 'x-amz-date': amzDate },
    ...(options.sessionToken === undefined ? [] : [{ 'x-amz-security-token': options.sessionToken }]),
  ]);
  let key: Buffer | string = `AWS4${secret}`;
  for (const part of [day, options.region ?? region, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(policy).digest('hex');
  return [
    ...options.fields,
    ['x-amz-algorithm', 'AWS4-HMAC-SHA256'],
    ['x-amz-credential', credential],
    ['x-amz-date', amzDate],
    ...(options.sessionToken === undefined ? [] : [['x-amz-security-token', options.sessionToken] as [string, string]]),
    ['policy', policy],
    ['x-amz-signature', signature],
  ];
}

/** Builds a SigV2 form, whose signature is the base64 HMAC-SHA1 of the base64 policy. */
function signV2(options: PolicyOptions): Fields {
  const policy = encodePolicy(options.expiration ?? inOneHour(), options.conditions);
  const signature = createHmac('sha1', options.secretAccessKey ?? server.secretAccessKey).update(policy).digest('base64');
  return [...options.fields, ['AWSAccessKeyId', options.accessKeyId ?? server.accessKeyId], ['policy', policy], ['signature', signature]];
}

interface FilePart {
  content: Buffer | string | Blob;
  filename?: string;
  type?: string;
}

interface PostResult {
  status: number;
  headers: Headers;
  text: string;
}

/** Posts a real multipart form with undici's FormData and fetch; the file goes last unless `trailing` follows. */
async function postForm(fields: Fields, file: FilePart | undefined, trailing: Fields = [], target = bucket): Promise<PostResult> {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  if (file !== undefined) {
    const content = file.content;
    const blob =
      content instanceof Blob
        ? content
        : new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type: file.type ?? 'application/octet-stream' });
    form.append('file', blob, file.filename ?? 'upload.bin');
  }
  for (const [name, value] of trailing) form.append(name, value);
  const response = await fetch(`${server.endpoint}/${target}`, { method: 'POST', body: form, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Status, code and message of an error response. */
function failure(result: PostResult): { status: number; code: string | undefined; message: string | undefined } {
  const error = parseErrorXml(result.text);
  return { status: result.status, code: error.Code, message: error.Message };
}

/** Returns the HTTP status of HeadObject, 404 for a key that does not exist. */
async function sdkStatus(key: string): Promise<number> {
  try {
    return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).$metadata.httpStatusCode ?? 0;
  } catch (error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  }
}

async function getBytes(key: string, range?: string): Promise<Buffer> {
  const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return Buffer.from(await output.Body!.transformToByteArray());
}

async function getText(key: string): Promise<string> {
  const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return output.Body!.transformToString();
}

function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

function crc32Base64(data: Buffer): string {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(crc32(data));
  return value.toString('base64');
}


/** Returns the conditions every valid form below needs (the bucket and the exact key), then `conditions`. */
function forKey(key: string, ...conditions: unknown[]): unknown[] {
  return [{ bucket }, ['eq', '$key', key], ...conditions];
}

describe('PostObject: successful uploads', () => {
  it('default 204 stores file and metadata', async () => {
    const key = 'docs/plain.txt';
    const fields = signV4({
      conditions: forKey(key, ['starts-with', '$Content-Type', 'text/'], { 'x-amz-meta-origin': 'browser' }, ['starts-with', '$Cache-Control', '']),
      fields: [
        ['key', key],
        ['Content-Type', 'text/plain'],
        ['x-amz-meta-origin', 'browser'],
        ['Cache-Control', 'max-age=60'],
      ],
    });
    const result = await postForm(fields, { content: 'hello form' });
    assert.equal(result.status, 204, result.text);
    assert.equal(result.text, '');
    assert.equal(result.headers.get('etag'), `"${md5Hex('hello form')}"`);
    assert.equal(result.headers.get('location'), `${server.endpoint}/${bucket}/docs%2Fplain.txt`);

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    assert.deepEqual(
      [head.ContentType, head.CacheControl, head.Metadata, head.ContentLength],
      ['text/plain', 'max-age=60', { origin: 'browser' }, 10],
    );
    assert.equal(await getText(key), 'hello form');
  });

  it('status 201 returns PostResponse', async () => {
    const key = 'docs/created.txt';
    const fields = signV4({
      conditions: forKey(key, { success_action_status: '201' }),
      fields: [
        ['key', key],
        ['success_action_status', '201'],
      ],
    });
    const result = await postForm(fields, { content: 'created' });
    assert.equal(result.status, 201, result.text);
    const etag = `"${md5Hex('created')}"`;
    const location = `${server.endpoint}/${bucket}/docs%2Fcreated.txt`;
    assert.deepEqual(parseXml(result.text).PostResponse, { Location: location, Bucket: bucket, Key: key, ETag: etag });
    assert.deepEqual([result.headers.get('etag'), result.headers.get('location')], [etag, location]);
  });

  it('status 200 returns empty body', async () => {
    const key = 'docs/ok.txt';
    const fields = signV4({
      conditions: forKey(key, ['eq', '$success_action_status', '200']),
      fields: [
        ['key', key],
        ['success_action_status', '200'],
      ],
    });
    const result = await postForm(fields, { content: 'ok' });
    assert.deepEqual([result.status, result.text, result.headers.get('content-length')], [200, '', '0']);
    assert.equal(await getText(key), 'ok');
  });

  it('unknown status falls back to 204', async () => {
    const key = 'docs/odd-status.txt';
    const fields = signV4({
      conditions: forKey(key, { success_action_status: '404' }),
      fields: [
        ['key', key],
        ['success_action_status', '404'],
      ],
    });
    assert.equal((await postForm(fields, { content: 'x' })).status, 204);
  });

  it('success_action_redirect gives 303', async () => {
    const key = 'docs/a b.txt';
    const redirect = 'https://app.example.com/done?upload=1';
    const fields = signV4({
      conditions: forKey(key, ['starts-with', '$success_action_redirect', 'https://app.example.com/']),
      fields: [
        ['key', key],
        ['success_action_redirect', redirect],
      ],
    });
    const result = await postForm(fields, { content: 'redirected' });
    assert.equal(result.status, 303, result.text);
    assert.equal(
      result.headers.get('location'),
      `${redirect}&bucket=${bucket}&key=docs%2Fa+b.txt&etag=%22${md5Hex('redirected')}%22`,
    );
    assert.equal(await getText(key), 'redirected');
  });

  it('relative redirect is ignored', async () => {
    const key = 'docs/relative.txt';
    const fields = signV4({
      conditions: forKey(key, ['starts-with', '$success_action_redirect', '']),
      fields: [
        ['key', key],
        ['success_action_redirect', '/relative/page'],
      ],
    });
    const result = await postForm(fields, { content: 'x' });
    assert.equal(result.status, 204);
    assert.equal(result.headers.get('location'), `${server.endpoint}/${bucket}/docs%2Frelative.txt`);
  });

  it('${filename} becomes the file name', async () => {
    const fields = signV4({
      conditions: [{ bucket }, ['starts-with', '$key', 'user/eric/']],
      fields: [['key', 'user/eric/${filename}']],
    });
    const result = await postForm(fields, { content: 'picture bytes', filename: 'photo.png', type: 'image/png' });
    assert.equal(result.status, 204, result.text);
    assert.equal(await getText('user/eric/photo.png'), 'picture bytes');
    // The file part's own type does not set the object's; only a Content-Type field does.
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'user/eric/photo.png' }));
    assert.equal(head.ContentType, 'binary/octet-stream');
  });

  it('field names ignore case', async () => {
    const key = 'docs/cases.txt';
    const fields = signV4({
      conditions: [{ BUCKET: bucket }, ['StArTs-WiTh', '$KeY', 'docs/'], { 'content-TYPE': 'text/csv' }],
      fields: [
        ['Key', key],
        ['Content-Type', 'text/csv'],
      ],
    }).map(([name, value]): [string, string] => [name === 'policy' ? 'Policy' : name === 'x-amz-signature' ? 'X-Amz-Signature' : name, value]);
    const result = await postForm(fields, { content: 'a,b' });
    assert.equal(result.status, 204, result.text);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentType, 'text/csv');
  });

  it('SigV2 form is accepted', async () => {
    const key = 'v2/legacy.txt';
    const fields = signV2({ conditions: forKey(key, { acl: 'private' }), fields: [['key', key], ['acl', 'private']] });
    const result = await postForm(fields, { content: 'signed the old way' });
    assert.equal(result.status, 204, result.text);
    assert.equal(await getText(key), 'signed the old way');
  });

  it('x-ignore- fields need no condition', async () => {
    const key = 'docs/ignored.txt';
    const fields = signV4({ conditions: forKey(key), fields: [['key', key], ['x-ignore-tracking', 'abc']] });
    assert.equal((await postForm(fields, { content: 'x' })).status, 204);
  });

  it('fields after the file are ignored', async () => {
    const key = 'docs/trailing.txt';
    const fields = signV4({ conditions: forKey(key), fields: [['key', key]] });
    const result = await postForm(fields, { content: 'file then submit' }, [['submit', 'Upload'], ['x-amz-meta-late', 'ignored']]);
    assert.equal(result.status, 204, result.text);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    assert.deepEqual(head.Metadata, {});
  });

  it('textarea file field is stored', async () => {
    const key = 'docs/textarea.txt';
    const fields = signV4({ conditions: forKey(key), fields: [['key', key]] });
    const result = await postForm([...fields, ['file', 'typed into a textarea']], undefined);
    assert.equal(result.status, 204, result.text);
    assert.equal(await getText(key), 'typed into a textarea');
  });

  it('non-ASCII metadata is RFC 2047-encoded', async () => {
    const key = 'docs/unicode.txt';
    const fields = signV4({
      conditions: forKey(key, ['starts-with', '$x-amz-meta-owner', '']),
      fields: [['key', key], ['x-amz-meta-owner', 'ÄMÄZÕÑ S3']],
    });
    assert.equal((await postForm(fields, { content: 'x' })).status, 204);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    assert.deepEqual(head.Metadata, { owner: '=?UTF-8?Q?=C3=84M=C3=84Z=C3=95=C3=91_S3?=' });
  });

  it('curl -F upload strips path', async () => {
    const path = join(dir, 'curl-upload.txt');
    await writeFile(path, 'sent by curl');
    const fields = signV4({ conditions: [{ bucket }, ['starts-with', '$key', 'curl/']], fields: [['key', 'curl/${filename}']] });
    const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code}'];
    for (const [name, value] of fields) args.push('--form-string', `${name}=${value}`);
    args.push('-F', `file=@${path};filename=C:\\Users\\eric\\report.txt`, `${server.endpoint}/${bucket}`);
    const result = await run('curl', args);
    assert.equal(result.stdout, '204', result.stderr);
    assert.equal(await getText('curl/report.txt'), 'sent by curl');
  });

  it('Content-MD5 field is verified', async () => {
    const key = 'docs/md5.txt';
    const good = createHash('md5').update('digest me').digest('base64');
    const fields = (md5: string) =>
      signV4({ conditions: forKey(key, ['starts-with', '$Content-MD5', '']), fields: [['key', key], ['Content-MD5', md5]] });
    assert.equal((await postForm(fields(good), { content: 'digest me' })).status, 204);
    const bad = createHash('md5').update('something else').digest('base64');
    assert.deepEqual(failure(await postForm(fields(bad), { content: 'digest me' })).code, 'BadDigest');
  });
});

describe('PostObject: policy conditions', () => {
  const key = 'cond/file.txt';

  async function rejection(conditions: unknown[], fields: Fields, content = 'data'): Promise<ReturnType<typeof failure>> {
    return failure(await postForm(signV4({ conditions, fields }), { content }));
  }

  it('object condition mismatch is denied', async () => {
    assert.deepEqual(await rejection([{ bucket }, { key: 'cond/expected.txt' }], [['key', key]]), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "cond/expected.txt"]',
    });
  });

  it('eq condition mismatch is denied', async () => {
    assert.deepEqual(await rejection([{ bucket }, ['eq', '$key', 'cond/other.txt']], [['key', key]]), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "cond/other.txt"]',
    });
  });

  it('starts-with mismatch is denied', async () => {
    assert.deepEqual(await rejection([{ bucket }, ['starts-with', '$key', 'user/']], [['key', key]]), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "user/"]',
    });
  });

  it('empty starts-with allows anything', async () => {
    const result = await postForm(signV4({ conditions: [{ bucket }, ['starts-with', '$key', '']], fields: [['key', 'cond/anything.txt']] }), {
      content: 'x',
    });
    assert.equal(result.status, 204, result.text);
  });

  it('other bucket is denied', async () => {
    const result = await postForm(signV4({ conditions: forKey(key), fields: [['key', key]] }), { content: 'x' }, [], 'other-bucket');
    assert.deepEqual(failure(result), {
      status: 403,
      code: 'AccessDenied',
      message: `Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "${bucket}"]`,
    });
  });

  it('Content-Type list must all match', async () => {
    const conditions = forKey(key, ['starts-with', '$Content-Type', 'image/']);
    const allowed = await postForm(signV4({ conditions, fields: [['key', key], ['Content-Type', 'image/jpeg,image/png']] }), { content: 'x' });
    assert.equal(allowed.status, 204, allowed.text);
    assert.deepEqual(await rejection(conditions, [['key', key], ['Content-Type', 'image/jpeg,text/plain']]), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", "image/"]',
    });
  });

  it('metadata value mismatch is denied', async () => {
    assert.deepEqual(await rejection(forKey(key, { 'x-amz-meta-tag': 'Ninja' }), [['key', key], ['x-amz-meta-tag', 'ninja']]), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy Condition failed: ["eq", "$x-amz-meta-tag", "Ninja"]',
    });
  });

  it('condition on missing field fails', async () => {
    assert.deepEqual(await rejection(forKey(key, ['starts-with', '$Content-Type', '']), [['key', key]]), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy Condition failed: ["starts-with", "$Content-Type", ""]',
    });
  });

  it('uncovered field is denied', async () => {
    assert.deepEqual(await rejection(forKey(key), [['key', key], ['x-amz-meta-extra', 'sneaky']]), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Extra input fields: x-amz-meta-extra',
    });
  });

  it('bucket condition is required', async () => {
    assert.deepEqual(await rejection([['eq', '$key', key]], [['key', key]]), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Extra input fields: bucket',
    });
  });

  it('expired policy is denied', async () => {
    const fields = signV4({ conditions: forKey(key), fields: [['key', key]], expiration: new Date(Date.now() - 60_000) });
    assert.deepEqual(failure(await postForm(fields, { content: 'late' })), {
      status: 403,
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    });
  });

  it('file over range is EntityTooLarge', async () => {
    const result = await postForm(signV4({ conditions: forKey(key, ['content-length-range', 5, 10]), fields: [['key', key]] }), {
      content: 'twelve bytes',
    });
    const error = parseErrorXml(result.text);
    assert.deepEqual(
      [result.status, error.Code, error.Message, error.ProposedSize, error.MaxSizeAllowed],
      [400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', '12', '10'],
    );
  });

  it('file under range is EntityTooSmall', async () => {
    const result = await postForm(signV4({ conditions: forKey(key, ['content-length-range', 5, 10]), fields: [['key', key]] }), {
      content: 'x',
    });
    const error = parseErrorXml(result.text);
    assert.deepEqual(
      [result.status, error.Code, error.Message, error.ProposedSize, error.MinSizeAllowed],
      [400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', '1', '5'],
    );
  });

  it('range bounds are inclusive', async () => {
    for (const content of ['12345', '1234567890']) {
      const fields = signV4({ conditions: forKey(key, ['content-length-range', '5', '10']), fields: [['key', key]] });
      assert.equal((await postForm(fields, { content })).status, 204);
    }
  });

  it('malformed policy is InvalidPolicyDocument', async () => {
    const cases: Array<[unknown, string]> = [
      ['not json', 'Invalid Policy: Invalid JSON.'],
      [{ conditions: [] }, 'Invalid Policy: Policy missing expiration.'],
      [{ expiration: '2030-01-01T00:00:00Z' }, 'Invalid Policy: Policy missing conditions.'],
      [{ expiration: '2030-01-01 00:00:00', conditions: [] }, "Invalid Policy: Invalid 'expiration' value: '2030-01-01 00:00:00'"],
      [{ expiration: '2030-01-01T00:00:00Z', conditions: [{ bucket, key }] }, 'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.'],
      [{ expiration: '2030-01-01T00:00:00Z', conditions: [['ends-with', '$key', 'x']] }, "Invalid Policy: Invalid Condition: unknown operation 'ends-with'."],
      [{ Statement: [] }, "Invalid Policy: Unexpected: 'statement'"],
    ];
    for (const [document, message] of cases) {
      const policy = Buffer.from(typeof document === 'string' ? document : JSON.stringify(document)).toString('base64');
      const signature = createHmac('sha1', server.secretAccessKey).update(policy).digest('base64');
      const fields: Fields = [['key', key], ['AWSAccessKeyId', server.accessKeyId], ['policy', policy], ['signature', signature]];
      assert.deepEqual(failure(await postForm(fields, { content: 'x' })), { status: 400, code: 'InvalidPolicyDocument', message });
    }
  });
});

describe('PostObject: signatures and form faults', () => {
  const key = 'auth/file.txt';

  it('wrong SigV4 secret is rejected', async () => {
    const fields = signV4({ conditions: forKey(key), fields: [['key', key]], secretAccessKey: 'not-the-secret' });
    const result = await postForm(fields, { content: 'x' });
    const error = parseErrorXml(result.text);
    const policy = fields.find(([name]) => name === 'policy')![1];
    assert.deepEqual([result.status, error.Code, error.StringToSign], [403, 'SignatureDoesNotMatch', policy]);
  });

  it('SigV2 signature mismatch is rejected', async () => {
    const fields = signV2({ conditions: forKey(key), fields: [['key', key]] }).map(([name, value]): [string, string] => [
      name,
      name === 'policy' ? encodePolicy(inOneHour(), forKey('auth/elsewhere.txt')) : value,
    ]);
    assert.deepEqual(failure(await postForm(fields, { content: 'x' })).code, 'SignatureDoesNotMatch');
  });

  it('session credentials need their token', async () => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      AWS_DEFAULT_REGION: region,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
    const issued = await run('aws', ['--endpoint-url', server.endpoint, 'sts', 'get-session-token', '--output', 'json'], { env });
    assert.equal(issued.code, 0, issued.stderr);
    const { Credentials: session } = JSON.parse(issued.stdout) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    };
    const credentials = { accessKeyId: session.AccessKeyId, secretAccessKey: session.SecretAccessKey };

    const signed = signV4({ conditions: forKey(key), fields: [['key', key]], ...credentials, sessionToken: session.SessionToken });
    assert.equal((await postForm(signed, { content: 'from a session' })).status, 204);
    assert.equal(await getText(key), 'from a session');

    const altered = signV4({ conditions: forKey(key), fields: [['key', key]], ...credentials, sessionToken: `${session.SessionToken}x` });
    const rejected = await postForm(altered, { content: 'x' });
    assert.deepEqual([rejected.status, failure(rejected).code], [400, 'InvalidToken']);
    const withoutToken = signV4({ conditions: forKey(key), fields: [['key', key]], ...credentials });
    assert.equal(failure(await postForm(withoutToken, { content: 'x' })).code, 'InvalidToken');
  });

  it('unknown access key is rejected', async () => {
    const fields = signV4({ conditions: forKey(key), fields: [['key', key]], accessKeyId: 'AKIAUNKNOWN0000000000' });
    const result = await postForm(fields, { content: 'x' });
    const error = parseErrorXml(result.text);
    assert.deepEqual([result.status, error.Code, error.AWSAccessKeyId], [403, 'InvalidAccessKeyId', 'AKIAUNKNOWN0000000000']);
  });

  it('wrong credential region is rejected', async () => {
    const fields = signV4({ conditions: forKey(key), fields: [['key', key]], region: 'eu-west-1' });
    const result = await postForm(fields, { content: 'x' });
    const error = parseErrorXml(result.text);
    assert.deepEqual(
      [result.status, error.Code, error.Message, error.ArgumentName, error.Region],
      [400, 'InvalidArgument', `the region 'eu-west-1' is wrong; expecting '${region}'`, 'X-Amz-Credential', region],
    );
  });

  it('missing signature field is named', async () => {
    const fields = signV4({ conditions: forKey(key), fields: [['key', key]] }).filter(([name]) => name !== 'x-amz-signature');
    const result = await postForm(fields, { content: 'x' });
    const error = parseErrorXml(result.text);
    assert.deepEqual(
      [result.status, error.Code, error.Message, error.ArgumentName],
      [
        400,
        'InvalidArgument',
        "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.",
        'X-Amz-Signature',
      ],
    );
  });

  it('key after the file is missing', async () => {
    const fields = signV4({ conditions: forKey(key), fields: [] });
    const result = await postForm(fields, { content: 'x' }, [['key', key]]);
    const error = parseErrorXml(result.text);
    assert.deepEqual([result.status, error.Code, error.ArgumentName], [400, 'InvalidArgument', 'key']);
  });

  it('anonymous form is denied', async () => {
    assert.deepEqual(failure(await postForm([['key', key]], { content: 'x' })), { status: 403, code: 'AccessDenied', message: 'Access Denied' });
  });

  it('form without file is rejected', async () => {
    const result = await postForm(signV4({ conditions: forKey(key), fields: [['key', key]] }), undefined);
    const error = parseErrorXml(result.text);
    assert.deepEqual(
      [result.status, error.Code, error.Message, error.ArgumentName, error.ArgumentValue],
      [400, 'InvalidArgument', 'POST requires exactly one file upload per request.', 'file', '0'],
    );
  });

  it('non-multipart POST is 412', async () => {
    const response = await fetch(`${server.endpoint}/${bucket}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'key=x',
    });
    const error = parseErrorXml(await response.text());
    assert.deepEqual(
      [response.status, error.Code, error.Condition],
      [412, 'PreconditionFailed', 'Bucket POST must be of the enclosure-type multipart/form-data'],
    );
  });

  it('broken multipart is MalformedPOSTRequest', async () => {
    const response = await fetch(`${server.endpoint}/${bucket}`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="key"\r\n\r\nvalue',
    });
    assert.deepEqual([response.status, parseErrorXml(await response.text()).Code], [400, 'MalformedPOSTRequest']);
  });

  it('fields over 20 KB are rejected', async () => {
    const fields = signV4({ conditions: forKey(key, ['starts-with', '$x-amz-meta-big', '']), fields: [['key', key], ['x-amz-meta-big', 'x'.repeat(21 * 1024)]] });
    const result = await postForm(fields, { content: 'x' });
    const error = parseErrorXml(result.text);
    assert.deepEqual([result.status, error.Code, error.MaxPostPreDataLengthBytes], [400, 'MaxPostPreDataLengthExceeded', '20480']);
  });
});

describe('PostObject: atomicity and streaming', () => {
  it('rejected upload keeps old object', async () => {
    const key = 'atomic/kept.txt';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'original' }));
    const fields = signV4({ conditions: forKey(key, ['content-length-range', 0, 4]), fields: [['key', key]] });
    assert.equal(failure(await postForm(fields, { content: 'replacement that is too long' })).code, 'EntityTooLarge');
    assert.equal(await getText(key), 'original');
    await waitForEmptyTmp();
  });

  it('encryption field is NotImplemented', async () => {
    const key = 'atomic/encrypted.txt';
    const fields = signV4({
      conditions: forKey(key, { 'x-amz-server-side-encryption': 'AES256' }),
      fields: [['key', key], ['x-amz-server-side-encryption', 'AES256']],
    });
    const result = await postForm(fields, { content: 'secret' });
    assert.deepEqual([result.status, failure(result).code], [501, 'NotImplemented']);
    assert.equal(await sdkStatus(key), 404);
  });

  it('rejected 4 MiB form gets its response', async () => {
    const key = 'atomic/large-rejected.bin';
    const fields = signV4({ conditions: forKey(key), fields: [['key', key]], secretAccessKey: 'not-the-secret' });
    const result = await postForm(fields, { content: randomBytes(4 * 1024 * 1024) });
    assert.deepEqual(failure(result).code, 'SignatureDoesNotMatch');
    await waitForEmptyTmp();
  });

  it('interrupted upload keeps old object', async () => {
    const key = 'atomic/interrupted.txt';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'original' }));
    const boundary = 'coffer-test-boundary';
    const head = signV4({ conditions: forKey(key), fields: [['key', key]] })
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('');
    const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    await new Promise<void>((resolve) => {
      const req = request(`${server.endpoint}/${bucket}`, {
        method: 'POST',
        headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': 10 * 1024 * 1024 },
      });
      req.on('error', () => resolve());
      req.on('response', (res) => {
        res.resume();
        resolve();
      });
      req.write(head + fileHead);
      req.write(randomBytes(256 * 1024), () => setTimeout(() => req.destroy(), 200));
    });
    await waitForEmptyTmp();
    assert.equal(await getText(key), 'original');
  });

  it('file up to 16 KiB keeps no blob file', async () => {
    const key = 'inline/form.bin';
    const form = (): Fields => signV4({ conditions: forKey(key, ['content-length-range', 1, 64 * 1024]), fields: [['key', key]] });
    const before = await listBlobFiles(server.dataDir);

    const small = randomBytes(16 * 1024);
    const first = await postForm(form(), { content: small });
    assert.equal(first.status, 204, first.text);
    assert.equal(first.headers.get('etag'), `"${md5Hex(small)}"`);
    assert.deepEqual(await listBlobFiles(server.dataDir), before);
    assert.deepEqual(await getBytes(key), small);
    assert.deepEqual(await getBytes(key, 'bytes=100-199'), small.subarray(100, 200));

    const large = randomBytes(16 * 1024 + 1);
    const second = await postForm(form(), { content: large });
    assert.equal(second.status, 204, second.text);
    assert.equal(second.headers.get('etag'), `"${md5Hex(large)}"`);
    assert.equal((await listBlobFiles(server.dataDir)).length, before.length + 1);
    assert.deepEqual(await getBytes(key), large);

    // Replacing the larger object with a small one removes the larger one's blob.
    const third = await postForm(form(), { content: small });
    assert.equal(third.status, 204, third.text);
    assert.deepEqual(await listBlobFiles(server.dataDir), before);
    assert.deepEqual(await getBytes(key), small);
  });

  it('small file checksum and redirect', async () => {
    const key = 'inline/checked.txt';
    const content = Buffer.from('small and checked');
    const redirect = 'https://app.example.com/done';
    const form = (checksum: string): Fields =>
      signV4({
        conditions: forKey(key, ['starts-with', '$x-amz-checksum-crc32', ''], { success_action_redirect: redirect }),
        fields: [['key', key], ['x-amz-checksum-crc32', checksum], ['success_action_redirect', redirect]],
      });
    const before = await listBlobFiles(server.dataDir);

    const result = await postForm(form(crc32Base64(content)), { content });
    assert.equal(result.status, 303, result.text);
    assert.equal(result.headers.get('location'), `${redirect}?bucket=${bucket}&key=inline%2Fchecked.txt&etag=%22${md5Hex(content)}%22`);
    assert.equal(result.headers.get('x-amz-checksum-crc32'), crc32Base64(content));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(head.ChecksumCRC32, crc32Base64(content));
    assert.deepEqual(await listBlobFiles(server.dataDir), before);

    const wrong = await postForm(form(crc32Base64(Buffer.from('other bytes'))), { content: Buffer.from('replacement') });
    assert.equal(failure(wrong).code, 'BadDigest');
    assert.deepEqual(await getBytes(key), content);
    assert.deepEqual(await listBlobFiles(server.dataDir), before);
  });

  it('rejected small file keeps large object', async () => {
    const key = 'inline/kept-large.bin';
    const large = randomBytes(64 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: large }));
    const before = await listBlobFiles(server.dataDir);
    const fields = signV4({ conditions: forKey(key, ['content-length-range', 10, 20]), fields: [['key', key]] });
    const result = await postForm(fields, { content: 'short' });
    assert.equal(failure(result).code, 'EntityTooSmall');
    assert.deepEqual(await getBytes(key), large);
    assert.deepEqual(await listBlobFiles(server.dataDir), before);
    await waitForEmptyTmp();
  });

  it('50 MiB file streams to disk', async () => {
    const key = 'stream/fifty.bin';
    const path = join(dir, 'fifty.bin');
    await writeRandomFile(path, 50 * 1024 * 1024);
    const expected = await digestFile(path);
    const fields = signV4({ conditions: forKey(key, ['content-length-range', 1, 64 * 1024 * 1024]), fields: [['key', key]] });

    const before = await readMemory(server.pid);
    let maxRss = before.rss;
    const timer = setInterval(() => {
      void readMemory(server.pid)
        .then(({ rss }) => {
          maxRss = Math.max(maxRss, rss);
        })
        .catch(() => undefined);
    }, 50);
    let result: PostResult;
    try {
      result = await postForm(fields, { content: await openAsBlob(path), filename: 'fifty.bin' });
    } finally {
      clearInterval(timer);
    }
    assert.equal(result.status, 204, result.text);
    assert.equal(result.headers.get('etag'), `"${expected.md5}"`);
    const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    assert.deepEqual(await digestStream(output.Body as AsyncIterable<Uint8Array>), expected);
    // Holding the file would add 50 MiB; streaming it costs a few buffers.
    assert.ok(maxRss - before.rss < 40 * 1024 * 1024, `server RSS grew by ${((maxRss - before.rss) / 1e6).toFixed(1)} MB`);
  });
});

/** Waits until the blob store's temporary directory is empty: discarded uploads leave nothing. */
async function waitForEmptyTmp(): Promise<void> {
  const tmp = join(server.dataDir, 'tmp');
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if ((await readdir(tmp)).length === 0) return;
    await sleep(100);
  }
  assert.deepEqual(await readdir(tmp), []);
}
