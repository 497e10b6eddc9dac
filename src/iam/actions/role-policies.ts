import { QueryApiError } from '../errors.js';
import type { IamAction } from '../iam-call.js';
import { pageInMemory, readPage } from '../pagination.js';
import { checkPolicyDocument, policySize } from '../policy-document.js';
import { encodePolicyDocument, memberList } from '../query-xml.js';
import { noSuchRole, readPolicyDocument, readPolicyName, readRoleName } from './common.js';
import { targetRoleArn } from './roles.js';

/** Total size of one role's inline policies, in characters other than whitespace, as IAM limits it. */
export const rolePolicySizeQuota = 10240;

function noSuchRolePolicy(policyName: string): QueryApiError {
  return new QueryApiError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
}

export const putRolePolicy: IamAction = async (call) => {
  const { params } = call;
  const roleName = readRoleName(params);
  const policyName = readPolicyName(params);
  const document = readPolicyDocument(params, 'PolicyDocument', 'policyDocument');
  params.check();

  const role = await call.deps.store.getRole(roleName);
  await call.authorize('iam:PutRolePolicy', targetRoleArn(call, roleName, role));
  if (role === undefined) throw noSuchRole(roleName);
  checkPolicyDocument(document, 'identity');
  const result = await call.deps.store.putRolePolicy(
    roleName,
    { policyName, document, size: policySize(document) },
    rolePolicySizeQuota,
  );
  if (result === 'no-such-role') throw noSuchRole(roleName);
  if (result === 'too-large') {
    throw new QueryApiError('LimitExceeded', `Maximum policy size of ${rolePolicySizeQuota} bytes exceeded for role ${role.roleName}`);
  }
  return undefined;
};

/** GetRolePolicy; the document is URL-encoded, as IAM returns it. */
export const getRolePolicy: IamAction = async (call) => {
  const { params } = call;
  const roleName = readRoleName(params);
  const policyName = readPolicyName(params);
  params.check();

  const role = await call.deps.store.getRole(roleName);
  await call.authorize('iam:GetRolePolicy', targetRoleArn(call, roleName, role));
  const policy = await call.deps.store.getRolePolicy(roleName, policyName);
  if (policy === 'no-such-role') throw noSuchRole(roleName);
  if (policy === 'no-such-policy') throw noSuchRolePolicy(policyName);
  return {
    RoleName: role?.roleName ?? roleName,
    PolicyName: policy.policyName,
    PolicyDocument: encodePolicyDocument(policy.document),
  };
};

export const listRolePolicies: IamAction = async (call) => {
  const { params } = call;
  const roleName = readRoleName(params);
  const page = readPage(params);
  params.check();

  const role = await call.deps.store.getRole(roleName);
  await call.authorize('iam:ListRolePolicies', targetRoleArn(call, roleName, role));
  const policies = await call.deps.store.listRolePolicies(roleName);
  if (policies === undefined) throw noSuchRole(roleName);
  const cut = pageInMemory(policies, page, (policy) => policy.policyName);
  return {
    PolicyNames: memberList(cut.items.map((policy) => policy.policyName)),
    IsTruncated: cut.IsTruncated,
    Marker: cut.Marker,
  };
};

export const deleteRolePolicy: IamAction = async (call) => {
  const { params } = call;
  const roleName = readRoleName(params);
  const policyName = readPolicyName(params);
  params.check();

  const role = await call.deps.store.getRole(roleName);
  await call.authorize('iam:DeleteRolePolicy', targetRoleArn(call, roleName, role));
  const result = await call.deps.store.deleteRolePolicy(roleName, policyName);
  if (result === 'no-such-role') throw noSuchRole(roleName);
  if (result === 'no-such-policy') throw noSuchRolePolicy(policyName);
  return undefined;
};
