import { accountRootArn } from './arn.js';

/** The STS action that issued temporary credentials. */
export type SessionSource = 'GetSessionToken' | 'AssumeRole';

/**
 * The authenticated caller of a request, with what authorization needs to decide: the
 * identity-based policies that apply and, for a role session, the session policy that
 * narrows them (the effective permissions are the intersection).
 */
export interface Principal {
  /** `Account` is the root user; a GetSessionToken session keeps the type of its caller. */
  type: 'Account' | 'User' | 'AssumedRole';
  arn: string;
  accountId: string;
  /** Set for users and their GetSessionToken sessions. */
  userName?: string;
  /** Account id for root, `AIDA…` for a user, `AROA…:SESSION` for a role session, as GetCallerIdentity shows. */
  userId: string;
  /** 64-hex canonical user id, as S3 shows in Owner elements. */
  canonicalId: string;
  displayName: string;
  /** The access key id that signed the request. */
  accessKeyId: string;
  /** Set for temporary credentials. */
  sessionSource?: SessionSource;
  /** Hex SHA-256 of the session token that must accompany temporary credentials. */
  sessionTokenDigest?: string;
  expiresAt?: Date;
  /** The role of a role session. */
  role?: { roleName: string; roleId: string; arn: string };
  /** The inline session policy given to AssumeRole, when there was one. */
  sessionPolicy?: string;
  /**
   * Policy documents that grant the caller permissions: the user's inline policies (also for
   * its GetSessionToken sessions) or the role's inline policies for a role session. Empty for
   * root, which is allowed everything in its account.
   */
  identityPolicies: string[];
}

/** Account-wide facts shared by the root principal and the identity store. */
export interface RootIdentity {
  accountId: string;
  /** The root's canonical id, from the data directory. */
  canonicalId: string;
  displayName: string;
}

/** Builds the principal of a request signed with the root credentials. */
export function rootPrincipal(root: RootIdentity, accessKeyId: string): Principal {
  return {
    type: 'Account',
    arn: accountRootArn(root.accountId),
    accountId: root.accountId,
    userId: root.accountId,
    canonicalId: root.canonicalId,
    displayName: root.displayName,
    accessKeyId,
    identityPolicies: [],
  };
}
