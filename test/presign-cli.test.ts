/**
 * `coffer presign` as a user runs it: the built CLI in a child process with a clean
 * environment, its output, its limits and messages, and then its URLs used without
 * credentials against a real Coffer server for every method and the special keys.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { CreateBucketCommand } from '@aws-sdk/client-s3';

import { run, s3Client, type RunResult } from './harness/clients.js';
import { sleep } from './harness/files.js';
import { errorCode, rawRequest, type RawResponse } from './harness/http.js';
import { repoRoot } from './harness/paths.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let home: string;

/** Returns the test process's environment without any AWS setting, with HOME in a fresh directory. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_')) env[name] = value;
  }
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'absent-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'absent-credentials'),
    ...extra,
  };
}

function presign(args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return run(process.execPath, [join(repoRoot, 'bin', 'coffer.js'), 'presign', ...args], { env, timeoutMs: 30_000 });
}

async function presignOk(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await presign(args, env);
  assert.equal(result.code, 0, `coffer presign ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

function urlParam(url: string, name: string): string | null {
  return new URLSearchParams(url.slice(url.indexOf('?') + 1)).get(name);
}

const envCredentials = { AWS_ACCESS_KEY_ID: 'AKIDCLITEST', AWS_SECRET_ACCESS_KEY: 'cli/test+secret' };

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'coffer-presign-cli-'));
});

after(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('coffer presign output', () => {
  it('prints the URL alone on stdout, with a newline', async () => {
    const result = await presign(['s3://my-bucket/dir/a file.txt', '--endpoint-url', 'http://127.0.0.1:9000'], cleanEnv(envCredentials));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^http:\/\/127\.0\.0\.1:9000\/my-bucket\/dir\/a%20file\.txt\?[^\s]+\n$/);
    const url = result.stdout.trimEnd();
    assert.equal(urlParam(url, 'X-Amz-Expires'), '3600');
    assert.equal(urlParam(url, 'X-Amz-Credential')!.split('/')[0], 'AKIDCLITEST');
    assert.ok(!result.stdout.includes('cli/test+secret'));
    assert.ok(!result.stdout.includes(encodeURIComponent('cli/test+secret')));
  });

  it('closed stdout ends quietly', async () => {
    // `true` exits at once, so the URL is written to a pipe whose reader is gone (EPIPE).
    const script = `"${process.execPath}" "${join(repoRoot, 'bin', 'coffer.js')}" presign s3://my-bucket/k | true; exit "\${PIPESTATUS[0]}"`;
    const result = await run('bash', ['-c', script], { env: cleanEnv(envCredentials), timeoutMs: 30_000 });
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
  });

  it('signs for Amazon S3 when no endpoint is configured', async () => {
    const url = await presignOk(['s3://my-bucket/k', '--region', 'eu-west-1'], cleanEnv(envCredentials));
    assert.ok(url.startsWith('https://my-bucket.s3.eu-west-1.amazonaws.com/k?'), url);
  });

  it('prints URL, method, headers to send and expiry time with --json', async () => {
    const before = Date.now();
    const stdout = await presignOk(
      ['s3://my-bucket/up.json', '--method', 'put', '--content-type', 'application/json', '--expires-in', '600', '--json', '--endpoint-url', 'http://127.0.0.1:9000'],
      cleanEnv(envCredentials),
    );
    const output = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(output).sort(), ['expiresAt', 'method', 'signedHeaders', 'url']);
    assert.equal(output.method, 'PUT');
    assert.deepEqual(output.signedHeaders, { 'content-type': 'application/json' });
    assert.match(String(output.url), /^http:\/\/127\.0\.0\.1:9000\/my-bucket\/up\.json\?.*X-Amz-SignedHeaders=content-type%3Bhost/);
    assert.match(String(output.expiresAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    const expiresAt = Date.parse(String(output.expiresAt));
    assert.ok(expiresAt >= before - 1000 + 600_000, String(output.expiresAt));
    assert.ok(expiresAt <= Date.now() + 600_000, String(output.expiresAt));
  });

  it('reads credentials, region and endpoint from a profile in AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE', async () => {
    const config = join(home, 'config');
    const credentials = join(home, 'credentials');
    await writeFile(config, '[profile coffer]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:9444\n');
    await writeFile(credentials, '[coffer]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n');
    const files = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };
    for (const [args, env] of [
      [['--profile', 'coffer'], cleanEnv(files)],
      [[], cleanEnv({ ...files, AWS_PROFILE: 'coffer' })],
    ] as const) {
      const url = (await presignOk(['s3://my-bucket/k', ...args], env)).trimEnd();
      assert.ok(url.startsWith('http://127.0.0.1:9444/my-bucket/k?'), url);
      assert.equal(urlParam(url, 'X-Amz-Credential'), `AKIDPROFILE/${urlParam(url, 'X-Amz-Date')!.slice(0, 8)}/eu-west-1/s3/aws4_request`);
    }
    // Flags win over the environment, and the environment over the files.
    const url = await presignOk(
      ['s3://my-bucket/k', '--region', 'ap-south-1', '--endpoint-url', 'http://127.0.0.1:9555'],
      cleanEnv({ ...files, AWS_PROFILE: 'coffer', AWS_REGION: 'ca-central-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9666' }),
    );
    assert.ok(url.startsWith('http://127.0.0.1:9555/'), url);
    assert.match(urlParam(url, 'X-Amz-Credential')!, /\/ap-south-1\//);
    const fromEnv = await presignOk(['s3://my-bucket/k'], cleanEnv({ ...files, AWS_PROFILE: 'coffer', AWS_REGION: 'ca-central-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:9666' }));
    assert.ok(fromEnv.startsWith('http://127.0.0.1:9666/'), fromEnv);
    assert.match(urlParam(fromEnv, 'X-Amz-Credential')!, /\/ca-central-1\//);
  });
});

describe('coffer presign limits and messages', () => {
  it('accepts 1 and 604800 seconds', async () => {
    for (const seconds of ['1', '604800']) {
      const url = await presignOk(['s3://my-bucket/k', '--expires-in', seconds], cleanEnv(envCredentials));
      assert.equal(urlParam(url, 'X-Amz-Expires'), seconds);
    }
  });

  it('rejects any other expiry before signing, with the limit in the message', async () => {
    for (const seconds of ['0', '604801', '-5', '1.5', 'abc', '', '1e3']) {
      // No credentials anywhere: the expiry is refused before they are looked up.
      const result = await presign(['s3://my-bucket/k', `--expires-in=${seconds}`], cleanEnv());
      assert.notEqual(result.code, 0, seconds);
      assert.equal(result.stdout, '', seconds);
      assert.match(result.stderr, /--expires-in must be a whole number of seconds from 1 to 604800 \(7 days\)/, seconds);
    }
  });

  it('names every place it looked when there are no credentials', async () => {
    const result = await presign(['s3://my-bucket/k'], cleanEnv());
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /no credentials found for profile "default"/);
    assert.match(result.stderr, /AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: not set/);
    assert.ok(result.stderr.includes(`${join(home, 'absent-credentials')} (AWS_SHARED_CREDENTIALS_FILE), section [default]: no such file`), result.stderr);
    assert.ok(result.stderr.includes(`${join(home, 'absent-config')} (AWS_CONFIG_FILE), section [default]: no such file`), result.stderr);
  });

  it('explains usage mistakes', async () => {
    const env = cleanEnv(envCredentials);
    const cases: Array<[string[], RegExp]> = [
      [['my-bucket/k'], /expected s3:\/\/BUCKET\/KEY/],
      [['s3://my-bucket'], /names no object/],
      [['s3://my-bucket/'], /names no object/],
      [['s3://my-bucket/k', '--method', 'POST'], /--method must be GET, PUT, HEAD or DELETE/],
      [['s3://my-bucket/k', '--content-type', 'text/plain'], /needs --method PUT/],
      [['s3://my-bucket/k', '--method', 'PUT', '--response-content-type', 'a/b'], /does not apply to PUT/],
      [['s3://my-bucket/k', '--method', 'PUT', '--version-id', 'v'], /--version-id does not apply to PUT/],
      [['s3://my-bucket/k', '--endpoint-url', 'ftp://host'], /http:\/\/ or https:\/\//],
      [['s3://my-bucket/k', '--profile', 'nowhere'], /profile "nowhere" \(from --profile\) is in neither/],
    ];
    for (const [args, message] of cases) {
      const result = await presign(args, env);
      assert.notEqual(result.code, 0, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
    }
  });
});

/** Keys with every character class that has tripped a signer; see also special-keys.test.ts. */
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
  'tab\tand newline\n',
];

