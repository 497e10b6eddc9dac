import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { run, runOk, toolEnv, type RunResult } from './harness/clients.js';
import { startCoffer, type CofferServer } from './harness/server.js';

let server: CofferServer;
let rootEnv: NodeJS.ProcessEnv;
let accountId: string;

before(async () => {
  server = await startCoffer();
  rootEnv = await toolEnv(server);
  accountId = (JSON.parse((await aws(['sts', 'get-caller-identity'])).stdout) as { Account: string }).Account;
});

after(async () => {
  await server?.stop();
});

/** Runs aws against the server and returns its output whatever the exit status. */
function aws(args: string[], env: NodeJS.ProcessEnv = rootEnv): Promise<RunResult> {
  return run('aws', ['--endpoint-url', server.endpoint, '--output', 'json', ...args], { env });
}

async function awsJson<T = Record<string, any>>(args: string[], env: NodeJS.ProcessEnv = rootEnv): Promise<T> {
  const result = await aws(args, env);
  assert.equal(result.code, 0, `aws ${args.join(' ')} failed\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return (result.stdout.trim() === '' ? {} : JSON.parse(result.stdout)) as T;
}

function envFor(credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...rootEnv, AWS_ACCESS_KEY_ID: credentials.AccessKeyId, AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey };
  if (credentials.SessionToken !== undefined) env.AWS_SESSION_TOKEN = credentials.SessionToken;
  return env;
}

/** Creates a user with an access key and inline policy and returns an environment that signs as it. */
async function userWithKey(userName: string, policy: object): Promise<NodeJS.ProcessEnv> {
  await awsJson(['iam', 'create-user', '--user-name', userName]);
  await awsJson(['iam', 'put-user-policy', '--user-name', userName, '--policy-name', 'main', '--policy-document', JSON.stringify(policy)]);
  const { AccessKey } = await awsJson(['iam', 'create-access-key', '--user-name', userName]);
  return envFor(AccessKey);
}

describe('aws iam', () => {
  it('users and keys', async () => {
    const { User } = await awsJson(['iam', 'create-user', '--user-name', 'cli-user', '--path', '/team/', '--tags', 'Key=team,Value=blue']);
    assert.equal(User.Arn, `arn:aws:iam::${accountId}:user/team/cli-user`);
    assert.deepEqual(User.Tags, [{ Key: 'team', Value: 'blue' }]);
    const listed = await awsJson(['iam', 'list-users', '--path-prefix', '/team/']);
    assert.deepEqual(listed.Users.map((user: { UserName: string }) => user.UserName), ['cli-user']);
    const { AccessKey } = await awsJson(['iam', 'create-access-key', '--user-name', 'cli-user']);
    assert.equal(AccessKey.Status, 'Active');
    await awsJson(['iam', 'update-access-key', '--user-name', 'cli-user', '--access-key-id', AccessKey.AccessKeyId, '--status', 'Inactive']);
    const keys = await awsJson(['iam', 'list-access-keys', '--user-name', 'cli-user']);
    assert.equal(keys.AccessKeyMetadata[0].Status, 'Inactive');
    await awsJson(['iam', 'delete-access-key', '--user-name', 'cli-user', '--access-key-id', AccessKey.AccessKeyId]);
    await awsJson(['iam', 'delete-user', '--user-name', 'cli-user']);
  });

  it('root GetUser', async () => {
    const { User } = await awsJson(['iam', 'get-user']);
    assert.equal(User.Arn, `arn:aws:iam::${accountId}:root`);
    assert.equal(User.UserId, accountId);
  });

  it('policy documents decoded', async () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };
    await awsJson(['iam', 'create-user', '--user-name', 'policy-user']);
    await awsJson(['iam', 'put-user-policy', '--user-name', 'policy-user', '--policy-name', 'get', '--policy-document', JSON.stringify(policy)]);
    const got = await awsJson(['iam', 'get-user-policy', '--user-name', 'policy-user', '--policy-name', 'get']);
    assert.deepEqual(got.PolicyDocument, policy);
    const names = await awsJson(['iam', 'list-user-policies', '--user-name', 'policy-user']);
    assert.deepEqual(names.PolicyNames, ['get']);
  });

  it('roles', async () => {
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: accountId }, Action: 'sts:AssumeRole' }] };
    const { Role } = await awsJson(['iam', 'create-role', '--role-name', 'cli-role', '--assume-role-policy-document', JSON.stringify(trust)]);
    assert.deepEqual(Role.AssumeRolePolicyDocument, trust);
    const got = await awsJson(['iam', 'get-role', '--role-name', 'cli-role']);
    assert.equal(got.Role.MaxSessionDuration, 3600);
    assert.deepEqual(got.Role.RoleLastUsed, {});
    await awsJson(['iam', 'put-role-policy', '--role-name', 'cli-role', '--policy-name', 'p', '--policy-document', JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })]);
    const conflict = await aws(['iam', 'delete-role', '--role-name', 'cli-role']);
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /\(DeleteConflict\).*Cannot delete entity, must delete policies first\./);
  });

  it('errors', async () => {
    const missing = await aws(['iam', 'get-user', '--user-name', 'nobody']);
    assert.match(missing.stderr, /An error occurred \(NoSuchEntity\) when calling the GetUser operation: The user with name nobody cannot be found\./);
    const invalid = await aws(['iam', 'create-user', '--user-name', 'no spaces']);
    assert.match(invalid.stderr, /\(ValidationError\).*Value 'no spaces' at 'userName' failed to satisfy constraint/);
    const malformed = await aws(['iam', 'create-role', '--role-name', 'r', '--assume-role-policy-document', '{"Statement": []}']);
    assert.match(malformed.stderr, /\(MalformedPolicyDocument\)/);
  });

  it('users need permission', async () => {
    const env = await userWithKey('limited', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] });
    const denied = await aws(['iam', 'list-users'], env);
    assert.match(
      denied.stderr,
      new RegExp(`\\(AccessDenied\\).*User: arn:aws:iam::${accountId}:user/limited is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${accountId}:user/`),
    );
  });
});

describe('aws sts', () => {
  let userEnv: NodeJS.ProcessEnv;

  before(async () => {
    userEnv = await userWithKey('sts-user', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${accountId}:role/sts-role` },
      ],
    });
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/sts-user` }, Action: 'sts:AssumeRole' }],
    };
    await awsJson(['iam', 'create-role', '--role-name', 'sts-role', '--assume-role-policy-document', JSON.stringify(trust)]);
    await awsJson(['iam', 'put-role-policy', '--role-name', 'sts-role', '--policy-name', 'list', '--policy-document', JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] })]);
  });

  it('GetCallerIdentity of a user', async () => {
    const identity = await awsJson(['sts', 'get-caller-identity'], userEnv);
    assert.equal(identity.Arn, `arn:aws:iam::${accountId}:user/sts-user`);
    assert.match(identity.UserId, /^AIDA/);
  });

  it('GetSessionToken credentials work', async () => {
    const { Credentials } = await awsJson(['sts', 'get-session-token', '--duration-seconds', '900'], userEnv);
    assert.match(Credentials.AccessKeyId, /^ASIA/);
    const sessionEnv = envFor(Credentials);
    const identity = await awsJson(['sts', 'get-caller-identity'], sessionEnv);
    assert.equal(identity.Arn, `arn:aws:iam::${accountId}:user/sts-user`);
    await runOk('aws', ['--endpoint-url', server.endpoint, 's3', 'ls'], { env: sessionEnv });
    const again = await aws(['sts', 'get-session-token'], sessionEnv);
    assert.match(again.stderr, /\(AccessDenied\).*Cannot call GetSessionToken with session credentials/);
    const noToken = await aws(['sts', 'get-caller-identity'], { ...sessionEnv, AWS_SESSION_TOKEN: '' });
    assert.notEqual(noToken.code, 0);
  });

  it('AssumeRole credentials work', async () => {
    const assumed = await awsJson(
      ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${accountId}:role/sts-role`, '--role-session-name', 'cli-session'],
      userEnv,
    );
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${accountId}:assumed-role/sts-role/cli-session`);
    const sessionEnv = envFor(assumed.Credentials);
    const identity = await awsJson(['sts', 'get-caller-identity'], sessionEnv);
    assert.equal(identity.Arn, assumed.AssumedRoleUser.Arn);
    assert.equal(identity.UserId, assumed.AssumedRoleUser.AssumedRoleId);
    await runOk('aws', ['--endpoint-url', server.endpoint, 's3', 'ls'], { env: sessionEnv });
    const getUser = await aws(['iam', 'get-user'], sessionEnv);
    assert.match(getUser.stderr, /\(ValidationError\).*Must specify userName when calling with non-User credentials/);
  });

  it('AssumeRole limits', async () => {
    const tooLong = await aws(
      ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${accountId}:role/sts-role`, '--role-session-name', 'long-one', '--duration-seconds', '7200'],
      userEnv,
    );
    assert.match(tooLong.stderr, /\(ValidationError\).*exceeds the MaxSessionDuration set for this role/);
    const root = await aws(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${accountId}:role/sts-role`, '--role-session-name', 'root-try']);
    assert.match(root.stderr, /\(AccessDenied\).*Roles may not be assumed by root accounts\./);
    const missing = await aws(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${accountId}:role/missing`, '--role-session-name', 'x1'], userEnv);
    assert.match(missing.stderr, /\(AccessDenied\).*is not authorized to perform: sts:AssumeRole/);
  });
});

