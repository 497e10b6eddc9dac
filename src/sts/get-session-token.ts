import { QueryApiError } from '../iam/errors.js';
import type { StsAction } from './sts-call.js';
import { credentialsElement, issueSession } from './session-credentials.js';
import { rejectMfa } from './mfa.js';

/** DurationSeconds of GetSessionToken: the default, and the bounds IAM users get. */
export const sessionTokenDefaultSeconds = 43200;
export const sessionTokenMinSeconds = 900;
export const sessionTokenMaxSeconds = 129600;
/** Sessions of the root user last at most an hour, and an hour by default, as in AWS. */
export const rootSessionMaxSeconds = 3600;

/**
 * GetSessionToken: temporary credentials for the caller's own identity. Only long-term
 * credentials (a user's access key or the root's) may call it. A user's session carries
 * the user's policies as they are at each request, and ends when the calling key is
 * deactivated or deleted.
 */
export const getSessionToken: StsAction = async (call) => {
  const { params, caller } = call;
  const requested = params.integer('DurationSeconds', {
    field: 'durationSeconds',
    min: sessionTokenMinSeconds,
    max: sessionTokenMaxSeconds,
  });
  rejectMfa(params);
  params.check();

  if (caller.sessionSource !== undefined) {
    throw new QueryApiError('AccessDenied', 'Cannot call GetSessionToken with session credentials', 'sts');
  }
  const isRoot = caller.type === 'Account';
  // NOTE: AWS documents the one-hour bound for the root user without saying whether a
  // longer request fails or is shortened; this server shortens it.
  const durationSeconds = isRoot
    ? Math.min(requested ?? rootSessionMaxSeconds, rootSessionMaxSeconds)
    : (requested ?? sessionTokenDefaultSeconds);
  const session = await issueSession(call.deps, call.now, durationSeconds, {
    source: 'GetSessionToken',
    userId: isRoot ? undefined : caller.userId,
    parentAccessKeyId: caller.accessKeyId,
    roleId: undefined,
    sessionName: undefined,
    assumerArn: undefined,
    sessionPolicy: undefined,
  });
  return { Credentials: credentialsElement(session) };
};
