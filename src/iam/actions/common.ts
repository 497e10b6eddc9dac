import { QueryApiError } from '../errors.js';
import type { IamCall } from '../iam-call.js';
import {
  namePattern,
  namePatternText,
  pathPattern,
  pathPatternText,
  pathPrefixPattern,
  pathPrefixPatternText,
  policyDocumentPattern,
  policyDocumentPatternText,
  type QueryParameters,
} from '../parameters.js';

/** Reads a user name: up to 64 characters when creating, 128 when naming an existing user. */
export function readUserName(params: QueryParameters, purpose: 'new' | 'existing', required: true): string;
export function readUserName(params: QueryParameters, purpose: 'new' | 'existing', required: false): string | undefined;
export function readUserName(params: QueryParameters, purpose: 'new' | 'existing', required: boolean): string | undefined {
  const constraint = { field: 'userName', min: 1, max: purpose === 'new' ? 64 : 128, pattern: namePattern, patternText: namePatternText };
  return required ? params.string('UserName', { ...constraint, required: true }) : params.string('UserName', constraint);
}

export function readRoleName(params: QueryParameters): string {
  return params.string('RoleName', { field: 'roleName', min: 1, max: 64, pattern: namePattern, patternText: namePatternText, required: true });
}

export function readPolicyName(params: QueryParameters): string {
  return params.string('PolicyName', {
    field: 'policyName',
    min: 1,
    max: 128,
    pattern: namePattern,
    patternText: namePatternText,
    required: true,
  });
}

export function readPolicyDocument(params: QueryParameters, name: string, field: string): string {
  return params.string(name, {
    field,
    min: 1,
    max: 131072,
    pattern: policyDocumentPattern,
    patternText: policyDocumentPatternText,
    required: true,
  });
}

/** Path of a new user or role; `/` when absent. */
export function readPath(params: QueryParameters): string {
  return params.string('Path', { field: 'path', min: 1, max: 512, pattern: pathPattern, patternText: pathPatternText }) ?? '/';
}

export function readPathPrefix(params: QueryParameters): string {
  return (
    params.string('PathPrefix', {
      field: 'pathPrefix',
      min: 1,
      max: 512,
      pattern: pathPrefixPattern,
      patternText: pathPrefixPatternText,
    }) ?? '/'
  );
}

/** Permissions boundaries are not implemented; accepting one silently would grant more than asked. */
export function rejectPermissionsBoundary(params: QueryParameters): void {
  if (params.has('PermissionsBoundary')) params.reject('PermissionsBoundary is not supported by this server.');
}

/**
 * Returns the user a call acts on: the UserName parameter, or else the calling user, as IAM does.
 * A role session has no user to fall back on. Neither has the root user here, because its
 * credentials are configured on the server, not managed through IAM.
 */
export function targetUserName(call: IamCall, userName: string | undefined): string {
  if (userName !== undefined) return userName;
  if (call.caller.type === 'User' && call.caller.userName !== undefined) return call.caller.userName;
  if (call.caller.type === 'Account') {
    throw new QueryApiError(
      'ValidationError',
      "Must specify userName when calling with the root user's credentials: they are configured on the server, not managed through IAM.",
    );
  }
  throw new QueryApiError('ValidationError', 'Must specify userName when calling with non-User credentials');
}

export function noSuchUser(userName: string): QueryApiError {
  return new QueryApiError('NoSuchEntity', `The user with name ${userName} cannot be found.`);
}

export function noSuchRole(roleName: string): QueryApiError {
  return new QueryApiError('NoSuchEntity', `The role with name ${roleName} cannot be found.`);
}

export function noSuchAccessKey(accessKeyId: string): QueryApiError {
  return new QueryApiError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);
}
