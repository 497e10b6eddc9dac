import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';

import { GetBucketAclCommand, PutBucketAclCommand, S3Client } from '@aws-sdk/client-s3';

import {
  allUsersUri,
  authenticatedUsersUri,
  buildAccessControlPolicyXml,
  cannedAcl,
  cannedAclNames,
  logDeliveryUri,
  maxGrants,
  parseAccessControlPolicy,
  renderAccessControlPolicy,
  type AccessControlList,
  type Grant,
} from '../../src/acl/index.js';
import { bucketOwnerId, otherEmail, otherId, ownerId, resolveEmail, s3ErrorOf } from './acl-helpers.js';

const xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const options = { expectedOwnerId: ownerId, resolveEmail };

function policy(grants: string, owner = ownerId): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Owner><ID>${owner}</ID><DisplayName>owner</DisplayName></Owner>` +
    `<AccessControlList>${grants}</AccessControlList>` +
    '</AccessControlPolicy>'
  );
}

function canonicalGrant(id: string, permission: string): string {
  return `<Grant><Grantee ${xsi} xsi:type="CanonicalUser"><ID>${id}</ID></Grantee><Permission>${permission}</Permission></Grant>`;
}

function groupGrantXml(uri: string, permission: string): string {
  return `<Grant><Grantee ${xsi} xsi:type="Group"><URI>${uri}</URI></Grantee><Permission>${permission}</Permission></Grant>`;
}

const ownerFull: Grant = { grantee: { type: 'CanonicalUser', id: ownerId }, permission: 'FULL_CONTROL' };

// Grantee forms from the PutBucketAcl reference ("Grantee Values"): by ID with
// xsi:type="CanonicalUser", by URI with xsi:type="Group", by email with
// xsi:type="AmazonCustomerByEmail".
const accepted: Array<{ name: string; xml: string; grants: Grant[] }> = [
  { name: 'canonical user', xml: policy(canonicalGrant(ownerId, 'FULL_CONTROL')), grants: [ownerFull] },
  {
    name: 'display name ignored',
    xml: policy(
      `<Grant><Grantee ${xsi} xsi:type="CanonicalUser"><ID>${otherId}</ID><DisplayName>someone</DisplayName></Grantee><Permission>READ</Permission></Grant>`,
    ),
    grants: [{ grantee: { type: 'CanonicalUser', id: otherId }, permission: 'READ' }],
  },
  {
    name: 'group grantees',
    xml: policy(
      groupGrantXml(allUsersUri, 'READ') +
        groupGrantXml(authenticatedUsersUri, 'READ_ACP') +
        groupGrantXml(logDeliveryUri, 'WRITE'),
    ),
    grants: [
      { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' },
      { grantee: { type: 'Group', uri: authenticatedUsersUri }, permission: 'READ_ACP' },
      { grantee: { type: 'Group', uri: logDeliveryUri }, permission: 'WRITE' },
    ],
  },
  {
    name: 'email grantee resolved',
    xml: policy(
      `<Grant><Grantee ${xsi} xsi:type="AmazonCustomerByEmail"><EmailAddress>${otherEmail}</EmailAddress></Grantee><Permission>WRITE_ACP</Permission></Grant>`,
    ),
    grants: [{ grantee: { type: 'CanonicalUser', id: otherId }, permission: 'WRITE_ACP' }],
  },
  { name: 'empty grant list', xml: policy(''), grants: [] },
  {
    name: 'self-closing grant list',
    xml: `<AccessControlPolicy><Owner><ID>${ownerId}</ID></Owner><AccessControlList/></AccessControlPolicy>`,
    grants: [],
  },
  {
    name: 'blank grant list',
    xml: `<AccessControlPolicy><Owner><ID>${ownerId}</ID></Owner><AccessControlList>\n  </AccessControlList></AccessControlPolicy>`,
    grants: [],
  },
  {
    name: 'no grant list',
    xml: `<AccessControlPolicy><Owner><ID>${ownerId}</ID></Owner></AccessControlPolicy>`,
    grants: [],
  },
  {
    name: 'pretty-printed',
    xml: `<AccessControlPolicy>
  <Owner>
    <ID>${ownerId}</ID>
  </Owner>
  <AccessControlList>
    <Grant>
      <Grantee ${xsi} xsi:type="CanonicalUser">
        <ID>${ownerId}</ID>
      </Grantee>
      <Permission>FULL_CONTROL</Permission>
    </Grant>
  </AccessControlList>
