import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { DeleteBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';

import { region, run, runOk, runPython, toolEnv, type RunResult } from '../harness/clients.js';
import { tempDir } from '../harness/files.js';
import { repoRoot } from '../harness/paths.js';
import { startCoffer, type CofferServer, type StartOptions } from '../harness/server.js';

/** Signing credentials: long-term keys, or a session's with its token. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The sender of a request: credentials, or an anonymous caller (an unsigned request). */
export type Caller = Credentials | 'anonymous';

/** A user created through the server's IAM API, with one access key. */
export interface TestUser extends Credentials {
  userName: string;
  arn: string;
  /** The user's canonical id, as the Owner of ListBuckets shows it to the user. */
  canonicalId: string;
}

/** The outcome of one boto3 call made by `test/python/access_calls.py`. */
export type Boto3Result =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; code: string; status: number; message: string };

export interface Boto3Call {
  caller: Caller;
  service?: 's3' | 'iam' | 'sts';
  operation: string;
  params?: Record<string, unknown>;
}

/**
 * One Coffer server, and the means to call it with aws-cli, boto3, the JavaScript SDK and curl
 * as its root user, as the users a test creates, or anonymously. Every secret the test learns
 * (secret keys, session tokens) is recorded, so that `stop` can check that none of them
 * reached the server's output.
 */
export class AccessFixture {
  readonly root: Credentials;
  /** Secret access keys and session tokens created during the test. */
  readonly secrets = new Set<string>();
  accountId = '';
  /** The root user's canonical id, as the Owner of its ListBuckets shows it. */
  rootCanonicalId = '';

  private constructor(
    readonly server: CofferServer,
    private readonly baseEnv: NodeJS.ProcessEnv,
    /** A scratch directory for files the tools write. */
    readonly dir: string,
  ) {
    this.root = { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey };
  }

  static async start(options: StartOptions = {}): Promise<AccessFixture> {
    const server = await startCoffer(options);
    const fixture = new AccessFixture(server, await toolEnv(server), await tempDir('access'));
    const identity = await fixture.awsJson<{ Account: string }>(['sts', 'get-caller-identity']);
    fixture.accountId = identity.Account;
    const listing = await fixture.awsJson<{ Owner: { ID: string } }>(['s3api', 'list-buckets']);
    fixture.rootCanonicalId = listing.Owner.ID;
    return fixture;
  }

  get endpoint(): string {
    return this.server.endpoint;
  }

