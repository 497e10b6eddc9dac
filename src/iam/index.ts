/**
 * The identity layer: users, access keys, roles and sessions, the IAM and STS Query APIs,
 * and the credential lookup that signature checks use.
 */
export type {
  AccessKeyRecord,
  AccountRecord,
  IdentityStore,
  InlinePolicy,
  RoleRecord,
  SessionRecord,
  Tag,
  UserRecord,
} from './identity-store.js';
export { SqliteIdentityStore } from '../metadata/sqlite/sqlite-identity-store.js';
export { lookupCredential, type ActiveCredential, type CredentialLookup, type CredentialLookupDeps } from './credential-lookup.js';
export { handleIamRequest, iamActions } from './query-api.js';
export { handleStsRequest, stsActions } from '../sts/query-api.js';
export type { QueryApiDeps } from './iam-call.js';
export {
  QueryApiError,
  isQueryApiError,
  queryNamespaces,
  toQueryApiError,
  type QueryErrorCode,
  type QueryService,
} from './errors.js';
export { loadMasterKeyring, MasterKeyring, type LoadedMasterKeyring } from './master-key.js';
export { SecretBox, SecretUnavailableError } from './secret-box.js';
export { openIdentityService, type IdentityService, type OpenIdentityOptions } from './open-identity.js';
export { rootPrincipal, type Principal, type RootIdentity, type SessionSource } from './principal.js';
export {
  rootOnlyDecider,
  type AuthorizationDecider,
  type AuthorizationDecision,
  type AuthorizationRequest,
} from './authorization.js';
export { sessionTokenDigest, sessionTokenMatches } from './session-token.js';
export { checkPolicyDocument, type PolicyKind } from './policy-document.js';