</AccessControlPolicy>`,
    grants: [ownerFull],
  },
  {
    name: 'schema instance prefix on root',
    xml:
      `<AccessControlPolicy ${xsi}><Owner><ID>${ownerId}</ID></Owner><AccessControlList>` +
      `<Grant><Grantee xsi:type="CanonicalUser"><ID>${ownerId}</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>` +
      '</AccessControlList></AccessControlPolicy>',
    grants: [ownerFull],
  },
  {
    name: 'other schema instance prefix',
    xml: policy(
      `<Grant><Grantee xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="Group"><URI>${allUsersUri}</URI></Grantee><Permission>READ</Permission></Grant>`,
    ),
    grants: [{ grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' }],
  },
  {
    name: 'duplicate grants kept',
    xml: policy(groupGrantXml(allUsersUri, 'READ') + groupGrantXml(allUsersUri, 'READ')),
    grants: [
      { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' },
      { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' },
    ],
  },
];

for (const { name, xml, grants } of accepted) {
  test(`AccessControlPolicy ${name}`, async () => {
    const acl = await parseAccessControlPolicy(xml, options);
    assert.equal(acl.ownerId, ownerId);
    assert.deepEqual(acl.grants, grants);
  });
}

test('AccessControlPolicy 100 grants accepted', async () => {
  const xml = policy(groupGrantXml(allUsersUri, 'READ').repeat(maxGrants));
  const acl = await parseAccessControlPolicy(xml, options);
  assert.equal(acl.grants.length, 100);
});

// "An ACL can have up to 100 grants." S3 rejects a 101st with MalformedACLError.
const malformedDocuments: Array<{ name: string; xml: string }> = [
  { name: 'not well-formed', xml: '<AccessControlPolicy><Owner><ID>x</ID></AccessControlPolicy>' },
  { name: 'not XML', xml: '{"Grants": []}' },
  { name: 'wrong root', xml: `<AccessControlList><Owner><ID>${ownerId}</ID></Owner></AccessControlList>` },
  { name: 'empty root', xml: '<AccessControlPolicy/>' },
  { name: 'missing owner', xml: `<AccessControlPolicy><AccessControlList/></AccessControlPolicy>` },
  { name: 'owner without id', xml: `<AccessControlPolicy><Owner><DisplayName>x</DisplayName></Owner></AccessControlPolicy>` },
  { name: 'misspelled permission', xml: policy(canonicalGrant(ownerId, 'FULL_CONTROLL')) },
  { name: 'lower-case permission', xml: policy(canonicalGrant(ownerId, 'read')) },
  {
    name: 'missing permission',
    xml: policy(`<Grant><Grantee ${xsi} xsi:type="CanonicalUser"><ID>${ownerId}</ID></Grantee></Grant>`),
  },
  { name: 'missing grantee', xml: policy('<Grant><Permission>READ</Permission></Grant>') },
  {
    name: 'unknown grantee type',
    xml: policy(`<Grant><Grantee ${xsi} xsi:type="User"><ID>${ownerId}</ID></Grantee><Permission>READ</Permission></Grant>`),
  },
  {
    name: 'missing grantee type',
    xml: policy(`<Grant><Grantee><ID>${ownerId}</ID></Grantee><Permission>READ</Permission></Grant>`),
  },
  {
    name: 'type in another namespace',
    xml: policy(
      `<Grant><Grantee xmlns:xsi="urn:other" xsi:type="CanonicalUser"><ID>${ownerId}</ID></Grantee><Permission>READ</Permission></Grant>`,
    ),
  },
  {
    name: 'canonical user without id',
    xml: policy(`<Grant><Grantee ${xsi} xsi:type="CanonicalUser"><URI>${allUsersUri}</URI></Grantee><Permission>READ</Permission></Grant>`),
  },
  {
    name: 'group without uri',
    xml: policy(`<Grant><Grantee ${xsi} xsi:type="Group"><ID>${ownerId}</ID></Grantee><Permission>READ</Permission></Grant>`),
  },
  {
    name: 'email grantee without address',
    xml: policy(`<Grant><Grantee ${xsi} xsi:type="AmazonCustomerByEmail"></Grantee><Permission>READ</Permission></Grant>`),
  },
  { name: 'text grant list', xml: policy('text') },
  { name: '101 grants', xml: policy(groupGrantXml(allUsersUri, 'READ').repeat(maxGrants + 1)) },
];

for (const { name, xml } of malformedDocuments) {
  test(`AccessControlPolicy ${name} rejected`, async () => {
    const error = await s3ErrorOf(() => parseAccessControlPolicy(xml, options));
    assert.equal(error.code, 'MalformedACLError');
    assert.equal(error.status, 400);
  });
}

test('AccessControlPolicy owner mismatch', async () => {
  const error = await s3ErrorOf(() => parseAccessControlPolicy(policy(canonicalGrant(otherId, 'FULL_CONTROL'), otherId), options));
  assert.equal(error.code, 'AccessDenied');
  assert.equal(error.status, 403);
});

test('AccessControlPolicy schema checked before owner', async () => {
  const error = await s3ErrorOf(() => parseAccessControlPolicy(policy(canonicalGrant(otherId, 'ALL'), otherId), options));
  assert.equal(error.code, 'MalformedACLError');
});

test('AccessControlPolicy invalid canonical id', async () => {
  const error = await s3ErrorOf(() => parseAccessControlPolicy(policy(canonicalGrant('_foo', 'FULL_CONTROL')), options));
  assert.equal(error.code, 'InvalidArgument');
  assert.equal(error.details.ArgumentValue, '_foo');
});

test('AccessControlPolicy invalid group uri', async () => {
  const uri = 'http://acs.amazonaws.com/groups/global/Authenticated';
  const error = await s3ErrorOf(() => parseAccessControlPolicy(policy(groupGrantXml(uri, 'READ')), options));
  assert.equal(error.code, 'InvalidArgument');
  assert.equal(error.details.ArgumentValue, uri);
});

test('AccessControlPolicy email unresolvable', async () => {
  const xml = policy(
    `<Grant><Grantee ${xsi} xsi:type="AmazonCustomerByEmail"><EmailAddress>nobody@example.com</EmailAddress></Grantee><Permission>READ</Permission></Grant>`,
  );
  const error = await s3ErrorOf(() => parseAccessControlPolicy(xml, options));
  assert.equal(error.code, 'UnresolvableGrantByEmailAddress');
});

// The sample bucket ACL of "Access control list (ACL) overview": the owner with FULL_CONTROL,
// two accounts, and the AllUsers and LogDelivery groups.
const sampleAcl: AccessControlList = {
  ownerId,
  grants: [
    ownerFull,
    { grantee: { type: 'CanonicalUser', id: otherId }, permission: 'WRITE' },
    { grantee: { type: 'CanonicalUser', id: bucketOwnerId }, permission: 'READ' },
    { grantee: { type: 'Group', uri: allUsersUri }, permission: 'READ' },
    { grantee: { type: 'Group', uri: logDeliveryUri }, permission: 'WRITE' },
  ],
};
const displayNames = new Map([
  [ownerId, 'owner-name'],
  [otherId, 'other-name'],
]);
const displayNameOf = (id: string) => displayNames.get(id);

test('AccessControlPolicy render matches S3 shape', () => {
  const expected =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Owner><ID>${ownerId}</ID><DisplayName>owner-name</DisplayName></Owner>` +
    '<AccessControlList>' +
    `<Grant><Grantee ${xsi} xsi:type="CanonicalUser"><ID>${ownerId}</ID><DisplayName>owner-name</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>` +
    `<Grant><Grantee ${xsi} xsi:type="CanonicalUser"><ID>${otherId}</ID><DisplayName>other-name</DisplayName></Grantee><Permission>WRITE</Permission></Grant>` +
    `<Grant><Grantee ${xsi} xsi:type="CanonicalUser"><ID>${bucketOwnerId}</ID></Grantee><Permission>READ</Permission></Grant>` +
    `<Grant><Grantee ${xsi} xsi:type="Group"><URI>${allUsersUri}</URI></Grantee><Permission>READ</Permission></Grant>` +
    `<Grant><Grantee ${xsi} xsi:type="Group"><URI>${logDeliveryUri}</URI></Grantee><Permission>WRITE</Permission></Grant>` +
    '</AccessControlList></AccessControlPolicy>';
  assert.equal(buildAccessControlPolicyXml(sampleAcl, displayNameOf), expected);
});

