import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  GetObjectCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  type CORSRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { region, run, s3Client } from './harness/clients.js';
import { sdkError } from './harness/errors.js';
import { parseErrorXml, rawRequest, type RawResponse } from './harness/http.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
/** For presigning PUTs: at default settings the SDK signs the CRC32 of an empty body into the URL. */
let putSigner: S3Client;
const bucket = 'cors-site';
const bare = 'cors-none';
const appOrigin = 'https://app.example.com';
const vary = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

const rules: CORSRule[] = [
  {
    ID: 'app',
    AllowedOrigins: [appOrigin, 'http://*.example.org'],
    AllowedMethods: ['GET', 'PUT', 'POST'],
    AllowedHeaders: ['x-amz-*', 'Content-Type'],
    ExposeHeaders: ['ETag', 'x-amz-request-id'],
    MaxAgeSeconds: 3000,
  },
  { AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD'] },
];

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  putSigner = s3Client(server, { requestChecksumCalculation: 'WHEN_REQUIRED' });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new CreateBucketCommand({ Bucket: bare }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'page/hello.txt', Body: 'hello', ContentType: 'text/plain' }));
  await s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }));
});

after(async () => {
  await server?.stop();
});

/** Returns the Access-Control-* and Vary headers of a response, with lower-case names. */
function corsHeaders(response: RawResponse): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (name.startsWith('access-control-') || name === 'vary') found[name] = String(value);
  }
  return found;
}

