import { S3Error } from '../errors/s3-error.js';
import type { ShareRecord } from '../metadata/share-store.js';
import { newShareId } from '../share/share-parameter.js';
import { isAccountRoot, type AdminRequest, type AdminResponse, type AdminStores } from './admin-request.js';
import { parseShareInput } from './share-input.js';
import { auditToJson, shareToJson } from './share-json.js';

/** How many recent uses `GET /_coffer/shares/ID` returns. */
const recentUses = 20;

/**
 * Creates a share for the caller. The caller's access key must sign the share's URL, and
 * each use is authorized as the caller at that moment, so a share lends nothing the caller
 * could not presign anyway. The share starts at a whole second, which the client takes as
 * the URL's signing time, so that the URL and the share expire together.
 */
export async function createShare(stores: AdminStores, request: AdminRequest): Promise<AdminResponse> {
  const input = parseShareInput(request.body);
  if ((await stores.metadata.getBucket(input.bucket)) === undefined) {
    throw new S3Error('NoSuchBucket', undefined, { BucketName: input.bucket });
  }
  const createdAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  const share: ShareRecord = {
    shareId: newShareId(),
    bucket: input.bucket,
    key: input.key,
    method: input.method,
    createdAt,
    expiresAt: new Date(createdAt.getTime() + input.expiresIn * 1000),
    maxUses: input.maxUses,
    useCount: 0,
    sourceCidr: input.sourceCidr,
    note: input.note,
    creatorArn: request.identity.arn,
    accessKeyId: request.identity.accessKeyId,
    revokedAt: undefined,
  };
  await stores.shares.createShare(share);
  return { status: 201, body: shareToJson(share, new Date()) };
}

/** Lists the caller's shares, or every share for the root user, newest first. */
export async function listShares(stores: AdminStores, request: AdminRequest): Promise<AdminResponse> {
  const shares = await stores.shares.listShares({
    bucket: request.query.get('bucket'),
    creatorArn: isAccountRoot(request.identity) ? undefined : request.identity.arn,
  });
  const now = new Date();
  return { status: 200, body: { shares: shares.map((share) => shareToJson(share, now)) } };
}

/** Returns one share with its most recent uses from the audit log. */
export async function showShare(stores: AdminStores, request: AdminRequest, shareId: string): Promise<AdminResponse> {
  const share = await requireOwnShare(stores, request, shareId);
  const uses = await stores.audit.listAudit({ shareId, limit: recentUses });
  return { status: 200, body: { share: shareToJson(share, new Date()), recentUses: uses.map(auditToJson) } };
}

/** Revokes a share: every later use is refused. Revoking twice keeps the first time. */
export async function revokeShare(stores: AdminStores, request: AdminRequest, shareId: string): Promise<AdminResponse> {
  await requireOwnShare(stores, request, shareId);
  await stores.shares.revokeShare(shareId, new Date());
  const share = await requireOwnShare(stores, request, shareId);
  return { status: 200, body: shareToJson(share, new Date()) };
}

/** Loads a share the caller created, or any share for the root user. */
async function requireOwnShare(stores: AdminStores, request: AdminRequest, shareId: string): Promise<ShareRecord> {
  const share = await stores.shares.getShare(shareId);
  if (share === undefined) throw new S3Error('NoSuchShare', `The share ${shareId} does not exist.`);
  if (!isAccountRoot(request.identity) && share.creatorArn !== request.identity.arn) {
    throw new S3Error('AccessDenied', `Only the creator of the share ${shareId} or the account's root user may see or revoke it.`);
  }
  return share;
}