test('AccessControlPolicy render empty grant list', () => {
  const xml = buildAccessControlPolicyXml({ ownerId, grants: [] }, () => undefined);
  assert.match(xml, /<Owner><ID>[0-9a-f]{64}<\/ID><\/Owner><AccessControlList><\/AccessControlList>/);
});

test('AccessControlPolicy render element for buildXml', () => {
  const element = renderAccessControlPolicy({ ownerId, grants: [] }, () => 'name');
  assert.deepEqual(element, { Owner: { ID: ownerId, DisplayName: 'name' }, AccessControlList: { Grant: [] } });
});

test('AccessControlPolicy round trip sample', async () => {
  const parsed = await parseAccessControlPolicy(buildAccessControlPolicyXml(sampleAcl, displayNameOf), options);
  assert.deepEqual(parsed, sampleAcl);
});

for (const name of cannedAclNames) {
  test(`AccessControlPolicy round trip ${name}`, async () => {
    const acl = cannedAcl(name, { ownerId, bucketOwnerId, target: 'object' });
    const parsed = await parseAccessControlPolicy(buildAccessControlPolicyXml(acl, displayNameOf), options);
    // DisplayName is not stored from requests, so the EC2 grantee of aws-exec-read loses it.
    const withoutDisplayNames = acl.grants.map((grant) =>
      grant.grantee.type === 'CanonicalUser' ? { ...grant, grantee: { type: 'CanonicalUser', id: grant.grantee.id } } : grant,
    );
    assert.deepEqual(parsed.grants, withoutDisplayNames);
  });
}

