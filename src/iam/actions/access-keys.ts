import type { XmlElement } from '../../xml/xml.js';
import { userArn } from '../arn.js';
import { QueryApiError } from '../errors.js';
import type { IamAction, IamCall } from '../iam-call.js';
import type { AccessKeyRecord } from '../identity-store.js';
import { newAccessKeyId, newSecretAccessKey } from '../ids.js';
import { pageInMemory, readPage } from '../pagination.js';
import { accessKeyIdPattern, accessKeyIdPatternText, type QueryParameters } from '../parameters.js';
import { memberList, queryDate } from '../query-xml.js';
import { secretContext } from '../secret-box.js';
import { noSuchAccessKey, noSuchUser, readUserName, targetUserName } from './common.js';
import { targetUserArn, wholeSeconds } from './users.js';

/** Access keys a user may have at once, as IAM allows. */
export const accessKeysPerUser = 2;

function readAccessKeyId(params: QueryParameters): string {
  return params.string('AccessKeyId', {
    field: 'accessKeyId',
    min: 16,
    max: 128,
    pattern: accessKeyIdPattern,
    patternText: accessKeyIdPatternText,
    required: true,
  });
}

function accessKeyMetadata(key: AccessKeyRecord): XmlElement {
  return {
    UserName: key.userName,
    AccessKeyId: key.accessKeyId,
    Status: key.status,
    CreateDate: queryDate(key.createdAt),
  };
}

/** CreateAccessKey: the only response that ever carries the secret access key. */
export const createAccessKey: IamAction = async (call) => {
  const { params } = call;
  const named = readUserName(params, 'existing', false);
  params.check();

  const userName = targetUserName(call, named);
  const user = await call.deps.store.getUser(userName);
  await call.authorize('iam:CreateAccessKey', targetUserArn(call, userName, user));
  if (user === undefined) throw noSuchUser(userName);

  const accessKeyId = newAccessKeyId();
  const secretAccessKey = newSecretAccessKey();
  const secret = call.deps.secrets.seal(secretAccessKey, secretContext('access-key', accessKeyId));
  const result = await call.deps.store.createAccessKey(
    user.userName,
    { accessKeyId, secret, createdAt: wholeSeconds(call.now) },
    accessKeysPerUser,
  );
  if (result.status === 'no-such-user') throw noSuchUser(userName);
  if (result.status === 'limit-exceeded') {
    throw new QueryApiError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${accessKeysPerUser}`);
  }
  const key = result.record;
  return {
    AccessKey: {
      UserName: key.userName,
      AccessKeyId: key.accessKeyId,
      Status: key.status,
      SecretAccessKey: secretAccessKey,
      CreateDate: queryDate(key.createdAt),
    },
  };
};

export const listAccessKeys: IamAction = async (call) => {
  const { params } = call;
  const named = readUserName(params, 'existing', false);
  const page = readPage(params);
  params.check();

  const userName = targetUserName(call, named);
  const user = await call.deps.store.getUser(userName);
  await call.authorize('iam:ListAccessKeys', targetUserArn(call, userName, user));
  const keys = await call.deps.store.listAccessKeys(userName);
  if (keys === undefined) throw noSuchUser(userName);
  const cut = pageInMemory(keys, page, (key) => key.accessKeyId);
  return { AccessKeyMetadata: memberList(cut.items.map(accessKeyMetadata)), IsTruncated: cut.IsTruncated, Marker: cut.Marker };
};

/**
 * Returns the owner of the key a call names: UserName, else the calling user. The root user may
 * leave UserName out for any key: its own credentials are not IAM keys, so the key's owner
 * is the only user the call can mean.
 */
async function keyOwner(call: IamCall, named: string | undefined, accessKeyId: string): Promise<string> {
  if (named === undefined && call.caller.type === 'Account') {
    const stored = await call.deps.store.getAccessKey(accessKeyId);
    if (stored === undefined || stored.record.status === 'Deleted') throw noSuchAccessKey(accessKeyId);
    return stored.record.userName;
  }
  return targetUserName(call, named);
}

export const updateAccessKey: IamAction = async (call) => {
  const { params } = call;
  const named = readUserName(params, 'existing', false);
  const accessKeyId = readAccessKeyId(params);
  const status = params.string('Status', { field: 'status', values: ['Active', 'Inactive'], required: true }) as
    | 'Active'
    | 'Inactive';
  params.check();

  const userName = await keyOwner(call, named, accessKeyId);
  const user = await call.deps.store.getUser(userName);
  await call.authorize('iam:UpdateAccessKey', targetUserArn(call, userName, user));
  const result = await call.deps.store.updateAccessKeyStatus(userName, accessKeyId, status);
  if (result === 'no-such-user') throw noSuchUser(userName);
  if (result === 'no-such-key') throw noSuchAccessKey(accessKeyId);
  return undefined;
};

/** DeleteAccessKey; the store keeps a tombstone so the key id is reported as deleted, not unknown. */
export const deleteAccessKey: IamAction = async (call) => {
  const { params } = call;
  const named = readUserName(params, 'existing', false);
  const accessKeyId = readAccessKeyId(params);
  params.check();

  const userName = await keyOwner(call, named, accessKeyId);
  const user = await call.deps.store.getUser(userName);
  await call.authorize('iam:DeleteAccessKey', targetUserArn(call, userName, user));
  const result = await call.deps.store.deleteAccessKey(userName, accessKeyId);
  if (result === 'no-such-user') throw noSuchUser(userName);
  if (result === 'no-such-key') throw noSuchAccessKey(accessKeyId);
  return undefined;
};

/** GetAccessKeyLastUsed; a key never used reports `N/A`, as IAM does. */
export const getAccessKeyLastUsed: IamAction = async (call) => {
  const { params } = call;
  const accessKeyId = readAccessKeyId(params);
  params.check();

  const stored = await call.deps.store.getAccessKey(accessKeyId);
  const ownerArn =
    stored === undefined ? userArn(call.accountId, '/', '*') : targetUserArn(call, stored.record.userName, await call.deps.store.getUserById(stored.record.userId));
  await call.authorize('iam:GetAccessKeyLastUsed', ownerArn);
  if (stored === undefined || stored.record.status === 'Deleted') throw noSuchAccessKey(accessKeyId);
  const used = stored.record.lastUsed;
  return {
    UserName: stored.record.userName,
    AccessKeyLastUsed:
      used === undefined
        ? { ServiceName: 'N/A', Region: 'N/A' }
        : { LastUsedDate: queryDate(used.at), ServiceName: used.service, Region: used.region },
  };
};