  /** Environment for aws-cli and boto3 signing as `caller` (root by default). */
  env(caller: Caller = this.root): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...this.baseEnv };
    if (caller === 'anonymous') return env;
    env.AWS_ACCESS_KEY_ID = caller.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = caller.secretAccessKey;
    if (caller.sessionToken !== undefined) env.AWS_SESSION_TOKEN = caller.sessionToken;
    else delete env.AWS_SESSION_TOKEN;
    return env;
  }

  /** Runs aws-cli against the server; an anonymous caller sends unsigned requests. */
  aws(args: string[], caller: Caller = this.root): Promise<RunResult> {
    const unsigned = caller === 'anonymous' ? ['--no-sign-request'] : [];
    return run('aws', ['--endpoint-url', this.endpoint, ...unsigned, ...args], { env: this.env(caller), timeoutMs: 120_000 });
  }

  /** Runs aws-cli and fails with its output unless it exits 0. */
  async awsOk(args: string[], caller: Caller = this.root): Promise<RunResult> {
    const result = await this.aws(args, caller);
    assert.equal(result.code, 0, `aws ${args.join(' ')} failed:\n${result.stderr}`);
    return result;
  }

  /** Runs aws-cli and parses its JSON output (empty output is `{}`). */
  async awsJson<T>(args: string[], caller: Caller = this.root): Promise<T> {
    const result = await this.awsOk([...args, '--output', 'json'], caller);
    return (result.stdout.trim() === '' ? {} : JSON.parse(result.stdout)) as T;
  }

  /** Runs aws-cli expecting it to fail, and returns the error code it reports. */
  async awsError(args: string[], caller: Caller = this.root): Promise<{ code: string; message: string }> {
    const result = await this.aws(args, caller);
    assert.notEqual(result.code, 0, `aws ${args.join(' ')} succeeded, but it should have failed:\n${result.stdout}`);
    const match = /An error occurred \(([^)]+)\)[^:]*: (.*)/.exec(result.stderr);
    assert.ok(match !== null, `aws ${args.join(' ')} failed without an S3 error:\n${result.stderr}`);
    return { code: match[1]!, message: match[2]!.trim() };
  }

  /** Reads an object with `aws s3api get-object`: its text, or the code of the error S3 sent. */
  async awsRead(bucket: string, key: string, caller: Caller): Promise<string> {
    const file = join(this.dir, `read-${randomUUID()}`);
    const result = await this.aws(['s3api', 'get-object', '--bucket', bucket, '--key', key, file], caller);
    if (result.code === 0) return readFile(file, 'utf8');
    return /An error occurred \(([^)]+)\)/.exec(result.stderr)?.[1] ?? `<failed: ${result.stderr.trim()}>`;
  }

  /** Creates a JavaScript SDK client that signs as `credentials` (root by default). */
  s3(credentials: Credentials = this.root): S3Client {
    return new S3Client({ endpoint: this.endpoint, region, forcePathStyle: true, maxAttempts: 1, credentials: { ...credentials } });
  }

  /** Runs boto3 calls in one Python process and returns their outcomes in order. */
  async boto3(calls: Boto3Call[]): Promise<Boto3Result[]> {
    const input = {
      endpoint: this.endpoint,
      calls: calls.map((call) => ({
        credentials:
          call.caller === 'anonymous'
            ? null
            : {
                aws_access_key_id: call.caller.accessKeyId,
                aws_secret_access_key: call.caller.secretAccessKey,
                ...(call.caller.sessionToken === undefined ? {} : { aws_session_token: call.caller.sessionToken }),
              },
        service: call.service ?? 's3',
        operation: call.operation,
        params: call.params ?? {},
      })),
    };
    const output = await runPython<{ results: Boto3Result[] }>('access_calls.py', input, this.env());
    return output.results;
  }

  /** Fetches a URL with curl: the status and the body as text. Extra arguments go before the URL. */
  async curl(url: string, extra: string[] = []): Promise<{ status: number; body: string }> {
    const result = await runOk('curl', ['-sS', '-g', '-o', '-', '-w', '\n%{http_code}', ...extra, url]);
    const split = result.stdout.lastIndexOf('\n');
    return { status: Number(result.stdout.slice(split + 1)), body: result.stdout.slice(0, split) };
  }

  /** Creates a user with `aws iam create-user` and an access key with `create-access-key`. */
  async createUser(userName: string): Promise<TestUser> {
    const { User } = await this.awsJson<{ User: { Arn: string } }>(['iam', 'create-user', '--user-name', userName]);
    return this.withAccessKey(userName, User.Arn);
  }

  /**
   * Creates a user with an email address, which aws-cli cannot send, with
   * `coffer admin user add --email`; the access key comes from aws-cli as for `createUser`.
   */
  async createUserWithEmail(userName: string, email: string): Promise<TestUser> {
    const result = await runOk(
      process.execPath,
      [join(repoRoot, 'bin', 'coffer.js'), 'admin', '--endpoint-url', this.endpoint, '--json', 'user', 'add', userName, '--email', email],
      { env: this.env() },
    );
    const user = JSON.parse(result.stdout) as { Arn: string; Email: string };
    assert.equal(user.Email, email);
    return this.withAccessKey(userName, user.Arn);
  }

  private async withAccessKey(userName: string, arn: string): Promise<TestUser> {
    const { AccessKey } = await this.awsJson<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>([
      'iam',
      'create-access-key',
      '--user-name',
      userName,
    ]);
    this.secrets.add(AccessKey.SecretAccessKey);
    const credentials = { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
    const listing = await this.awsJson<{ Owner: { ID: string } }>(['s3api', 'list-buckets'], credentials);
    return { userName, arn, canonicalId: listing.Owner.ID, ...credentials };
  }

  /** Remembers the secret parts of temporary credentials. */
  rememberSession(credentials: Credentials): Credentials {
    this.secrets.add(credentials.secretAccessKey);
    if (credentials.sessionToken !== undefined) this.secrets.add(credentials.sessionToken);
    return credentials;
  }

  /** Sets a bucket policy as the root user, with the JavaScript SDK. */
  async putBucketPolicy(bucket: string, statements: object[]): Promise<void> {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    await this.s3().send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
  }

  /** Removes a bucket policy as the root user, with the JavaScript SDK. */
  async deleteBucketPolicy(bucket: string): Promise<void> {
    await this.s3().send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  }

  /** Sets an inline user policy with aws-cli. */
  async putUserPolicy(userName: string, policyName: string, statements: object[]): Promise<void> {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    await this.awsOk(['iam', 'put-user-policy', '--user-name', userName, '--policy-name', policyName, '--policy-document', document]);
  }

  /** Stops the server after checking that its output contains no secret the test created. */
  async stop(): Promise<void> {
    assertSecretsNotLogged([this.server], this.secrets);
    await this.server.stop();
  }
}

/** Fails when the stdout or stderr of any server contains one of `secrets`. */
export function assertSecretsNotLogged(servers: CofferServer[], secrets: Iterable<string>): void {
  const list = [...secrets];
  assert.ok(list.length > 0, 'the test created no secret to look for');
  for (const server of servers) {
    const output = `${server.stdout()}\n${server.stderr()}`;
    for (const secret of list) {
      assert.ok(!output.includes(secret), `a secret created by the test appears in the output of the server on port ${server.port}`);
    }
  }
}

/** Builds a bucket policy statement that allows `actions` on `resources` to `principal`. */
export function allow(principal: unknown, actions: string | string[], resources: string | string[], condition?: object): object {
  return { Effect: 'Allow', Principal: principal, Action: actions, Resource: resources, ...(condition ? { Condition: condition } : {}) };
}

/** Builds a bucket policy statement that denies `actions` on `resources` to `principal`. */
export function deny(principal: unknown, actions: string | string[], resources: string | string[], condition?: object): object {
  return { Effect: 'Deny', Principal: principal, Action: actions, Resource: resources, ...(condition ? { Condition: condition } : {}) };
}

/** Builds a statement of an identity (user or role) policy, which names no principal. */
export function identityStatement(effect: 'Allow' | 'Deny', actions: string | string[], resources: string | string[]): object {
  return { Effect: effect, Action: actions, Resource: resources };
}
