import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parsePolicy, policySizeLimits, type Policy } from '../../src/policy/index.js';
import { accountId, assertRejected, bucket, policyText } from './policy-helpers.js';

const objects = `arn:aws:s3:::${bucket}/*`;
const bucketArn = `arn:aws:s3:::${bucket}`;
const options = { bucket };

/** Builds a valid bucket policy statement changed by `overrides`, where undefined removes a key. */
function statement(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: objects };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

function parseBucketPolicy(statements: unknown, version: string | null = '2012-10-17'): Policy {
  return parsePolicy(policyText(statements, version), 'resource', options);
}

function firstStatement(policy: Policy) {
  const first = policy.statements[0];
  assert.ok(first !== undefined);
  return first;
}

test('Version accepted values', () => {
  assert.equal(parseBucketPolicy([statement()], '2012-10-17').version, '2012-10-17');
  assert.equal(parseBucketPolicy([statement()], '2008-10-17').version, '2008-10-17');
  assert.equal(parseBucketPolicy([statement()], null).version, undefined);
});

test('Statement as object or array', () => {
  const single = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statement() }), 'resource', options);
  assert.equal(single.statements.length, 1);
  assert.equal(firstStatement(single).index, 0);
  const several = parseBucketPolicy([statement({ Sid: 'One' }), statement({ Sid: 'Two', Effect: 'Deny' })]);
  assert.deepEqual(
    several.statements.map((s) => [s.index, s.sid, s.effect]),
    [
      [0, 'One', 'Allow'],
      [1, 'Two', 'Deny'],
    ],
  );
});

// S3's own example in "Working with presigned URLs" has a Sid with spaces; IAM allows A-Z, a-z, 0-9 only.
test('Sid free text in bucket policy', () => {
  const sid = 'Deny a presigned URL request if the signature is more than 10 min old';
  assert.equal(firstStatement(parseBucketPolicy([statement({ Sid: sid })])).sid, sid);
});

test('Id element kept', () => {
  const policy = parsePolicy(JSON.stringify({ Id: 'PolicyA', Statement: [statement()] }), 'resource', options);
  assert.equal(policy.id, 'PolicyA');
});

test('Principal forms normalised', () => {
  const everyone = firstStatement(parseBucketPolicy([statement({ Principal: '*' })])).principal;
  assert.equal(everyone?.everyone, true);
  const awsStar = firstStatement(parseBucketPolicy([statement({ Principal: { AWS: '*' } })])).principal;
  assert.equal(awsStar?.everyone, true);

  const named = firstStatement(
    parseBucketPolicy([
      statement({
        Principal: {
          AWS: [
            `arn:aws:iam::${accountId}:user/alice`,
            `arn:aws:iam::${accountId}:user/division/bob`,
            `arn:aws:iam::${accountId}:root`,
            '444455556666',
            `arn:aws:iam::${accountId}:role/auditor`,
            `arn:aws:sts::${accountId}:assumed-role/auditor/audit-run`,
          ],
          CanonicalUser: 'AB'.repeat(32),
          Service: 'cloudtrail.amazonaws.com',
        },
      }),
    ]),
  ).principal;
  assert.equal(named?.everyone, false);
  assert.deepEqual(
    named?.aws.map((p) => p.type),
    ['user', 'user', 'account', 'account', 'role', 'assumed-role'],
  );
  assert.deepEqual(named?.aws[1], {
    type: 'user',
    accountId,
    name: 'bob',
    source: `arn:aws:iam::${accountId}:user/division/bob`,
  });
  assert.deepEqual(named?.canonicalUsers, ['ab'.repeat(32)]);
  assert.deepEqual(named?.services, ['cloudtrail.amazonaws.com']);
});