/** Sends a PUT ?cors body signed with SigV4 by hand, for documents the SDK will not send. */
async function putCorsXml(target: string, body: string, extraHeaders: Record<string, string> = {}): Promise<RawResponse> {
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const host = server.endpoint.slice('http://'.length);
  const payloadHash = createHash('sha256').update(body).digest('hex');
  const headers: Record<string, string> = { host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate, ...extraHeaders };
  const names = Object.keys(headers).map((name) => name.toLowerCase()).sort();
  const canonical = [
    'PUT',
    `/${target}`,
    'cors=',
    ...names.map((name) => `${name}:${headers[Object.keys(headers).find((key) => key.toLowerCase() === name)!]}`),
    '',
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key: Buffer | string = `AWS4${server.secretAccessKey}`;
  for (const part of [day, region, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return rawRequest(`${server.endpoint}/${target}?cors`, {
    method: 'PUT',
    headers: {
      ...headers,
      Authorization: `AWS4-HMAC-SHA256 Credential=${server.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    },
    body,
  });
}

function md5Base64(text: string): string {
  return createHash('md5').update(text).digest('base64');
}

describe('PutBucketCors, GetBucketCors and DeleteBucketCors', () => {
  it('rules come back as stored', async () => {
    const output = await s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
    assert.deepEqual(output.CORSRules, rules);
  });

  it('no rules is NoSuchCORSConfiguration', async () => {
    const error = await sdkError(s3.send(new GetBucketCorsCommand({ Bucket: bare })));
    assert.deepEqual(
      [error.status, error.name, error.message, error.fields.BucketName],
      [404, 'NoSuchCORSConfiguration', 'The CORS configuration does not exist', bare],
    );
  });

  it('delete answers 204 twice', async () => {
    const scratch = 'cors-scratch';
    await s3.send(new CreateBucketCommand({ Bucket: scratch }));
    await s3.send(new PutBucketCorsCommand({ Bucket: scratch, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }));
    const first = await s3.send(new DeleteBucketCorsCommand({ Bucket: scratch }));
    assert.equal(first.$metadata.httpStatusCode, 204);
    assert.equal((await sdkError(s3.send(new GetBucketCorsCommand({ Bucket: scratch })))).name, 'NoSuchCORSConfiguration');
    const again = await s3.send(new DeleteBucketCorsCommand({ Bucket: scratch }));
    assert.equal(again.$metadata.httpStatusCode, 204);
  });

  it('second PUT replaces the rules', async () => {
    const scratch = 'cors-replace';
    await s3.send(new CreateBucketCommand({ Bucket: scratch }));
    await s3.send(new PutBucketCorsCommand({ Bucket: scratch, CORSConfiguration: { CORSRules: rules } }));
    const replacement = [{ AllowedOrigins: [''], AllowedMethods: ['DELETE'] }];
    await s3.send(new PutBucketCorsCommand({ Bucket: scratch, CORSConfiguration: { CORSRules: replacement } }));
    assert.deepEqual((await s3.send(new GetBucketCorsCommand({ Bucket: scratch }))).CORSRules, replacement);
  });

  it('missing bucket is NoSuchBucket', async () => {
    const error = await sdkError(s3.send(new GetBucketCorsCommand({ Bucket: 'cors-missing' })));
    assert.deepEqual([error.status, error.name], [404, 'NoSuchBucket']);
  });

  it('invalid configurations are rejected', async () => {
    const cases: Array<[CORSRule[], string, string]> = [
      [
        [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PATCH'] }],
        'InvalidRequest',
        'Found unsupported HTTP method in CORS config. Unsupported method is PATCH',
      ],
      [
        [{ AllowedOrigins: ['*example*.com'], AllowedMethods: ['GET'] }],
        'InvalidRequest',
        'AllowedOrigin "*example*.com" can not have more than one wildcard.',
      ],
      [
        [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['x-*-*'] }],
        'InvalidRequest',
        'AllowedHeader "x-*-*" can not have more than one wildcard.',
      ],
      [
        [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposeHeaders: ['x-amz-*'] }],
        'InvalidRequest',
        'ExposeHeader "x-amz-*" contains wildcard. We currently do not support wildcard for ExposeHeader.',
      ],
      [[], 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.'],
      [
        Array.from({ length: 101 }, () => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] })),
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema.',
      ],
      [[{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ID: 'x'.repeat(256) }], 'InvalidArgument', 'The ID of a CORSRule cannot be longer than 255 characters.'],
    ];
    for (const [corsRules, code, message] of cases) {
      const error = await sdkError(s3.send(new PutBucketCorsCommand({ Bucket: bare, CORSConfiguration: { CORSRules: corsRules } })));
      assert.deepEqual([error.status, error.name, error.message], [400, code, message]);
    }
    assert.equal((await sdkError(s3.send(new GetBucketCorsCommand({ Bucket: bare })))).name, 'NoSuchCORSConfiguration');
  });

  it('schema violations are MalformedXML', async () => {
    const documents = [
      '<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>',
      '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>',
      '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><Color>red</Color></CORSRule></CORSConfiguration>',
      '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>soon</MaxAgeSeconds></CORSRule></CORSConfiguration>',
      '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>',
      '<Other/>',
    ];
    for (const document of documents) {
      const response = await putCorsXml(bare, document, { 'content-md5': md5Base64(document) });
      assert.deepEqual([response.status, parseErrorXml(response.text).Code], [400, 'MalformedXML'], document);
    }
  });

  it('Content-MD5 or checksum is required', async () => {
    const document = '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>';
    const missing = await putCorsXml(bare, document);
    assert.deepEqual(
      [missing.status, parseErrorXml(missing.text).Code, parseErrorXml(missing.text).Message],
      [400, 'InvalidRequest', 'Missing required header for this request: Content-MD5 OR x-amz-checksum-*'],
    );
    const wrong = await putCorsXml(bare, document, { 'content-md5': md5Base64('another body') });
    assert.deepEqual([wrong.status, parseErrorXml(wrong.text).Code], [400, 'BadDigest']);
  });

  it('aws-cli sets and reads rules', async () => {
    const scratch = 'cors-cli';
    await s3.send(new CreateBucketCommand({ Bucket: scratch }));
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      AWS_DEFAULT_REGION: region,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };
    const configuration = JSON.stringify({ CORSRules: [{ AllowedOrigins: [appOrigin], AllowedMethods: ['PUT'], MaxAgeSeconds: 60 }] });
    const endpoint = ['--endpoint-url', server.endpoint];
    const put = await run('aws', [...endpoint, 's3api', 'put-bucket-cors', '--bucket', scratch, '--cors-configuration', configuration], { env });
    assert.equal(put.code, 0, put.stderr);
    const get = await run('aws', [...endpoint, 's3api', 'get-bucket-cors', '--bucket', scratch], { env });
    assert.equal(get.code, 0, get.stderr);
    assert.deepEqual(JSON.parse(get.stdout), JSON.parse(configuration));
  });
});

describe('CORS preflight (OPTIONS)', () => {
  /** Sends OPTIONS with curl and returns the status line's code, the CORS headers and the body. */
  async function curlPreflight(path: string, headers: Record<string, string>): Promise<{ status: number; cors: Record<string, string>; body: string }> {
    const args = ['-sS', '-i', '-X', 'OPTIONS', `${server.endpoint}${path}`];
    for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
    const result = await run('curl', args);
    const [head, ...rest] = result.stdout.split('\r\n\r\n');
    const lines = head!.split('\r\n');
    const cors: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      if (name.startsWith('access-control-') || name === 'vary') cors[name] = line.slice(colon + 1).trim();
    }
    return { status: Number(lines[0]!.split(' ')[1]), cors, body: rest.join('\r\n\r\n') };
  }

  it('matching preflight gets rule headers', async () => {
    const response = await curlPreflight(`/${bucket}/page/hello.txt`, {
      Origin: appOrigin,
      'Access-Control-Request-Method': 'PUT',
      'Access-Control-Request-Headers': 'content-type,X-Amz-Date',
    });
    assert.deepEqual(response, {
      status: 200,
      cors: {
        'access-control-allow-origin': appOrigin,
        'access-control-allow-methods': 'GET, PUT, POST',
        'access-control-allow-headers': 'content-type, x-amz-date',
        'access-control-expose-headers': 'ETag, x-amz-request-id',
        'access-control-max-age': '3000',
        'access-control-allow-credentials': 'true',
        vary,
      },
      body: '',
    });
  });

  it('wildcard origin is echoed', async () => {
    const response = await curlPreflight(`/${bucket}`, { Origin: 'http://docs.example.org', 'Access-Control-Request-Method': 'POST' });
    assert.equal(response.status, 200);
    assert.equal(response.cors['access-control-allow-origin'], 'http://docs.example.org');
  });

  it('star origin omits credentials', async () => {
    const response = await curlPreflight(`/${bucket}/page/hello.txt`, { Origin: 'https://elsewhere.test', 'Access-Control-Request-Method': 'HEAD' });
    assert.deepEqual(response.cors, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, HEAD', vary });
  });

  it('unmatched preflight is AccessForbidden', async () => {
    const response = await curlPreflight(`/${bucket}/page/hello.txt`, { Origin: 'https://elsewhere.test', 'Access-Control-Request-Method': 'DELETE' });
    const error = parseErrorXml(response.body);
    assert.deepEqual(response.cors, {});
    assert.deepEqual(
      [response.status, error.Code, error.Message, error.Method, error.ResourceType],
      [
        403,
        'AccessForbidden',
        "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
        'DELETE',
        'OBJECT',
      ],
    );
  });

  it('unallowed request header is forbidden', async () => {
    const response = await curlPreflight(`/${bucket}`, {
      Origin: appOrigin,
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization',
    });
    const error = parseErrorXml(response.body);
    assert.deepEqual([response.status, error.Code, error.ResourceType], [403, 'AccessForbidden', 'BUCKET']);
  });

  it('missing Origin is BadRequest', async () => {
    const response = await curlPreflight(`/${bucket}/page/hello.txt`, { 'Access-Control-Request-Method': 'GET' });
    const error = parseErrorXml(response.body);
    assert.deepEqual([response.status, error.Code, error.Message], [400, 'BadRequest', 'Insufficient information. Origin request header needed.']);
  });

  it('no rules or bucket is forbidden', async () => {
    const none = await curlPreflight(`/${bare}/x`, { Origin: appOrigin, 'Access-Control-Request-Method': 'PUT' });
    const noneError = parseErrorXml(none.body);
    assert.deepEqual(
      [none.status, noneError.Code, noneError.Message, noneError.Method, noneError.ResourceType],
      [403, 'AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.', 'PUT', 'BUCKET'],
    );
    const missing = await curlPreflight('/cors-missing/x', { Origin: appOrigin });
    const missingError = parseErrorXml(missing.body);
    assert.deepEqual(
      [missing.status, missingError.Code, missingError.Message, missingError.Method],
      [403, 'AccessForbidden', 'CORSResponse: Bucket not found', 'OPTIONS'],
    );
  });

  it('presigned URL preflight skips signature', async () => {
    const url = await getSignedUrl(putSigner, new PutObjectCommand({ Bucket: bucket, Key: 'page/upload.txt' }), { expiresIn: 600 });
    const response = await rawRequest(url, {
      method: 'OPTIONS',
      headers: { Origin: appOrigin, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.headers['access-control-allow-origin'], appOrigin);
  });
});

describe('CORS headers on actual requests', () => {
  it('allowed GET gets CORS headers', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'page/hello.txt' }), { expiresIn: 600 });
    const response = await rawRequest(url, { headers: { Origin: appOrigin } });
    assert.deepEqual([response.status, response.text], [200, 'hello']);
    assert.deepEqual(corsHeaders(response), {
      'access-control-allow-origin': appOrigin,
      'access-control-allow-methods': 'GET, PUT, POST',
      'access-control-expose-headers': 'ETag, x-amz-request-id',
      'access-control-max-age': '3000',
      'access-control-allow-credentials': 'true',
      vary,
    });
  });

  it('error responses get CORS headers', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'page/missing.txt' }), { expiresIn: 600 });
    const response = await rawRequest(url, { headers: { Origin: 'http://docs.example.org' } });
    assert.deepEqual([response.status, parseErrorXml(response.text).Code], [404, 'NoSuchKey']);
    assert.equal(response.headers['access-control-allow-origin'], 'http://docs.example.org');
    assert.equal(response.headers.vary, vary);

    const anonymous = await rawRequest(`${server.endpoint}/${bucket}/page/hello.txt`, { headers: { Origin: 'https://any.test' } });
    assert.deepEqual([anonymous.status, parseErrorXml(anonymous.text).Code], [403, 'AccessDenied']);
    assert.equal(anonymous.headers['access-control-allow-origin'], '*');
  });

  it('unmatched requests get no headers', async () => {
    const url = await getSignedUrl(putSigner, new PutObjectCommand({ Bucket: bucket, Key: 'page/put.txt' }), { expiresIn: 600 });
    const refused = await rawRequest(url, { method: 'PUT', headers: { Origin: 'https://elsewhere.test' }, body: 'stored anyway' });
    assert.equal(refused.status, 200);
    assert.deepEqual(corsHeaders(refused), {});
    const plain = await rawRequest(await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'page/hello.txt' })));
    assert.deepEqual(corsHeaders(plain), {});
  });

  it('request method header decides match', async () => {
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: 'page/hello.txt' }), { expiresIn: 600 });
    const response = await rawRequest(url, { headers: { Origin: 'https://elsewhere.test', 'Access-Control-Request-Method': 'PUT' } });
    assert.equal(response.status, 200);
    assert.deepEqual(corsHeaders(response), {});
  });

  it('form upload gets CORS headers', async () => {
    const key = 'page/form.txt';
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const credential = `${server.accessKeyId}/${amzDate.slice(0, 8)}/${region}/s3/aws4_request`;
    const policy = Buffer.from(
      JSON.stringify({
        expiration: new Date(Date.now() + 600_000).toISOString(),
        conditions: [{ bucket }, { key }, { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' }, { 'x-amz-credential': credential }, { 'x-amz-date': amzDate }],
      }),
    ).toString('base64');
    let signingKey: Buffer | string = `AWS4${server.secretAccessKey}`;
    for (const part of [amzDate.slice(0, 8), region, 's3', 'aws4_request']) signingKey = createHmac('sha256', signingKey).update(part).digest();
    const form = new FormData();
    for (const [name, value] of [
      ['key', key],
      ['x-amz-algorithm', 'AWS4-HMAC-SHA256'],
      ['x-amz-credential', credential],
      ['x-amz-date', amzDate],
      ['policy', policy],
      ['x-amz-signature', createHmac('sha256', signingKey).update(policy).digest('hex')],
    ]) {
      form.append(name!, value!);
    }
    form.append('file', new Blob(['from a page']), 'form.txt');
    const encoded = new Response(form);
    const response = await rawRequest(`${server.endpoint}/${bucket}`, {
      method: 'POST',
      headers: { Origin: appOrigin, 'Content-Type': encoded.headers.get('content-type')! },
      body: Buffer.from(await encoded.arrayBuffer()),
    });
    assert.equal(response.status, 204, response.text);
    assert.equal(response.headers['access-control-allow-origin'], appOrigin);
    assert.equal(response.headers['access-control-expose-headers'], 'ETag, x-amz-request-id');
  });
});
