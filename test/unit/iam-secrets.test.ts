import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';

import { loadMasterKeyring, MasterKeyring, masterKeyFromBytes } from '../../src/iam/master-key.js';
import { SecretBox, SecretUnavailableError, secretContext } from '../../src/iam/secret-box.js';
import { newSessionToken, sessionTokenDigest, sessionTokenMatches } from '../../src/iam/session-token.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coffer-iam-keys-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadMasterKeyring', () => {
  it('creates the key file on first start', async () => {
    const dataDir = join(dir, 'first');
    const loaded = await loadMasterKeyring(dataDir, {});
    assert.equal(loaded.file, join(dataDir, 'keys', 'master.key'));
    assert.equal(loaded.generated, true);
    const content = await readFile(loaded.file);
    assert.equal(content.length, 32);
    assert.equal((await stat(loaded.file)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dataDir, 'keys'))).mode & 0o777, 0o700);
  });

  it('loads the same key on the next start', async () => {
    const dataDir = join(dir, 'again');
    const first = await loadMasterKeyring(dataDir, {});
    const second = await loadMasterKeyring(dataDir, {});
    assert.equal(second.generated, false);
    assert.equal(second.keyring.current.id, first.keyring.current.id);
  });

  it('honours COFFER_MASTER_KEY_FILE', async () => {
    const file = join(dir, 'elsewhere', 'nested', 'server.key');
    const loaded = await loadMasterKeyring(join(dir, 'unused'), { COFFER_MASTER_KEY_FILE: file });
    assert.equal(loaded.file, file);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'elsewhere', 'nested'))).mode & 0o777, 0o700);
  });

  it('rejects a key file others can read', async () => {
    const file = join(dir, 'open.key');
    await writeFile(file, randomBytes(32), { mode: 0o644 });
    await chmod(file, 0o644);
    await assert.rejects(loadMasterKeyring(dir, { COFFER_MASTER_KEY_FILE: file }), /mode 644.*chmod 600/);
  });

  it('accepts hex and base64 key files', async () => {
    const bytes = randomBytes(32);
    const hexFile = join(dir, 'hex.key');
    await writeFile(hexFile, `${bytes.toString('hex')}\n`, { mode: 0o600 });
    const base64File = join(dir, 'base64.key');
    await writeFile(base64File, `${bytes.toString('base64')}\n`, { mode: 0o600 });
    const fromHex = await loadMasterKeyring(dir, { COFFER_MASTER_KEY_FILE: hexFile });
    const fromBase64 = await loadMasterKeyring(dir, { COFFER_MASTER_KEY_FILE: base64File });
    assert.equal(fromHex.keyring.current.id, masterKeyFromBytes(bytes).id);
    assert.equal(fromBase64.keyring.current.id, masterKeyFromBytes(bytes).id);
  });

  it('rejects a key file of the wrong length', async () => {
    const file = join(dir, 'short.key');
    await writeFile(file, randomBytes(16), { mode: 0o600 });
    await assert.rejects(loadMasterKeyring(dir, { COFFER_MASTER_KEY_FILE: file }), /contains 16 bytes/);
  });

  it('loads retired keys for a rotation', async () => {
    const dataDir = join(dir, 'rotate');
    const old = await loadMasterKeyring(dataDir, {});
    await mkdir(join(dataDir, 'keys', 'retired'), { mode: 0o700 });
    await rename(old.file, join(dataDir, 'keys', 'retired', 'first.key'));
    const rotated = await loadMasterKeyring(dataDir, {});
    assert.equal(rotated.generated, true);
    assert.notEqual(rotated.keyring.current.id, old.keyring.current.id);
    assert.deepEqual(rotated.retiredFiles, [join(dataDir, 'keys', 'retired', 'first.key')]);
    assert.ok(rotated.keyring.get(old.keyring.current.id) !== undefined);
  });
});

describe('SecretBox', () => {
  const keyring = new MasterKeyring(masterKeyFromBytes(randomBytes(32)));
  const box = new SecretBox(keyring);
  const context = secretContext('access-key', 'AKIAEXAMPLEEXAMPLE00');

  it('opens what it sealed', () => {
    const sealed = box.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', context);
    assert.equal(sealed.keyId, keyring.current.id);
    assert.equal(box.open(sealed, context), 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  });

  it('ciphertext hides the secret', () => {
    const secret = 'plain-secret-value-0123456789';
    const sealed = box.seal(secret, context);
    assert.equal(sealed.ciphertext.includes(Buffer.from(secret)), false);
    assert.notDeepEqual(box.seal(secret, context).ciphertext, sealed.ciphertext);
  });

  it('ciphertext bound to its record', () => {
    const sealed = box.seal('secret', context);
    assert.throws(() => box.open(sealed, secretContext('access-key', 'AKIAOTHEROTHEROTHER0')), SecretUnavailableError);
    assert.throws(() => box.open(sealed, secretContext('session', 'AKIAEXAMPLEEXAMPLE00')), SecretUnavailableError);
  });

  it('tampered ciphertext fails', () => {
    const sealed = box.seal('secret', context);
    const tampered = Buffer.from(sealed.ciphertext);
    tampered[tampered.length - 1]! ^= 1;
    assert.throws(() => box.open({ keyId: sealed.keyId, ciphertext: tampered }, context), SecretUnavailableError);
  });

  it('unknown key id fails', () => {
    const other = new SecretBox(new MasterKeyring(masterKeyFromBytes(randomBytes(32))));
    const sealed = other.seal('secret', context);
    assert.throws(() => box.open(sealed, context), /neither the current key nor a retired one/);
  });

  it('retired key still opens', () => {
    const oldKey = masterKeyFromBytes(randomBytes(32));
    const sealed = new SecretBox(new MasterKeyring(oldKey)).seal('secret', context);
    const rotated = new SecretBox(new MasterKeyring(masterKeyFromBytes(randomBytes(32)), [oldKey]));
    assert.equal(rotated.isCurrent(sealed), false);
    assert.equal(rotated.open(sealed, context), 'secret');
  });

  it('key bytes stay out of logs', () => {
    const bytes = randomBytes(32);
    const key = masterKeyFromBytes(bytes);
    assert.equal(JSON.stringify(key).includes(bytes.toString('hex')), false);
    assert.equal(inspect(key).includes('key:'), false);
    assert.deepEqual(Object.keys(key), ['id']);
  });
});

describe('session tokens', () => {
  it('digest matches its token', () => {
    const token = newSessionToken();
    const digest = sessionTokenDigest(token);
    assert.match(digest, /^[0-9a-f]{64}$/);
    assert.equal(sessionTokenMatches(token, digest), true);
  });

  it('other tokens do not match', () => {
    const digest = sessionTokenDigest(newSessionToken());
    assert.equal(sessionTokenMatches(newSessionToken(), digest), false);
    assert.equal(sessionTokenMatches('', digest), false);
  });

  it('tokens are random', () => {
    assert.notEqual(newSessionToken(), newSessionToken());
    assert.ok(newSessionToken().length >= 80);
  });
});