test('NotPrincipal marked negated', () => {
  const parsed = firstStatement(
    parseBucketPolicy([statement({ Effect: 'Deny', Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${accountId}:root` } })]),
  );
  assert.equal(parsed.principal?.negated, true);
});

test('Action patterns lowercased', () => {
  const parsed = firstStatement(parseBucketPolicy([statement({ Action: ['S3:GetObject', 's3:Get*', '*'] })]));
  assert.deepEqual(parsed.action, { negated: false, patterns: ['s3:getobject', 's3:get*', '*'] });
  const notAction = firstStatement(parseBucketPolicy([statement({ Action: undefined, NotAction: 's3:DeleteObject' })]));
  assert.deepEqual(notAction.action, { negated: true, patterns: ['s3:deleteobject'] });
});

test('Resource variables only with Version 2012-10-17', () => {
  const withVariables = firstStatement(parseBucketPolicy([statement({ Resource: `${bucketArn}/home/\${aws:username}/*` })]));
  assert.deepEqual(withVariables.resource?.patterns[0]?.parts, [
    { type: 'text', value: 'arn:aws:s3:::' },
    { type: 'text', value: `${bucket}/home/` },
    { type: 'variable', key: 'aws:username', defaultValue: undefined },
    { type: 'text', value: '/*' },
  ]);
  // "If you don't include the Version element ..., variables like ${aws:username} are
  // treated as literal strings in the policy" (IAM policy elements: Variables and tags).
  const literal = firstStatement(parseBucketPolicy([statement({ Resource: `${bucketArn}/home/\${aws:username}/*` })], '2008-10-17'));
  assert.deepEqual(literal.resource?.patterns[0]?.parts, [
    { type: 'text', value: 'arn:aws:s3:::' },
    { type: 'text', value: `${bucket}/home/\${aws:username}/*` },
  ]);
});

test('Resource variable before fifth colon literal', () => {
  const parsed = parsePolicy(
    policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:${aws:username}::x/${aws:username}' }]),
    'identity',
  );
  assert.deepEqual(parsed.statements[0]?.resource?.patterns[0]?.parts, [
    { type: 'text', value: 'arn:aws:s3:${aws:username}::' },
    { type: 'text', value: 'x/' },
    { type: 'variable', key: 'aws:username', defaultValue: undefined },
  ]);
});

test('Condition clauses normalised', () => {
  const parsed = firstStatement(
    parseBucketPolicy([
      statement({
        Condition: {
          'ForAllValues:StringLikeIfExists': { 's3:ExistingObjectTag/Team': ['red', 'blue'] },
          NumericLessThanEquals: { 's3:max-keys': 10 },
          Bool: { 'aws:SecureTransport': false },
        },
      }),
    ]),
  );
  const [tags, maxKeys, secure] = parsed.conditions;
  assert.equal(tags?.qualifier, 'ForAllValues');
  assert.equal(tags?.operator, 'StringLike');
  assert.equal(tags?.ifExists, true);
  assert.equal(tags?.key, 's3:existingobjecttag/team');
  assert.deepEqual(tags?.values.map((v) => v.source), ['red', 'blue']);
  assert.deepEqual(maxKeys?.values.map((v) => v.source), ['10']);
  assert.deepEqual(secure?.values.map((v) => v.source), ['false']);
});

test('Condition any aws key accepted', () => {
  const parsed = firstStatement(parseBucketPolicy([statement({ Condition: { StringEquals: { 'aws:SomeFutureKey': 'x' } } })]));
  assert.equal(parsed.conditions[0]?.key, 'aws:somefuturekey');
});

test('Condition listed S3 keys accepted', () => {
  const keys = [
    's3:prefix',
    's3:delimiter',
    's3:x-amz-acl',
    's3:x-amz-content-sha256',
    's3:authType',
    's3:signatureversion',
    's3:ExistingObjectTag/owner',
    's3:RequestObjectTag/owner',
    's3:VersionId',
    's3:x-amz-copy-source',
    's3:x-amz-metadata-directive',
    's3:x-amz-server-side-encryption',
    's3:x-amz-storage-class',
    's3:TlsVersion',
  ];
  for (const key of keys) {
    const parsed = firstStatement(parseBucketPolicy([statement({ Action: 's3:*', Resource: [bucketArn, objects], Condition: { StringEquals: { [key]: 'x' } } })]));
    assert.equal(parsed.conditions[0]?.keyName, key);
  }
  const numeric = firstStatement(
    parseBucketPolicy([statement({ Condition: { NumericLessThan: { 's3:signatureAge': 600000, 's3:max-keys': '10' } } })]),
  );
  assert.equal(numeric.conditions.length, 2);
});

test('Action applies to wildcard resources', () => {
  // s3:Get* names bucket actions (GetBucketAcl) as well as object actions.
  assert.equal(parseBucketPolicy([statement({ Action: 's3:Get*', Resource: bucketArn })]).statements.length, 1);
  // `arn:aws:s3:::photos*` can be the bucket itself and its objects.
  assert.equal(parseBucketPolicy([statement({ Action: ['s3:ListBucket', 's3:GetObject'], Resource: `${bucketArn}*` })]).statements.length, 1);
  assert.equal(parseBucketPolicy([statement({ Action: '*', Resource: bucketArn })]).statements.length, 1);
  assert.equal(parseBucketPolicy([statement({ Action: 's3:ListBucket', Resource: `arn:aws:s3:::pho?os` })]).statements.length, 1);
});

test('NotAction skips applicability check', () => {
  const parsed = parseBucketPolicy([statement({ Action: undefined, NotAction: 's3:ListBucket', Resource: bucketArn })]);
  assert.equal(parsed.statements.length, 1);
});

test('Resource variable in bucket policy accepted', () => {
  const parsed = parseBucketPolicy([statement({ Resource: 'arn:aws:s3:::${aws:PrincipalTag/team}/*' })]);
  assert.equal(parsed.statements.length, 1);
});

test('identity policy elements accepted', () => {
  const text = policyText([
    { Sid: 'ReadAll', Effect: 'Allow', Action: ['s3:MadeUpAction', 'iam:*AccessKey*'], Resource: '*' },
    { Effect: 'Deny', NotAction: 's3:*', NotResource: 'arn:aws:s3:::*', Condition: { StringEquals: { 'kms:ViaService': 'x' } } },
  ]);
  const policy = parsePolicy(text, 'identity');
  assert.equal(policy.kind, 'identity');
  assert.equal(policy.statements[0]?.principal, undefined);
  assert.equal(policy.statements[1]?.resource?.negated, true);
});

test('trust policy elements accepted', () => {
  const text = policyText([
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' },
    { Effect: 'Allow', Principal: { Federated: 'accounts.google.com' }, Action: 'sts:AssumeRoleWithWebIdentity' },
  ]);
  const policy = parsePolicy(text, 'trust');
  assert.equal(policy.statements[0]?.resource, undefined);
  assert.deepEqual(policy.statements[1]?.principal?.federated, ['accounts.google.com']);
});

test('principalExists rejects unknown user', () => {
  const text = policyText([statement({ Principal: { AWS: `arn:aws:iam::${accountId}:user/ghost` } })]);
  assertRejected(text, 'resource', 'MalformedPolicy', `Invalid principal in policy: "AWS":"arn:aws:iam::${accountId}:user/ghost"`, {
    bucket,
    principalExists: (principal) => principal.type !== 'user' || principal.name !== 'ghost',
  });
  const known = policyText([statement({ Principal: { AWS: `arn:aws:iam::${accountId}:user/alice` } })]);
  assert.equal(parsePolicy(known, 'resource', { bucket, principalExists: () => true }).statements.length, 1);
});

// Each row: a policy text, and the code and message S3 or IAM gives for it.
const bucketPolicyFaults: [string, string, string | RegExp][] = [
  ['JSON array document', '[]', "Policies must be valid JSON and the first byte must be '{'"],
  ['empty document', '', "Policies must be valid JSON and the first byte must be '{'"],
  ['JSON syntax error position', '{\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}', 'This policy contains invalid Json: Expected a member name in double quotes at line 3, column 24'],
  ['JSON unterminated string', '{"Statement": "abc', 'This policy contains invalid Json: Unterminated string at line 1, column 19'],
  ['JSON trailing data', '{"Statement": []} x', 'This policy contains invalid Json: Unexpected data after the JSON value at line 1, column 19'],
  ['JSON duplicate member', '{"Statement": {"Effect": "Allow", "Effect": "Deny"}}', 'This policy contains invalid Json: Duplicate member name "Effect" at line 1, column 35'],
  ['unknown top-level field', JSON.stringify({ Statment: [] }), 'Unknown field Statment'],
  ['invalid Version', policyText([statement()], '2012-10-18'), 'The policy must contain a valid version string: "2012-10-18" is neither 2012-10-17 nor 2008-10-17'],
  ['Version not a string', JSON.stringify({ Version: 2012, Statement: [statement()] }), /valid version string: 2012 is neither/],
  ['Id not a string', JSON.stringify({ Id: 7, Statement: [statement()] }), 'Id must be a string: 7'],
  ['missing Statement', JSON.stringify({ Version: '2012-10-17' }), 'Missing required field Statement'],
  ['empty Statement', policyText([]), 'Could not parse the policy: Statement is empty!'],
  ['Statement not an object', policyText('allow'), 'Statement must be an object: "allow"'],
  ['unknown statement field', policyText([{ Efect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: objects }]), 'Unknown field Efect'],
  ['Sid not a string', policyText([statement({ Sid: 1 })]), 'Sid must be a string: 1'],
  ['duplicate Sid', policyText([statement({ Sid: 'A' }), statement({ Sid: 'A' })]), 'Statement IDs (SID) in a single policy must be unique. Duplicate Sid: "A"'],
  ['missing Effect', policyText([statement({ Effect: undefined })]), 'Missing required field Effect'],
  ['invalid Effect', policyText([statement({ Effect: 'Permit' })]), 'Invalid effect: Permit'],
  // "The Effect value is case sensitive" (IAM JSON policy elements: Effect).
  ['lowercase Effect', policyText([statement({ Effect: 'allow' })]), 'Invalid effect: allow'],
  ['missing Principal', policyText([statement({ Principal: undefined })]), 'Missing required field Principal'],
  ['Principal and NotPrincipal', policyText([statement({ NotPrincipal: '*' })]), 'Statement must contain exactly one of Principal and NotPrincipal'],
  ['Principal bare name', policyText([statement({ Principal: 'alice' })]), 'Invalid principal in policy: "alice"'],
  ['Principal empty object', policyText([statement({ Principal: {} })]), 'Invalid principal in policy: {}'],
  ['Principal unknown type', policyText([statement({ Principal: { Person: 'alice' } })]), 'Invalid principal in policy: "Person":"alice"'],
  // "You cannot use a wildcard to match part of a principal name or ARN" (Principal element).
  ['Principal wildcard in ARN', policyText([statement({ Principal: { AWS: `arn:aws:iam::${accountId}:user/*` } })]), `Invalid principal in policy: "AWS":"arn:aws:iam::${accountId}:user/*"`],
  ['Principal short account id', policyText([statement({ Principal: { AWS: '12345' } })]), 'Invalid principal in policy: "AWS":"12345"'],
  ['Principal empty list', policyText([statement({ Principal: { AWS: [] } })]), 'Invalid principal in policy: "AWS":[]'],
  ['Principal canonical id malformed', policyText([statement({ Principal: { CanonicalUser: 'xyz' } })]), 'Invalid principal in policy: "CanonicalUser":"xyz"'],
  ['Principal Federated in bucket policy', policyText([statement({ Principal: { Federated: 'accounts.google.com' } })]), 'Invalid principal in policy: "Federated":"accounts.google.com"'],
  ['missing Action', policyText([statement({ Action: undefined })]), 'Missing required field Action'],
  ['Action and NotAction', policyText([statement({ NotAction: 's3:PutObject' })]), 'Statement must contain exactly one of Action and NotAction'],
  ['unknown S3 action', policyText([statement({ Action: 's3:GetObjects' })]), 'Policy has invalid action: "s3:GetObjects"'],
  ['other service action', policyText([statement({ Action: 'ec2:RunInstances' })]), 'Policy has invalid action: "ec2:RunInstances"'],
  ['wildcard naming no action', policyText([statement({ Action: 's3:Fly*' })]), 'Policy has invalid action: "s3:Fly*"'],
  ['empty Action list', policyText([statement({ Action: [] })]), 'Policy has invalid action: []'],
  ['missing Resource', policyText([statement({ Resource: undefined })]), 'Missing required field Resource'],
  ['Resource and NotResource', policyText([statement({ NotResource: bucketArn })]), 'Statement must contain exactly one of Resource and NotResource'],
  ['Resource star', policyText([statement({ Resource: '*' })]), 'Policy has invalid resource: "*"'],
  ['Resource other bucket', policyText([statement({ Resource: 'arn:aws:s3:::videos/*' })]), 'Policy has invalid resource: "arn:aws:s3:::videos/*"'],
  ['Resource bucket prefix only', policyText([statement({ Resource: 'arn:aws:s3:::' })]), 'Policy has invalid resource: "arn:aws:s3:::"'],
  ['Resource other service', policyText([statement({ Resource: 'arn:aws:sqs:us-east-1:111122223333:queue' })]), 'Policy has invalid resource: "arn:aws:sqs:us-east-1:111122223333:queue"'],
  ['Resource not a string', policyText([statement({ Resource: [objects, 5] })]), `Policy has invalid resource: ["${objects}",5]`],
  ['object action on bucket', policyText([statement({ Action: 's3:PutObject', Resource: bucketArn })]), 'Action does not apply to any resource(s) in statement'],
  ['bucket action on objects', policyText([statement({ Action: 's3:ListBucket', Resource: objects })]), 'Action does not apply to any resource(s) in statement'],
  ['mixed actions objects only', policyText([statement({ Action: ['s3:GetObject', 's3:ListBucket'], Resource: objects })]), 'Action does not apply to any resource(s) in statement'],
  ['account action in bucket policy', policyText([statement({ Action: 's3:ListAllMyBuckets', Resource: [bucketArn, objects] })]), 'Action does not apply to any resource(s) in statement'],
  ['Condition not an object', policyText([statement({ Condition: 'x' })]), 'Condition must map condition operators to condition keys: "x"'],
  ['unknown condition operator', policyText([statement({ Condition: { StringEqual: { 'aws:UserAgent': 'x' } } })]), 'Invalid Condition type : StringEqual'],
  ['operator name case', policyText([statement({ Condition: { stringequals: { 'aws:UserAgent': 'x' } } })]), 'Invalid Condition type : stringequals'],
  // "You can add IfExists to the end of any condition operator name except the Null condition."
  ['NullIfExists', policyText([statement({ Condition: { NullIfExists: { 'aws:UserAgent': 'true' } } })]), 'Invalid Condition type : NullIfExists'],
  ['operator block not object', policyText([statement({ Condition: { StringEquals: 'x' } })]), 'Condition operator StringEquals must map condition keys to values: "x"'],
  ['invalid condition key', policyText([statement({ Condition: { StringEquals: { 's3:foo': 'x' } } })]), 'Policy has an invalid condition key: s3:foo'],
  ['other service key in bucket policy', policyText([statement({ Condition: { StringEquals: { 'kms:ViaService': 'x' } } })]), 'Policy has an invalid condition key: kms:ViaService'],
  ['key without vendor', policyText([statement({ Condition: { StringEquals: { SourceIp: 'x' } } })]), 'Policy has an invalid condition key: SourceIp'],
  ['condition value null', policyText([statement({ Condition: { StringEquals: { 'aws:UserAgent': null } } })]), 'Invalid value in Conditions for operator StringEquals: null'],
  ['condition value object', policyText([statement({ Condition: { StringEquals: { 'aws:UserAgent': { a: 1 } } } })]), 'Invalid value in Conditions for operator StringEquals: {"a":1}'],
  ['condition value empty list', policyText([statement({ Condition: { StringEquals: { 'aws:UserAgent': [] } } })]), 'Invalid value in Conditions for operator StringEquals: []'],
  ['IpAddress invalid', policyText([statement({ Condition: { IpAddress: { 'aws:SourceIp': '300.1.2.3/24' } } })]), 'Invalid IP address in Conditions: 300.1.2.3/24'],
  ['IpAddress prefix too long', policyText([statement({ Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } })]), 'Invalid IP address in Conditions: 10.0.0.0/33'],
  ['Numeric invalid', policyText([statement({ Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } })]), 'Invalid value in Conditions for operator NumericLessThan: "ten" is not a number'],
  // "You can not use a policy variable with the Numeric condition operator."
  ['Numeric variable literal', policyText([statement({ Condition: { NumericEquals: { 's3:max-keys': '${aws:username}' } } })]), 'Invalid value in Conditions for operator NumericEquals: "${aws:username}" is not a number'],
  ['Date invalid', policyText([statement({ Condition: { DateLessThan: { 'aws:CurrentTime': 'tomorrow' } } })]), 'Invalid value in Conditions for operator DateLessThan: "tomorrow" is not an ISO 8601 date or epoch time'],
  ['Date invalid day', policyText([statement({ Condition: { DateLessThan: { 'aws:CurrentTime': '2023-02-30' } } })]), /"2023-02-30" is not an ISO 8601 date/],
  ['Bool invalid', policyText([statement({ Condition: { Bool: { 'aws:SecureTransport': 'yes' } } })]), 'Invalid value in Conditions for operator Bool: "yes" is neither true nor false'],
  ['Null invalid', policyText([statement({ Condition: { Null: { 'aws:UserAgent': 'absent' } } })]), 'Invalid value in Conditions for operator Null: "absent" is neither true nor false'],
];

for (const [name, text, message] of bucketPolicyFaults) {
  test(`bucket policy rejects ${name}`, () => {
    assertRejected(text, 'resource', 'MalformedPolicy', message, options);
  });
}

test('bucket policy size limit', () => {
  // 20 KB without whitespace passes; whitespace between tokens is not counted.
  const padding = (length: number) => [statement({ Sid: 'S'.repeat(length) })];
  const base = policyText(padding(0)).length;
  const atLimit = policyText(padding(policySizeLimits.bucketPolicy - base));
  assert.equal(Buffer.byteLength(atLimit), 20480);
  assert.equal(parsePolicy(atLimit, 'resource', options).statements.length, 1);
  assert.equal(parsePolicy(JSON.stringify(JSON.parse(atLimit), null, 4), 'resource', options).statements.length, 1);
  const overLimit = policyText(padding(policySizeLimits.bucketPolicy - base + 1));
  assertRejected(overLimit, 'resource', 'MalformedPolicy', 'Policy is 20481 bytes without whitespace, which exceeds the maximum size of 20480 bytes', options);
});

const identityFaults: [string, string, string | RegExp][] = [
  ['Principal in identity policy', policyText([{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }]), 'Policy document should not specify a principal.'],
  ['NotPrincipal in identity policy', policyText([{ Effect: 'Deny', NotPrincipal: '*', Action: 's3:*', Resource: '*' }]), 'Policy document should not specify a principal.'],
  ['missing Action', policyText([{ Effect: 'Allow', Resource: '*' }]), 'Policy statement must contain actions.'],
  ['missing Resource', policyText([{ Effect: 'Allow', Action: 's3:*' }]), 'Policy statement must contain resources.'],
  ['Resource not an ARN', policyText([{ Effect: 'Allow', Action: 's3:*', Resource: 'photos/*' }]), 'Resource photos/* must be in ARN format or "*".'],
  ['Resource wildcard service', policyText([{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:*:::x' }]), 'Resource arn:aws:*:::x must be in ARN format or "*".'],
  ['Action without vendor', policyText([{ Effect: 'Allow', Action: 'GetObject', Resource: '*' }]), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. Invalid action: "GetObject"'],
  ['Action vendor wildcard', policyText([{ Effect: 'Allow', Action: 's*:GetObject', Resource: '*' }]), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. Invalid action: "s*:GetObject"'],
  ['condition key without vendor', policyText([{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { SourceIp: 'x' } } }]), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. Invalid condition key: SourceIp'],
  // "The Sid element supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers (0-9)."
  ['Sid with hyphen', policyText([{ Sid: 'read-all', Effect: 'Allow', Action: 's3:*', Resource: '*' }]), 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*. Invalid Sid: "read-all"'],
  ['character outside IAM range', policyText([{ Sid: 'A', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::photos/\u2019' }]), /^Policy document contains the character U\+2019 at offset \d+; IAM accepts only/],
];

for (const [name, text, message] of identityFaults) {
  test(`identity policy rejects ${name}`, () => {
    assertRejected(text, 'identity', 'MalformedPolicyDocument', message);
  });
}

test('identity policy size quota', () => {
  const text = (length: number) => policyText([{ Sid: 'S'.repeat(length), Effect: 'Allow', Action: 's3:*', Resource: '*' }]);
  const base = text(0).length;
  assert.equal(parsePolicy(text(policySizeLimits.managedPolicy - base), 'identity').statements.length, 1);
  // IAM reports an oversized document as LimitExceeded ("Cannot exceed quota for PolicySize").
  assertRejected(text(policySizeLimits.managedPolicy - base + 1), 'identity', 'LimitExceeded', 'Cannot exceed quota for PolicySize: 6144');
  assertRejected(text(policySizeLimits.userInlinePolicies - base + 1), 'identity', 'LimitExceeded', 'Cannot exceed quota for PolicySize: 2048', {
    maxSize: policySizeLimits.userInlinePolicies,
  });
});

const trustFaults: [string, string, string][] = [
  ['missing Principal', policyText([{ Effect: 'Allow', Action: 'sts:AssumeRole' }]), 'Missing required field Principal'],
  // "You cannot use the NotPrincipal element in an IAM identity-based policy or in an IAM role trust policy."
  ['NotPrincipal', policyText([{ Effect: 'Deny', NotPrincipal: '*', Action: 'sts:AssumeRole' }]), 'Has prohibited field NotPrincipal'],
  ['Resource', policyText([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }]), 'Has prohibited field Resource'],
  ['NotResource', policyText([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', NotResource: '*' }]), 'Has prohibited field NotResource'],
  ['non-STS action', policyText([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }]), 'AssumeRole policy may only specify STS AssumeRole actions. Invalid action: "s3:GetObject"'],
];

for (const [name, text, message] of trustFaults) {
  test(`trust policy rejects ${name}`, () => {
    assertRejected(text, 'trust', 'MalformedPolicyDocument', message);
  });
}

test('trust policy size quota', () => {
  const text = (length: number) => policyText([{ Sid: 'S'.repeat(length), Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }]);
  const base = text(0).length;
  assert.equal(parsePolicy(text(policySizeLimits.roleTrustPolicy - base), 'trust').statements.length, 1);
  assertRejected(text(policySizeLimits.roleTrustPolicy - base + 1), 'trust', 'LimitExceeded', 'Cannot exceed quota for PolicySize: 2048');
});
