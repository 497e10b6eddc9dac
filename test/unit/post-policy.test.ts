import assert from 'node:assert/strict';
import { test } from 'node:test';

import { deriveSigningKey, hmacSha256 } from '../../src/auth/sigv4/signing-key.js';
import { S3Error } from '../../src/errors/s3-error.js';
import { FormFields, uploadedFileName } from '../../src/s3/post-object/form-fields.js';
import { encodeHeaderValue } from '../../src/s3/post-object/header-encoding.js';
import { checkPostPolicy, type PolicyInput } from '../../src/s3/post-object/policy-conditions.js';
import { parsePostPolicy } from '../../src/s3/post-object/policy-document.js';

// The POST policy of the AWS example "Browser-Based Upload using HTTP POST (Using AWS Signature
// Version 4)": 648 bytes with CRLF line ends, base64 as the page gives it, signed with the
// example credentials for 20151229/us-east-1/s3.
const examplePolicy = [
  'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9',
].join('');

/** The example's form fields, in form order, before the file. */
const exampleFields = new FormFields([
  { name: 'key', value: 'user/user1/${filename}' },
  { name: 'acl', value: 'public-read' },
  { name: 'success_action_redirect', value: 'http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html' },
  { name: 'Content-Type', value: 'image/jpeg' },
  { name: 'x-amz-meta-uuid', value: '14365123651274' },
  { name: 'x-amz-server-side-encryption', value: 'AES256' },
  { name: 'X-Amz-Credential', value: 'AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request' },
  { name: 'X-Amz-Algorithm', value: 'AWS4-HMAC-SHA256' },
  { name: 'X-Amz-Date', value: '20151229T000000Z' },
  { name: 'x-amz-meta-tag', value: '' },
]);

function inputsOf(fields: FormFields, bucket: string): Map<string, PolicyInput> {
  const inputs = new Map<string, PolicyInput>();
  for (const { name, lowerName, value } of fields.entries()) inputs.set(lowerName, { name, value });
  inputs.set('bucket', { name: 'bucket', value: bucket });
  return inputs;
}

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof S3Error);
    return `${error.code}: ${error.message}`;
  }
  return 'no error';
}

test('AWS example policy signature', () => {
  const key = deriveSigningKey('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AKIAIOSFODNN7EXAMPLE', '20151229', 'us-east-1', 's3');
  assert.equal(hmacSha256(key, examplePolicy).toString('hex'), '8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e');
});

test('AWS example form satisfies its policy', () => {
  const policy = parsePostPolicy(examplePolicy);
  assert.equal(policy.expiration.toISOString(), '2015-12-30T12:00:00.000Z');
  assert.equal(policy.conditions.length, 11);
  const fields = exampleFields.withFilename(uploadedFileName('C:\\Pictures\\photo.jpg'));
  assert.equal(fields.get('key'), 'user/user1/photo.jpg');
  assert.equal(checkPostPolicy(policy, inputsOf(fields, 'sigv4examplebucket'), new Date('2015-12-29T00:00:00Z')), undefined);
});

test('AWS example policy after expiration', () => {
  const policy = parsePostPolicy(examplePolicy);
  const inputs = inputsOf(exampleFields.withFilename('photo.jpg'), 'sigv4examplebucket');
  assert.equal(
    messageOf(() => checkPostPolicy(policy, inputs, new Date('2015-12-30T12:00:01Z'))),
    'AccessDenied: Invalid according to Policy: Policy expired.',
  );
});

test('AWS example policy on another bucket', () => {
  const policy = parsePostPolicy(examplePolicy);
  const inputs = inputsOf(exampleFields.withFilename('photo.jpg'), 'elsewhere');
  assert.equal(
    messageOf(() => checkPostPolicy(policy, inputs, new Date('2015-12-29T00:00:00Z'))),
    'AccessDenied: Invalid according to Policy: Policy Condition failed: ["eq", "$bucket", "sigv4examplebucket"]',
  );
});

