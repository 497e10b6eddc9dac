import type { QueryPair } from '../auth/sigv4/canonical-request.js';
import { credentialParam } from '../auth/sigv4/constants.js';
import type { AuditRecord } from '../metadata/audit-store.js';
import { shareIdParam } from '../share/share-parameter.js';
import type { ByteCounter } from './byte-counter.js';

/** Maximum length of a share id or access key id copied from a URL into a record; longer ones are cut. */
const maxIdLength = 128;

/** Fields of one request's audit record, collected while the request runs. */
export interface AuditState {
  shareId: string | undefined;
  /** The access key id the URL names, taken before its signature is checked. */
  accessKeyId: string | undefined;
  signerArn: string | undefined;
  bodyCounter: ByteCounter | undefined;
}

/**
 * Starts the audit state of a request made with a presigned URL (SigV4 or SigV2) or a
 * share; undefined for every other request. Only the access key id is taken from the
 * credential parameter: never the scope, the signature or a session token.
 */
export function auditStateFor(queryPairs: QueryPair[], hasAuthorizationHeader: boolean): AuditState | undefined {
  const query = new Map(queryPairs);
  const shareId = query.get(shareIdParam);
  const presigned =
    !hasAuthorizationHeader &&
    (query.has(credentialParam) || query.has('X-Amz-Signature') || query.has('AWSAccessKeyId') || query.has('Signature'));
  if (!presigned && shareId === undefined) return undefined;
  const credential = query.get(credentialParam);
  const accessKeyId = credential !== undefined ? credential.split('/')[0] : query.get('AWSAccessKeyId');
  return {
    shareId: shareId?.slice(0, maxIdLength),
    accessKeyId: accessKeyId?.slice(0, maxIdLength),
    signerArn: undefined,
    bodyCounter: undefined,
  };
}

export interface FinishedRequest {
  time: Date;
  requestId: string;
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  status: number;
  completed: boolean;
  bytesSent: number;
  clientAddress: string;
}

export function buildAuditRecord(state: AuditState, request: FinishedRequest): AuditRecord {
  return {
    ...request,
    shareId: state.shareId,
    accessKeyId: state.accessKeyId,
    signerArn: state.signerArn,
    bytesReceived: state.bodyCounter?.bytes ?? 0,
  };
}
