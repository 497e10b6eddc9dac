import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { IdentityStore, RoleRecord, SessionRecord, UserRecord } from '../../src/iam/identity-store.js';
import { MasterKeyring, masterKeyFromBytes } from '../../src/iam/master-key.js';
import { SecretBox, secretContext } from '../../src/iam/secret-box.js';
import { openSqliteDatabase } from '../../src/metadata/sqlite/database.js';
import { SqliteIdentityStore } from '../../src/metadata/sqlite/sqlite-identity-store.js';
import { SqliteMetadataStore } from '../../src/metadata/sqlite/sqlite-metadata-store.js';
import { storeLocation, type StoreLocation } from './identity-store-engine.js';

let dir: string;
let store: IdentityStore;
let location: StoreLocation | undefined;
let counter = 0;
const firstKey = masterKeyFromBytes(randomBytes(32));
const secrets = new SecretBox(new MasterKeyring(firstKey));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coffer-iam-store-'));
});

beforeEach(async () => {
  await store?.close();
  await location?.remove();
  counter += 1;
  location = storeLocation(join(dir, `identity-${counter}.sqlite`));
  store = await location.open();
});

after(async () => {
  await store?.close();
  await location?.remove();
  await rm(dir, { recursive: true, force: true });
});

function user(userName: string, extra: Partial<UserRecord> = {}): UserRecord {
  return {
    userName,
    userId: `AIDA${randomBytes(9).toString('hex').toUpperCase().slice(0, 17)}`,
    path: '/',
    arn: `arn:aws:iam::123456789012:user/${userName}`,
    createdAt: new Date('2024-01-02T03:04:05Z'),
    canonicalId: randomBytes(32).toString('hex'),
    displayName: userName,
    email: undefined,
    tags: [],
    ...extra,
  };
}

function role(roleName: string): RoleRecord {
  return {
    roleName,
    roleId: `AROA${randomBytes(9).toString('hex').toUpperCase().slice(0, 17)}`,
    path: '/',
    arn: `arn:aws:iam::123456789012:role/${roleName}`,
    createdAt: new Date('2024-01-02T03:04:05Z'),
    trustPolicy: '{"Version":"2012-10-17","Statement":[]}',
    description: undefined,
    maxSessionDuration: 3600,
    tags: [],
    lastUsed: undefined,
  };
}

function newKey(accessKeyId: string, secret = 'secret-of-' + accessKeyId) {
  return {
    accessKeyId,
    secret: secrets.seal(secret, secretContext('access-key', accessKeyId)),
    createdAt: new Date('2024-01-02T03:04:05Z'),
  };
}

function session(accessKeyId: string, extra: Partial<SessionRecord> = {}): SessionRecord {
  return {
    accessKeyId,
    secret: secrets.seal('session-secret', secretContext('session', accessKeyId)),
    tokenDigest: 'ab'.repeat(32),
    source: 'GetSessionToken',
    createdAt: new Date('2024-01-02T03:04:05Z'),
    expiresAt: new Date('2024-01-02T15:04:05Z'),
    userId: undefined,
    parentAccessKeyId: undefined,
    roleId: undefined,
    sessionName: undefined,
    assumerArn: undefined,
    sessionPolicy: undefined,
    ...extra,
  };
}

describe('account', () => {
  it('id generated once and kept', async () => {
    const account = await store.getAccount();
    await store.close();
    store = await location!.open();
    assert.match(account.accountId, /^\d{12}$/);
    assert.deepEqual(await store.getAccount(), account);
  });
});

describe('account, SQLite file', () => {
  it('shares the metadata database file', async () => {
    const path = join(dir, 'shared.sqlite');
    const metadata = new SqliteMetadataStore(path);
    const identity = new SqliteIdentityStore(path);
    assert.equal(await identity.createUser(user('alice')), 'created');
    assert.equal(await metadata.createBucket({ name: 'b', region: 'us-east-1', ownerId: 'x', createdAt: new Date() }), 'created');
    await identity.close();
    await metadata.close();
  });

  it('accepts an open database handle', async () => {
    const db = openSqliteDatabase(join(dir, 'handle.sqlite'));
    const identity = new SqliteIdentityStore(db);
    await identity.getAccount();
    await identity.close();
    assert.equal(db.open, true);
    db.close();
  });
});

