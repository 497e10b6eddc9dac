/**
 * Proves that Coffer's presigner writes, byte for byte, the URLs of the two reference
 * presigners for the same request, credentials and signing time:
 *
 * - format `aws-sdk-js`: `getSignedUrl` of @aws-sdk/s3-request-presigner, in process, with
 *   `requestChecksumCalculation` and `responseChecksumValidation` both `WHEN_REQUIRED`
 *   (otherwise the SDK signs a CRC32 of an empty body into PUT URLs and
 *   `x-amz-checksum-mode=ENABLED` into GET URLs, which are not part of the request asked for);
 * - format `boto3`: boto3's `generate_presigned_url` with `signature_version='s3v4'`, run by
 *   `test/python/presign_equivalence.py` with botocore's clock frozen at the signing time.
 *
 * The two SDKs do not write the same URL: the JS SDK sorts all parameters by name and signs
 * two more (`X-Amz-Content-Sha256=UNSIGNED-PAYLOAD` and `x-id=GetObject` or the like),
 * boto3 puts the request's own parameters first and `X-Amz-Signature` last, and their Amazon
 * S3 host names differ. So the signatures differ too, and no one URL can match both. Each
 * URL is therefore also checked by the server's own SigV4 verifier, which shows that both
 * layouts sign the same method, path, host and headers and are valid for the same request.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { parseQuery } from '../src/auth/sigv4/canonical-request.js';
import { verifyPresignedSignature } from '../src/auth/sigv4/presigned-auth.js';
import { uriEncode } from '../src/auth/sigv4/uri-encode.js';
import {
  presignUrl,
  type PresignCredentials,
  type PresignMethod,
  type PresignOptions,
  type PresignRequest,
} from '../src/presign/index.js';
import { encodeComponent, encodeKeyPath } from '../src/presign/uri-encode.js';
import { runPython } from './harness/clients.js';

interface Case {
  name: string;
  credentials: PresignCredentials;
  request: PresignRequest;
  options: PresignOptions & { signingDate: Date; expiresIn: number };
}

const credentials: PresignCredentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const temporaryCredentials: PresignCredentials = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with+base64=',
};
const signingDate = new Date('2024-05-06T07:08:09Z');
const customEndpoint = 'http://127.0.0.1:9000';

/** Keys whose every character class has tripped a signer somewhere. */
const specialKeys = [
  'plain.txt',
  'with space.txt',
  'a+b=c.txt',
  '100% sure.txt',
  '%41%2F literal escapes',
  'tilde~name',
  'star*.txt',
  "it's.txt",
  'bang!.txt',
  '(parens).txt',
  'semi;colon,comma&amp?query#hash[]@$',
  'ünïcödé/日本語/😀.txt',
  'dir//double/slash',
  '/leading-slash',
  '../up/../and/./dots',
  'trailing/',
  'tab\tand\nnewline',
];
const methods: PresignMethod[] = ['GET', 'PUT', 'HEAD', 'DELETE'];
const regions = ['us-east-1', 'eu-west-1'];
const endpoints = [customEndpoint, undefined];

