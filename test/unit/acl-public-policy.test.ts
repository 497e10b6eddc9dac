import assert from 'node:assert/strict';
import { test } from 'node:test';

import { isPublicPolicy } from '../../src/acl/index.js';

// Cases from "The meaning of public" on the S3 User Guide page "Blocking public access to your
// Amazon S3 storage": a policy is non-public only when it grants access to fixed values of a
// principal or of the listed condition keys.
function statement(fields: Record<string, unknown>): Record<string, unknown> {
  return { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', ...fields };
}

function policyOf(...statements: Array<Record<string, unknown>>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const cases: Array<{ name: string; policy: unknown; expected: boolean }> = [
  // The page's public examples.
  { name: 'Federated principal', policy: policyOf(statement({ Principal: { Federated: 'graph.facebook.com' } })), expected: true },
  { name: 'star principal', policy: policyOf(statement({ Principal: '*' })), expected: true },
  {
    name: 'SourceVpc wildcard',
    policy: policyOf(statement({ Principal: '*', Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } })),
    expected: true,
  },
  // "You can make these policies non-public by including any of the condition keys listed
  // previously, using a fixed value."
  {
    name: 'SourceVpc fixed',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } } })),
    expected: false,
  },
  { name: 'AWS star principal', policy: policyOf(statement({ Principal: { AWS: '*' } })), expected: true },
  { name: 'AWS star in list', policy: policyOf(statement({ Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } })), expected: true },
  { name: 'account principal', policy: policyOf(statement({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })), expected: false },
  { name: 'account id principal', policy: policyOf(statement({ Principal: { AWS: ['111122223333', '444455556666'] } })), expected: false },
  { name: 'role principal', policy: policyOf(statement({ Principal: { AWS: 'arn:aws:iam::111122223333:role/reader' } })), expected: false },
  { name: 'wildcard account principal', policy: policyOf(statement({ Principal: { AWS: 'arn:aws:iam::*:root' } })), expected: true },
  { name: 'service principal', policy: policyOf(statement({ Principal: { Service: 'cloudtrail.amazonaws.com' } })), expected: false },
  {
    name: 'canonical user principal',
    policy: policyOf(statement({ Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' } })),
    expected: false,
  },
  {
    name: 'policy variable principal',
    policy: policyOf(statement({ Principal: { AWS: 'arn:aws:iam::${aws:PrincipalAccount}:root' } })),
    expected: true,
  },
  { name: 'NotPrincipal allow', policy: policyOf(statement({ NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } })), expected: true },
  { name: 'star principal deny', policy: policyOf({ ...statement({ Principal: '*' }), Effect: 'Deny' }), expected: false },
  // The example of "How Amazon S3 evaluates a bucket policy that contains both public and
  // non-public access grants": one public statement makes the whole policy public.
  {
    name: 'mixed statements',
    policy: policyOf(
      statement({ Principal: { Service: 'cloudtrail.amazonaws.com' } }),
      statement({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } }),
      statement({ Principal: '*' }),
    ),
    expected: true,
  },
  {
    name: 'single statement object',
    policy: JSON.stringify({ Version: '2012-10-17', Statement: statement({ Principal: { AWS: '111122223333' } }) }),
    expected: false,
  },
  // Condition keys of the page's list.
  {
    name: 'SourceIp narrow',
    policy: policyOf(statement({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.7'] } } })),
    expected: false,
  },
  {
    name: 'SourceIp slash 8',
    policy: policyOf(statement({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })),
    expected: false,
  },
  // "values broader than /8 for IPv4 and /32 for IPv6" are public.
  {
    name: 'SourceIp slash 1',
    policy: policyOf(statement({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } } })),
    expected: true,
  },
  {
    name: 'SourceIp IPv6 slash 32',
    policy: policyOf(statement({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } })),
    expected: false,
  },
  {
    name: 'SourceIp IPv6 slash 16',
    policy: policyOf(statement({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '2001::/16' } } })),
    expected: true,
  },
  {
    name: 'NotIpAddress',
    policy: policyOf(statement({ Principal: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })),
    expected: true,
  },
  {
    name: 'PrincipalAccount fixed',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } })),
    expected: false,
  },
  {
    name: 'PrincipalOrgID fixed',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })),
    expected: false,
  },
  {
    name: 'SourceAccount fixed',
    policy: policyOf(
      statement({
        Principal: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      }),
    ),
    expected: false,
  },
  {
    name: 'SourceArn fixed',
    policy: policyOf(statement({ Principal: '*', Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::source-bucket' } } })),
    expected: false,
  },
  {
    name: 'SourceVpce fixed',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })),
    expected: false,
  },
  {
    name: 'SourceOwner fixed',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 'aws:SourceOwner': '111122223333' } } })),
    expected: false,
  },
  {
    name: 'KMS key id fixed',
    policy: policyOf(
      statement({
        Principal: '*',
        Condition: { StringEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:111122223333:key/abc' } },
      }),
    ),
    expected: false,
  },
  {
    name: 'userid fixed',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 'aws:userid': 'AIDAEXAMPLEUSERID' } } })),
    expected: false,
  },
  // An access point name may be a wildcard "as long as the account id is fixed".
  {
    name: 'access point name wildcard',
    policy: policyOf(
      statement({ Principal: '*', Condition: { StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:123456789012:accesspoint/*' } } }),
    ),
    expected: false,
  },
  {
    name: 'access point account wildcard',
    policy: policyOf(
      statement({ Principal: '*', Condition: { StringLike: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:*:accesspoint/reader' } } }),
    ),
    expected: true,
  },
  {
    name: 'access point account fixed',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 's3:DataAccessPointAccount': '123456789012' } } })),
    expected: false,
  },
  {
    name: 'condition on unlisted key',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 's3:prefix': 'home/' } } })),
    expected: true,
  },
  {
    name: 'condition with policy variable',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } } })),
    expected: true,
  },
  // A key that may be absent lets anonymous requests through.
  {
    name: 'IfExists operator',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-91237329' } } })),
    expected: true,
  },
  {
    name: 'ForAnyValue operator',
    policy: policyOf(statement({ Principal: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } } })),
    expected: false,
  },
  {
    name: 'empty value list',
    policy: policyOf(statement({ Principal: '*', Condition: { StringEquals: { 'aws:SourceVpc': [] } } })),
    expected: true,
  },
  { name: 'parsed document', policy: { Version: '2012-10-17', Statement: [statement({ Principal: '*' })] }, expected: true },
  { name: 'invalid JSON fails closed', policy: '{"Statement": [', expected: true },
  { name: 'statement missing fails closed', policy: JSON.stringify({ Version: '2012-10-17' }), expected: true },
];

for (const { name, policy, expected } of cases) {
  test(`public policy ${name}`, () => {
    assert.equal(isPublicPolicy(policy), expected);
  });
}
