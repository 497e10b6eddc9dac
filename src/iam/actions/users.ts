import type { XmlElement } from '../../xml/xml.js';
import { accountRootArn, pathPrefixArn, userArn } from '../arn.js';
import { QueryApiError } from '../errors.js';
import type { IamAction, IamCall } from '../iam-call.js';
import type { UserRecord } from '../identity-store.js';
import { newCanonicalId, newUserId } from '../ids.js';
import { cutPage, readPage } from '../pagination.js';
import { memberList, queryDate, tagsElement } from '../query-xml.js';
import { noSuchUser, readPath, readPathPrefix, readUserName, rejectPermissionsBoundary } from './common.js';

/** Emails are ASCII `local@domain`; S3 ACL grants name users by them. */
const emailPattern = /^[\x21-\x3f\x41-\x7e]+@[\x21-\x3f\x41-\x7e]+$/;

/**
 * Builds the User element. `Email` and `CanonicalId` are Coffer additions that SDKs skip; they show
 * what S3 ACL grants refer to.
 */
export function userElement(user: UserRecord): XmlElement {
  return {
    Path: user.path,
    UserName: user.userName,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: queryDate(user.createdAt),
    Tags: tagsElement(user.tags),
    CanonicalId: user.canonicalId,
    Email: user.email,
  };
}

/** ARN of a user for authorization: with its path when it exists, else with path `/`. */
export function targetUserArn(call: IamCall, userName: string, user: UserRecord | undefined): string {
  return user?.arn ?? userArn(call.accountId, '/', userName);
}

/**
 * CreateUser. Besides IAM's parameters it takes `Email`, the address S3 ACL grants by email
 * resolve to; emails are unique across users.
 */
export const createUser: IamAction = async (call) => {
  const { params } = call;
  const userName = readUserName(params, 'new', true);
  const path = readPath(params);
  const tags = params.tags('Tags', 'tags');
  const email = params.string('Email', { field: 'email', min: 3, max: 254, pattern: emailPattern, patternText: 'local@domain' });
  rejectPermissionsBoundary(params);
  params.check();

  const arn = userArn(call.accountId, path, userName);
  await call.authorize('iam:CreateUser', arn);
  const user: UserRecord = {
    userName,
    userId: newUserId(),
    path,
    arn,
    createdAt: wholeSeconds(call.now),
    canonicalId: newCanonicalId(),
    displayName: userName,
    email,
    tags,
  };
  const result = await call.deps.store.createUser(user);
  if (result === 'exists') throw new QueryApiError('EntityAlreadyExists', `User with name ${userName} already exists.`);
  if (result === 'email-taken') {
    throw new QueryApiError('EntityAlreadyExists', `A user with email ${email ?? ''} already exists.`);
  }
  return { User: userElement(user) };
};

/**
 * GetUser. Without UserName it describes the caller. For the root user that is the account,
 * as IAM shows it: UserId is the account id and Arn ends in `:root`.
 */
export const getUser: IamAction = async (call) => {
  const { params, caller } = call;
  const named = readUserName(params, 'existing', false);
  params.check();

  if (named === undefined && caller.type === 'Account') {
    await call.authorize('iam:GetUser', accountRootArn(call.accountId));
    return {
      User: { UserId: call.accountId, Arn: accountRootArn(call.accountId), CreateDate: queryDate(call.accountCreatedAt) },
    };
  }
  if (named === undefined && caller.type !== 'User') {
    throw new QueryApiError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  const userName = named ?? caller.userName ?? '';
  const user = await call.deps.store.getUser(userName);
  await call.authorize('iam:GetUser', targetUserArn(call, userName, user));
  if (user === undefined) throw noSuchUser(userName);
  return { User: userElement(user) };
};

export const listUsers: IamAction = async (call) => {
  const { params } = call;
  const pathPrefix = readPathPrefix(params);
  const page = readPage(params);
  params.check();

  await call.authorize('iam:ListUsers', pathPrefixArn(call.accountId, 'user', pathPrefix));
  const users = await call.deps.store.listUsers({ pathPrefix, after: page.after, limit: page.maxItems + 1 });
  const cut = cutPage(users, page.maxItems, (user) => user.userName);
  return { Users: memberList(cut.items.map(userElement)), IsTruncated: cut.IsTruncated, Marker: cut.Marker };
};

/** DeleteUser; a user with access keys or inline policies gets DeleteConflict, as in IAM. */
export const deleteUser: IamAction = async (call) => {
  const { params } = call;
  const userName = readUserName(params, 'existing', true);
  params.check();

  const user = await call.deps.store.getUser(userName);
  await call.authorize('iam:DeleteUser', targetUserArn(call, userName, user));
  const result = await call.deps.store.deleteUser(userName);
  if (result === 'missing') throw noSuchUser(userName);
  if (result === 'has-access-keys') {
    throw new QueryApiError('DeleteConflict', 'Cannot delete entity, must delete access keys first.');
  }
  if (result === 'has-policies') throw new QueryApiError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
  return undefined;
};

/** IAM dates carry whole seconds; storing them so keeps a record equal to what was sent. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
