/**
 * The contract of `presignUrl` beyond byte identity with the SDKs: defaults, limits,
 * addressing choices, the headers a caller must send, input checks and speed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import { presignUrl, type PresignCredentials, type PresignOptions, type PresignRequest } from '../src/presign/index.js';
import * as packageEntry from '../src/index.js';

const credentials: PresignCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret/with+chars' };
const signingDate = new Date('2024-05-06T07:08:09Z');
const get: PresignRequest = { method: 'GET', bucket: 'my-bucket', key: 'k' };
const local: PresignOptions = { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', signingDate };

function param(url: string, name: string): string | null {
  return new URLSearchParams(url.slice(url.indexOf('?') + 1)).get(name);
}

function origin(url: string): string {
  return url.slice(0, url.indexOf('/', url.indexOf('//') + 2));
}

describe('package entry', () => {
  it('exports presignUrl', () => {
    assert.equal(packageEntry.presignUrl, presignUrl);
  });
});

describe('expiry', () => {
  it('defaults to 3600 seconds and reports when the URL expires', () => {
    const presigned = presignUrl(credentials, get, local);
    assert.equal(param(presigned.url, 'X-Amz-Expires'), '3600');
    assert.equal(presigned.expiresAt.toISOString(), '2024-05-06T08:08:09.000Z');
  });

  it('accepts 1 and 604800 seconds', () => {
    assert.equal(param(presignUrl(credentials, get, { ...local, expiresIn: 1 }).url, 'X-Amz-Expires'), '1');
    const week = presignUrl(credentials, get, { ...local, expiresIn: 604800 });
    assert.equal(param(week.url, 'X-Amz-Expires'), '604800');
    assert.equal(week.expiresAt.toISOString(), '2024-05-13T07:08:09.000Z');
  });

  it('refuses anything else with a message that gives the limit', () => {
    for (const expiresIn of [0, -1, 604801, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => presignUrl(credentials, get, { ...local, expiresIn }),
        (error: Error) => error instanceof RangeError && /from 1 to 604800/.test(error.message),
        String(expiresIn),
      );
    }
  });

  it('drops the milliseconds of the signing time, as X-Amz-Date does', () => {
    const presigned = presignUrl(credentials, get, { ...local, signingDate: new Date('2024-05-06T07:08:09.999Z'), expiresIn: 10 });
    assert.equal(param(presigned.url, 'X-Amz-Date'), '20240506T070809Z');
    assert.equal(presigned.expiresAt.toISOString(), '2024-05-06T07:08:19.000Z');
  });

  it('signs at the current time by default', () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const presigned = presignUrl(credentials, get, { ...local, signingDate: undefined, expiresIn: 60 });
    const after = Date.now();
    assert.ok(presigned.expiresAt.getTime() >= before + 60_000);
    assert.ok(presigned.expiresAt.getTime() <= after + 60_000);
  });
});

describe('addressing', () => {
  const amazon: PresignOptions = { region: 'eu-west-1', signingDate };

  it('is path-style for a custom endpoint', () => {
    assert.ok(presignUrl(credentials, get, local).url.startsWith('http://127.0.0.1:9000/my-bucket/k?'));
  });

  it('is virtual-hosted for Amazon S3 when the bucket name is a DNS label', () => {
    assert.equal(origin(presignUrl(credentials, get, amazon).url), 'https://my-bucket.s3.eu-west-1.amazonaws.com');
  });

  it('uses path-style for dotted and legacy buckets', () => {
    for (const bucket of ['my.dotted.bucket', 'My_Legacy_Bucket', 'ab']) {
      const url = presignUrl(credentials, { ...get, bucket }, amazon).url;
      assert.ok(url.startsWith(`https://s3.eu-west-1.amazonaws.com/${bucket}/k?`), url);
    }
  });

  it('follows an explicit choice', () => {
    assert.ok(presignUrl(credentials, get, { ...amazon, addressing: 'path' }).url.startsWith('https://s3.eu-west-1.amazonaws.com/my-bucket/k?'));
    const virtual = presignUrl(credentials, get, { ...local, endpoint: 'https://storage.example.test:8443/base/', addressing: 'virtual' });
    assert.ok(virtual.url.startsWith('https://my-bucket.storage.example.test:8443/base/k?'), virtual.url);
  });

  it('refuses virtual-hosted addressing that cannot work', () => {
    assert.throws(() => presignUrl(credentials, get, { ...local, addressing: 'virtual' }), /IP address/);
    assert.throws(
      () => presignUrl(credentials, { ...get, bucket: 'Upper_Case' }, { ...amazon, addressing: 'virtual' }),
      /cannot be a host name label/,
    );
  });

  it('uses the China partition host for cn- regions', () => {
    assert.equal(origin(presignUrl(credentials, get, { ...amazon, region: 'cn-north-1' }).url), 'https://my-bucket.s3.cn-north-1.amazonaws.com.cn');
  });

  it('drops a default port and keeps the endpoint path', () => {
    const url = presignUrl(credentials, get, { ...local, endpoint: 'http://LOCALHOST:80/prefix/' }).url;
    assert.ok(url.startsWith('http://localhost/prefix/my-bucket/k?'), url);
  });
});

describe('signed headers', () => {
  it('lists what the caller must send, canonicalised, without host', () => {
    const presigned = presignUrl(credentials, { method: 'PUT', bucket: 'b', key: 'k', headers: { 'Content-Type': '  text/plain;   charset=utf-8 ' } }, local);
    assert.deepEqual(presigned.signedHeaders, { 'content-type': 'text/plain; charset=utf-8' });
    assert.equal(param(presigned.url, 'X-Amz-SignedHeaders'), 'content-type;host');
    assert.equal(presigned.method, 'PUT');
  });

  it('signs only host when no header is given', () => {
    const presigned = presignUrl(credentials, get, local);
    assert.deepEqual(presigned.signedHeaders, {});
    assert.equal(param(presigned.url, 'X-Amz-SignedHeaders'), 'host');
  });

  // The JS SDK layout moves x-amz-* headers into the query; boto3's keeps them as headers.
  it('places x-amz-* headers per format', () => {
    const put: PresignRequest = { method: 'PUT', bucket: 'b', key: 'k', headers: { 'x-amz-meta-name': 'Zoë', 'x-amz-server-side-encryption': 'AES256' } };
    const sdkJs = presignUrl(credentials, put, local);
    assert.equal(param(sdkJs.url, 'x-amz-meta-name'), 'Zoë');
    assert.deepEqual(sdkJs.signedHeaders, { 'x-amz-server-side-encryption': 'AES256' });
    assert.throws(() => presignUrl(credentials, put, { ...local, format: 'boto3' }), /printable ASCII/);
    const boto3 = presignUrl(credentials, { ...put, headers: { 'x-amz-meta-name': 'Zoe' } }, { ...local, format: 'boto3' });
    assert.deepEqual(boto3.signedHeaders, { 'x-amz-meta-name': 'Zoe' });
  });

  it('refuses headers the signer writes itself and hop-by-hop headers', () => {
    for (const name of ['Host', 'authorization', 'X-Amz-Date', 'x-amz-security-token', 'x-amz-content-sha256', 'transfer-encoding', 'proxy-authorization']) {
      assert.throws(() => presignUrl(credentials, { ...get, headers: { [name]: 'x' } }, local), /cannot be signed/, name);
    }
    assert.throws(() => presignUrl(credentials, { ...get, headers: { 'bad name': 'x' } }, local), /not a valid header name/);
    assert.throws(() => presignUrl(credentials, { ...get, headers: { 'x-a': 'line\nbreak' } }, local), /printable ASCII/);
    assert.throws(() => presignUrl(credentials, { ...get, headers: { 'X-A': '1', 'x-a': '2' } }, local), /given twice/);
  });

  it('treats undefined values as absent', () => {
    const presigned = presignUrl(credentials, { ...get, headers: { 'content-type': undefined }, query: { 'response-content-type': undefined } }, local);
    assert.equal(param(presigned.url, 'X-Amz-SignedHeaders'), 'host');
    assert.equal(param(presigned.url, 'response-content-type'), null);
  });
});

describe('input checks', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['empty key', () => presignUrl(credentials, { ...get, key: '' }, local), /non-empty/],
    ['long key', () => presignUrl(credentials, { ...get, key: 'é'.repeat(513) }, local), /1026 bytes.*at most 1024/],
    ['lone surrogate', () => presignUrl(credentials, { ...get, key: 'a\uD800b' }, local), /surrogate/],
    ['bucket with a slash', () => presignUrl(credentials, { ...get, bucket: 'a/b' }, local), /not a bucket name/],
    ['method', () => presignUrl(credentials, { ...get, method: 'POST' as 'GET' }, local), /GET, PUT, HEAD or DELETE/],
    ['region', () => presignUrl(credentials, get, { ...local, region: 'US East' }), /region/],
    ['unknown query parameter', () => presignUrl(credentials, { ...get, query: { uploadId: 'x' } }, local), /cannot be presigned/],
    ['override on PUT', () => presignUrl(credentials, { ...get, method: 'PUT', query: { 'response-content-type': 'x' } }, local), /does not apply to PUT/],
    ['version on PUT', () => presignUrl(credentials, { ...get, method: 'PUT', versionId: 'v' }, local), /versionId does not apply to PUT/],
    ['endpoint scheme', () => presignUrl(credentials, get, { ...local, endpoint: 'ftp://host' }), /http:\/\/ or https:\/\//],
    ['endpoint text', () => presignUrl(credentials, get, { ...local, endpoint: '127.0.0.1:9000' }), /http:\/\/ or https:\/\/|not a URL/],
    ['endpoint query', () => presignUrl(credentials, get, { ...local, endpoint: 'http://h/?a=b' }), /query or fragment/],
    ['endpoint user', () => presignUrl(credentials, get, { ...local, endpoint: 'http://u:p@h/' }), /user name or password/],
    ['access key id', () => presignUrl({ ...credentials, accessKeyId: 'a/b' }, get, local), /accessKeyId/],
    ['secret', () => presignUrl({ ...credentials, secretAccessKey: '' }, get, local), /secretAccessKey/],
    ['format', () => presignUrl(credentials, get, { ...local, format: 'curl' as 'boto3' }), /format/],
    ['date', () => presignUrl(credentials, get, { ...local, signingDate: new Date('nope') }), /signingDate/],
  ];
  for (const [name, call, message] of cases) {
    it(`refuses: ${name}`, () => assert.throws(call, message));
  }
});

describe('signing', () => {
  it('is a pure function of its arguments and leaves them unchanged', () => {
    const request: PresignRequest = { method: 'PUT', bucket: 'b', key: 'a b', headers: { 'Content-Type': 'text/plain' } };
    const snapshot = JSON.stringify(request);
    assert.equal(presignUrl(credentials, request, local).url, presignUrl({ ...credentials }, { ...request }, { ...local }).url);
    assert.equal(JSON.stringify(request), snapshot);
  });

  it('notices a secret changed on the same credentials object', () => {
    const mutable = { ...credentials };
    const first = presignUrl(mutable, get, local).url;
    mutable.secretAccessKey = 'another secret';
    assert.notEqual(presignUrl(mutable, get, local).url, first);
    assert.equal(presignUrl(mutable, get, local).url, presignUrl({ ...mutable }, get, local).url);
  });

  it('puts a session token in the URL', () => {
    const url = presignUrl({ ...credentials, sessionToken: 'to/ken+=' }, get, local).url;
    assert.equal(param(url, 'X-Amz-Security-Token'), 'to/ken+=');
    assert.ok(url.includes('X-Amz-Security-Token=to%2Fken%2B%3D'));
  });
});