/** Serves `respond` on a loopback port for one S3 client call. */
async function withLoopbackServer(
  respond: (request: IncomingMessage, body: string, response: ServerResponse) => void,
  run: (client: S3Client) => Promise<void>,
): Promise<void> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => respond(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  try {
    await run(client);
  } finally {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test('AccessControlPolicy render read by AWS SDK', async () => {
  await withLoopbackServer(
    (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end(buildAccessControlPolicyXml(sampleAcl, displayNameOf));
    },
    async (client) => {
      const output = await client.send(new GetBucketAclCommand({ Bucket: 'bucket' }));
      assert.equal(output.Owner?.ID, ownerId);
      assert.deepEqual(
        output.Grants?.map((grant) => [grant.Grantee?.Type, grant.Grantee?.ID ?? grant.Grantee?.URI, grant.Permission]),
        [
          ['CanonicalUser', ownerId, 'FULL_CONTROL'],
          ['CanonicalUser', otherId, 'WRITE'],
          ['CanonicalUser', bucketOwnerId, 'READ'],
          ['Group', allUsersUri, 'READ'],
          ['Group', logDeliveryUri, 'WRITE'],
        ],
      );
    },
  );
});

test('AccessControlPolicy from AWS SDK request', async () => {
  let sentBody = '';
  await withLoopbackServer(
    (_request, body, response) => {
      sentBody = body;
      response.writeHead(200);
      response.end();
    },
    async (client) => {
      await client.send(
        new PutBucketAclCommand({
          Bucket: 'bucket',
          AccessControlPolicy: {
            Owner: { ID: ownerId },
            Grants: [
              { Grantee: { Type: 'CanonicalUser', ID: ownerId }, Permission: 'FULL_CONTROL' },
              { Grantee: { Type: 'Group', URI: authenticatedUsersUri }, Permission: 'READ' },
              { Grantee: { Type: 'AmazonCustomerByEmail', EmailAddress: otherEmail }, Permission: 'READ_ACP' },
            ],
          },
        }),
      );
    },
  );
  const acl = await parseAccessControlPolicy(sentBody, options);
  assert.deepEqual(acl.grants, [
    ownerFull,
    { grantee: { type: 'Group', uri: authenticatedUsersUri }, permission: 'READ' },
    { grantee: { type: 'CanonicalUser', id: otherId }, permission: 'READ_ACP' },
  ]);
});