describe('users', () => {
  it('names compare case-insensitively', async () => {
    assert.equal(await store.createUser(user('Alice')), 'created');
    assert.equal(await store.createUser(user('ALICE')), 'exists');
    assert.equal((await store.getUser('alice'))?.userName, 'Alice');
  });

  it('emails are unique', async () => {
    assert.equal(await store.createUser(user('a', { email: 'Team@Example.com' })), 'created');
    assert.equal(await store.createUser(user('b', { email: 'team@example.com' })), 'email-taken');
    assert.equal((await store.getUserByEmail('TEAM@example.com'))?.userName, 'a');
  });

  it('lookup by id and canonical id', async () => {
    const alice = user('alice', { tags: [{ Key: 'team', Value: 'blue' }] });
    await store.createUser(alice);
    assert.deepEqual(await store.getUserById(alice.userId), alice);
    assert.deepEqual(await store.getUserByCanonicalId(alice.canonicalId), alice);
  });

  it('list pages by name and path prefix', async () => {
    for (const name of ['carol', 'Bob', 'alice']) await store.createUser(user(name));
    await store.createUser(user('dave', { path: '/ops/' }));
    const all = await store.listUsers({ pathPrefix: '/', after: undefined, limit: 10 });
    assert.deepEqual(all.map((u) => u.userName), ['alice', 'Bob', 'carol', 'dave']);
    const page = await store.listUsers({ pathPrefix: '/', after: 'bob', limit: 1 });
    assert.deepEqual(page.map((u) => u.userName), ['carol']);
    const ops = await store.listUsers({ pathPrefix: '/ops', after: undefined, limit: 10 });
    assert.deepEqual(ops.map((u) => u.userName), ['dave']);
  });

  it('delete conflicts with keys and policies', async () => {
    await store.createUser(user('alice'));
    await store.createAccessKey('alice', newKey('AKIAAAAAAAAAAAAAAAA1'), 2);
    assert.equal(await store.deleteUser('alice'), 'has-access-keys');
    await store.deleteAccessKey('alice', 'AKIAAAAAAAAAAAAAAAA1');
    await store.putUserPolicy('alice', { policyName: 'p', document: '{}', size: 2 }, 2048);
    assert.equal(await store.deleteUser('alice'), 'has-policies');
    await store.deleteUserPolicy('alice', 'p');
    assert.equal(await store.deleteUser('ALICE'), 'deleted');
    assert.equal(await store.deleteUser('alice'), 'missing');
    assert.equal(await store.getUser('alice'), undefined);
  });

  it('users version seen by another connection', async () => {
    const other = await location!.open();
    try {
      assert.ok(other.usersVersion !== undefined, 'the store reports a users version');
      const initial = await other.usersVersion();
      await store.createUser(user('alice'));
      const afterCreate = await other.usersVersion();
      assert.notEqual(afterCreate, initial);
      await store.putUserPolicy('alice', { policyName: 'p', document: '{}', size: 2 }, 2048);
      assert.equal(await other.usersVersion(), afterCreate, 'a policy change leaves the set of users as it was');
      await store.deleteUserPolicy('alice', 'p');
      await store.deleteUser('alice');
      const afterDelete = await other.usersVersion();
      assert.notEqual(afterDelete, afterCreate);
      assert.notEqual(afterDelete, initial);
    } finally {
      await other.close();
    }
  });
});

