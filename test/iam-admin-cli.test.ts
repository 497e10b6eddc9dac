import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';

import { region, run, toolEnv, type RunResult } from './harness/clients.js';
import { tempDir } from './harness/files.js';
import { repoRoot } from './harness/paths.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let env: NodeJS.ProcessEnv;
let dir: string;
let accountId: string;

const readPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:ListAllMyBuckets'], Resource: '*' }],
};

before(async () => {
  server = await startCoffer();
  env = await toolEnv(server);
  dir = await tempDir('iam-admin');
  await writeFile(join(dir, 'read.json'), JSON.stringify(readPolicy));
  await writeFile(join(dir, 'broken.json'), '{"Version": "2012-10-17", ');
  const identity = await runAws(['sts', 'get-caller-identity']);
  accountId = (JSON.parse(identity.stdout) as { Account: string }).Account;
});

after(async () => {
  await server?.stop();
});

function runAws(args: string[]): Promise<RunResult> {
  return run('aws', ['--endpoint-url', server.endpoint, ...args], { env });
}

/** Runs `coffer admin --endpoint-url … ARGS` with the root credentials in the environment. */
function admin(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run(process.execPath, [join(repoRoot, 'bin', 'coffer.js'), 'admin', '--endpoint-url', server.endpoint, ...args], {
    env: { ...env, ...extraEnv },
  });
}

async function adminOk(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const result = await admin(args, extraEnv);
  assert.equal(result.code, 0, `coffer admin ${args.join(' ')} failed\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}

function s3As(accessKeyId: string, secretAccessKey: string): S3Client {
  return new S3Client({ endpoint: server.endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
}

describe('coffer admin user', () => {
  it('add prints the user', async () => {
    const result = await adminOk(['user', 'add', 'alice', '--email', 'alice@example.com']);
    assert.match(result.stdout, new RegExp(`^Created user alice \\(arn:aws:iam::${accountId}:user/alice\\)`));
    assert.match(result.stdout, /User id: +AIDA[A-Z2-7]{17}/);
    assert.match(result.stdout, /Canonical id: +[0-9a-f]{64}/);
    assert.match(result.stdout, /Email: +alice@example\.com/);
  });

  it('add of an existing name fails', async () => {
    await adminOk(['user', 'add', 'taken']);
    const result = await admin(['user', 'add', 'TAKEN']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /EntityAlreadyExists: User with name TAKEN already exists\./);
  });

  it('ls aligns columns', async () => {
    await adminOk(['user', 'add', 'bob-with-a-long-name']);
    const result = await adminOk(['user', 'ls']);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME +USER ID +EMAIL +CREATED +CANONICAL ID$/);
    const userIdColumn = lines[0]!.indexOf('USER ID');
    for (const line of lines.slice(1)) assert.match(line.slice(userIdColumn), /^AIDA/);
    assert.ok(lines.some((line) => line.startsWith('alice ')));
  });

  it('ls --json', async () => {
    const result = await adminOk(['--json', 'user', 'ls']);
    const users = JSON.parse(result.stdout) as Array<{ UserName: string; Email?: string }>;
    assert.equal(users.find((user) => user.UserName === 'alice')?.Email, 'alice@example.com');
  });

  it('rm deletes', async () => {
    await adminOk(['user', 'add', 'short-lived']);
    const result = await adminOk(['user', 'rm', 'short-lived']);
    assert.equal(result.stdout, 'Deleted user short-lived\n');
    const again = await admin(['user', 'rm', 'short-lived']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /NoSuchEntity: The user with name short-lived cannot be found\./);
  });
});

describe('coffer admin key', () => {
  let accessKeyId: string;
  let secretAccessKey: string;

  before(async () => {
    await adminOk(['user', 'add', 'keyholder']);
    await adminOk(['policy', 'put', 'keyholder', 'read', join(dir, 'read.json')]);
  });

  it('add prints the secret once', async () => {
    const result = await adminOk(['key', 'add', 'keyholder']);
    accessKeyId = /Access key id: +(AKIA[A-Z2-7]{16})/.exec(result.stdout)?.[1] ?? '';
    secretAccessKey = /Secret access key: +(\S{40})/.exec(result.stdout)?.[1] ?? '';
    assert.notEqual(accessKeyId, '');
    assert.notEqual(secretAccessKey, '');
    assert.match(result.stderr, /Store the secret access key now: it is shown only this once/);
    const listed = await adminOk(['key', 'ls', 'keyholder']);
    assert.equal(listed.stdout.includes(secretAccessKey), false);
    assert.match(listed.stdout, new RegExp(`${accessKeyId} +Active +\\d{4}-`));
  });

  it('new key signs requests', async () => {
    const output = await s3As(accessKeyId, secretAccessKey).send(new ListBucketsCommand({}));
    assert.equal(output.$metadata.httpStatusCode, 200);
  });

  it('disable and enable', async () => {
    assert.equal((await adminOk(['key', 'disable', accessKeyId])).stdout, `Disabled access key ${accessKeyId}\n`);
    assert.match((await adminOk(['key', 'ls', 'keyholder'])).stdout, new RegExp(`${accessKeyId} +Inactive`));
    await assert.rejects(s3As(accessKeyId, secretAccessKey).send(new ListBucketsCommand({})), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.$metadata?.httpStatusCode, 403);
      return true;
    });
    await adminOk(['key', 'enable', accessKeyId]);
    await s3As(accessKeyId, secretAccessKey).send(new ListBucketsCommand({}));
  });

  it('third key refused', async () => {
    await adminOk(['key', 'add', 'keyholder']);
    const result = await admin(['key', 'add', 'keyholder']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2/);
  });

  it('rm deletes the key', async () => {
    await adminOk(['key', 'rm', accessKeyId]);
    await assert.rejects(s3As(accessKeyId, secretAccessKey).send(new ListBucketsCommand({})));
    const listed = await adminOk(['--json', 'key', 'ls', 'keyholder']);
    assert.equal((JSON.parse(listed.stdout) as Array<{ AccessKeyId: string }>).some((key) => key.AccessKeyId === accessKeyId), false);
  });

  it('secrets stay out of the server log', () => {
    assert.equal(server.stdout().includes(secretAccessKey), false);
    assert.equal(server.stderr().includes(secretAccessKey), false);
  });
});

describe('coffer admin policy', () => {
  before(async () => {
    await adminOk(['user', 'add', 'reader']);
  });

  it('put, get, ls, rm', async () => {
    assert.equal((await adminOk(['policy', 'put', 'reader', 'read', join(dir, 'read.json')])).stdout, 'Stored policy read of user reader\n');
    const got = await adminOk(['policy', 'get', 'reader', 'read']);
    assert.deepEqual(JSON.parse(got.stdout), readPolicy);
    const json = await adminOk(['--json', 'policy', 'get', 'reader', 'read']);
    assert.deepEqual(JSON.parse(json.stdout), { UserName: 'reader', PolicyName: 'read', PolicyDocument: readPolicy });
    assert.equal((await adminOk(['policy', 'ls', 'reader'])).stdout, 'read\n');
    await adminOk(['policy', 'rm', 'reader', 'read']);
    const missing = await admin(['policy', 'get', 'reader', 'read']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /NoSuchEntity: The user policy with name read cannot be found\./);
  });

  it('put from standard input', async () => {
    const result = await run(
      process.execPath,
      [join(repoRoot, 'bin', 'coffer.js'), 'admin', '--endpoint-url', server.endpoint, 'policy', 'put', 'reader', 'stdin', '-'],
      { env, input: JSON.stringify(readPolicy) },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse((await adminOk(['policy', 'get', 'reader', 'stdin'])).stdout), readPolicy);
  });

  it('invalid JSON file', async () => {
    const result = await admin(['policy', 'put', 'reader', 'broken', join(dir, 'broken.json')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /broken\.json is not valid JSON/);
  });

  it('malformed policy', async () => {
    await writeFile(join(dir, 'principal.json'), JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] }));
    const result = await admin(['policy', 'put', 'reader', 'bad', join(dir, 'principal.json')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^coffer: MalformedPolicyDocument: /);
  });
});

describe('coffer admin role', () => {
  it('add and policy put', async () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/alice` }, Action: 'sts:AssumeRole' }],
    };
    await writeFile(join(dir, 'trust.json'), JSON.stringify(trust));
    const added = await adminOk(['role', 'add', 'auditor', '--trust', join(dir, 'trust.json'), '--max-session-duration', '7200']);
    assert.match(added.stdout, new RegExp(`^Created role auditor \\(arn:aws:iam::${accountId}:role/auditor\\)`));
    assert.match(added.stdout, /Max session duration: +7200 s/);
    assert.equal((await adminOk(['role', 'policy', 'put', 'auditor', 'read', join(dir, 'read.json')])).stdout, 'Stored policy read of role auditor\n');
    const listed = JSON.parse((await adminOk(['--json', 'role', 'ls'])).stdout) as Array<{ RoleName: string; AssumeRolePolicyDocument: unknown }>;
    assert.deepEqual(listed.find((role) => role.RoleName === 'auditor')?.AssumeRolePolicyDocument, trust);
    const role = JSON.parse((await runAws(['iam', 'get-role', '--role-name', 'auditor'])).stdout) as { Role: { MaxSessionDuration: number } };
    assert.equal(role.Role.MaxSessionDuration, 7200);
  });

  it('trust file required', async () => {
    const result = await admin(['role', 'add', 'nameless']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--trust <file>/);
  });
});

