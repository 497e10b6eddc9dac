import assert from 'node:assert/strict';
import { test } from 'node:test';

import { matchArn, splitArn } from '../../src/policy/arn.js';
import { cidrContains, parseCidr, parseIpAddress } from '../../src/policy/ip-cidr.js';
import { isJsonObject, JsonSyntaxError, readJson } from '../../src/policy/json-reader.js';
import { parsePolicyDate } from '../../src/policy/policy-date.js';
import { parseTemplate, resolveTemplate } from '../../src/policy/policy-variables.js';
import { canMatchWithPrefix, matchWildcard, wildcardTokens } from '../../src/policy/wildcard.js';

const wildcardRows: [string, string, string, boolean][] = [
  ['wildcard exact', 'abc', 'abc', true],
  ['wildcard star empty run', 'a*c', 'ac', true],
  ['wildcard star long run', 'a*c', 'a/b/c', true],
  ['wildcard star backtracks', 'a*b*c', 'axbxbyc', true],
  ['wildcard star needs suffix', 'a*c', 'abd', false],
  ['wildcard question one character', 'a?c', 'abc', true],
  ['wildcard question not empty', 'a?c', 'ac', false],
  ['wildcard question one code point', 'a?c', 'a😀c', true],
  ['wildcard lone star', '*', '', true],
  ['wildcard empty pattern', '', 'x', false],
  ['wildcard trailing stars', 'a**', 'a', true],
];

for (const [name, pattern, subject, expected] of wildcardRows) {
  test(name, () => {
    assert.equal(matchWildcard(pattern, subject), expected);
  });
}

test('wildcard ignore case', () => {
  assert.equal(matchWildcard('s3:get*', 'S3:GetObject', true), true);
  assert.equal(matchWildcard('s3:get*', 'S3:GetObject'), false);
});

test('wildcard prefix reachability', () => {
  assert.equal(canMatchWithPrefix(wildcardTokens('photos/*'), 'photos/', true), true);
  assert.equal(canMatchWithPrefix(wildcardTokens('photos'), 'photos/', true), false);
  assert.equal(canMatchWithPrefix(wildcardTokens('photos/'), 'photos/', true), false);
  assert.equal(canMatchWithPrefix(wildcardTokens('photos/'), 'photos/'), true);
  assert.equal(canMatchWithPrefix(wildcardTokens('pho*'), 'photos/', true), true);
  assert.equal(canMatchWithPrefix(wildcardTokens('pho?os/a'), 'photos/', true), true);
  assert.equal(canMatchWithPrefix(wildcardTokens('video*'), 'photos/', true), false);
});

test('ARN split keeps colons of the resource', () => {
  assert.deepEqual(splitArn('arn:aws:s3:::b/a:b'), ['arn', 'aws', 's3', '', '', 'b/a:b']);
  assert.equal(splitArn('arn:aws:s3'), undefined);
});

test('ARN match segment wise', () => {
  assert.equal(matchArn('arn:aws:iam::*:user/*', 'arn:aws:iam::111122223333:user/a/b'), true);
  assert.equal(matchArn('arn:aws:iam::*:user/*', 'arn:aws:sts::111122223333:user/a'), false);
  assert.equal(matchArn('arn:*:s3:::b/*', 'arn:aws:s3:::b/k'), true);
  assert.equal(matchArn('*', 'arn:aws:s3:::b/k'), true);
});

const cidrRows: [string, string, string, boolean][] = [
  ['CIDR IPv4 inside', '10.0.0.0/8', '10.255.1.2', true],
  ['CIDR IPv4 outside', '10.0.0.0/8', '11.0.0.1', false],
  ['CIDR IPv4 zero prefix', '0.0.0.0/0', '203.0.113.9', true],
  ['CIDR IPv4 host bits ignored', '192.0.2.77/24', '192.0.2.1', true],
  ['CIDR IPv6 compressed', '2001:db8::/32', '2001:db8:ffff::1', true],
  ['CIDR IPv6 outside', '2001:db8::/32', '2001:db9::1', false],
  ['CIDR IPv6 single address', '::1', '::1', true],
  ['CIDR IPv6 embedded IPv4', '::ffff:0:0/96', '::ffff:c000:201', false],
  ['CIDR family mismatch', '::/0', '192.0.2.1', false],
];

for (const [name, block, address, expected] of cidrRows) {
  test(name, () => {
    const parsedBlock = parseCidr(block);
    const parsedAddress = parseIpAddress(address);
    assert.ok(parsedBlock !== undefined);
    assert.ok(parsedAddress !== undefined);
    assert.equal(cidrContains(parsedBlock, parsedAddress), expected);
  });
}

test('CIDR rejects malformed values', () => {
  for (const value of ['10.0.0.0/', '10.0.0/8', '10.0.0.0/8/8', 'fe80::/129', 'host', '10.0.0.0/+8']) {
    assert.equal(parseCidr(value), undefined, value);
  }
});

const dateRows: [string, string, number | undefined][] = [
  ['Date epoch seconds', '1700000000', 1_700_000_000_000],
  ['Date ISO UTC', '2023-11-14T22:13:20Z', 1_700_000_000_000],
  ['Date ISO offset', '2023-11-14T23:13:20+01:00', 1_700_000_000_000],
  ['Date ISO fraction', '2023-11-14T22:13:20.25Z', 1_700_000_000_250],
  ['Date ISO minutes only', '2023-11-14T22:13Z', Date.UTC(2023, 10, 14, 22, 13)],
  ['Date ISO day', '2023-11-14', Date.UTC(2023, 10, 14)],
  ['Date ISO month', '2023-11', Date.UTC(2023, 10, 1)],
  ['Date invalid month', '2023-13-01', undefined],
  ['Date invalid text', 'yesterday', undefined],
];

for (const [name, text, expected] of dateRows) {
  test(name, () => {
    assert.equal(parsePolicyDate(text), expected);
  });
}

test('variables resolved with default and specials', () => {
  const template = parseTemplate("a-${aws:username}-${aws:PrincipalTag/team, 'all'}-${*}${?}${$}", true);
  const resolved = resolveTemplate(template, (key) => (key === 'aws:username' ? 'alice' : undefined));
  assert.equal(resolved?.text, 'a-alice-all-*?$');
});

test('variables unresolved without default', () => {
  const template = parseTemplate('home/${aws:username}', true);
  assert.equal(resolveTemplate(template, () => undefined), undefined);
});

test('variables malformed stay text', () => {
  const template = parseTemplate('a ${not closed and ${a b}', true);
  assert.deepEqual(template.parts, [{ type: 'text', value: 'a ${not closed and ${a b}' }]);
});

test('JSON reader reports line and column', () => {
  assert.throws(
    () => readJson('{\n  "a": tru\n}'),
    (error: unknown) => error instanceof JsonSyntaxError && error.line === 2 && error.column === 8,
  );
});

test('JSON reader counts size without whitespace', () => {
  const document = readJson('{ "a" : [ 1 , "x y" ] }\n');
  assert.equal(document.compactLength, '{"a":[1,"x y"]}'.length);
  assert.equal(readJson('{"é":1}').compactBytes, 8);
});

test('JSON reader decodes escapes', () => {
  const document = readJson('{"a":"\\u0041\\n\\/"}');
  assert.ok(isJsonObject(document.value));
  assert.equal(document.value.members.get('a'), 'A\n/');
});
