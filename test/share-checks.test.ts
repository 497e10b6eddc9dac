import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';

import { presignUrl, type PresignMethod } from '../src/presign/index.js';
import { shareIdParam } from '../src/share/share-parameter.js';
import { AccessFixture, identityStatement, type Credentials, type TestUser } from './access/fixture.js';
import { region } from './harness/clients.js';
import { coffer, cofferOk, createShare, curlUrl } from './share/cli.js';

// A share is a presigned URL that the server checks at every use: its use limit, its
// revocation, its expiry, its source range, and the signer's current permissions. The
// server trusts X-Forwarded-For from 127.0.0.1 here, so a test can act from another address.

let fixture: AccessFixture;
let carol: TestUser;
const bucket = 'lent';
const key = 'report.txt';
const object = `s3://${bucket}/${key}`;
const content = 'quarterly report\n';

before(async () => {
  fixture = await AccessFixture.start({ args: ['--trusted-proxy', '127.0.0.1'] });
  await fixture.awsOk(['s3api', 'create-bucket', '--bucket', bucket]);
  await fixture.s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: content }));
  carol = await fixture.createUser('carol');
  await putCarolPolicy();
});

after(async () => {
  await fixture?.stop();
});

function putCarolPolicy(): Promise<void> {
  return fixture.putUserPolicy('carol', 'lend', [identityStatement('Allow', ['s3:GetObject', 's3:PutObject'], `arn:aws:s3:::${bucket}/*`)]);
}

/** Signs a URL with the presign library, carrying any share id, for requests the CLI would never sign. */
function signWithShareId(credentials: Credentials, method: PresignMethod, objectKey: string, shareId: string): string {
  return presignUrl(
    credentials,
    { method, bucket, key: objectKey, extraQuery: { [shareIdParam]: shareId } },
    { endpoint: fixture.endpoint, region, expiresIn: 600 },
  ).url;
}

describe('share with --max-uses', () => {
  it('serves its uses, then refuses', async () => {
    const share = await createShare(fixture, object, ['--max-uses', '2']);
    assert.equal((await curlUrl(fixture, share.url)).body, content);
    assert.equal((await curlUrl(fixture, share.url)).body, content);
    const third = await curlUrl(fixture, share.url);
    assert.equal(third.status, 403);
    assert.equal(third.code, 'AccessDenied');
    assert.match(third.message ?? '', new RegExp(`The share ${share.shareId} is used up: it allowed 2 uses`));
  });
});

describe('revoked share', () => {
  it('is refused while other URLs of the key work', async () => {
    const revoked = await createShare(fixture, object);
    const other = await createShare(fixture, object);
    const plain = (await cofferOk(fixture, ['presign', object])).stdout.trim();
    assert.equal((await curlUrl(fixture, revoked.url)).body, content);

    const output = await cofferOk(fixture, ['share', 'revoke', revoked.shareId]);
    assert.equal(output.stdout, `Revoked share ${revoked.shareId} (GET ${object})\n`);
    const refused = await curlUrl(fixture, revoked.url);
    assert.equal(refused.status, 403);
    assert.equal(refused.code, 'AccessDenied');
    assert.match(refused.message ?? '', new RegExp(`The share ${revoked.shareId} was revoked at \\d{4}-`));
    assert.equal((await curlUrl(fixture, other.url)).body, content);
    assert.equal((await curlUrl(fixture, plain)).body, content);
  });
});