test('repeated fields join with commas', () => {
  const fields = new FormFields([
    { name: 'x-amz-meta-tag', value: 'Ninja' },
    { name: 'X-Amz-Meta-Tag', value: 'Stallman' },
  ]);
  assert.equal(fields.get('x-amz-meta-tag'), 'Ninja,Stallman');
  assert.deepEqual(fields.entries(), [{ name: 'x-amz-meta-tag', lowerName: 'x-amz-meta-tag', value: 'Ninja,Stallman' }]);
});

test('file name without a path', () => {
  assert.equal(uploadedFileName('C:\\Program Files\\directory1\\file.txt'), 'file.txt');
  assert.equal(uploadedFileName('photos/2015/cat.jpg'), 'cat.jpg');
  assert.equal(uploadedFileName(undefined), undefined);
  assert.equal(new FormFields([{ name: 'key', value: 'a/${filename}' }]).withFilename(undefined).get('key'), 'a/${filename}');
});

test('policy document faults', () => {
  const encode = (document: unknown): string => Buffer.from(JSON.stringify(document)).toString('base64');
  const cases: Array<[string, string]> = [
    ['', "Invalid Policy: Expecting '{' but found End-of-Input"],
    ['%%%', 'Invalid Policy: invalid Base64 encoding.'],
    [encode({ expiration: '2030-01-01T00:00:00+02:00', conditions: [] }), "Invalid Policy: Invalid 'expiration' value: '2030-01-01T00:00:00+02:00'"],
    [encode({ expiration: '2030-01-01T00:00:00Z', conditions: {} }), "Invalid Policy: Invalid 'conditions' value: must be a List."],
    [encode({ expiration: '2030-01-01T00:00:00Z', conditions: [{ 'Content-Length': 5 }] }), 'Invalid Policy: Invalid Simple-Condition: value must be a string.'],
    [encode({ expiration: '2030-01-01T00:00:00Z', conditions: [[]] }), 'Invalid Policy: Invalid Condition: missing operation identifier.'],
    [encode({ expiration: '2030-01-01T00:00:00Z', conditions: [['eq', '$key']] }), 'Invalid Policy: Invalid eq: wrong number of arguments.'],
    [encode({ expiration: '2030-01-01T00:00:00Z', conditions: [['content-length-range', 0, 1.5]] }), 'Invalid Policy: Invalid JSON.'],
    [encode({ expiration: '2030-01-01T00:00:00Z', conditions: ['key'] }), 'Invalid Policy: Invalid condition test: must be a List or Object.'],
  ];
  for (const [policy, message] of cases) assert.equal(messageOf(() => parsePostPolicy(policy)), `InvalidPolicyDocument: ${message}`);
});

test('size bounds as text and as numbers', () => {
  const policy = parsePostPolicy(
    Buffer.from(JSON.stringify({ expiration: '2030-01-01T00:00:00Z', conditions: [{ bucket: 'b' }, ['content-length-range', '5', 10]] })).toString('base64'),
  );
  assert.deepEqual(checkPostPolicy(policy, inputsOf(new FormFields([]), 'b'), new Date('2029-01-01T00:00:00Z')), { min: 5, max: 10 });
  const bad = parsePostPolicy(
    Buffer.from(JSON.stringify({ expiration: '2030-01-01T00:00:00Z', conditions: [['content-length-range', 'test', '10']] })).toString('base64'),
  );
  assert.equal(
    messageOf(() => checkPostPolicy(bad, inputsOf(new FormFields([]), 'b'), new Date('2029-01-01T00:00:00Z'))),
    'AccessDenied: Invalid according to Policy: Policy Condition failed: ["content-length-range", "test", "10"]',
  );
});

test('RFC 2047 header values', () => {
  assert.equal(encodeHeaderValue('plain ascii, kept'), 'plain ascii, kept');
  assert.equal(encodeHeaderValue('ÄMÄZÕÑ S3'), '=?UTF-8?Q?=C3=84M=C3=84Z=C3=95=C3=91_S3?=');
  assert.equal(encodeHeaderValue('\u0000\u0001\u0002\u0003\u0004'), '=?UTF-8?B?AAECAwQ=?=');
  assert.equal(encodeHeaderValue('a=b?c_d\ne'), '=?UTF-8?Q?a=3Db=3Fc=5Fd=0Ae?=');
});
