import type { IncomingHttpHeaders } from 'node:http';

import { S3Error } from '../errors/s3-error.js';
import { headerValue } from '../http/header-value.js';
import { resolveGrantee, type RequestedGrantee } from './grantee-resolution.js';
import { maxGrants, type AccessControlList, type Grant, type GranteeResolution, type Permission } from './types.js';

/** Each `x-amz-grant-*` request header and the permission it grants. */
export const grantHeaders: ReadonlyArray<readonly [string, Permission]> = [
  ['x-amz-grant-read', 'READ'],
  ['x-amz-grant-write', 'WRITE'],
  ['x-amz-grant-read-acp', 'READ_ACP'],
  ['x-amz-grant-write-acp', 'WRITE_ACP'],
  ['x-amz-grant-full-control', 'FULL_CONTROL'],
];

export interface GrantHeaderOptions extends GranteeResolution {
  /** Owner of the resource the ACL is for. */
  ownerId: string;
}

/** Returns whether a request carries any `x-amz-grant-*` header. */
export function hasGrantHeaders(headers: IncomingHttpHeaders): boolean {
  return grantHeaders.some(([name]) => headers[name] !== undefined);
}

/**
 * Builds an ACL from the `x-amz-grant-*` headers, or returns `undefined` when there are none.
 * The ACL contains exactly the grants in the headers: unlike a canned ACL, grant headers do not
 * keep the owner's FULL_CONTROL unless a header names the owner.
 * A request may not combine them with `x-amz-acl`, and S3 rejects one that does with InvalidRequest.
 */
export async function aclFromGrantHeaders(
  headers: IncomingHttpHeaders,
  options: GrantHeaderOptions,
): Promise<AccessControlList | undefined> {
  if (!hasGrantHeaders(headers)) return undefined;
  if (headers['x-amz-acl'] !== undefined) {
    throw new S3Error('InvalidRequest', 'Specifying both Canned ACLs and Header Grants is not allowed');
  }

  // Every header is parsed before any grantee is looked up, so a malformed header fails fast.
  const requestedGrants: Array<{ grantee: RequestedGrantee; permission: Permission }> = [];
  for (const [name, permission] of grantHeaders) {
    const value = headerValue(headers, name);
    if (value === undefined) continue;
    for (const grantee of parseGranteeList(name, value)) requestedGrants.push({ grantee, permission });
  }
  // NOTE: S3 documents the 100-grant limit for ACLs but not the error code for too many
  // grant header entries. The XML form gets MalformedACLError instead.
  if (requestedGrants.length > maxGrants) {
    throw new S3Error(
      'InvalidArgument',
      `The grant headers name ${requestedGrants.length} grantees, but an ACL can have up to ${maxGrants} grants.`,
    );
  }

  const grants: Grant[] = [];
  for (const { grantee, permission } of requestedGrants) {
    grants.push({ grantee: await resolveGrantee(grantee, options), permission });
  }
  return { ownerId: options.ownerId, grants };
}

const granteeTypes: Record<string, RequestedGrantee['type']> = {
  id: 'id',
  uri: 'uri',
  emailaddress: 'emailAddress',
};

/**
 * Parses a grant header value: a comma-separated list of `type=value` pairs such as
 * `id="…", uri="http://…", emailAddress="…"`. Values may be quoted or bare, because the AWS
 * CLI documentation shows both, and type names match in any case (`emailaddress=`).
 * Anything else gets InvalidArgument "Argument format not recognized", as S3 sends it.
 */
export function parseGranteeList(headerName: string, value: string): RequestedGrantee[] {
  const formatError = () =>
    new S3Error('InvalidArgument', 'Argument format not recognized', {
      ArgumentName: headerName,
      ArgumentValue: value,
    });
  const granteePattern = /^\s*([A-Za-z]+)\s*=\s*(?:"([^"]*)"|([^",]*?))\s*(?:,|$)/;

  const grantees: RequestedGrantee[] = [];
  let rest = value;
  do {
    const match = granteePattern.exec(rest);
    if (match === null) throw formatError();
    const type = granteeTypes[match[1]!.toLowerCase()];
    const granteeValue = match[2] ?? match[3]!;
    if (type === undefined || granteeValue === '') throw formatError();
    grantees.push({ type, value: granteeValue });
    rest = rest.slice(match[0].length);
    // A comma at the very end leaves an empty entry, which is malformed.
    if (rest.trim() === '' && match[0].trimEnd().endsWith(',')) throw formatError();
  } while (rest.trim() !== '');
  return grantees;
}