describe('share id parameter', () => {
  it('changed to another share breaks the signature', async () => {
    const first = await createShare(fixture, object);
    const second = await createShare(fixture, object);
    const swapped = first.url.replace(first.shareId, second.shareId);
    assert.notEqual(swapped, first.url);
    const outcome = await curlUrl(fixture, swapped);
    assert.equal(outcome.status, 403);
    assert.equal(outcome.code, 'SignatureDoesNotMatch');
  });

  it('removed breaks the signature', async () => {
    const share = await createShare(fixture, object);
    const removed = share.url.replace(`&${shareIdParam}=${share.shareId}`, '');
    assert.notEqual(removed, share.url);
    const outcome = await curlUrl(fixture, removed);
    assert.equal(outcome.status, 403);
    assert.equal(outcome.code, 'SignatureDoesNotMatch');
  });

  it('naming no share is refused', async () => {
    const outcome = await curlUrl(fixture, signWithShareId(fixture.root, 'GET', key, 'shr-000000000000000000000000'));
    assert.equal(outcome.status, 403);
    assert.equal(outcome.message, 'The share shr-000000000000000000000000 does not exist.');
  });

  it('on an unsigned request is rejected', async () => {
    const outcome = await curlUrl(fixture, `${fixture.endpoint}/${bucket}/${key}?${shareIdParam}=shr-000000000000000000000000`);
    assert.equal(outcome.status, 400);
    assert.equal(outcome.code, 'InvalidArgument');
  });
});

describe('share used for another request', () => {
  let share: { shareId: string; url: string };

  before(async () => {
    share = await createShare(fixture, object);
  });

  it('with another method fails the signature', async () => {
    const outcome = await curlUrl(fixture, share.url, ['-X', 'PUT', '--data-binary', 'replaced']);
    assert.equal(outcome.status, 403);
    assert.equal(outcome.code, 'SignatureDoesNotMatch');
  });

  it('signed for another method is refused', async () => {
    const outcome = await curlUrl(fixture, signWithShareId(fixture.root, 'PUT', key, share.shareId), ['-T', '-']);
    assert.equal(outcome.status, 403);
    assert.equal(outcome.message, `The share ${share.shareId} lends GET on ${object}, not PUT on ${object}.`);
  });

  it('signed for another key is refused', async () => {
    const outcome = await curlUrl(fixture, signWithShareId(fixture.root, 'GET', 'other.txt', share.shareId));
    assert.equal(outcome.status, 403);
    assert.match(outcome.message ?? '', new RegExp(`lends GET on ${object}, not GET on s3://${bucket}/other\\.txt`));
  });

  it('signed by another key is refused', async () => {
    const outcome = await curlUrl(fixture, signWithShareId(carol, 'GET', key, share.shareId));
    assert.equal(outcome.status, 403);
    assert.equal(outcome.message, `The share ${share.shareId} is valid only when signed by the access key that created it.`);
  });
});

describe('share with --source-ip', () => {
  let share: { shareId: string; url: string };

  before(async () => {
    share = await createShare(fixture, object, ['--source-ip', '10.1.0.0/16']);
  });

  it('refuses a client outside the range', async () => {
    const outcome = await curlUrl(fixture, share.url);
    assert.equal(outcome.status, 403);
    assert.equal(outcome.message, `The share ${share.shareId} may be used only from 10.1.0.0/16; this request came from 127.0.0.1.`);
    const forwarded = await curlUrl(fixture, share.url, ['-H', 'X-Forwarded-For: 10.2.0.1']);
    assert.equal(forwarded.status, 403);
  });

  it('serves a client inside the range', async () => {
    const outcome = await curlUrl(fixture, share.url, ['-H', 'X-Forwarded-For: 10.1.2.3']);
    assert.equal(outcome.status, 200);
    assert.equal(outcome.body, content);
  });
});

