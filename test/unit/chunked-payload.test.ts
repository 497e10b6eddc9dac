import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';

import type { CredentialStore } from '../../src/auth/credential-store.js';
import { ChunkedPayloadDecoder, type ChunkSigning } from '../../src/auth/sigv4/chunked-payload.js';
import { verifyHeaderSignature } from '../../src/auth/sigv4/header-auth.js';
import { deriveSigningKey } from '../../src/auth/sigv4/signing-key.js';
import { S3Error } from '../../src/errors/s3-error.js';

// The chunked-upload example of the Amazon S3 API reference, "Signature Calculations for
// the Authorization Header: Transferring Payload in Multiple Chunks": 65 KiB of 'a' in a
// 64 KiB chunk and a 1 KiB chunk, with the signatures the page publishes.
const accessKeyId = 'AKIAIOSFODNN7EXAMPLE';
const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const amzDate = '20130524T000000Z';
const scope = '20130524/us-east-1/s3/aws4_request';
const chunk1 = 'a'.repeat(65536);
const chunk2 = 'a'.repeat(1024);

const signedExample = {
  mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  signedHeaders:
    'content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class',
  seed: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  chunkSignatures: [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ],
  trailer: undefined as string | undefined,
  trailerSignature: undefined as string | undefined,
};

const trailerExample = {
  mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  signedHeaders:
    'content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer',
  seed: '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e',
  chunkSignatures: [
    'b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2',
    '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7',
    '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992',
  ],
  trailer: 'x-amz-checksum-crc32c:sOO8/Q==',
  trailerSignature: 'd81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435',
};

type Example = typeof signedExample;

function exampleBody(example: Example): string {
  const [first, second, final] = example.chunkSignatures as [string, string, string];
  let body =
    `10000;chunk-signature=${first}\r\n${chunk1}\r\n` +
    `400;chunk-signature=${second}\r\n${chunk2}\r\n` +
    `0;chunk-signature=${final}\r\n`;
  if (example.trailer !== undefined) {
    body += `${example.trailer}\r\nx-amz-trailer-signature:${example.trailerSignature}\r\n`;
  }
  return `${body}\r\n`;
}

function signing(example: Example): ChunkSigning {
  return {
    signingKey: deriveSigningKey(secretAccessKey, accessKeyId, '20130524', 'us-east-1', 's3'),
    amzDate,
    scope,
    seedSignature: example.seed,
  };
}

/** Feeds `body` to a decoder in pieces of `pieceBytes`, so chunk boundaries fall anywhere. */
async function decode(example: Example, body: string, pieceBytes = 7000): Promise<{ data: string; trailers: Map<string, string> }> {
  const decoder = new ChunkedPayloadDecoder({
    signing: signing(example),
    expectedTrailers: example.trailer === undefined ? [] : ['x-amz-checksum-crc32c'],
    decodedLength: 66560,
  });
  const bytes = Buffer.from(body, 'latin1');
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += pieceBytes) pieces.push(bytes.subarray(offset, offset + pieceBytes));
  const output: Buffer[] = [];
  Readable.from(pieces).pipe(decoder);
  for await (const chunk of decoder) output.push(chunk as Buffer);
  return { data: Buffer.concat(output).toString('latin1'), trailers: decoder.trailers };
}

async function rejection(example: Example, body: string): Promise<S3Error> {
  try {
    await decode(example, body);
  } catch (error) {
    assert.ok(error instanceof S3Error, `expected an S3Error, got ${String(error)}`);
    return error;
  }
  assert.fail('the tampered body was accepted');
}