describe('boto3', () => {
  it('IAM and STS clients', async () => {
    const script = String.raw`
import json, os, boto3, botocore
ep = os.environ['COFFER_ENDPOINT']
iam = boto3.client('iam', endpoint_url=ep)
sts = boto3.client('sts', endpoint_url=ep)
out = {}
account = sts.get_caller_identity()['Account']
iam.create_user(UserName='boto-user')
key = iam.create_access_key(UserName='boto-user')['AccessKey']
iam.put_user_policy(UserName='boto-user', PolicyName='assume', PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Resource': '*'}]}))
out['policy'] = iam.get_user_policy(UserName='boto-user', PolicyName='assume')['PolicyDocument']
for name in ['p1', 'p2', 'p3']:
    iam.create_user(UserName='page-' + name)
pages = iam.get_paginator('list_users').paginate(PaginationConfig={'PageSize': 2})
out['users'] = [u['UserName'] for page in pages for u in page['Users']]
try:
    iam.delete_user(UserName='boto-user')
except iam.exceptions.DeleteConflictException as e:
    out['conflict'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
try:
    iam.get_user(UserName='nobody')
except iam.exceptions.NoSuchEntityException as e:
    out['missing'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::%s:user/boto-user' % account}, 'Action': 'sts:AssumeRole'}]}
role = iam.create_role(RoleName='boto-role', AssumeRolePolicyDocument=json.dumps(trust))['Role']
user_sts = boto3.client('sts', endpoint_url=ep, aws_access_key_id=key['AccessKeyId'], aws_secret_access_key=key['SecretAccessKey'])
session_policy = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:ListAllMyBuckets', 'Resource': '*'}]}
assumed = user_sts.assume_role(RoleArn=role['Arn'], RoleSessionName='boto-session', DurationSeconds=900, Policy=json.dumps(session_policy))
out['assumed'] = assumed['AssumedRoleUser']
out['packed'] = assumed['PackedPolicySize']
creds = assumed['Credentials']
role_sts = boto3.client('sts', endpoint_url=ep, aws_access_key_id=creds['AccessKeyId'], aws_secret_access_key=creds['SecretAccessKey'], aws_session_token=creds['SessionToken'])
out['role_identity'] = role_sts.get_caller_identity()['Arn']
token = user_sts.get_session_token(DurationSeconds=900)['Credentials']
out['session_key_prefix'] = token['AccessKeyId'][:4]
iam.delete_access_key(UserName='boto-user', AccessKeyId=key['AccessKeyId'])
session_sts = boto3.client('sts', endpoint_url=ep, aws_access_key_id=token['AccessKeyId'], aws_secret_access_key=token['SecretAccessKey'], aws_session_token=token['SessionToken'])
try:
    session_sts.get_caller_identity()
    out['after_delete'] = 'accepted'
except botocore.exceptions.ClientError as e:
    out['after_delete'] = e.response['ResponseMetadata']['HTTPStatusCode']
print(json.dumps(out, default=str))
`;
    const result = await runOk('python3', ['-c', script], { env: rootEnv });
    const out = JSON.parse(result.stdout) as Record<string, any>;
    assert.deepEqual(out.policy, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
    for (const name of ['boto-user', 'page-p1', 'page-p2', 'page-p3']) assert.ok(out.users.includes(name), `${name} missing from ${out.users}`);
    assert.deepEqual(out.conflict, ['DeleteConflict', 409]);
    assert.deepEqual(out.missing, ['NoSuchEntity', 404]);
    assert.equal(out.assumed.Arn, `arn:aws:sts::${accountId}:assumed-role/boto-role/boto-session`);
    assert.match(out.assumed.AssumedRoleId, /^AROA[A-Z2-7]{17}:boto-session$/);
    assert.equal(typeof out.packed, 'number');
    assert.equal(out.role_identity, out.assumed.Arn);
    assert.equal(out.session_key_prefix, 'ASIA');
    assert.equal(out.after_delete, 403);
  });
});
