import assert from 'node:assert/strict';

import { S3Error } from '../../src/errors/s3-error.js';
import type { ResolveEmail } from '../../src/acl/index.js';

/** Canonical user ids of the accounts in the ACL tests. */
export const ownerId = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
export const bucketOwnerId = '852b113e7a2f25102679df27bb0ae12b3f85be6f290b936c4393484be31bebcc';
export const otherId = 'be31bebcc4393484852b113e7a2f25102679df27bb0ae12b3f85be6f290b936c';

/** Email address registered to `otherId` in `resolveEmail`. */
export const otherEmail = 'other@example.com';

export const resolveEmail: ResolveEmail = async (emailAddress) => (emailAddress === otherEmail ? otherId : undefined);

/** Runs `action` and returns the S3Error it throws; fails the test when it throws nothing or something else. */
export async function s3ErrorOf(action: () => unknown): Promise<S3Error> {
  try {
    await action();
  } catch (error) {
    if (error instanceof S3Error) return error;
    throw error;
  }
  assert.fail('expected an S3Error, but nothing was thrown');
}