/** fetch() drops `.` and `..` path segments, as every WHATWG URL client does. */
function hasDotSegment(key: string): boolean {
  return key.split('/').some((segment) => segment === '.' || segment === '..');
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends a presigned request with fetch, the way its recipient would. Keys with dot segments
 * go through a raw HTTP request instead, because fetch would remove those segments.
 */
async function send(url: string, method: string, key: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  if (hasDotSegment(key)) {
    const response: RawResponse = await rawRequest(url, { method, headers, body });
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
    return { status: response.status, headers: flat, body: response.text };
  }
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : Buffer.from(body) });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

function code(reply: Reply): string {
  return errorCode({ status: reply.status, headers: {}, body: Buffer.from(reply.body), text: reply.body });
}

describe('coffer presign URLs against a Coffer server', () => {
  let server: CofferServer;
  let env: NodeJS.ProcessEnv;
  const bucket = 'presign-cli';

  before(async () => {
    server = await startCoffer();
    await s3Client(server).send(new CreateBucketCommand({ Bucket: bucket }));
    env = cleanEnv({
      AWS_ACCESS_KEY_ID: server.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      AWS_ENDPOINT_URL: server.endpoint,
      AWS_DEFAULT_REGION: 'us-east-1',
    });
  });

  after(async () => {
    await server?.stop();
  });

  for (const key of specialKeys) {
    it(`PUT, GET, HEAD and DELETE ${JSON.stringify(key)}`, async () => {
      const uri = `s3://${bucket}/${key}`;
      const [putUrl, getUrl, headUrl, deleteUrl] = await Promise.all([
        presignOk([uri, '--method', 'PUT'], env),
        presignOk([uri], env),
        presignOk([uri, '--method', 'HEAD'], env),
        presignOk([uri, '--method', 'DELETE'], env),
      ]);
      const content = `content of ${key}`;
      const put = await send(putUrl.trimEnd(), 'PUT', key, {}, content);
      assert.equal(put.status, 200, put.body);
      const got = await send(getUrl.trimEnd(), 'GET', key);
      assert.equal(got.status, 200, got.body);
      assert.equal(got.body, content);
      const head = await send(headUrl.trimEnd(), 'HEAD', key);
      assert.equal(head.status, 200);
      assert.equal(head.headers['content-length'], String(Buffer.byteLength(content)));
      const deleted = await send(deleteUrl.trimEnd(), 'DELETE', key);
      assert.equal(deleted.status, 204, deleted.body);
      const afterDelete = await send(getUrl.trimEnd(), 'GET', key);
      assert.equal(afterDelete.status, 404);
      assert.equal(code(afterDelete), 'NoSuchKey');
    });
  }

  it('warns on stderr, not stdout, about keys with dot segments', async () => {
    const result = await presign([`s3://${bucket}/a/../b`], env);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^http:\/\/[^\s]+\/a\/\.\.\/b\?[^\s]+\n$/);
    assert.match(result.stderr, /curl --path-as-is/);
  });

  it('PUT with a signed content-type accepts that type only', async () => {
    const key = 'typed upload.json';
    const url = (await presignOk([`s3://${bucket}/${key}`, '--method', 'PUT', '--content-type', 'application/json'], env)).trimEnd();
    const wrong = await send(url, 'PUT', key, { 'content-type': 'text/plain' }, '{}');
    assert.equal(wrong.status, 403);
    assert.equal(code(wrong), 'SignatureDoesNotMatch');
    const missing = await send(url, 'PUT', key, {}, '{}');
    assert.equal(missing.status, 403);
    const right = await send(url, 'PUT', key, { 'content-type': 'application/json' }, '{"a":1}');
    assert.equal(right.status, 200, right.body);
    const got = await send((await presignOk([`s3://${bucket}/${key}`], env)).trimEnd(), 'GET', key);
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.body, '{"a":1}');
  });

  it('GET with response overrides and a version id', async () => {
    const key = 'report 2024.pdf';
    const put = await send((await presignOk([`s3://${bucket}/${key}`, '--method', 'PUT'], env)).trimEnd(), 'PUT', key, {}, 'pdf');
    assert.equal(put.status, 200);
    const url = (
      await presignOk(
        [
          `s3://${bucket}/${key}`,
          '--response-content-disposition',
          'attachment; filename="report 2024.pdf"',
          '--response-content-type',
          'application/pdf',
          '--version-id',
          'null',
        ],
        env,
      )
    ).trimEnd();
    const got = await send(url, 'GET', key);
    assert.equal(got.status, 200, got.body);
    assert.equal(got.headers['content-disposition'], 'attachment; filename="report 2024.pdf"');
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.equal(got.body, 'pdf');
  });

  it('a URL whose time is up is refused', async () => {
    const key = 'brief.txt';
    await send((await presignOk([`s3://${bucket}/${key}`, '--method', 'PUT'], env)).trimEnd(), 'PUT', key, {}, 'x');
    const presigned = JSON.parse(await presignOk([`s3://${bucket}/${key}`, '--expires-in', '2', '--json'], env)) as { url: string; expiresAt: string };
    const expiresAt = Date.parse(presigned.expiresAt);
    // On a loaded machine the CLI itself may take the whole validity, so the URL is tried
    // while valid only when there is time left.
    if (Date.now() < expiresAt - 500) assert.equal((await send(presigned.url, 'GET', key)).status, 200);
    await sleep(Math.max(0, expiresAt - Date.now()) + 1100);
    const expired = await send(presigned.url, 'GET', key);
    assert.equal(expired.status, 403);
    assert.match(expired.body, /Request has expired/);
  });

  it('a URL signed with another secret is refused', async () => {
    const url = (await presignOk([`s3://${bucket}/k`], { ...env, AWS_SECRET_ACCESS_KEY: 'not-the-secret' })).trimEnd();
    const reply = await send(url, 'GET', 'k');
    assert.equal(reply.status, 403);
    assert.equal(code(reply), 'SignatureDoesNotMatch');
  });
});
