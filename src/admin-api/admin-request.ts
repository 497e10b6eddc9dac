import type { Identity } from '../http/request-context.js';
import type { AuditStore } from '../metadata/audit-store.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { ShareStore } from '../metadata/share-store.js';

/** First path segment of the admin API. Bucket names cannot contain `_`, so no bucket has it. */
export const adminPathSegment = '_coffer';

/** One authenticated admin API request, its body parsed as JSON. */
export interface AdminRequest {
  method: string;
  /** Decoded path segments after `/_coffer/`. */
  path: string[];
  query: Map<string, string>;
  body: unknown;
  identity: Identity;
}

/** A JSON response with its status. */
export interface AdminResponse {
  status: number;
  body: unknown;
}

/** Stores the admin API reads and writes. */
export interface AdminStores {
  metadata: MetadataStore;
  shares: ShareStore;
  audit: AuditStore;
}

/** Returns true for the root user, who sees and manages every share and audit record; others see only their own. */
export function isAccountRoot(identity: Identity): boolean {
  return identity.type === 'Account';
}
