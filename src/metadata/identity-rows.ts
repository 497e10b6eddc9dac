import type { AccessKeyRecord, InlinePolicy, RoleRecord, SessionRecord, Tag, UserRecord } from '../iam/identity-store.js';

/** A stored key use younger than this is not rewritten for the same service and region. */
export const keyUseResolutionMs = 5 * 60 * 1000;

/**
 * Rows of the identity tables as both SQL engines return them: the same column names,
 * timestamps in milliseconds, tags as JSON text and ciphertexts as Buffers.
 */
export interface UserRow {
  user_id: string;
  user_name: string;
  path: string;
  arn: string;
  created_at: number;
  canonical_id: string;
  display_name: string;
  email: string | null;
  tags: string;
}

export interface AccessKeyRow {
  access_key_id: string;
  user_id: string;
  user_name: string;
  status: 'Active' | 'Inactive' | 'Deleted';
  secret_key_id: string | null;
  secret_ciphertext: Buffer | null;
  created_at: number;
  last_used_at: number | null;
  last_used_service: string | null;
  last_used_region: string | null;
  deleted_at: number | null;
}

export interface RoleRow {
  role_id: string;
  role_name: string;
  path: string;
  arn: string;
  created_at: number;
  trust_policy: string;
  description: string | null;
  max_session_duration: number;
  tags: string;
  last_used_at: number | null;
  last_used_region: string | null;
}

export interface PolicyRow {
  policy_name: string;
  document: string;
  size: number;
}

export interface SessionRow {
  access_key_id: string;
  secret_key_id: string;
  secret_ciphertext: Buffer;
  token_digest: string;
  source: 'GetSessionToken' | 'AssumeRole';
  created_at: number;
  expires_at: number;
  user_id: string | null;
  parent_access_key_id: string | null;
  role_id: string | null;
  session_name: string | null;
  assumer_arn: string | null;
  session_policy: string | null;
}

export function toUser(row: UserRow): UserRecord {
  return {
    userName: row.user_name,
    userId: row.user_id,
    path: row.path,
    arn: row.arn,
    createdAt: new Date(row.created_at),
    canonicalId: row.canonical_id,
    displayName: row.display_name,
    email: row.email ?? undefined,
    tags: JSON.parse(row.tags) as Tag[],
  };
}

export function toAccessKey(row: AccessKeyRow): AccessKeyRecord {
  return {
    accessKeyId: row.access_key_id,
    userId: row.user_id,
    userName: row.user_name,
    status: row.status,
    createdAt: new Date(row.created_at),
    lastUsed:
      row.last_used_at === null
        ? undefined
        : { at: new Date(row.last_used_at), service: row.last_used_service ?? '', region: row.last_used_region ?? '' },
    deletedAt: row.deleted_at === null ? undefined : new Date(row.deleted_at),
  };
}

export function toRole(row: RoleRow): RoleRecord {
  return {
    roleName: row.role_name,
    roleId: row.role_id,
    path: row.path,
    arn: row.arn,
    createdAt: new Date(row.created_at),
    trustPolicy: row.trust_policy,
    description: row.description ?? undefined,
    maxSessionDuration: row.max_session_duration,
    tags: JSON.parse(row.tags) as Tag[],
    lastUsed:
      row.last_used_at === null ? undefined : { at: new Date(row.last_used_at), region: row.last_used_region ?? '' },
  };
}

export function toPolicy(row: PolicyRow): InlinePolicy {
  return { policyName: row.policy_name, document: row.document, size: row.size };
}

export function toSession(row: SessionRow): SessionRecord {
  return {
    accessKeyId: row.access_key_id,
    secret: { keyId: row.secret_key_id, ciphertext: row.secret_ciphertext },
    tokenDigest: row.token_digest,
    source: row.source,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    userId: row.user_id ?? undefined,
    parentAccessKeyId: row.parent_access_key_id ?? undefined,
    roleId: row.role_id ?? undefined,
    sessionName: row.session_name ?? undefined,
    assumerArn: row.assumer_arn ?? undefined,
    sessionPolicy: row.session_policy ?? undefined,
  };
}