function buildCases(): Case[] {
  const cases: Case[] = [];
  const add = (name: string, request: PresignRequest, options: Partial<Case['options']> = {}, creds = credentials) => {
    cases.push({
      name,
      credentials: creds,
      request,
      options: { region: 'us-east-1', signingDate, expiresIn: 3600, ...options },
    });
  };

  for (const key of specialKeys) {
    for (const method of methods) {
      for (const region of regions) {
        for (const endpoint of endpoints) {
          add(`${method} ${JSON.stringify(key)} ${region} ${endpoint ?? 'Amazon S3'}`, { method, bucket: 'my-bucket', key }, { region, endpoint });
        }
      }
    }
  }

  const overrides = {
    'response-content-disposition': 'attachment; filename="résumé 2024.pdf"',
    'response-content-type': 'application/pdf',
  };
  const everyOverride = {
    'response-cache-control': 'no-cache, max-age=0',
    'response-content-disposition': "inline; filename*=UTF-8''na%C3%AFve.txt",
    'response-content-encoding': 'gzip',
    'response-content-language': 'en-GB',
    'response-content-type': 'text/plain; charset=utf-8',
  };
  for (const region of regions) {
    for (const endpoint of endpoints) {
      const where = `${region} ${endpoint ?? 'Amazon S3'}`;
      add(`GET overrides ${where}`, { method: 'GET', bucket: 'my-bucket', key: 'report 1.pdf', query: overrides }, { region, endpoint });
      add(`GET every override ${where}`, { method: 'GET', bucket: 'my-bucket', key: 'a/b.txt', query: everyOverride }, { region, endpoint });
      add(`HEAD overrides and version ${where}`, {
        method: 'HEAD',
        bucket: 'my-bucket',
        key: 'x y',
        versionId: '3/L4kqtJl40Nr8X8gdRQBpUMLUo',
        query: { 'response-content-type': 'text/csv' },
      }, { region, endpoint });
      add(`GET version ${where}`, { method: 'GET', bucket: 'my-bucket', key: 'k', versionId: 'null' }, { region, endpoint });
      add(`DELETE version ${where}`, { method: 'DELETE', bucket: 'my-bucket', key: 'k+1', versionId: 'v1+/=' }, { region, endpoint });
      add(`PUT signed content-type ${where}`, {
        method: 'PUT',
        bucket: 'my-bucket',
        key: 'upload me.json',
        headers: { 'content-type': 'application/json' },
      }, { region, endpoint });
      add(`PUT content-type with parameters ${where}`, {
        method: 'PUT',
        bucket: 'my-bucket',
        key: 'u',
        headers: { 'Content-Type': 'text/plain;  charset=UTF-8' },
      }, { region, endpoint });
      add(`PUT metadata ${where}`, {
        method: 'PUT',
        bucket: 'my-bucket',
        key: 'm',
        headers: { 'content-type': 'image/png', 'x-amz-meta-owner': 'ana maria' },
      }, { region, endpoint });
      add(`GET session token ${where}`, { method: 'GET', bucket: 'my-bucket', key: 'k' }, { region, endpoint }, temporaryCredentials);
      add(`PUT session token ${where}`, {
        method: 'PUT',
        bucket: 'my-bucket',
        key: 'k',
        headers: { 'content-type': 'text/plain' },
      }, { region, endpoint }, temporaryCredentials);
      add(`GET dotted bucket ${where}`, { method: 'GET', bucket: 'my.dotted.bucket', key: 'k' }, { region, endpoint });
      add(`GET short expiry ${where}`, { method: 'GET', bucket: 'my-bucket', key: 'k' }, { region, endpoint, expiresIn: 1 });
      add(`GET longest expiry ${where}`, { method: 'GET', bucket: 'my-bucket', key: 'k' }, { region, endpoint, expiresIn: 604800 });
    }
    add(`GET Amazon S3 path-style ${region}`, { method: 'GET', bucket: 'my-bucket', key: 'a b' }, { region, addressing: 'path' });
    add(`GET Amazon S3 virtual-hosted ${region}`, { method: 'GET', bucket: 'my-bucket', key: 'a b' }, { region, addressing: 'virtual' });
    add(`GET endpoint with a path ${region}`, { method: 'GET', bucket: 'my-bucket', key: 'a b' }, { region, endpoint: 'http://127.0.0.1:9000/s3/' });
    add(`GET endpoint on https ${region}`, { method: 'GET', bucket: 'my-bucket', key: 'k' }, { region, endpoint: 'https://storage.example.test' });
    add(`GET endpoint virtual-hosted ${region}`, { method: 'GET', bucket: 'my-bucket', key: 'k' }, {
      region,
      endpoint: 'http://storage.example.test:9000',
      addressing: 'virtual',
    });
  }
  add('GET signing time with milliseconds', { method: 'GET', bucket: 'my-bucket', key: 'k' }, {
    signingDate: new Date('2024-12-31T23:59:59.999Z'),
  });
  return cases;
}

const cases = buildCases();

// --- The JavaScript SDK, in process ----------------------------------------------------

const sdkClients = new Map<string, S3Client>();

