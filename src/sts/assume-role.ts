import { assumedRoleArn, parseRoleArn } from '../iam/arn.js';
import { requirePermission } from '../iam/authorization.js';
import { QueryApiError } from '../iam/errors.js';
import { checkPolicyDocument } from '../iam/policy-document.js';
import { policyDocumentPattern, policyDocumentPatternText } from '../iam/parameters.js';
import { rejectMfa } from './mfa.js';
import { credentialsElement, issueSession } from './session-credentials.js';
import type { StsAction } from './sts-call.js';

/** DurationSeconds of AssumeRole when left out, and the bounds before the role's own limit. */
export const assumeRoleDefaultSeconds = 3600;
export const assumeRoleMinSeconds = 900;
export const assumeRoleMaxSeconds = 43200;
/** A role session that assumes another role (role chaining) gets at most an hour, as in AWS. */
export const roleChainingMaxSeconds = 3600;
/** Characters allowed in an inline session policy, as AWS limits its plain text. */
export const sessionPolicyMaxLength = 2048;

/**
 * AssumeRole: temporary credentials for a role of this account. The caller must be allowed
 * `sts:AssumeRole` on the role, with the role's trust policy as the resource policy. A
 * missing role is denied in the same words, so callers cannot probe for role names. The
 * optional inline session Policy can only narrow the role's permissions.
 */
export const assumeRole: StsAction = async (call) => {
  const { params, caller } = call;
  const roleArnText = params.string('RoleArn', { field: 'roleArn', min: 20, max: 2048, required: true });
  const sessionName = params.string('RoleSessionName', {
    field: 'roleSessionName',
    min: 2,
    max: 64,
    pattern: /^[\w+=,.@-]*$/,
    patternText: '[\\w+=,.@-]*',
    required: true,
  });
  const requested = params.integer('DurationSeconds', {
    field: 'durationSeconds',
    min: assumeRoleMinSeconds,
    max: assumeRoleMaxSeconds,
  });
  const policy = params.string('Policy', {
    field: 'policy',
    min: 1,
    pattern: policyDocumentPattern,
    patternText: policyDocumentPatternText,
  });
  const externalId = params.string('ExternalId', {
    field: 'externalId',
    min: 2,
    max: 1224,
    pattern: /^[\w+=,.@:/-]*$/,
    patternText: '[\\w+=,.@:\\/-]*',
  });
  rejectMfa(params);
  for (const unsupported of ['PolicyArns', 'Tags', 'TransitiveTagKeys', 'SourceIdentity', 'ProvidedContexts']) {
    if ([...params.names()].some((name) => name === unsupported || name.startsWith(`${unsupported}.`))) {
      params.reject(`${unsupported} is not supported by this server.`);
    }
  }
  params.check();

  if (caller.type === 'Account') {
    throw new QueryApiError('AccessDenied', 'Roles may not be assumed by root accounts.', 'sts');
  }
  const parsed = parseRoleArn(roleArnText);
  if (parsed === undefined) {
    throw new QueryApiError('ValidationError', `${roleArnText} is invalid: expected arn:aws:iam::ACCOUNT:role/NAME`, 'sts');
  }
  const role =
    parsed.accountId === call.accountId ? await call.deps.store.getRole(parsed.roleName) : undefined;
  const denied = new QueryApiError(
    'AccessDenied',
    `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArnText}`,
    'sts',
  );
  if (role === undefined || role.path !== parsed.path) throw denied;
  const context: Record<string, string> = { 'sts:RoleSessionName': sessionName };
  if (externalId !== undefined) context['sts:ExternalId'] = externalId;
  await requirePermission(
    call.deps.authorize,
    { principal: caller, action: 'sts:AssumeRole', resource: role.arn, resourcePolicy: role.trustPolicy, context },
    'sts',
  );

  const durationSeconds = requested ?? assumeRoleDefaultSeconds;
  if (caller.type === 'AssumedRole' && durationSeconds > roleChainingMaxSeconds) {
    throw new QueryApiError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      'sts',
    );
  }
  if (durationSeconds > role.maxSessionDuration) {
    throw new QueryApiError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 'sts');
  }
  let packedPolicySize: number | undefined;
  if (policy !== undefined) {
    packedPolicySize = Math.ceil((policy.length / sessionPolicyMaxLength) * 100);
    if (policy.length > sessionPolicyMaxLength) {
      throw new QueryApiError(
        'PackedPolicyTooLarge',
        `Packed policy consumes ${packedPolicySize}% of allotted space, please use smaller policy.`,
        'sts',
      );
    }
    checkPolicyDocument(policy, 'identity', 'sts');
  }

  const session = await issueSession(call.deps, call.now, durationSeconds, {
    source: 'AssumeRole',
    userId: undefined,
    parentAccessKeyId: undefined,
    roleId: role.roleId,
    sessionName,
    assumerArn: caller.arn,
    sessionPolicy: policy,
  });
  await call.deps.store.recordRoleUse(role.roleId, { at: call.now, region: call.deps.region ?? 'us-east-1' });
  return {
    Credentials: credentialsElement(session),
    AssumedRoleUser: {
      AssumedRoleId: `${role.roleId}:${sessionName}`,
      Arn: assumedRoleArn(call.accountId, role.roleName, sessionName),
    },
    PackedPolicySize: packedPolicySize,
  };
};