describe('share whose signer loses access', () => {
  let share: { shareId: string; url: string };

  before(async () => {
    share = await createShare(fixture, object, [], carol);
  });

  it('works while the signer may read', async () => {
    assert.equal((await curlUrl(fixture, share.url)).body, content);
  });

  it('is refused once the policy is removed', async () => {
    await fixture.awsOk(['iam', 'delete-user-policy', '--user-name', 'carol', '--policy-name', 'lend']);
    const outcome = await curlUrl(fixture, share.url);
    assert.equal(outcome.status, 403);
    assert.equal(outcome.code, 'AccessDenied');
    assert.match(outcome.message ?? '', new RegExp(`The signer of the share ${share.shareId} is no longer allowed: its permissions`));
    await putCarolPolicy();
    assert.equal((await curlUrl(fixture, share.url)).body, content);
  });

  it('is refused once the key is inactive', async () => {
    await fixture.awsOk(['iam', 'update-access-key', '--user-name', 'carol', '--access-key-id', carol.accessKeyId, '--status', 'Inactive']);
    try {
      const outcome = await curlUrl(fixture, share.url);
      assert.equal(outcome.status, 403);
      assert.equal(outcome.code, 'AccessDenied');
      assert.match(outcome.message ?? '', new RegExp(`The signer of the share ${share.shareId} is no longer allowed: The access key ${carol.accessKeyId} is inactive`));
    } finally {
      await fixture.awsOk(['iam', 'update-access-key', '--user-name', 'carol', '--access-key-id', carol.accessKeyId, '--status', 'Active']);
    }
  });
});

describe('share with --expires-in', () => {
  it('is refused after its expiry', async () => {
    const share = await createShare(fixture, object, ['--expires-in', '2']);
    assert.equal((await curlUrl(fixture, share.url)).body, content);
    await sleep(Date.parse(share.expiresAt) - Date.now() + 1500);
    const outcome = await curlUrl(fixture, share.url);
    assert.equal(outcome.status, 403);
    assert.equal(outcome.code, 'AccessDenied');
    assert.equal(outcome.message, `The share ${share.shareId} expired at ${share.expiresAt}.`);
    const listed = JSON.parse((await cofferOk(fixture, ['share', 'ls', '--json'])).stdout) as Array<{ shareId: string; state: string }>;
    assert.equal(listed.find((entry) => entry.shareId === share.shareId)?.state, 'expired');
  });
});

describe('share with --method PUT', () => {
  it('uploads once', async () => {
    const share = await createShare(fixture, `s3://${bucket}/incoming/upload.txt`, ['--method', 'PUT', '--max-uses', '1']);
    assert.equal(share.method, 'PUT');
    const file = join(fixture.dir, 'upload.txt');
    await writeFile(file, 'uploaded through a share\n');
    const upload = await curlUrl(fixture, share.url, ['-T', file]);
    assert.equal(upload.status, 200, upload.body);
    const stored = await fixture.s3().send(new GetObjectCommand({ Bucket: bucket, Key: 'incoming/upload.txt' }));
    assert.equal(await stored.Body!.transformToString(), 'uploaded through a share\n');
    const again = await curlUrl(fixture, share.url, ['-T', file]);
    assert.equal(again.status, 403);
    assert.match(again.message ?? '', /is used up/);
  });
});

