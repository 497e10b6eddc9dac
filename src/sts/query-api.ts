import { isQueryApiError, QueryApiError } from '../iam/errors.js';
import type { QueryApiDeps } from '../iam/iam-call.js';
import { QueryParameters } from '../iam/parameters.js';
import type { Principal } from '../iam/principal.js';
import { queryResponse } from '../iam/query-xml.js';
import { assumeRole } from './assume-role.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getSessionToken } from './get-session-token.js';
import type { StsAction, StsCall } from './sts-call.js';

export const stsApiVersion = '2011-06-15';

/** The STS actions this server implements, by Action parameter. */
export const stsActions: Record<string, StsAction> = {
  AssumeRole: assumeRole,
  GetCallerIdentity: getCallerIdentity,
  GetSessionToken: getSessionToken,
};

/**
 * Handles one STS Query API request from an authenticated caller and returns the response
 * XML, sent with status 200. Failures throw QueryApiError with `service` set to `sts`, so
 * `toXml` renders STS's namespace; other errors are server faults, as for IAM.
 */
export async function handleStsRequest(
  params: Map<string, string>,
  caller: Principal,
  deps: QueryApiDeps,
): Promise<string> {
  try {
    const action = params.get('Action');
    if (action === undefined || action === '') {
      throw new QueryApiError('MissingAction', 'The request must contain the parameter Action.', 'sts');
    }
    const version = params.get('Version');
    const handler = Object.hasOwn(stsActions, action) ? stsActions[action] : undefined;
    if (handler === undefined || (version !== undefined && version !== stsApiVersion)) {
      throw new QueryApiError('InvalidAction', `Could not find operation ${action} for version ${version ?? stsApiVersion}`, 'sts');
    }
    const { accountId } = await deps.store.getAccount();
    const call: StsCall = {
      params: new QueryParameters(params, 'sts'),
      caller,
      accountId,
      deps,
      now: deps.now?.() ?? new Date(),
    };
    return queryResponse('sts', action, deps.requestId, await handler(call));
  } catch (error) {
    if (isQueryApiError(error)) error.service = 'sts';
    throw error;
  }
}
