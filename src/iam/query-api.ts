import { createAccessKey, deleteAccessKey, getAccessKeyLastUsed, listAccessKeys, updateAccessKey } from './actions/access-keys.js';
import { deleteRolePolicy, getRolePolicy, listRolePolicies, putRolePolicy } from './actions/role-policies.js';
import { createRole, deleteRole, getRole, listRoles } from './actions/roles.js';
import { deleteUserPolicy, getUserPolicy, listUserPolicies, putUserPolicy } from './actions/user-policies.js';
import { createUser, deleteUser, getUser, listUsers } from './actions/users.js';
import { requirePermission } from './authorization.js';
import { QueryApiError } from './errors.js';
import type { IamAction, IamCall, QueryApiDeps } from './iam-call.js';
import { QueryParameters } from './parameters.js';
import type { Principal } from './principal.js';
import { queryResponse } from './query-xml.js';

export const iamApiVersion = '2010-05-08';

/** The IAM actions this server implements, by Action parameter. */
export const iamActions: Record<string, IamAction> = {
  CreateUser: createUser,
  GetUser: getUser,
  ListUsers: listUsers,
  DeleteUser: deleteUser,
  CreateAccessKey: createAccessKey,
  ListAccessKeys: listAccessKeys,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  PutUserPolicy: putUserPolicy,
  GetUserPolicy: getUserPolicy,
  ListUserPolicies: listUserPolicies,
  DeleteUserPolicy: deleteUserPolicy,
  CreateRole: createRole,
  GetRole: getRole,
  ListRoles: listRoles,
  DeleteRole: deleteRole,
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  ListRolePolicies: listRolePolicies,
  DeleteRolePolicy: deleteRolePolicy,
};

/**
 * Handles one IAM Query API request (`Action=…&Version=2010-05-08&…`, form parameters
 * already decoded) from an authenticated caller and returns the response XML, sent with
 * status 200. Failures throw QueryApiError, whose `status` and `toXml(requestId)` give the
 * response; any other error is a server fault that the caller logs and reports with
 * `toQueryApiError`.
 *
 * Each action calls `deps.authorize` with its IAM action (`iam:CreateUser`) and resource
 * ARN (`arn:aws:iam::ACCOUNT:user/PATH/NAME`) after checking its parameters and before
 * revealing whether the entity exists.
 */
export async function handleIamRequest(
  params: Map<string, string>,
  caller: Principal,
  deps: QueryApiDeps,
): Promise<string> {
  const action = params.get('Action');
  if (action === undefined || action === '') {
    throw new QueryApiError('MissingAction', 'The request must contain the parameter Action.');
  }
  const version = params.get('Version');
  const handler = Object.hasOwn(iamActions, action) ? iamActions[action] : undefined;
  if (handler === undefined || (version !== undefined && version !== iamApiVersion)) {
    throw new QueryApiError('InvalidAction', `Could not find operation ${action} for version ${version ?? iamApiVersion}`);
  }
  // Temporary credentials from GetSessionToken reach IAM in AWS only with MFA, which this
  // server does not support, so they cannot call IAM at all.
  if (caller.sessionSource === 'GetSessionToken') {
    throw new QueryApiError(
      'AccessDenied',
      'Temporary credentials from GetSessionToken cannot call IAM API operations: IAM requires MFA authentication for them, which this server does not support.',
    );
  }

  const account = await deps.store.getAccount();
  const call: IamCall = {
    params: new QueryParameters(params, 'iam'),
    caller,
    accountId: account.accountId,
    accountCreatedAt: account.createdAt,
    deps,
    now: deps.now?.() ?? new Date(),
    authorize: (iamAction, resource) =>
      requirePermission(deps.authorize, { principal: caller, action: iamAction, resource }, 'iam'),
  };
  const result = await handler(call);
  return queryResponse('iam', action, deps.requestId, result);
}
