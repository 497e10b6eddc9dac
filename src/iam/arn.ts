/**
 * ARNs of IAM entities, as AWS writes them: the path sits between the resource type and the
 * name (`arn:aws:iam::123456789012:user/division/Bob` for path `/division/`).
 */

export function accountRootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

export function userArn(accountId: string, path: string, userName: string): string {
  return `arn:aws:iam::${accountId}:user${path}${userName}`;
}

export function roleArn(accountId: string, path: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role${path}${roleName}`;
}

/** Builds the ARN of a role session; the role's path is not part of it, as in AWS. */
export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

/**
 * Builds the resource of a list call over a path prefix, such as `arn:aws:iam::ACCOUNT:user/` for
 * ListUsers: the form IAM names in its AccessDenied messages for those calls.
 */
export function pathPrefixArn(accountId: string, type: 'user' | 'role', pathPrefix: string): string {
  return `arn:aws:iam::${accountId}:${type}${pathPrefix}`;
}

/** Account and role name of `arn:aws:iam::ACCOUNT:role/PATH/NAME`; undefined for any other ARN. */
export function parseRoleArn(arn: string): { accountId: string; path: string; roleName: string } | undefined {
  const match = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]+\/)?)([\w+=,.@-]{1,64})$/.exec(arn);
  if (match === null) return undefined;
  return { accountId: match[1]!, path: match[2]!, roleName: match[3]! };
}
