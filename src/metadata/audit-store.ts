/**
 * One request made with a presigned URL or a share, recorded after its response ended. It
 * contains no signature, credential string, session token or secret: only the access key id.
 */
export interface AuditRecord {
  time: Date;
  requestId: string;
  /** The share id the URL carried, also when no such share exists. */
  shareId: string | undefined;
  /** Access key id that signed the URL, as the URL names it. */
  accessKeyId: string | undefined;
  /** ARN of the signer once the signature was checked, or of the share's creator. */
  signerArn: string | undefined;
  bucket: string | undefined;
  key: string | undefined;
  method: string;
  /** HTTP status sent. */
  status: number;
  /** False when the connection closed before the whole response was sent. */
  completed: boolean;
  /** Response body bytes written to the client. */
  bytesSent: number;
  /** Request body bytes read from the client. */
  bytesReceived: number;
  /** Client address: the TCP peer, or the `X-Forwarded-For` client behind a trusted proxy. */
  clientAddress: string;
}

export interface AuditQuery {
  /** Only records at or after this time. */
  since?: Date | undefined;
  shareId?: string | undefined;
  /** Only records of requests this principal signed; undefined for every record. */
  signerArn?: string | undefined;
  /** Maximum number of records, the newest ones. */
  limit: number;
}

/** The store of audit records. */
export interface AuditStore {
  recordAudit(record: AuditRecord): Promise<void>;
  /** Records matching `query`, oldest first. */
  listAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /** Deletes records older than `before`; returns how many went. */
  pruneAudit(before: Date): Promise<number>;
  close(): Promise<void>;
}
