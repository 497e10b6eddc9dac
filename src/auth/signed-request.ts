import type { CredentialStore } from './credential-store.js';
import type { QueryPair } from './sigv4/canonical-request.js';

/** The parts of a request that signature checks read. */
export interface SignedRequest {
  method: string;
  /** Path exactly as sent, still percent-encoded. */
  rawPath: string;
  /** For virtual-hosted requests, the bucket taken from the Host header. */
  hostBucket: string | undefined;
  query: QueryPair[];
  headers: Map<string, string>;
  now: Date;
  region: string;
  maxClockSkewMs: number;
  credentials: CredentialStore;
}
