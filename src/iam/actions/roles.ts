import type { XmlElement } from '../../xml/xml.js';
import { pathPrefixArn, roleArn } from '../arn.js';
import { QueryApiError } from '../errors.js';
import type { IamAction, IamCall } from '../iam-call.js';
import type { RoleRecord } from '../identity-store.js';
import { newRoleId } from '../ids.js';
import { cutPage, readPage } from '../pagination.js';
import { checkPolicyDocument, policySize } from '../policy-document.js';
import { encodePolicyDocument, memberList, queryDate, tagsElement } from '../query-xml.js';
import { noSuchRole, readPath, readPathPrefix, readPolicyDocument, readRoleName, rejectPermissionsBoundary } from './common.js';
import { wholeSeconds } from './users.js';

/** Size of a trust policy, in characters other than whitespace, as IAM limits it. */
export const trustPolicySizeQuota = 2048;
/** MaxSessionDuration when CreateRole leaves it out, in seconds. */
export const defaultMaxSessionDuration = 3600;

const descriptionPattern = /^[\t\n\r\x20-\x7e\xa1-\xff]*$/;

/** Builds the Role element; `detailed` adds what GetRole shows beyond CreateRole and ListRoles. */
export function roleElement(role: RoleRecord, detailed: boolean): XmlElement {
  const element: XmlElement = {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: queryDate(role.createdAt),
    AssumeRolePolicyDocument: encodePolicyDocument(role.trustPolicy),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    Tags: tagsElement(role.tags),
  };
  if (detailed) {
    element.RoleLastUsed =
      role.lastUsed === undefined ? '' : { LastUsedDate: queryDate(role.lastUsed.at), Region: role.lastUsed.region };
  }
  return element;
}

/** ARN of a role for authorization: with its path when it exists, else with path `/`. */
export function targetRoleArn(call: IamCall, roleName: string, role: RoleRecord | undefined): string {
  return role?.arn ?? roleArn(call.accountId, '/', roleName);
}

export const createRole: IamAction = async (call) => {
  const { params } = call;
  const roleName = readRoleName(params);
  const path = readPath(params);
  const trustPolicy = readPolicyDocument(params, 'AssumeRolePolicyDocument', 'assumeRolePolicyDocument');
  const description = params.string('Description', {
    field: 'description',
    max: 1000,
    pattern: descriptionPattern,
    patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*',
  });
  const maxSessionDuration = params.integer('MaxSessionDuration', { field: 'maxSessionDuration', min: 3600, max: 43200 });
  const tags = params.tags('Tags', 'tags');
  rejectPermissionsBoundary(params);
  params.check();

  const arn = roleArn(call.accountId, path, roleName);
  await call.authorize('iam:CreateRole', arn);
  checkPolicyDocument(trustPolicy, 'trust');
  if (policySize(trustPolicy) > trustPolicySizeQuota) {
    throw new QueryApiError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${trustPolicySizeQuota}`);
  }
  const role: RoleRecord = {
    roleName,
    roleId: newRoleId(),
    path,
    arn,
    createdAt: wholeSeconds(call.now),
    trustPolicy,
    description: description === '' ? undefined : description,
    maxSessionDuration: maxSessionDuration ?? defaultMaxSessionDuration,
    tags,
    lastUsed: undefined,
  };
  if ((await call.deps.store.createRole(role)) === 'exists') {
    throw new QueryApiError('EntityAlreadyExists', `Role with name ${roleName} already exists.`);
  }
  return { Role: roleElement(role, false) };
};

export const getRole: IamAction = async (call) => {
  const { params } = call;
  const roleName = readRoleName(params);
  params.check();

  const role = await call.deps.store.getRole(roleName);
  await call.authorize('iam:GetRole', targetRoleArn(call, roleName, role));
  if (role === undefined) throw noSuchRole(roleName);
  return { Role: roleElement(role, true) };
};

export const listRoles: IamAction = async (call) => {
  const { params } = call;
  const pathPrefix = readPathPrefix(params);
  const page = readPage(params);
  params.check();

  await call.authorize('iam:ListRoles', pathPrefixArn(call.accountId, 'role', pathPrefix));
  const roles = await call.deps.store.listRoles({ pathPrefix, after: page.after, limit: page.maxItems + 1 });
  const cut = cutPage(roles, page.maxItems, (role) => role.roleName);
  return {
    Roles: memberList(cut.items.map((role) => roleElement(role, false))),
    IsTruncated: cut.IsTruncated,
    Marker: cut.Marker,
  };
};

/** DeleteRole; a role with inline policies gets DeleteConflict, as in IAM. Its sessions stop working. */
export const deleteRole: IamAction = async (call) => {
  const { params } = call;
  const roleName = readRoleName(params);
  params.check();

  const role = await call.deps.store.getRole(roleName);
  await call.authorize('iam:DeleteRole', targetRoleArn(call, roleName, role));
  const result = await call.deps.store.deleteRole(roleName);
  if (result === 'missing') throw noSuchRole(roleName);
  if (result === 'has-policies') throw new QueryApiError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
  return undefined;
};