test('seed signature of the documented example verifies', async () => {
  const credentials: CredentialStore = {
    lookup: async (id) =>
      id === accessKeyId
        ? { secretAccessKey, identity: { type: 'Account', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', userId: '123456789012', canonicalId: 'c'.repeat(64), displayName: 'example', accessKeyId, identityPolicies: [] } }
        : undefined,
  };
  const headers = new Map([
    ['host', 's3.amazonaws.com'],
    ['x-amz-date', amzDate],
    ['x-amz-storage-class', 'REDUCED_REDUNDANCY'],
    ['x-amz-content-sha256', signedExample.mode],
    ['content-encoding', 'aws-chunked'],
    ['x-amz-decoded-content-length', '66560'],
    ['content-length', '66824'],
  ]);
  const verified = await verifyHeaderSignature(
    {
      method: 'PUT',
      rawPath: '/examplebucket/chunkObject.txt',
      hostBucket: undefined,
      query: [],
      headers,
      now: new Date('2013-05-24T00:00:00Z'),
      region: 'us-east-1',
      maxClockSkewMs: 15 * 60 * 1000,
      credentials,
    },
    `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope},SignedHeaders=${signedExample.signedHeaders},Signature=${signedExample.seed}`,
  );
  assert.equal(verified.signature, signedExample.seed);
  assert.equal(verified.scope.scope, scope);
});

test('signed chunks of the documented example decode', async () => {
  const { data } = await decode(signedExample, exampleBody(signedExample));
  assert.equal(data, chunk1 + chunk2);
});

test('signed chunks with trailer decode', async () => {
  const { data, trailers } = await decode(trailerExample, exampleBody(trailerExample));
  assert.equal(data, chunk1 + chunk2);
  assert.equal(trailers.get('x-amz-checksum-crc32c'), 'sOO8/Q==');
});

test('signed chunks decode one byte at a time', async () => {
  const { data } = await decode(signedExample, exampleBody(signedExample), 1);
  assert.equal(data.length, 66560);
});

test('signed chunks reject tampering', async (t) => {
  const good = exampleBody(signedExample);
  const [first, second, final] = signedExample.chunkSignatures as [string, string, string];
  const chunk = (data: string, signature: string): string =>
    `${data.length.toString(16)};chunk-signature=${signature}\r\n${data}\r\n`;
  const cases: Array<[string, string]> = [
    ['data byte changed', good.replace('a\r\n400;', 'b\r\n400;')],
    ['chunk signature changed', good.replace(second, '0'.repeat(64))],
    ['final signature changed', good.replace(final, second)],
    ['chunks reordered', chunk(chunk2, second) + chunk(chunk1, first) + `0;chunk-signature=${final}\r\n\r\n`],
    ['chunk dropped', chunk(chunk1, first) + `0;chunk-signature=${final}\r\n\r\n`],
  ];
  for (const [name, body] of cases) {
    await t.test(name, async () => {
      const error = await rejection(signedExample, body);
      assert.ok(['SignatureDoesNotMatch', 'IncompleteBody'].includes(error.code), `got ${error.code}`);
    });
  }
  await t.test('chunk signature missing', async () => {
    const error = await rejection(signedExample, good.replace(`400;chunk-signature=${second}`, '400'));
    assert.equal(error.code, 'InvalidRequest');
  });
  await t.test('body cut short', async () => {
    const error = await rejection(signedExample, good.slice(0, 40000));
    assert.equal(error.code, 'IncompleteBody');
  });
});

test('signed trailer rejects tampering', async (t) => {
  const good = exampleBody(trailerExample);
  const cases: Array<[string, string]> = [
    ['checksum changed', good.replace('sOO8/Q==', 'AAAAAA==')],
    ['trailer added', good.replace(`${trailerExample.trailer}\r\n`, `${trailerExample.trailer}\r\nx-amz-meta-extra:1\r\n`)],
    ['signature changed', good.replace(trailerExample.trailerSignature, trailerExample.seed)],
  ];
  for (const [name, body] of cases) {
    await t.test(name, async () => {
      const error = await rejection(trailerExample, body);
      assert.equal(error.code, 'SignatureDoesNotMatch');
    });
  }
  await t.test('signature missing', async () => {
    const body = good.replace(`x-amz-trailer-signature:${trailerExample.trailerSignature}\r\n`, '');
    const error = await rejection(trailerExample, body);
    assert.equal(error.code, 'InvalidRequest');
  });
  await t.test('trailer dropped', async () => {
    const error = await rejection(trailerExample, good.replace(`${trailerExample.trailer}\r\n`, ''));
    assert.ok(['SignatureDoesNotMatch', 'InvalidRequest'].includes(error.code), `got ${error.code}`);
  });
});