function sdkClient(testCase: Case): S3Client {
  const { endpoint, region, addressing } = testCase.options;
  const id = JSON.stringify([endpoint, region, addressing, testCase.credentials]);
  let client = sdkClients.get(id);
  if (client === undefined) {
    client = new S3Client({
      region,
      endpoint,
      forcePathStyle: endpoint === undefined ? addressing === 'path' : addressing !== 'virtual',
      credentials: testCase.credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    sdkClients.set(id, client);
  }
  return client;
}

function sdkCommand(request: PresignRequest) {
  const query = request.query ?? {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  const metadata = Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => name.startsWith('x-amz-meta-'))
      .map(([name, value]) => [name.slice('x-amz-meta-'.length), value]),
  );
  const target = { Bucket: request.bucket, Key: request.key };
  const overrides = {
    VersionId: request.versionId,
    ResponseCacheControl: query['response-cache-control'],
    ResponseContentDisposition: query['response-content-disposition'],
    ResponseContentEncoding: query['response-content-encoding'],
    ResponseContentLanguage: query['response-content-language'],
    ResponseContentType: query['response-content-type'],
  };
  switch (request.method) {
    case 'GET':
      return new GetObjectCommand({ ...target, ...overrides });
    case 'HEAD':
      return new HeadObjectCommand({ ...target, ...overrides });
    case 'DELETE':
      return new DeleteObjectCommand({ ...target, VersionId: request.versionId });
    case 'PUT':
      return new PutObjectCommand({
        ...target,
        ContentType: headers['content-type'],
        Metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
      });
  }
}

function sdkJsUrl(testCase: Case): Promise<string> {
  const signable = Object.keys(testCase.request.headers ?? {}).map((name) => name.toLowerCase());
  return getSignedUrl(sdkClient(testCase), sdkCommand(testCase.request), {
    expiresIn: testCase.options.expiresIn,
    signingDate: testCase.options.signingDate,
    // The presigner leaves content-type unsigned unless it is listed here; Coffer signs every header it is given.
    signableHeaders: new Set(signable),
  });
}

// --- boto3, through python3 ------------------------------------------------------------

async function boto3Urls(all: Case[]): Promise<string[]> {
  const input = {
    cases: all.map((testCase) => ({
      method: testCase.request.method,
      bucket: testCase.request.bucket,
      key: testCase.request.key,
      versionId: testCase.request.versionId ?? null,
      query: testCase.request.query ?? {},
      headers: Object.fromEntries(Object.entries(testCase.request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
      endpoint: testCase.options.endpoint ?? null,
      region: testCase.options.region,
      addressing: testCase.options.addressing ?? null,
      expiresIn: testCase.options.expiresIn,
      signingDate: testCase.options.signingDate.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      credentials: { ...testCase.credentials, sessionToken: testCase.credentials.sessionToken ?? null },
    })),
  };
  const output = await runPython<{ urls: string[] }>('presign_equivalence.py', input, process.env);
  assert.equal(output.urls.length, all.length);
  return output.urls;
}

// --- An independent check: the server's own verifier -----------------------------------

/**
 * Runs the server's SigV4 query-authentication check on a URL one second after signing,
 * as Coffer would for the request that URL describes. It throws an S3Error, such as
 * SignatureDoesNotMatch, when the URL is not a valid signature.
 */
async function verifyWithServer(url: string, testCase: Case, signedHeaders: Record<string, string>): Promise<void> {
  const match = /^https?:\/\/([^/]+)(\/[^?]*)\?(.*)$/.exec(url);
  assert.ok(match, `not a presigned URL: ${url}`);
  const [, host, rawPath, rawQuery] = match as unknown as [string, string, string, string];
  const headers = new Map<string, string>([['host', host]]);
  for (const [name, value] of Object.entries(signedHeaders)) headers.set(name, value);
  const { credentials: creds } = testCase;
  await verifyPresignedSignature({
    method: testCase.request.method,
    rawPath,
    hostBucket: undefined,
    query: parseQuery(rawQuery),
    headers,
    now: new Date(testCase.options.signingDate.getTime() + 1000),
    region: testCase.options.region,
    maxClockSkewMs: 15 * 60 * 1000,
    credentials: {
      lookup: async (accessKeyId) =>
        accessKeyId === creds.accessKeyId
          ? {
              secretAccessKey: creds.secretAccessKey,
              identity: { type: 'Account', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', userId: '123456789012', canonicalId: '0'.repeat(64), displayName: 'example', accessKeyId, identityPolicies: [] },
            }
          : undefined,
    },
  });
}

function queryNames(url: string): string[] {
  return parseQuery(url.slice(url.indexOf('?') + 1)).map(([name]) => name);
}

// --- Tests -------------------------------------------------------------------------------

describe('presignUrl is byte-identical to the reference presigners', () => {
  it(`matches @aws-sdk/s3-request-presigner on ${cases.length} requests`, async () => {
    const mismatches: string[] = [];
    for (const testCase of cases) {
      const expected = await sdkJsUrl(testCase);
      const actual = presignUrl(testCase.credentials, testCase.request, { ...testCase.options, format: 'aws-sdk-js' }).url;
      if (actual !== expected) mismatches.push(`${testCase.name}\n  sdk:    ${expected}\n  coffer: ${actual}`);
    }
    assert.deepEqual(mismatches, []);
  });

  it(`matches boto3 generate_presigned_url on ${cases.length} requests`, async () => {
    const expected = await boto3Urls(cases);
    const mismatches: string[] = [];
    cases.forEach((testCase, index) => {
      const actual = presignUrl(testCase.credentials, testCase.request, { ...testCase.options, format: 'boto3' }).url;
      if (actual !== expected[index]) mismatches.push(`${testCase.name}\n  boto3:  ${expected[index]}\n  coffer: ${actual}`);
    });
    assert.deepEqual(mismatches, []);
  });

  it('the default format is the JavaScript SDK layout', () => {
    for (const testCase of cases.slice(0, 20)) {
      assert.equal(
        presignUrl(testCase.credentials, testCase.request, testCase.options).url,
        presignUrl(testCase.credentials, testCase.request, { ...testCase.options, format: 'aws-sdk-js' }).url,
      );
    }
  });
});

describe('both layouts sign the same request', () => {
  it('every URL of either layout passes the server verifier', async () => {
    const failures: string[] = [];
    for (const testCase of cases) {
      for (const format of ['aws-sdk-js', 'boto3'] as const) {
        const presigned = presignUrl(testCase.credentials, testCase.request, { ...testCase.options, format });
        try {
          await verifyWithServer(presigned.url, testCase, presigned.signedHeaders);
        } catch (error) {
          failures.push(`${format} ${testCase.name}: ${(error as Error).message}\n  ${presigned.url}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  // The differences: order, the JS SDK markers, hoisted x-amz-* headers and the Amazon S3 host.
  it('layouts differ only where documented', () => {
    for (const testCase of cases) {
      const sdkJs = presignUrl(testCase.credentials, testCase.request, { ...testCase.options, format: 'aws-sdk-js' });
      const boto3 = presignUrl(testCase.credentials, testCase.request, { ...testCase.options, format: 'boto3' });
      const path = (url: string) => url.slice(url.indexOf('/', url.indexOf('//') + 2), url.indexOf('?'));
      assert.equal(path(sdkJs.url), path(boto3.url), testCase.name);
      if (testCase.options.endpoint !== undefined) {
        assert.equal(sdkJs.url.slice(0, sdkJs.url.indexOf('?') + 1), boto3.url.slice(0, boto3.url.indexOf('?') + 1));
      }
      const requestHeaders = Object.fromEntries(
        Object.entries(testCase.request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value!]),
      );
      const hoisted = Object.keys(requestHeaders).filter((name) => name.startsWith('x-amz-'));
      const onlyInSdkJs = new Set(['X-Amz-Content-Sha256', 'x-id', ...hoisted]);
      assert.deepEqual(
        queryNames(sdkJs.url).filter((name) => !onlyInSdkJs.has(name)).sort(),
        queryNames(boto3.url).sort(),
        testCase.name,
      );
      // What the JS layout carries in the query, boto3's sends as headers.
      const hoistedValues = Object.fromEntries(hoisted.map((name) => [name, requestHeaders[name]!]));
      assert.deepEqual({ ...sdkJs.signedHeaders, ...hoistedValues }, boto3.signedHeaders, testCase.name);
      assert.equal(sdkJs.expiresAt.getTime(), boto3.expiresAt.getTime());
    }
  });
});

describe('encoding', () => {
  it('fast encoders match uriEncode', () => {
    const samples = [...specialKeys, Array.from({ length: 256 }, (_, code) => String.fromCharCode(code)).join(''), '😀\u{10FFFF}'];
    for (const sample of samples) {
      assert.equal(encodeComponent(sample), uriEncode(sample), JSON.stringify(sample));
      assert.equal(encodeKeyPath(sample), uriEncode(sample, true), JSON.stringify(sample));
    }
  });
});
