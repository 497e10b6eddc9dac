import assert from 'node:assert/strict';
import { test } from 'node:test';

import type { RequestPrincipal } from '../../src/policy/index.js';
import { conditionHolds, principals } from './policy-helpers.js';

interface Row {
  readonly name: string;
  readonly condition: unknown;
  readonly context: Record<string, string | string[]>;
  readonly expected: boolean;
  readonly principal?: RequestPrincipal;
  readonly version?: string;
}

// Rules from "IAM JSON policy elements: Condition operators" and "Creating a condition with
// multiple keys or values" (IAM User Guide) unless a row's comment states another source.
const rows: Row[] = [
  // String operators.
  { name: 'StringEquals exact match', condition: { StringEquals: { 'aws:UserAgent': 'curl/8' } }, context: { 'aws:UserAgent': 'curl/8' }, expected: true },
  { name: 'StringEquals case sensitive', condition: { StringEquals: { 'aws:UserAgent': 'curl/8' } }, context: { 'aws:UserAgent': 'CURL/8' }, expected: false },
  { name: 'StringEquals star is literal', condition: { StringEquals: { 'aws:UserAgent': 'curl*' } }, context: { 'aws:UserAgent': 'curl/8' }, expected: false },
  { name: 'StringEquals missing key', condition: { StringEquals: { 'aws:UserAgent': 'curl/8' } }, context: {}, expected: false },
  { name: 'StringEquals values ORed', condition: { StringEquals: { 's3:x-amz-acl': ['private', 'bucket-owner-full-control'] } }, context: { 's3:x-amz-acl': 'bucket-owner-full-control' }, expected: true },
  { name: 'StringEquals key name case-insensitive', condition: { StringEquals: { 'AWS:USERAGENT': 'curl/8' } }, context: { 'aws:useragent': 'curl/8' }, expected: true },
  { name: 'StringNotEquals other value', condition: { StringNotEquals: { 's3:x-amz-acl': 'public-read' } }, context: { 's3:x-amz-acl': 'private' }, expected: true },
  { name: 'StringNotEquals same value', condition: { StringNotEquals: { 's3:x-amz-acl': 'public-read' } }, context: { 's3:x-amz-acl': 'public-read' }, expected: false },
  // "If the policy condition requires that the key is not matched ... and the right key is not present, the condition is true."
  { name: 'StringNotEquals missing key', condition: { StringNotEquals: { 's3:x-amz-acl': 'public-read' } }, context: {}, expected: true },
  // Several values of a negated operator: "the string cannot match any of the ... values listed".
  { name: 'StringNotEquals values NORed', condition: { StringNotEquals: { 'aws:PrincipalAccount': ['111122223333', '444455556666'] } }, context: { 'aws:PrincipalAccount': '444455556666' }, expected: false },
  { name: 'StringEqualsIgnoreCase match', condition: { StringEqualsIgnoreCase: { 'aws:UserAgent': 'CURL/8' } }, context: { 'aws:UserAgent': 'curl/8' }, expected: true },
  { name: 'StringEqualsIgnoreCase mismatch', condition: { StringEqualsIgnoreCase: { 'aws:UserAgent': 'wget' } }, context: { 'aws:UserAgent': 'curl/8' }, expected: false },
  { name: 'StringNotEqualsIgnoreCase same value', condition: { StringNotEqualsIgnoreCase: { 'aws:UserAgent': 'CURL/8' } }, context: { 'aws:UserAgent': 'curl/8' }, expected: false },
  { name: 'StringNotEqualsIgnoreCase other value', condition: { StringNotEqualsIgnoreCase: { 'aws:UserAgent': 'wget' } }, context: { 'aws:UserAgent': 'curl/8' }, expected: true },
  { name: 'StringLike wildcard key', condition: { StringLike: { 's3:prefix': 'home/*' } }, context: { 's3:prefix': 'home/alice/docs' }, expected: true },
  { name: 'StringLike question mark', condition: { StringLike: { 'aws:Referer': 'https://example.???/*' } }, context: { 'aws:Referer': 'https://example.com/page' }, expected: true },
  { name: 'StringLike question mark one character', condition: { StringLike: { 'aws:Referer': 'https://example.???/*' } }, context: { 'aws:Referer': 'https://example.co/page' }, expected: false },
  { name: 'StringLike empty value matches empty', condition: { StringLike: { 's3:prefix': ['', 'home/'] } }, context: { 's3:prefix': '' }, expected: true },
  { name: 'StringLike case sensitive', condition: { StringLike: { 's3:prefix': 'Home/*' } }, context: { 's3:prefix': 'home/x' }, expected: false },
  { name: 'StringNotLike matching value', condition: { StringNotLike: { 's3:prefix': 'private/*' } }, context: { 's3:prefix': 'private/x' }, expected: false },
  { name: 'StringNotLike other value', condition: { StringNotLike: { 's3:prefix': 'private/*' } }, context: { 's3:prefix': 'public/x' }, expected: true },
  { name: 'StringNotLike missing key', condition: { StringNotLike: { 's3:prefix': 'private/*' } }, context: {}, expected: true },

  // Numeric operators.
  { name: 'NumericEquals match', condition: { NumericEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '10' }, expected: true },
  { name: 'NumericEquals decimal forms', condition: { NumericEquals: { 's3:max-keys': 10 } }, context: { 's3:max-keys': '10.0' }, expected: true },
  { name: 'NumericEquals not a number', condition: { NumericEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': 'ten' }, expected: false },
  { name: 'NumericNotEquals other value', condition: { NumericNotEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '11' }, expected: true },
  { name: 'NumericNotEquals same value', condition: { NumericNotEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '10' }, expected: false },
  { name: 'NumericLessThan below', condition: { NumericLessThan: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '9' }, expected: true },
  { name: 'NumericLessThan equal', condition: { NumericLessThan: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '10' }, expected: false },
  { name: 'NumericLessThanEquals equal', condition: { NumericLessThanEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '10' }, expected: true },
  { name: 'NumericLessThanEquals above', condition: { NumericLessThanEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '1000' }, expected: false },
  { name: 'NumericGreaterThan above', condition: { NumericGreaterThan: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '11' }, expected: true },
  { name: 'NumericGreaterThan equal', condition: { NumericGreaterThan: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '10' }, expected: false },
  { name: 'NumericGreaterThanEquals equal', condition: { NumericGreaterThanEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '10' }, expected: true },
  { name: 'NumericGreaterThanEquals below', condition: { NumericGreaterThanEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': '-3' }, expected: false },
  // s3:signatureAge is "the age in milliseconds of the request signature" (Actions, resources, and condition keys for Amazon S3).
  { name: 'signatureAge cap within', condition: { NumericLessThan: { 's3:signatureAge': 600000 } }, context: { 's3:signatureAge': '599999' }, expected: true },
  { name: 'signatureAge cap exceeded', condition: { NumericLessThan: { 's3:signatureAge': 600000 } }, context: { 's3:signatureAge': '600000' }, expected: false },

  // Date operators, ISO 8601 and epoch seconds.
  { name: 'DateEquals same instant', condition: { DateEquals: { 'aws:CurrentTime': '2024-05-01T12:00:00Z' } }, context: { 'aws:CurrentTime': '2024-05-01T14:00:00+02:00' }, expected: true },
  { name: 'DateEquals epoch against ISO', condition: { DateEquals: { 'aws:CurrentTime': 1714564800 } }, context: { 'aws:CurrentTime': '2024-05-01T12:00:00Z' }, expected: true },
  { name: 'DateNotEquals other instant', condition: { DateNotEquals: { 'aws:CurrentTime': '2024-05-01T12:00:00Z' } }, context: { 'aws:CurrentTime': '2024-05-01T12:00:01Z' }, expected: true },
  { name: 'DateNotEquals same instant', condition: { DateNotEquals: { 'aws:CurrentTime': '2024-05-01T12:00:00Z' } }, context: { 'aws:CurrentTime': '2024-05-01T12:00:00.000Z' }, expected: false },
  { name: 'DateLessThan before', condition: { DateLessThan: { 'aws:CurrentTime': '2024-06-01' } }, context: { 'aws:CurrentTime': '2024-05-31T23:59:59Z' }, expected: true },
  { name: 'DateLessThan at', condition: { DateLessThan: { 'aws:CurrentTime': '2024-06-01' } }, context: { 'aws:CurrentTime': '2024-06-01T00:00:00Z' }, expected: false },
  { name: 'DateLessThanEquals at', condition: { DateLessThanEquals: { 'aws:CurrentTime': '2024-06-01' } }, context: { 'aws:CurrentTime': '2024-06-01T00:00:00Z' }, expected: true },
  { name: 'DateGreaterThan after', condition: { DateGreaterThan: { 'aws:EpochTime': '1700000000' } }, context: { 'aws:EpochTime': '1700000001' }, expected: true },
  { name: 'DateGreaterThan at', condition: { DateGreaterThan: { 'aws:EpochTime': '1700000000' } }, context: { 'aws:EpochTime': '1700000000' }, expected: false },
  { name: 'DateGreaterThanEquals at', condition: { DateGreaterThanEquals: { 'aws:EpochTime': '2023-11-14T22:13:20Z' } }, context: { 'aws:EpochTime': '1700000000' }, expected: true },
  { name: 'DateGreaterThanEquals before', condition: { DateGreaterThanEquals: { 'aws:CurrentTime': '2023-11-14T22:13:20.500Z' } }, context: { 'aws:CurrentTime': '2023-11-14T22:13:20Z' }, expected: false },
  { name: 'DateLessThan missing key', condition: { DateLessThan: { 'aws:TokenIssueTime': '2030-01-01' } }, context: {}, expected: false },

  // Bool and Binary.
  { name: 'Bool false matches', condition: { Bool: { 'aws:SecureTransport': 'false' } }, context: { 'aws:SecureTransport': 'false' }, expected: true },
  { name: 'Bool JSON boolean', condition: { Bool: { 'aws:SecureTransport': true } }, context: { 'aws:SecureTransport': 'true' }, expected: true },
  { name: 'Bool mismatch', condition: { Bool: { 'aws:SecureTransport': 'true' } }, context: { 'aws:SecureTransport': 'false' }, expected: false },
  { name: 'Bool missing key', condition: { Bool: { 'aws:SecureTransport': 'false' } }, context: {}, expected: false },
  { name: 'BinaryEquals match', condition: { BinaryEquals: { 'aws:Key': 'QmluYXJ5VmFsdWU=' } }, context: { 'aws:Key': 'QmluYXJ5VmFsdWU=' }, expected: true },

  // IP address operators.
  { name: 'IpAddress IPv4 CIDR inside', condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, context: { 'aws:SourceIp': '203.0.113.77' }, expected: true },
  { name: 'IpAddress IPv4 CIDR outside', condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, context: { 'aws:SourceIp': '203.0.114.1' }, expected: false },
  // "If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32."
  { name: 'IpAddress bare address is /32', condition: { IpAddress: { 'aws:SourceIp': '203.0.113.5' } }, context: { 'aws:SourceIp': '203.0.113.6' }, expected: false },
  { name: 'IpAddress IPv6 CIDR', condition: { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, context: { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }, expected: true },
  { name: 'IpAddress IPv6 CIDR outside', condition: { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, context: { 'aws:SourceIp': '2001:db8:1234:5679::1' }, expected: false },
  { name: 'IpAddress IPv4-mapped client', condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, context: { 'aws:SourceIp': '::ffff:192.0.2.9' }, expected: true },
  { name: 'IpAddress mixed families', condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } }, context: { 'aws:SourceIp': '2001:db8:1234:5678::9' }, expected: true },
  { name: 'IpAddress missing key', condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, context: {}, expected: false },
  { name: 'NotIpAddress outside', condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, context: { 'aws:SourceIp': '198.51.100.1' }, expected: true },
  { name: 'NotIpAddress inside', condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, context: { 'aws:SourceIp': '192.0.2.1' }, expected: false },
  // The S3 User Guide example: IpAddress 192.0.2.0/24 and NotIpAddress 192.0.2.188/32, ANDed.
  { name: 'IpAddress with NotIpAddress excluded host', condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' }, NotIpAddress: { 'aws:SourceIp': '192.0.2.188/32' } }, context: { 'aws:SourceIp': '192.0.2.188' }, expected: false },
  { name: 'IpAddress with NotIpAddress other host', condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' }, NotIpAddress: { 'aws:SourceIp': '192.0.2.188/32' } }, context: { 'aws:SourceIp': '192.0.2.187' }, expected: true },

  // ARN operators compare segment by segment.
  { name: 'ArnEquals exact', condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice' }, expected: true },
  { name: 'ArnEquals wildcards like ArnLike', condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } }, context: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/alice' }, expected: true },
  { name: 'ArnLike segment wildcard', condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' } }, context: { 'aws:SourceArn': 'arn:aws:someservice:us-east-2:111122223333:finance/doc.txt' }, expected: true },
  // The IAM User Guide example: StringLike matches this value, ArnLike does not, because `*` stays inside one segment.
  { name: 'ArnLike star stays in segment', condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' } }, context: { 'aws:SourceArn': 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt' }, expected: false },
  { name: 'StringLike star crosses segments', condition: { StringLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' } }, context: { 'aws:SourceArn': 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt' }, expected: true },
  { name: 'ArnLike value not an ARN', condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, context: { 'aws:SourceArn': 'photos' }, expected: false },
  { name: 'ArnNotEquals other principal', condition: { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::444455556666:user/user-name' } }, context: {}, expected: true },
  { name: 'ArnNotLike matching principal', condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:*' } }, context: {}, expected: false },

  // Null.
  { name: 'Null true key absent', condition: { Null: { 'aws:TokenIssueTime': 'true' } }, context: {}, expected: true },
  { name: 'Null true key present', condition: { Null: { 'aws:TokenIssueTime': 'true' } }, context: { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, expected: false },
  { name: 'Null false key present', condition: { Null: { 's3:x-amz-server-side-encryption': false } }, context: { 's3:x-amz-server-side-encryption': 'AES256' }, expected: true },
  { name: 'Null false key absent', condition: { Null: { 's3:x-amz-server-side-encryption': 'false' } }, context: {}, expected: false },
  { name: 'Null empty list counts as absent', condition: { Null: { 'aws:TagKeys': 'true' } }, context: { 'aws:TagKeys': [] }, expected: true },

  // IfExists: "If the key is not present, evaluate the condition element as true."
  { name: 'IfExists missing key', condition: { StringEqualsIfExists: { 's3:x-amz-storage-class': 'STANDARD' } }, context: {}, expected: true },
  { name: 'IfExists present key compared', condition: { StringEqualsIfExists: { 's3:x-amz-storage-class': 'STANDARD' } }, context: { 's3:x-amz-storage-class': 'GLACIER' }, expected: false },
  // "If you are using an "Effect": "Deny" element with a negated condition operator like
  // StringNotEqualsIfExists, the request is still denied even if the tag is missing."
  { name: 'IfExists negated missing key', condition: { StringNotEqualsIfExists: { 'aws:PrincipalTag/team': 'red' } }, context: {}, expected: true },
  { name: 'IfExists negated present key', condition: { StringNotEqualsIfExists: { 's3:x-amz-storage-class': 'GLACIER' } }, context: { 's3:x-amz-storage-class': 'GLACIER' }, expected: false },
  { name: 'IfExists numeric missing key', condition: { NumericLessThanIfExists: { 's3:max-keys': '10' } }, context: {}, expected: true },
  { name: 'IfExists IP missing key', condition: { IpAddressIfExists: { 'aws:SourceIp': '10.0.0.0/8' } }, context: {}, expected: true },
  { name: 'IfExists date present key', condition: { DateLessThanIfExists: { 'aws:CurrentTime': '2000-01-01' } }, context: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' }, expected: false },
  { name: 'IfExists Bool missing key', condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, context: {}, expected: true },
  { name: 'IfExists Arn missing key', condition: { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:s3:::x' } }, context: {}, expected: true },

  // Set operators.
  { name: 'ForAllValues every value listed', condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Owner', 'Project'] } }, context: { 'aws:TagKeys': ['Owner', 'Project'] }, expected: true },
  { name: 'ForAllValues one value unlisted', condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Owner', 'Project'] } }, context: { 'aws:TagKeys': ['Owner', 'Cost'] }, expected: false },
  // "It also returns true if there are no keys in the request, or if the key values resolve to a null data set, such as an empty string."
  { name: 'ForAllValues missing key', condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Owner' } }, context: {}, expected: true },
  { name: 'ForAllValues empty set', condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Owner' } }, context: { 'aws:TagKeys': [] }, expected: true },
  { name: 'ForAllValues empty string', condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Owner' } }, context: { 'aws:TagKeys': '' }, expected: true },
  { name: 'ForAllValues empty string among values', condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Owner' } }, context: { 'aws:TagKeys': ['', 'Owner'] }, expected: false },
  { name: 'ForAllValues StringLike patterns', condition: { 'ForAllValues:StringLike': { 'aws:TagKeys': ['key1*', 'key2*'] } }, context: { 'aws:TagKeys': ['key1-a', 'key2-b'] }, expected: true },
  // Negated operators with ForAllValues: no request value may match any policy value.
  { name: 'ForAllValues StringNotLike none match', condition: { 'ForAllValues:StringNotLike': { 'aws:TagKeys': ['Owner:*', 'State:??'] } }, context: { 'aws:TagKeys': ['owner:Legal', 'State:NewYork'] }, expected: true },
  { name: 'ForAllValues StringNotLike one matches', condition: { 'ForAllValues:StringNotLike': { 'aws:TagKeys': ['Owner:*', 'State:??'] } }, context: { 'aws:TagKeys': ['Owner:Legal', 'owner:Legal'] }, expected: false },
  { name: 'ForAnyValue one value listed', condition: { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': ['ID', 'PostDateTime'] } }, context: { 'dynamodb:Attributes': ['UserName', 'Message', 'PostDateTime'] }, expected: true },
  { name: 'ForAnyValue no value listed', condition: { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': ['ID', 'PostDateTime'] } }, context: { 'dynamodb:Attributes': ['UserName'] }, expected: false },
  // "For no matching key or a null dataset, the condition returns false."
  { name: 'ForAnyValue missing key', condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'Owner' } }, context: {}, expected: false },
  { name: 'ForAnyValue empty set', condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'Owner' } }, context: { 'aws:TagKeys': [] }, expected: false },
  { name: 'ForAnyValue StringNotEquals one differs', condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['Owner'] } }, context: { 'aws:TagKeys': ['Owner', 'Cost'] }, expected: true },
  { name: 'ForAnyValue StringNotEquals all listed', condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['Owner'] } }, context: { 'aws:TagKeys': ['Owner'] }, expected: false },
  { name: 'ForAnyValue IfExists missing key', condition: { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'Owner' } }, context: {}, expected: true },
  { name: 'multivalued key without qualifier any match', condition: { StringEquals: { 'aws:TagKeys': 'Owner' } }, context: { 'aws:TagKeys': ['Cost', 'Owner'] }, expected: true },
  { name: 'multivalued key negated without qualifier', condition: { StringNotEquals: { 'aws:TagKeys': 'Owner' } }, context: { 'aws:TagKeys': ['Cost', 'Owner'] }, expected: false },

  // Several keys and operators are ANDed.
  { name: 'keys in one operator ANDed both hold', condition: { StringEquals: { 's3:x-amz-acl': 'private', 's3:x-amz-storage-class': 'STANDARD' } }, context: { 's3:x-amz-acl': 'private', 's3:x-amz-storage-class': 'STANDARD' }, expected: true },
  { name: 'keys in one operator ANDed one fails', condition: { StringEquals: { 's3:x-amz-acl': 'private', 's3:x-amz-storage-class': 'STANDARD' } }, context: { 's3:x-amz-acl': 'private' }, expected: false },
  { name: 'operators ANDed one fails', condition: { StringEquals: { 's3:x-amz-acl': 'private' }, Bool: { 'aws:SecureTransport': 'true' } }, context: { 's3:x-amz-acl': 'private', 'aws:SecureTransport': 'false' }, expected: false },

  // Policy variables in condition values.
  { name: 'variable in StringLike value', condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } }, context: { 's3:prefix': 'home/alice/notes' }, expected: true },
  { name: 'variable of another user', condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } }, context: { 's3:prefix': 'home/bob/notes' }, expected: false },
  { name: 'variable default value', condition: { StringEquals: { 's3:prefix': "team/${aws:PrincipalTag/team, 'company-wide'}/" } }, context: { 's3:prefix': 'team/company-wide/' }, expected: true },
  // "When you use a variable with no value ..., StringEquals or StringLike do not match" and
  // "inverted condition operators like StringNotEquals ... do match against a null value".
  { name: 'unresolved variable positive operator', condition: { StringEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } }, context: { 's3:prefix': 'x' }, expected: false },
  { name: 'unresolved variable negated operator', condition: { StringNotEquals: { 's3:prefix': '${aws:PrincipalTag/team}' } }, context: { 's3:prefix': 'x' }, expected: true },
  { name: 'variable ${*} literal asterisk', condition: { StringLike: { 's3:prefix': 'a${*}b' } }, context: { 's3:prefix': 'a*b' }, expected: true },
  { name: 'variable ${*} not a wildcard', condition: { StringLike: { 's3:prefix': 'a${*}b' } }, context: { 's3:prefix': 'axyzb' }, expected: false },
  { name: 'variable ${?} literal question mark', condition: { StringLike: { 's3:prefix': 'what${?}' } }, context: { 's3:prefix': 'whatx' }, expected: false },
  { name: 'variable ${$} literal dollar', condition: { StringEquals: { 's3:prefix': 'cost${$}' } }, context: { 's3:prefix': 'cost$' }, expected: true },
  { name: 'variable literal in Version 2008-10-17', condition: { StringEquals: { 's3:prefix': 'home/${aws:username}' } }, context: { 's3:prefix': 'home/${aws:username}' }, expected: true, version: '2008-10-17' },
  { name: 'variable multivalued key has no value', condition: { StringEquals: { 's3:prefix': '${aws:TagKeys}' } }, context: { 's3:prefix': 'a', 'aws:TagKeys': ['a', 'b'] }, expected: false },

  // Keys derived from the principal ("Principal key values", IAM policy elements: Variables and tags).
  { name: 'aws:username of a user', condition: { StringEquals: { 'aws:username': 'alice' } }, context: {}, expected: true },
  { name: 'aws:username absent for root', condition: { Null: { 'aws:username': 'true' } }, context: {}, expected: true, principal: principals.root },
  { name: 'aws:userid of root is account id', condition: { StringEquals: { 'aws:userid': '111122223333' } }, context: {}, expected: true, principal: principals.root },
  { name: 'aws:userid anonymous', condition: { StringEquals: { 'aws:userid': 'anonymous' } }, context: {}, expected: true, principal: principals.anonymous },
  { name: 'aws:PrincipalType user', condition: { StringEquals: { 'aws:PrincipalType': 'User' } }, context: {}, expected: true },
  { name: 'aws:PrincipalType anonymous', condition: { StringEquals: { 'aws:PrincipalType': 'Anonymous' } }, context: {}, expected: true, principal: principals.anonymous },
  { name: 'aws:PrincipalArn of session is role', condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/auditor' } }, context: {}, expected: true, principal: principals.session },
  { name: 'aws:PrincipalAccount', condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } }, context: {}, expected: true },
  { name: 'aws:PrincipalAccount absent anonymous', condition: { Null: { 'aws:PrincipalAccount': 'true' } }, context: {}, expected: true, principal: principals.anonymous },
  { name: 'principal key given in context wins', condition: { StringEquals: { 'aws:username': 'carol' } }, context: { 'aws:username': 'carol' }, expected: true },

  // S3 keys as S3 fills them.
  { name: 's3:authType REST-QUERY-STRING', condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } }, context: { 's3:authType': 'REST-QUERY-STRING' }, expected: true },
  { name: 's3:authType POST denied header', condition: { StringNotEquals: { 's3:authType': 'POST' } }, context: { 's3:authType': 'REST-HEADER' }, expected: true },
  { name: 's3:signatureversion SigV4 only', condition: { StringEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' } }, context: { 's3:signatureversion': 'AWS' }, expected: false },
  { name: 's3:x-amz-content-sha256 unsigned', condition: { StringEquals: { 's3:x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } }, context: { 's3:x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, expected: true },
  { name: 's3:ExistingObjectTag value', condition: { StringEquals: { 's3:ExistingObjectTag/classification': 'public' } }, context: { 's3:ExistingObjectTag/classification': 'public' }, expected: true },
  { name: 's3:RequestObjectTag value', condition: { StringEquals: { 's3:RequestObjectTag/team': 'red' } }, context: { 's3:RequestObjectTag/team': 'blue' }, expected: false },
  { name: 's3:VersionId', condition: { StringEquals: { 's3:VersionId': 'AaaHbAQitwiL_h47_44lRO2DDfLlBO5e' } }, context: { 's3:VersionId': 'AaaHbAQitwiL_h47_44lRO2DDfLlBO5e' }, expected: true },
  { name: 's3:x-amz-copy-source prefix', condition: { StringLike: { 's3:x-amz-copy-source': 'photos/public/*' } }, context: { 's3:x-amz-copy-source': 'photos/private/a.jpg' }, expected: false },
  { name: 's3:x-amz-metadata-directive', condition: { StringEquals: { 's3:x-amz-metadata-directive': 'COPY' } }, context: { 's3:x-amz-metadata-directive': 'REPLACE' }, expected: false },
  { name: 's3:x-amz-server-side-encryption required', condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } }, context: { 's3:x-amz-server-side-encryption': 'AES256' }, expected: false },
  { name: 's3:x-amz-storage-class', condition: { StringEquals: { 's3:x-amz-storage-class': 'STANDARD_IA' } }, context: { 's3:x-amz-storage-class': 'STANDARD_IA' }, expected: true },
  { name: 's3:TlsVersion minimum', condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } }, context: { 's3:TlsVersion': '1.3' }, expected: false },
  { name: 's3:delimiter', condition: { StringEquals: { 's3:delimiter': '/' } }, context: { 's3:delimiter': '/' }, expected: true },
];

for (const row of rows) {
  test(`${row.name}`, () => {
    assert.equal(conditionHolds(row.condition, row.context, row.principal, row.version), row.expected);
  });
}