describe('coffer admin credentials', () => {
  it('unreachable server', async () => {
    const result = await run(process.execPath, [join(repoRoot, 'bin', 'coffer.js'), 'admin', '--endpoint-url', 'http://127.0.0.1:9', 'user', 'ls'], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot reach Coffer at http:\/\/127\.0\.0\.1:9/);
  });

  it('wrong secret', async () => {
    const result = await admin(['user', 'ls'], { AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /SignatureDoesNotMatch/);
  });

  it('named profile', async () => {
    const credentialsFile = join(dir, 'credentials');
    await writeFile(
      credentialsFile,
      `[coffer-root]\naws_access_key_id = ${server.accessKeyId}\naws_secret_access_key = ${server.secretAccessKey}\n`,
    );
    const result = await adminOk(['--profile', 'coffer-root', 'user', 'ls'], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    });
    assert.match(result.stdout, /^NAME/);
  });
});

describe('coffer admin with generated root credentials', () => {
  let generated: CofferServer;

  before(async () => {
    generated = await startCoffer({ rootEnv: false });
  });

  after(async () => {
    await generated?.stop();
  });

  it('reads root-credentials.json from --data', async () => {
    const clean: NodeJS.ProcessEnv = { ...env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const result = await run(
      process.execPath,
      [join(repoRoot, 'bin', 'coffer.js'), 'admin', '--endpoint-url', generated.endpoint, '--data', generated.dataDir, 'user', 'add', 'zoe'],
      { env: clean },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Created user zoe/);
  });
});
