/**
 * Browser form uploads from `presignPost` and `coffer presign-post`: the shape of the fields
 * and policy, and the forms posted with fetch and FormData (Node's built-in undici) to a real
 * Coffer server. The server must store what the policy allows and reject what it does not.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { presignPost, type PresignedPost } from '../src/index.js';
import { region, run, s3Client, toolEnv } from './harness/clients.js';
import { parseErrorXml } from './harness/http.js';
import { repoRoot } from './harness/paths.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let s3: S3Client;
const bucket = 'post-forms';

before(async () => {
  server = await startCoffer();
  s3 = s3Client(server);
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

after(async () => {
  await server?.stop();
});

function credentials(): { accessKeyId: string; secretAccessKey: string } {
  return { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
}

/** Posts the form as a browser does: the fields in order, then the file named `file`. */
async function upload(post: PresignedPost, content: string, filename = 'upload.txt', override: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...post.fields, ...override })) form.append(name, value);
  form.append('file', new Blob([content], { type: 'text/plain' }), filename);
  return fetch(post.url, { method: 'POST', body: form });
}

async function readBack(key: string): Promise<string> {
  const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return response.Body!.transformToString();
}

async function errorOf(response: Response): Promise<Record<string, string>> {
  return parseErrorXml(await response.text());
}