describe('access keys', () => {
  it('limit per user', async () => {
    await store.createUser(user('alice'));
    assert.equal((await store.createAccessKey('alice', newKey('AKIAAAAAAAAAAAAAAAA1'), 2)).status, 'created');
    assert.equal((await store.createAccessKey('alice', newKey('AKIAAAAAAAAAAAAAAAA2'), 2)).status, 'created');
    assert.equal((await store.createAccessKey('alice', newKey('AKIAAAAAAAAAAAAAAAA3'), 2)).status, 'limit-exceeded');
    assert.equal((await store.createAccessKey('nobody', newKey('AKIAAAAAAAAAAAAAAAA4'), 2)).status, 'no-such-user');
  });

  it('deleted key leaves a tombstone', async () => {
    await store.createUser(user('alice'));
    await store.createAccessKey('alice', newKey('AKIAAAAAAAAAAAAAAAA1'), 2);
    assert.equal(await store.deleteAccessKey('alice', 'AKIAAAAAAAAAAAAAAAA1'), 'deleted');
    const tombstone = await store.getAccessKey('AKIAAAAAAAAAAAAAAAA1');
    assert.equal(tombstone?.record.status, 'Deleted');
    assert.equal(tombstone?.secret, undefined);
    assert.ok(tombstone?.record.deletedAt instanceof Date);
    assert.deepEqual(await store.listAccessKeys('alice'), []);
    assert.equal(await store.deleteAccessKey('alice', 'AKIAAAAAAAAAAAAAAAA1'), 'no-such-key');
    // A tombstone does not count against the limit.
    assert.equal((await store.createAccessKey('alice', newKey('AKIAAAAAAAAAAAAAAAA2'), 1)).status, 'created');
  });

  it('status changes only for the owner', async () => {
    await store.createUser(user('alice'));
    await store.createUser(user('bob'));
    await store.createAccessKey('alice', newKey('AKIAAAAAAAAAAAAAAAA1'), 2);
    assert.equal(await store.updateAccessKeyStatus('bob', 'AKIAAAAAAAAAAAAAAAA1', 'Inactive'), 'no-such-key');
    assert.equal(await store.updateAccessKeyStatus('ALICE', 'AKIAAAAAAAAAAAAAAAA1', 'Inactive'), 'updated');
    assert.equal((await store.getAccessKey('AKIAAAAAAAAAAAAAAAA1'))?.record.status, 'Inactive');
    assert.equal(await store.updateAccessKeyStatus('carol', 'AKIAAAAAAAAAAAAAAAA1', 'Active'), 'no-such-user');
  });

  it('secret sealed in the SQLite file', async () => {
    const path = join(dir, 'sealed.sqlite');
    const sealedStore = new SqliteIdentityStore(path);
    await sealedStore.createUser(user('alice'));
    const secret = 'VerySecretAccessKeyThatMustNotLeak0123456';
    await sealedStore.createAccessKey('alice', newKey('AKIAAAAAAAAAAAAAAAA1', secret), 2);
    const stored = await sealedStore.getAccessKey('AKIAAAAAAAAAAAAAAAA1');
    assert.equal(secrets.open(stored!.secret!, secretContext('access-key', 'AKIAAAAAAAAAAAAAAAA1')), secret);
    await sealedStore.close();
    const files = await Promise.all(['', '-wal'].map((suffix) => readFile(path + suffix).catch(() => Buffer.alloc(0))));
    for (const content of files) assert.equal(content.includes(Buffer.from(secret)), false);
  });

  it('key use recorded', async () => {
    await store.createUser(user('alice'));
    await store.createAccessKey('alice', newKey('AKIAAAAAAAAAAAAAAAA1'), 2);
    const at = new Date('2024-05-06T07:08:09Z');
    await store.recordAccessKeyUse('AKIAAAAAAAAAAAAAAAA1', { at, service: 's3', region: 'us-east-1' });
    await store.recordAccessKeyUse('AKIAAAAAAAAAAAAAAAA1', { at: new Date(at.getTime() + 1000), service: 's3', region: 'us-east-1' });
    assert.deepEqual((await store.getAccessKey('AKIAAAAAAAAAAAAAAAA1'))?.record.lastUsed, { at, service: 's3', region: 'us-east-1' });
    const later = new Date(at.getTime() + 1000);
    await store.recordAccessKeyUse('AKIAAAAAAAAAAAAAAAA1', { at: later, service: 'iam', region: 'us-east-1' });
    assert.deepEqual((await store.getAccessKey('AKIAAAAAAAAAAAAAAAA1'))?.record.lastUsed, { at: later, service: 'iam', region: 'us-east-1' });
  });
});

