import { S3Error, isS3Error } from '../errors/s3-error.js';
import type { Identity } from '../http/request-context.js';
import type { ShareRecord, ShareStore } from '../metadata/share-store.js';
import { cidrContains, parseCidr, parseIpAddress } from '../policy/ip-cidr.js';
import { isShareId } from './share-parameter.js';
import { shareState } from './share-state.js';

/** One request that presents a share. */
export interface ShareUse {
  shareId: string;
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  /** The verified signer of the URL. */
  identity: Identity;
  clientAddress: string;
  now: Date;
}

/**
 * Loads the share a request presents and checks everything but the signer's permissions:
 * it exists, the URL's signer created it, it lends this method on this object, it is
 * usable now, and the client address is in its range. Throws AccessDenied with a message
 * that names the failed check.
 */
export async function checkShare(shares: ShareStore, use: ShareUse): Promise<ShareRecord> {
  const share = isShareId(use.shareId) ? await shares.getShare(use.shareId) : undefined;
  if (share === undefined) throw new S3Error('AccessDenied', `The share ${use.shareId} does not exist.`);
  if (share.accessKeyId !== use.identity.accessKeyId) {
    throw new S3Error('AccessDenied', `The share ${share.shareId} is valid only when signed by the access key that created it.`);
  }
  if (share.method !== use.method || share.bucket !== use.bucket || share.key !== use.key) {
    throw new S3Error(
      'AccessDenied',
      `The share ${share.shareId} lends ${share.method} on s3://${share.bucket}/${share.key}, not ${use.method} on ${describeObject(use)}.`,
    );
  }
  throwUnlessUsable(share, use.now);
  if (share.sourceCidr !== undefined && !addressInBlock(use.clientAddress, share.sourceCidr)) {
    throw new S3Error(
      'AccessDenied',
      `The share ${share.shareId} may be used only from ${share.sourceCidr}; this request came from ${use.clientAddress}.`,
    );
  }
  return share;
}

/**
 * Counts one use of an accepted request. Another request may have taken the last use, or
 * the share may have been revoked, since `checkShare` read it; the database decides.
 */
export async function consumeShare(shares: ShareStore, share: ShareRecord, now: Date): Promise<void> {
  if (await shares.consumeShareUse(share.shareId, now)) return;
  const current = await shares.getShare(share.shareId);
  if (current === undefined) throw new S3Error('AccessDenied', `The share ${share.shareId} does not exist.`);
  throwUnlessUsable(current, now);
  // The conditional update refused a share that reads as usable, so it changed in between.
  throw new S3Error('AccessDenied', `The share ${share.shareId} could not be used; try again.`);
}

/** Rewords a denial of the signer, so the holder of a share learns why it stopped working. */
export function signerNoLongerAllowed(share: Pick<ShareRecord, 'shareId'>, error: S3Error): S3Error {
  const reason =
    error.message === 'Access Denied' ? 'its permissions no longer allow this request on the object' : error.message;
  return new S3Error('AccessDenied', `The signer of the share ${share.shareId} is no longer allowed: ${reason}`);
}

/**
 * Rewords the expiry of a share's URL as the share's own. The client signs the URL at the
 * share's creation time with the same lifetime, so both end at the same moment, and the
 * signature check reports it first. The message repeats only what the URL itself states.
 */
export function rewordUrlExpiry(shareId: string, error: unknown): unknown {
  if (!isS3Error(error) || error.code !== 'AccessDenied' || error.message !== 'Request has expired') return error;
  return new S3Error('AccessDenied', `The share ${shareId} expired at ${error.details.Expires}.`, error.details);
}

function throwUnlessUsable(share: ShareRecord, now: Date): void {
  switch (shareState(share, now)) {
    case 'revoked':
      throw new S3Error('AccessDenied', `The share ${share.shareId} was revoked at ${share.revokedAt!.toISOString()}.`);
    case 'expired':
      throw new S3Error('AccessDenied', `The share ${share.shareId} expired at ${share.expiresAt.toISOString()}.`);
    case 'used-up':
      throw new S3Error(
        'AccessDenied',
        `The share ${share.shareId} is used up: it allowed ${share.maxUses} uses and all were taken.`,
      );
    case 'active':
      return;
  }
}

function addressInBlock(address: string, cidr: string): boolean {
  const block = parseCidr(cidr);
  const parsed = parseIpAddress(address);
  return block !== undefined && parsed !== undefined && cidrContains(block, parsed);
}

function describeObject(use: ShareUse): string {
  if (use.bucket === undefined) return 'the service';
  return use.key === undefined ? `s3://${use.bucket}` : `s3://${use.bucket}/${use.key}`;
}