function decodePolicy(post: PresignedPost): { expiration: string; conditions: unknown[] } {
  return JSON.parse(Buffer.from(post.fields.policy!, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
}

describe('presignPost output', () => {
  const signingDate = new Date('2026-03-04T05:06:07.890Z');
  const creds = { accessKeyId: 'AKIDPOST', secretAccessKey: 'post/secret', sessionToken: 'session-token' };

  it('lists every field and condition', () => {
    const post = presignPost(
      creds,
      {
        bucket: 'forms',
        key: 'uploads/${filename}',
        contentLengthRange: { min: 1, max: 100 },
        contentTypePrefix: 'image/',
        acl: 'public-read',
        successActionStatus: '201',
      },
      { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', expiresIn: 600, signingDate },
    );
    assert.equal(post.url, 'http://127.0.0.1:9000/forms');

    assert.deepEqual(Object.keys(post).sort(), ['fields', 'url']);
    assert.deepEqual(Object.keys(post.fields).sort(), [
      'Content-Type',
      'acl',
      'key',
      'policy',
      'success_action_status',
      'x-amz-algorithm',
      'x-amz-credential',
      'x-amz-date',
      'x-amz-security-token',
      'x-amz-signature',
    ]);

    assert.equal(post.fields.key, 'uploads/${filename}');
    assert.equal(post.fields['x-amz-algorithm'], 'AWS4-HMAC-SHA256');
    assert.equal(post.fields['x-amz-credential'], 'AKIDPOST/20260304/us-east-1/s3/aws4_request');
    assert.equal(post.fields['x-amz-date'], '20260304T050607Z');
    assert.equal(post.fields['x-amz-security-token'], 'session-token');

    assert.deepEqual(decodePolicy(post), {
      expiration: '2026-03-04T05:16:07Z',
      conditions: [
        ['content-length-range', 1, 100],
        { bucket: 'forms' },
        ['starts-with', '$key', 'uploads/'],
        ['starts-with', '$Content-Type', 'image/'],
        { acl: 'public-read' },
        { success_action_status: '201' },
        { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
        { 'x-amz-credential': 'AKIDPOST/20260304/us-east-1/s3/aws4_request' },
        { 'x-amz-date': '20260304T050607Z' },
        { 'x-amz-security-token': 'session-token' },
      ],
    });

    // The signature is the HMAC of the base64 policy under the SigV4 signing key of the day.
    const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();
    const signingKey = hmac(hmac(hmac(hmac('AWS4post/secret', '20260304'), 'us-east-1'), 's3'), 'aws4_request');
    assert.equal(post.fields['x-amz-signature'], hmac(signingKey, post.fields.policy!).toString('hex'));
  });

  it('fixed key, no optional fields', () => {
    const post = presignPost({ accessKeyId: 'AKID', secretAccessKey: 's' }, { bucket: 'forms', key: 'fixed.txt' }, { region: 'eu-west-1', signingDate });
    assert.equal(post.url, 'https://forms.s3.amazonaws.com/');
    assert.deepEqual(Object.keys(post.fields), ['key', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'policy', 'x-amz-signature']);
    const policy = decodePolicy(post);
    assert.equal(policy.expiration, '2026-03-04T06:06:07Z');
    assert.deepEqual(policy.conditions.slice(0, 2), [{ bucket: 'forms' }, { key: 'fixed.txt' }]);
  });

  it('rejects expiry out of range', () => {
    for (const expiresIn of [0, -1, 604801, 1.5]) {
      assert.throws(
        () => presignPost(credentials(), { bucket: 'forms', key: 'k' }, { region, expiresIn }),
        (error: unknown) => error instanceof RangeError && /expiresIn must be a whole number of seconds from 1 to 604800/.test(error.message),
      );
    }
    assert.doesNotThrow(() => presignPost(creds, { bucket: 'forms', key: 'k' }, { region, expiresIn: 604800 }));
    assert.doesNotThrow(() => presignPost(creds, { bucket: 'forms', key: 'k' }, { region, expiresIn: 1 }));
  });
});

describe('presignPost forms against Coffer', () => {
  it('uploads under prefix with 204', async () => {
    const post = presignPost(credentials(), { bucket, key: 'docs/${filename}' }, { endpoint: server.endpoint, region });
    const response = await upload(post, 'hello form', 'note.txt');
    assert.equal(response.status, 204, await response.text());
    assert.equal(await readBack('docs/note.txt'), 'hello form');
  });

  it('answers 201 with PostResponse', async () => {
    const post = presignPost(
      credentials(),
      { bucket, key: 'created/${filename}', successActionStatus: '201', contentTypePrefix: 'text/', contentLengthRange: { min: 1, max: 64 } },
      { endpoint: server.endpoint, region },
    );
    const response = await upload(post, 'created by form', 'c.txt', { 'Content-Type': 'text/plain' });
    const body = await response.text();
    assert.equal(response.status, 201, body);
    assert.match(body, /<PostResponse>[\s\S]*<Key>created\/c\.txt<\/Key>/);
    assert.equal(await readBack('created/c.txt'), 'created by form');
  });

  it('oversized file is EntityTooLarge', async () => {
    const post = presignPost(credentials(), { bucket, key: 'small/${filename}', contentLengthRange: { min: 1, max: 10 } }, { endpoint: server.endpoint, region });
    const response = await upload(post, 'this is more than ten bytes');
    assert.equal(response.status, 400);
    assert.equal((await errorOf(response)).Code, 'EntityTooLarge');
  });

  it('key outside prefix is AccessDenied', async () => {
    const post = presignPost(credentials(), { bucket, key: 'inbox/${filename}' }, { endpoint: server.endpoint, region });
    const response = await upload(post, 'escape', 'x.txt', { key: 'elsewhere/x.txt' });
    assert.equal(response.status, 403);
    assert.equal((await errorOf(response)).Code, 'AccessDenied');
  });
});

describe('coffer presign-post', () => {
  async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env = await toolEnv(server);
    return run(process.execPath, [join(repoRoot, 'bin', 'coffer.js'), 'presign-post', ...args], { env, timeoutMs: 30_000 });
  }

  it('JSON form uploads to server', async () => {
    const result = await cli([`s3://${bucket}/cli/`, '--endpoint-url', server.endpoint, '--success-action-status', '201', '--content-length-range', '1,1000']);
    assert.equal(result.code, 0, result.stderr);
    const post = JSON.parse(result.stdout) as PresignedPost;
    assert.deepEqual(Object.keys(post), ['url', 'fields']);
    assert.equal(post.url, `${server.endpoint}/${bucket}`);
    assert.equal(post.fields.key, 'cli/${filename}');
    assert.ok(!result.stdout.includes(server.secretAccessKey));
    const response = await upload(post, 'from the cli', 'cli.txt');
    assert.equal(response.status, 201, await response.text());
    assert.equal(await readBack('cli/cli.txt'), 'from the cli');
  });

  it('prefix without slash is the key', async () => {
    const result = await cli([`s3://${bucket}/exact.txt`, '--endpoint-url', server.endpoint]);
    assert.equal(result.code, 0, result.stderr);
    const post = JSON.parse(result.stdout) as PresignedPost;
    assert.equal(post.fields.key, 'exact.txt');
    const response = await upload(post, 'exact');
    assert.equal(response.status, 204, await response.text());
    assert.equal(await readBack('exact.txt'), 'exact');
  });

  it('--html page has every field', async () => {
    const result = await cli([`s3://${bucket}/page/`, '--endpoint-url', server.endpoint, '--acl', 'private', '--html']);
    assert.equal(result.code, 0, result.stderr);
    const page = result.stdout;
    assert.match(page, /^<!DOCTYPE html>/);
    assert.match(page, /<form action="[^"]+" method="post" enctype="multipart\/form-data">/);
    const json = JSON.parse((await cli([`s3://${bucket}/page/`, '--endpoint-url', server.endpoint, '--acl', 'private'])).stdout) as PresignedPost;
    for (const name of Object.keys(json.fields)) {
      assert.ok(page.includes(`<input type="hidden" name="${name}" value="`), `field ${name} missing`);
    }
    assert.ok(page.includes('value="page/${filename}"'));
    assert.ok(page.indexOf('type="file" name="file"') > page.lastIndexOf('type="hidden"'));
    assert.match(page, /<button type="submit">/);
  });

  it('rejects an unknown --acl', async () => {
    const result = await cli([`s3://${bucket}/x/`, '--endpoint-url', server.endpoint, '--acl', 'public']);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /--acl must be a canned ACL such as private or public-read; got "public"/);
  });

  it('rejects --expires-in out of range', async () => {
    for (const value of ['0', '604801', 'soon']) {
      const result = await cli([`s3://${bucket}/x/`, '--endpoint-url', server.endpoint, '--expires-in', value]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /--expires-in must be a whole number of seconds from 1 to 604800/);
    }
  });
});