describe('inline policies', () => {
  it('aggregate size quota', async () => {
    await store.createUser(user('alice'));
    assert.equal(await store.putUserPolicy('alice', { policyName: 'a', document: 'x', size: 1500 }, 2048), 'stored');
    assert.equal(await store.putUserPolicy('alice', { policyName: 'b', document: 'y', size: 600 }, 2048), 'too-large');
    // Replacing a policy counts only its new size.
    assert.equal(await store.putUserPolicy('alice', { policyName: 'A', document: 'z', size: 2000 }, 2048), 'stored');
    const policies = await store.listUserPolicies('alice');
    assert.deepEqual(policies, [{ policyName: 'A', document: 'z', size: 2000 }]);
  });

  it('missing user and policy', async () => {
    assert.equal(await store.putUserPolicy('nobody', { policyName: 'a', document: 'x', size: 1 }, 2048), 'no-such-user');
    assert.equal(await store.getUserPolicy('nobody', 'a'), 'no-such-user');
    await store.createUser(user('alice'));
    assert.equal(await store.getUserPolicy('alice', 'a'), 'no-such-policy');
    assert.equal(await store.deleteUserPolicy('alice', 'a'), 'no-such-policy');
    assert.equal(await store.listUserPolicies('nobody'), undefined);
  });

  it('role policies', async () => {
    await store.createRole(role('reader'));
    assert.equal(await store.putRolePolicy('READER', { policyName: 'p', document: '{}', size: 2 }, 10240), 'stored');
    assert.deepEqual(await store.getRolePolicy('reader', 'P'), { policyName: 'p', document: '{}', size: 2 });
    assert.equal(await store.deleteRole('reader'), 'has-policies');
    assert.equal(await store.deleteRolePolicy('reader', 'p'), 'deleted');
    assert.equal(await store.deleteRole('reader'), 'deleted');
    assert.equal(await store.putRolePolicy('reader', { policyName: 'p', document: '{}', size: 2 }, 10240), 'no-such-role');
  });
});

describe('roles', () => {
  it('create, read, list', async () => {
    const reader = role('Reader');
    assert.equal(await store.createRole(reader), 'created');
    assert.equal(await store.createRole(role('reader')), 'exists');
    assert.deepEqual(await store.getRole('READER'), reader);
    assert.deepEqual(await store.getRoleById(reader.roleId), reader);
    await store.createRole(role('admin'));
    const listed = await store.listRoles({ pathPrefix: '/', after: undefined, limit: 10 });
    assert.deepEqual(listed.map((r) => r.roleName), ['admin', 'Reader']);
  });

  it('use recorded', async () => {
    const reader = role('reader');
    await store.createRole(reader);
    const at = new Date('2024-05-06T07:08:09Z');
    await store.recordRoleUse(reader.roleId, { at, region: 'eu-west-1' });
    assert.deepEqual((await store.getRole('reader'))?.lastUsed, { at, region: 'eu-west-1' });
  });
});

describe('sessions', () => {
  it('stored and read back', async () => {
    const record = session('ASIAAAAAAAAAAAAAAAA1', { userId: 'AIDAX', parentAccessKeyId: 'AKIAX' });
    await store.createSession(record);
    assert.deepEqual(await store.getSession('ASIAAAAAAAAAAAAAAAA1'), record);
    assert.equal(await store.getSession('ASIAAAAAAAAAAAAAAAA2'), undefined);
  });

  it('expired sessions pruned', async () => {
    await store.createSession(session('ASIAAAAAAAAAAAAAAAA1', { expiresAt: new Date('2024-01-01T00:00:00Z') }));
    await store.createSession(session('ASIAAAAAAAAAAAAAAAA2', { expiresAt: new Date('2024-03-01T00:00:00Z') }));
    assert.equal(await store.deleteExpiredSessions(new Date('2024-02-01T00:00:00Z')), 1);
    assert.equal(await store.getSession('ASIAAAAAAAAAAAAAAAA1'), undefined);
    assert.notEqual(await store.getSession('ASIAAAAAAAAAAAAAAAA2'), undefined);
  });
});

describe('rewrapSecrets', () => {
  it('re-seals keys and sessions', async () => {
    await store.createUser(user('alice'));
    await store.createAccessKey('alice', newKey('AKIAAAAAAAAAAAAAAAA1', 'key-secret'), 2);
    await store.createSession(session('ASIAAAAAAAAAAAAAAAA1'));
    const next = new SecretBox(new MasterKeyring(masterKeyFromBytes(randomBytes(32)), [firstKey]));
    const seen: string[] = [];
    const count = await store.rewrapSecrets((item) => {
      seen.push(`${item.kind}:${item.accessKeyId}`);
      const context = secretContext(item.kind, item.accessKeyId);
      return next.seal(next.open(item.secret, context), context);
    });
    assert.equal(count, 2);
    assert.deepEqual(seen.sort(), ['access-key:AKIAAAAAAAAAAAAAAAA1', 'session:ASIAAAAAAAAAAAAAAAA1']);
    const key = await store.getAccessKey('AKIAAAAAAAAAAAAAAAA1');
    assert.equal(next.isCurrent(key!.secret!), true);
    assert.equal(next.open(key!.secret!, secretContext('access-key', 'AKIAAAAAAAAAAAAAAAA1')), 'key-secret');
  });
});