describe('coffer share ls, show and revoke', () => {
  let share: { shareId: string; url: string };

  before(async () => {
    await fixture.awsOk(['s3api', 'create-bucket', '--bucket', 'listed']);
    await fixture.s3().send(new PutObjectCommand({ Bucket: 'listed', Key: 'a.txt', Body: 'a' }));
    share = await createShare(fixture, 's3://listed/a.txt', ['--max-uses', '3', '--note', 'for the auditors']);
    assert.equal((await curlUrl(fixture, share.url)).status, 200);
  });

  it('ls prints a table', async () => {
    const result = await cofferOk(fixture, ['share', 'ls', '--bucket', 'listed']);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID +OBJECT +METHOD +CREATED +EXPIRES +USES +STATE +NOTE$/);
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, new RegExp(`^${share.shareId} +s3://listed/a\\.txt +GET +\\d{4}-\\S+ +\\d{4}-\\S+ +1/3 +active +for the auditors$`));
  });

  it('ls --json', async () => {
    const result = await cofferOk(fixture, ['share', 'ls', '--bucket', 'listed', '--json']);
    const shares = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    assert.equal(shares.length, 1);
    assert.equal(shares[0]!.shareId, share.shareId);
    assert.equal(shares[0]!.useCount, 1);
    assert.equal(shares[0]!.maxUses, 3);
    assert.equal(shares[0]!.note, 'for the auditors');
    assert.equal(shares[0]!.state, 'active');
    assert.equal(shares[0]!.creatorArn, `arn:aws:iam::${fixture.accountId}:root`);
  });

  it('show lists recent uses', async () => {
    const result = await cofferOk(fixture, ['share', 'show', share.shareId]);
    assert.match(result.stdout, new RegExp(`^Share ${share.shareId}\n`));
    assert.match(result.stdout, /\n {2}Uses: +1 of 3\n/);
    assert.match(result.stdout, /\n {2}Note: +for the auditors\n/);
    assert.match(result.stdout, /\nRecent uses:\nTIME +SHARE +ACCESS KEY +METHOD +STATUS +COMPLETE +SENT +RECEIVED +CLIENT +OBJECT\n/);
    assert.match(result.stdout, new RegExp(`\n\\S+ +${share.shareId} +${fixture.root.accessKeyId} +GET +200 +yes +1 +0 +127\\.0\\.0\\.1 +s3://listed/a\\.txt\n`));
  });

  it('show --json', async () => {
    const result = await cofferOk(fixture, ['share', 'show', share.shareId, '--json']);
    const shown = JSON.parse(result.stdout) as { share: { shareId: string }; recentUses: Array<{ status: number; bytesSent: number }> };
    assert.equal(shown.share.shareId, share.shareId);
    assert.deepEqual(shown.recentUses.map((use) => [use.status, use.bytesSent]), [[200, 1]]);
  });

  it('revoke --json marks it revoked', async () => {
    const result = await cofferOk(fixture, ['share', 'revoke', share.shareId, '--json']);
    const revoked = JSON.parse(result.stdout) as { state: string; revokedAt: string | null };
    assert.equal(revoked.state, 'revoked');
    assert.notEqual(revoked.revokedAt, null);
    const listed = await cofferOk(fixture, ['share', 'ls', '--bucket', 'listed']);
    assert.match(listed.stdout, / 1\/3 +revoked +for the auditors\n/);
  });

  it('of an unknown id fails', async () => {
    const result = await coffer(fixture, ['share', 'show', 'shr-000000000000000000000000']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, 'coffer: NoSuchShare: The share shr-000000000000000000000000 does not exist.\n');
  });

  it('are refused to another user', async () => {
    const listed = JSON.parse((await cofferOk(fixture, ['share', 'ls', '--json'], carol)).stdout) as Array<{ creatorArn: string }>;
    assert.ok(listed.every((entry) => entry.creatorArn === carol.arn));
    for (const args of [['share', 'show', share.shareId], ['share', 'revoke', share.shareId]]) {
      const result = await coffer(fixture, args, carol);
      assert.equal(result.code, 1);
      assert.match(result.stderr, new RegExp(`AccessDenied: Only the creator of the share ${share.shareId} or the account's root user`));
    }
  });
});

describe('coffer share usage', () => {
  it('rejects bad flags before calling the server', async () => {
    for (const [flag, value, message] of [
      ['--method', 'DELETE', /--method must be GET or PUT/],
      ['--max-uses', '0', /--max-uses must be a whole number from 1/],
      ['--source-ip', '10.0.0.0/33', /--source-ip must be an IPv4 or IPv6 address or CIDR block/],
      ['--expires-in', '604801', /--expires-in must be a whole number from 1 to 604800/],
    ] as const) {
      const result = await coffer(fixture, ['share', object, flag, value]);
      assert.equal(result.code, 1, flag);
      assert.match(result.stderr, message);
    }
  });

  it('of a missing bucket fails', async () => {
    const result = await coffer(fixture, ['share', 's3://no-such-bucket/a.txt']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /NoSuchBucket/);
  });
});
