import assert from 'node:assert/strict';
import { test } from 'node:test';

import { evaluatePolicies, parsePolicy, s3RequestConditionKeys, type PolicyKind, type RequestPrincipal } from '../../src/policy/index.js';
import { accountId, bucket, decide, policyText, principals } from './policy-helpers.js';

const objectArn = (key: string) => `arn:aws:s3:::${bucket}/${key}`;
const bucketArn = `arn:aws:s3:::${bucket}`;

function request(principal: RequestPrincipal, action = 's3:GetObject', resource = objectArn('a.jpg')) {
  return { principal, action, resource };
}

function bucketPolicy(statements: unknown, version: string | null = '2012-10-17') {
  return parsePolicy(policyText(statements, version), 'resource', { bucket });
}

function decision(kind: PolicyKind, statements: unknown, principal: RequestPrincipal, action?: string, resource?: string): string {
  const options = kind === 'resource' ? { bucket } : {};
  return decide(policyText(statements), kind, request(principal, action, resource), options).decision;
}

// "Policy evaluation logic" (IAM User Guide): an explicit deny in any policy overrides any
// allows; otherwise an allow in an identity-based or resource-based policy grants.
test('explicit deny beats allow', () => {
  const policy = bucketPolicy([
    { Sid: 'Read', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucketArn}/*` },
    { Sid: 'NoSecrets', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${bucketArn}/secret/*` },
  ]);
  const result = evaluatePolicies(request(principals.alice, 's3:GetObject', objectArn('secret/x')), [{ name: 'bucket policy', policy }]);
  assert.deepEqual(result, { decision: 'explicitDeny', statement: { source: 'bucket policy', sid: 'NoSecrets', index: 1 } });
});

test('explicit deny in identity policy beats bucket allow', () => {
  const allow = bucketPolicy([{ Effect: 'Allow', Principal: { AWS: principals.alice.arn }, Action: 's3:GetObject', Resource: `${bucketArn}/*` }]);
  const deny = parsePolicy(policyText([{ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }]), 'identity');
  const result = evaluatePolicies(request(principals.alice), [
    { name: 'bucket policy', policy: allow },
    { name: 'user policy Lockdown', policy: deny },
  ]);
  assert.deepEqual(result, { decision: 'explicitDeny', statement: { source: 'user policy Lockdown', sid: undefined, index: 0 } });
});

test('allow from bucket policy alone', () => {
  const policy = bucketPolicy([{ Sid: 'Alice', Effect: 'Allow', Principal: { AWS: principals.alice.arn }, Action: 's3:GetObject', Resource: `${bucketArn}/*` }]);
  const result = evaluatePolicies(request(principals.alice), [{ name: 'bucket policy', policy }]);
  assert.deepEqual(result, { decision: 'allow', statement: { source: 'bucket policy', sid: 'Alice', index: 0 } });
});

test('allow from identity policy alone', () => {
  const policy = parsePolicy(policyText([{ Effect: 'Allow', Action: 's3:*', Resource: `${bucketArn}/*` }]), 'identity');
  const result = evaluatePolicies(request(principals.bob), [{ name: 'user policy', policy }]);
  assert.equal(result.decision, 'allow');
});

test('allow reports first allowing statement', () => {
  const first = parsePolicy(policyText([{ Sid: 'First', Effect: 'Allow', Action: 's3:Get*', Resource: '*' }]), 'identity');
  const second = parsePolicy(policyText([{ Sid: 'Second', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]), 'identity');
  const result = evaluatePolicies(request(principals.bob), [
    { name: 'group policy', policy: first },
    { name: 'user policy', policy: second },
  ]);
  assert.deepEqual(result.statement, { source: 'group policy', sid: 'First', index: 0 });
});

test('implicit deny without matching statement', () => {
  const policy = bucketPolicy([{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: `${bucketArn}/*` }]);
  const result = evaluatePolicies(request(principals.alice), [{ name: 'bucket policy', policy }]);
  assert.deepEqual(result, { decision: 'implicitDeny' });
});

test('implicit deny without policies', () => {
  assert.deepEqual(evaluatePolicies(request(principals.alice), []), { decision: 'implicitDeny' });
});

test('deny with failed condition not applied', () => {
  const statements = [
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${bucketArn}/*` },
    { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${bucketArn}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  ];
  const text = policyText(statements);
  const secure = decide(text, 'resource', { ...request(principals.alice), context: { 'aws:SecureTransport': 'true' } }, { bucket });
  const plain = decide(text, 'resource', { ...request(principals.alice), context: { 'aws:SecureTransport': 'false' } }, { bucket });
  assert.equal(secure.decision, 'allow');
  assert.equal(plain.decision, 'explicitDeny');
});

// Action matching: wildcards, and "The prefix and the action name are case insensitive" (IAM JSON policy elements: Action).
const actionRows: [string, unknown, string, string][] = [
  ['Action exact', 's3:GetObject', 's3:GetObject', 'allow'],
  ['Action case-insensitive', 'S3:GETOBJECT', 's3:GetObject', 'allow'],
  ['Action prefix wildcard', 's3:Get*', 's3:GetObjectAcl', 'allow'],
  ['Action prefix wildcard other verb', 's3:Get*', 's3:PutObject', 'implicitDeny'],
  ['Action service wildcard', 's3:*', 's3:DeleteObject', 'allow'],
  ['Action all services', '*', 's3:PutObject', 'allow'],
  ['Action inner wildcard', 's3:*Object', 's3:PutObject', 'allow'],
  ['Action question mark', 's3:?etObject', 's3:GetObject', 'allow'],
  ['Action list', ['s3:PutObject', 's3:GetObject'], 's3:GetObject', 'allow'],
  ['Action other service', 'iam:*', 's3:GetObject', 'implicitDeny'],
];

for (const [name, action, requested, expected] of actionRows) {
  test(name, () => {
    assert.equal(decision('identity', [{ Effect: 'Allow', Action: action, Resource: '*' }], principals.bob, requested), expected);
  });
}

test('NotAction allows all but listed', () => {
  const statements = [{ Effect: 'Allow', NotAction: 's3:DeleteObject', Resource: `${bucketArn}/*` }];
  assert.equal(decision('identity', statements, principals.bob, 's3:PutObject'), 'allow');
  assert.equal(decision('identity', statements, principals.bob, 's3:DeleteObject'), 'implicitDeny');
});

// Resource matching: case-sensitive, `*` spans `/` within the resource segment (IAM JSON policy elements: Resource).
const resourceRows: [string, unknown, string, string][] = [
  ['Resource exact object', `${bucketArn}/a.jpg`, objectArn('a.jpg'), 'allow'],
  ['Resource case-sensitive', `${bucketArn}/A.jpg`, objectArn('a.jpg'), 'implicitDeny'],
  ['Resource star spans slashes', `${bucketArn}/1/*/test/*`, objectArn('1/2/3/test/4/object.jpg'), 'allow'],
  ['Resource star needs its literal parts', `${bucketArn}/1/*/test/*`, objectArn('1-test/object.jpg'), 'implicitDeny'],
  ['Resource question mark', `${bucketArn}/img?.png`, objectArn('img7.png'), 'allow'],
  ['Resource star everything', '*', objectArn('deep/key'), 'allow'],
  ['Resource bucket only', bucketArn, objectArn('a.jpg'), 'implicitDeny'],
  ['Resource key with colons', `${bucketArn}/*`, objectArn('a:b:c'), 'allow'],
  ['Resource any bucket pattern', 'arn:aws:s3:::*', objectArn('a.jpg'), 'allow'],
];

for (const [name, resource, requested, expected] of resourceRows) {
  test(name, () => {
    assert.equal(decision('identity', [{ Effect: 'Allow', Action: 's3:*', Resource: resource }], principals.bob, 's3:GetObject', requested), expected);
  });
}

test('NotResource excludes listed', () => {
  const statements = [{ Effect: 'Deny', Action: 's3:*', NotResource: [`${bucketArn}/public/*`] }];
  assert.equal(decision('identity', statements, principals.bob, 's3:GetObject', objectArn('public/a')), 'implicitDeny');
  assert.equal(decision('identity', statements, principals.bob, 's3:GetObject', objectArn('private/a')), 'explicitDeny');
});

test('Resource variable per user', () => {
  const statements = [{ Effect: 'Allow', Action: 's3:*', Resource: `${bucketArn}/home/\${aws:username}/*` }];
  assert.equal(decision('identity', statements, principals.alice, 's3:GetObject', objectArn('home/alice/cv.pdf')), 'allow');
  assert.equal(decision('identity', statements, principals.bob, 's3:GetObject', objectArn('home/alice/cv.pdf')), 'implicitDeny');
});

// "If a variable that has no value ... is used as part of the Resource or NotResource element
// ..., the resource that includes a policy variable with no value will not match any resource."
test('Resource variable without value matches nothing', () => {
  const statements = [{ Effect: 'Allow', Action: 's3:*', Resource: `${bucketArn}/home/\${aws:username}/*` }];
  assert.equal(decision('identity', statements, principals.session, 's3:GetObject', objectArn('home//x')), 'implicitDeny');
  const notResource = [{ Effect: 'Deny', Action: 's3:*', NotResource: `${bucketArn}/home/\${aws:username}/*` }];
  assert.equal(decision('identity', notResource, principals.session, 's3:GetObject', objectArn('home/x/y')), 'explicitDeny');
});

test('Resource variable literal in Version 2008-10-17', () => {
  const policy = parsePolicy(
    policyText([{ Effect: 'Allow', Action: 's3:*', Resource: `${bucketArn}/home/\${aws:username}/*` }], '2008-10-17'),
    'identity',
  );
  const literal = evaluatePolicies(request(principals.alice, 's3:GetObject', objectArn('home/${aws:username}/x')), [{ name: 'p', policy }]);
  const substituted = evaluatePolicies(request(principals.alice, 's3:GetObject', objectArn('home/alice/x')), [{ name: 'p', policy }]);
  assert.equal(literal.decision, 'allow');
  assert.equal(substituted.decision, 'implicitDeny');
});

test('Resource variable special characters', () => {
  const statements = [{ Effect: 'Allow', Action: 's3:*', Resource: `${bucketArn}/literal-\${*}-star` }];
  assert.equal(decision('identity', statements, principals.bob, 's3:GetObject', objectArn('literal-*-star')), 'allow');
  assert.equal(decision('identity', statements, principals.bob, 's3:GetObject', objectArn('literal-x-star')), 'implicitDeny');
});

// Principal matching in bucket policies ("AWS JSON policy elements: Principal").
const principalRows: [string, string, unknown, RequestPrincipal, string][] = [
  ['Principal star anonymous', 'Allow', '*', principals.anonymous, 'allow'],
  ['Principal AWS star anonymous', 'Allow', { AWS: '*' }, principals.anonymous, 'allow'],
  ['Principal user ARN matches user', 'Allow', { AWS: principals.alice.arn }, principals.alice, 'allow'],
  ['Principal user ARN other user', 'Allow', { AWS: principals.alice.arn }, principals.bob, 'implicitDeny'],
  ['Principal user ARN anonymous', 'Allow', { AWS: principals.alice.arn }, principals.anonymous, 'implicitDeny'],
  ['Principal user ARN with path', 'Allow', { AWS: `arn:aws:iam::${accountId}:user/staff/alice` }, principals.alice, 'allow'],
  ['Principal user list', 'Allow', { AWS: [principals.bob.arn, principals.alice.arn] }, principals.alice, 'allow'],
  ['Principal account root ARN root', 'Allow', { AWS: `arn:aws:iam::${accountId}:root` }, principals.root, 'allow'],
  ['Principal account id root', 'Allow', { AWS: accountId }, principals.root, 'allow'],
  // "Using the account ARN ... delegates permissions to the account": its users need their own allow.
  ['Principal account allow not user', 'Allow', { AWS: accountId }, principals.alice, 'implicitDeny'],
  ['Principal account deny covers user', 'Deny', { AWS: accountId }, principals.alice, 'explicitDeny'],
  ['Principal other account', 'Allow', { AWS: '444455556666' }, principals.root, 'implicitDeny'],
  ['Principal role ARN session', 'Allow', { AWS: `arn:aws:iam::${accountId}:role/auditor` }, principals.session, 'allow'],
  ['Principal role ARN other role', 'Allow', { AWS: `arn:aws:iam::${accountId}:role/admin` }, principals.session, 'implicitDeny'],
  ['Principal assumed-role session', 'Allow', { AWS: principals.session.arn }, principals.session, 'allow'],
  ['Principal assumed-role other session', 'Allow', { AWS: `arn:aws:sts::${accountId}:assumed-role/auditor/other` }, principals.session, 'implicitDeny'],
  ['Principal canonical user', 'Allow', { CanonicalUser: 'b'.repeat(64) }, principals.alice, 'allow'],
  ['Principal canonical user other', 'Allow', { CanonicalUser: 'b'.repeat(64) }, principals.bob, 'implicitDeny'],
  ['Principal service never matches', 'Allow', { Service: 'cloudtrail.amazonaws.com' }, principals.alice, 'implicitDeny'],
];

for (const [name, effect, principal, caller, expected] of principalRows) {
  test(name, () => {
    const statements = [{ Effect: effect, Principal: principal, Action: 's3:GetObject', Resource: `${bucketArn}/*` }];
    assert.equal(decision('resource', statements, caller), expected);
  });
}

// "all principals except for the ones specified" are denied; the account ARN is listed too,
// because AWS "might validate the account first and then the user" (NotPrincipal element).
test('NotPrincipal excludes user', () => {
  const statements = [
    { Effect: 'Deny', NotPrincipal: { AWS: [principals.alice.arn, `arn:aws:iam::${accountId}:root`] }, Action: 's3:*', Resource: `${bucketArn}/*` },
  ];
  assert.equal(decision('resource', statements, principals.alice), 'implicitDeny');
});

test('NotPrincipal denies unlisted user', () => {
  const statements = [
    { Effect: 'Deny', NotPrincipal: { AWS: [principals.alice.arn, `arn:aws:iam::${accountId}:root`] }, Action: 's3:*', Resource: `${bucketArn}/*` },
  ];
  assert.equal(decision('resource', statements, principals.bob), 'explicitDeny');
});

test('NotPrincipal without account still denies user', () => {
  const statements = [{ Effect: 'Deny', NotPrincipal: { AWS: principals.alice.arn }, Action: 's3:*', Resource: `${bucketArn}/*` }];
  assert.equal(decision('resource', statements, principals.alice), 'explicitDeny');
});

test('NotPrincipal session needs role and account', () => {
  const listed = [principals.session.arn, `arn:aws:iam::${accountId}:role/auditor`, `arn:aws:iam::${accountId}:root`];
  const full = [{ Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: 's3:*', Resource: `${bucketArn}/*` }];
  const withoutRole = [{ Effect: 'Deny', NotPrincipal: { AWS: [listed[0], listed[2]] }, Action: 's3:*', Resource: `${bucketArn}/*` }];
  assert.equal(decision('resource', full, principals.session), 'implicitDeny');
  assert.equal(decision('resource', withoutRole, principals.session), 'explicitDeny');
});

test('NotPrincipal denies anonymous', () => {
  const statements = [{ Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 's3:*', Resource: `${bucketArn}/*` }];
  assert.equal(decision('resource', statements, principals.anonymous), 'explicitDeny');
});

test('NotPrincipal everyone excludes all', () => {
  const statements = [{ Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: 's3:*', Resource: `${bucketArn}/*` }];
  assert.equal(decision('resource', statements, principals.anonymous), 'implicitDeny');
});

test('NotPrincipal with Allow grants others', () => {
  const statements = [{ Effect: 'Allow', NotPrincipal: { AWS: principals.alice.arn }, Action: 's3:GetObject', Resource: `${bucketArn}/*` }];
  assert.equal(decision('resource', statements, principals.bob), 'allow');
  assert.equal(decision('resource', statements, principals.alice), 'implicitDeny');
});

test('NotPrincipal with Allow account excludes users', () => {
  const statements = [{ Effect: 'Allow', NotPrincipal: { AWS: accountId }, Action: 's3:GetObject', Resource: `${bucketArn}/*` }];
  assert.equal(decision('resource', statements, principals.alice), 'implicitDeny');
  assert.equal(decision('resource', statements, principals.stranger), 'allow');
});

// The IAM User Guide's alternative to NotPrincipal: Principal "*" with ArnNotEquals on aws:PrincipalArn.
test('PrincipalArn condition instead of NotPrincipal', () => {
  const statements = [
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': principals.alice.arn } },
    },
  ];
  assert.equal(decision('resource', statements, principals.alice), 'implicitDeny');
  assert.equal(decision('resource', statements, principals.bob), 'explicitDeny');
  assert.equal(decision('resource', statements, principals.anonymous), 'explicitDeny');
});

test('identity policy ignores principal matching', () => {
  const statements = [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }];
  assert.equal(decision('identity', statements, principals.anonymous), 'allow');
});

test('trust policy allows named account', () => {
  const statements = [{ Effect: 'Allow', Principal: { AWS: accountId }, Action: 'sts:AssumeRole' }];
  const roleArn = `arn:aws:iam::${accountId}:role/auditor`;
  assert.equal(decision('trust', statements, principals.root, 'sts:AssumeRole', roleArn), 'allow');
  assert.equal(decision('trust', statements, principals.root, 'sts:TagSession', roleArn), 'implicitDeny');
});

test('trust policy condition on external id', () => {
  const text = policyText([
    { Effect: 'Allow', Principal: { AWS: principals.alice.arn }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x-42' } } },
  ]);
  const roleArn = `arn:aws:iam::${accountId}:role/auditor`;
  const withId = decide(text, 'trust', { principal: principals.alice, action: 'sts:AssumeRole', resource: roleArn, context: { 'sts:ExternalId': 'x-42' } });
  const withoutId = decide(text, 'trust', { principal: principals.alice, action: 'sts:AssumeRole', resource: roleArn });
  assert.equal(withId.decision, 'allow');
  assert.equal(withoutId.decision, 'implicitDeny');
});

test('bucket policy home folder example', () => {
  // The IAM User Guide's home directory example: list the bucket under one's own prefix.
  const statements = [
    {
      Effect: 'Allow',
      Principal: { AWS: [principals.alice.arn, principals.bob.arn] },
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } },
    },
  ];
  const text = policyText(statements);
  const list = (principal: RequestPrincipal, prefix: string) =>
    decide(text, 'resource', { principal, action: 's3:ListBucket', resource: bucketArn, context: { 's3:prefix': prefix } }, { bucket }).decision;
  assert.equal(list(principals.alice, 'home/alice/'), 'allow');
  assert.equal(list(principals.alice, 'home/bob/'), 'implicitDeny');
  assert.equal(list(principals.bob, ''), 'allow');
});

test('S3 request keys drive conditions', () => {
  const context = s3RequestConditionKeys({
    sourceIp: '::ffff:192.0.2.10',
    secureTransport: false,
    currentTime: new Date('2024-05-01T12:00:00Z'),
    authType: 'REST-QUERY-STRING',
    signatureVersion: 'AWS4-HMAC-SHA256',
    signatureAgeMs: 1_200_000,
    headers: { 'x-amz-acl': 'public-read' },
    requestObjectTags: new Map([['team', 'red']]),
  });
  assert.equal(context['aws:EpochTime'], '1714564800');
  assert.equal(context['s3:signatureAge'], '1200000');
  assert.equal(context['s3:x-amz-acl'], 'public-read');
  assert.deepEqual(context['s3:RequestObjectTagKeys'], ['team']);
  assert.equal(context['aws:UserAgent'], undefined);

  // The "Working with presigned URLs" example (S3 User Guide): deny signatures older than
  // ten minutes, naming the account, which covers its users.
  const text = policyText([
    { Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: `${bucketArn}/*` },
    {
      Sid: 'Deny a presigned URL request if the signature is more than 10 min old',
      Effect: 'Deny',
      Principal: { AWS: accountId },
      Action: 's3:*',
      Resource: `${bucketArn}/*`,
      Condition: { NumericGreaterThan: { 's3:signatureAge': 600000 } },
    },
  ]);
  const result = decide(text, 'resource', { principal: principals.alice, action: 's3:PutObject', resource: objectArn('x'), context }, { bucket });
  assert.equal(result.decision, 'explicitDeny');
});
