import { QueryApiError } from '../errors.js';
import type { IamAction } from '../iam-call.js';
import { pageInMemory, readPage } from '../pagination.js';
import { checkPolicyDocument, policySize } from '../policy-document.js';
import { encodePolicyDocument, memberList } from '../query-xml.js';
import { noSuchUser, readPolicyDocument, readPolicyName, readUserName } from './common.js';
import { targetUserArn } from './users.js';

/** Total size of one user's inline policies, in characters other than whitespace, as IAM limits it. */
export const userPolicySizeQuota = 2048;

function noSuchUserPolicy(policyName: string): QueryApiError {
  return new QueryApiError('NoSuchEntity', `The user policy with name ${policyName} cannot be found.`);
}

export const putUserPolicy: IamAction = async (call) => {
  const { params } = call;
  const userName = readUserName(params, 'existing', true);
  const policyName = readPolicyName(params);
  const document = readPolicyDocument(params, 'PolicyDocument', 'policyDocument');
  params.check();

  const user = await call.deps.store.getUser(userName);
  await call.authorize('iam:PutUserPolicy', targetUserArn(call, userName, user));
  if (user === undefined) throw noSuchUser(userName);
  checkPolicyDocument(document, 'identity');
  const result = await call.deps.store.putUserPolicy(
    userName,
    { policyName, document, size: policySize(document) },
    userPolicySizeQuota,
  );
  if (result === 'no-such-user') throw noSuchUser(userName);
  if (result === 'too-large') {
    throw new QueryApiError('LimitExceeded', `Maximum policy size of ${userPolicySizeQuota} bytes exceeded for user ${user.userName}`);
  }
  return undefined;
};

/** GetUserPolicy; the document is URL-encoded, as IAM returns it. */
export const getUserPolicy: IamAction = async (call) => {
  const { params } = call;
  const userName = readUserName(params, 'existing', true);
  const policyName = readPolicyName(params);
  params.check();

  const user = await call.deps.store.getUser(userName);
  await call.authorize('iam:GetUserPolicy', targetUserArn(call, userName, user));
  const policy = await call.deps.store.getUserPolicy(userName, policyName);
  if (policy === 'no-such-user') throw noSuchUser(userName);
  if (policy === 'no-such-policy') throw noSuchUserPolicy(policyName);
  return {
    UserName: user?.userName ?? userName,
    PolicyName: policy.policyName,
    PolicyDocument: encodePolicyDocument(policy.document),
  };
};

export const listUserPolicies: IamAction = async (call) => {
  const { params } = call;
  const userName = readUserName(params, 'existing', true);
  const page = readPage(params);
  params.check();

  const user = await call.deps.store.getUser(userName);
  await call.authorize('iam:ListUserPolicies', targetUserArn(call, userName, user));
  const policies = await call.deps.store.listUserPolicies(userName);
  if (policies === undefined) throw noSuchUser(userName);
  const cut = pageInMemory(policies, page, (policy) => policy.policyName);
  return {
    PolicyNames: memberList(cut.items.map((policy) => policy.policyName)),
    IsTruncated: cut.IsTruncated,
    Marker: cut.Marker,
  };
};

export const deleteUserPolicy: IamAction = async (call) => {
  const { params } = call;
  const userName = readUserName(params, 'existing', true);
  const policyName = readPolicyName(params);
  params.check();

  const user = await call.deps.store.getUser(userName);
  await call.authorize('iam:DeleteUserPolicy', targetUserArn(call, userName, user));
  const result = await call.deps.store.deleteUserPolicy(userName, policyName);
  if (result === 'no-such-user') throw noSuchUser(userName);
  if (result === 'no-such-policy') throw noSuchUserPolicy(policyName);
  return undefined;
};
