/**
 * The AWS access policy language for Coffer: parsing and validation of bucket, identity and
 * trust policies, and their evaluation for a request.
 */

export { parsePolicy, type ParsePolicyOptions } from './parse-policy.js';
export type { NamedPrincipal } from './parse-principal.js';
export { policySizeLimits } from './policy-size.js';
export type * from './policy-types.js';
export {
  evaluatePolicies,
  type AuthorizationRequest,
  type Decision,
  type DecidingStatement,
  type EvaluationResult,
  type PolicySource,
} from './evaluate-policies.js';
export { s3RequestConditionKeys, type S3RequestFacts } from './request-condition-keys.js';
export { principalConditionKeys, type PrincipalType, type RequestPrincipal } from './request-principal.js';
export {
  accountResource,
  bucketArn,
  objectArn,
  operationPermissions,
  requiredPermissions,
  type OperationPermission,
  type OperationTarget,
  type PermissionTarget,
  type RequiredPermission,
  type S3Operation,
} from './s3-operation-permissions.js';
