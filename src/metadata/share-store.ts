/** HTTP methods a share can lend. */
export type ShareMethod = 'GET' | 'PUT';

/**
 * A share: a presigned URL registered on the server, which checks it at every use. The URL
 * carries the share id as a signed query parameter.
 */
export interface ShareRecord {
  shareId: string;
  bucket: string;
  key: string;
  method: ShareMethod;
  createdAt: Date;
  /** The first moment the share is refused. */
  expiresAt: Date;
  /** Uses allowed in all; undefined for no limit. */
  maxUses: number | undefined;
  /** Uses accepted so far. */
  useCount: number;
  /** CIDR block the client address must be in; undefined for any address. */
  sourceCidr: string | undefined;
  note: string | undefined;
  /** ARN of the principal that created the share; it may list, show and revoke it. */
  creatorArn: string;
  /** Access key id that must sign the share's URL. */
  accessKeyId: string;
  revokedAt: Date | undefined;
}

export interface ShareListQuery {
  /** Only shares of this bucket. */
  bucket?: string | undefined;
  /** Only shares this principal created; undefined for every share. */
  creatorArn?: string | undefined;
}

/**
 * The store of shares. Every method is atomic. Implementations must make `consumeShareUse`
 * one conditional write in the database, because several server processes may share it.
 */
export interface ShareStore {
  /** Stores a new share; its id must not exist yet. */
  createShare(share: ShareRecord): Promise<void>;
  getShare(shareId: string): Promise<ShareRecord | undefined>;
  /** Shares matching `query`, newest first. */
  listShares(query: ShareListQuery): Promise<ShareRecord[]>;
  /** Marks a share revoked at `at`; a share revoked before keeps its first revocation time. */
  revokeShare(shareId: string, at: Date): Promise<'revoked' | 'already-revoked' | 'missing'>;
  /**
   * Counts one use of the share when it is still usable at `now`: not revoked, not expired
   * and below its use limit. Returns false, and changes nothing, otherwise. The check and
   * the increment are one conditional UPDATE, so concurrent callers in any process never
   * exceed the limit.
   */
  consumeShareUse(shareId: string, now: Date): Promise<boolean>;
  close(): Promise<void>;
}
