import type { StsAction } from './sts-call.js';

/** GetCallerIdentity: who signed the request. It needs no permission, as in AWS. */
export const getCallerIdentity: StsAction = async (call) => ({
  UserId: call.caller.userId,
  Account: call.caller.accountId,
  Arn: call.caller.arn,
});
