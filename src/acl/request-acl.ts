import type { IncomingHttpHeaders } from 'node:http';

import { S3Error } from '../errors/s3-error.js';
import { headerValue } from '../http/header-value.js';
import { cannedAcl, type CannedAclName } from './canned-acl.js';
import { aclFromGrantHeaders, hasGrantHeaders } from './grant-headers.js';
import { parseAccessControlPolicy } from './parse-access-control-policy.js';
import type { AccessControlList, AclTarget, GranteeResolution } from './types.js';

/** The ACL a request sets, and the form it came in, which some Object Ownership rules depend on. */
export type RequestedAcl =
  | { source: 'canned'; cannedAcl: CannedAclName; acl: AccessControlList }
  | { source: 'grant-headers'; acl: AccessControlList }
  | { source: 'access-control-policy'; acl: AccessControlList };

export interface RequestAclOptions extends GranteeResolution {
  /**
   * Owner of the resource once the request succeeds. For a new object under Object
   * Ownership this can be the bucket owner rather than the writer (see `objectOwnerFor`).
   */
  ownerId: string;
  bucketOwnerId: string;
  target: AclTarget;
}

/**
 * Reads the ACL of a request that creates a resource (CreateBucket, PutObject, CopyObject,
 * CreateMultipartUpload) from `x-amz-acl` or the `x-amz-grant-*` headers. Returns
 * `undefined` when the request names no ACL, so the caller applies the private default.
 */
export async function aclFromRequestHeaders(
  headers: IncomingHttpHeaders,
  options: RequestAclOptions,
): Promise<RequestedAcl | undefined> {
  const granted = await aclFromGrantHeaders(headers, options);
  if (granted !== undefined) return { source: 'grant-headers', acl: granted };

  const name = headerValue(headers, 'x-amz-acl');
  if (name === undefined) return undefined;
  const acl = cannedAcl(name, options);
  return { source: 'canned', cannedAcl: name as CannedAclName, acl };
}

/**
 * Reads the new ACL of PutBucketAcl or PutObjectAcl, which comes either from the headers or
 * from an AccessControlPolicy body. "You cannot specify access permission using both the body
 * and the request headers" (PutBucketAcl reference), so a request with both gets
 * UnexpectedContent.
 * `ownerId` must be the resource's current owner, which the body's Owner must repeat.
 */
export async function aclFromPutAclRequest(
  headers: IncomingHttpHeaders,
  body: string,
  options: RequestAclOptions,
): Promise<RequestedAcl> {
  const hasBody = body.trim() !== '';
  const hasHeaders = headers['x-amz-acl'] !== undefined || hasGrantHeaders(headers);
  if (hasBody && hasHeaders) {
    throw new S3Error(
      'UnexpectedContent',
      'This request does not support content: send the ACL either in x-amz-acl or x-amz-grant-* headers ' +
        'or as an AccessControlPolicy body, not both.',
    );
  }
  if (hasBody) {
    const acl = await parseAccessControlPolicy(body, { ...options, expectedOwnerId: options.ownerId });
    return { source: 'access-control-policy', acl };
  }
  const requested = await aclFromRequestHeaders(headers, options);
  if (requested === undefined) {
    // NOTE: the API reference does not name the error for a request with neither form;
    // MissingSecurityHeader ("Your request is missing a required header") is an estimate.
    throw new S3Error(
      'MissingSecurityHeader',
      'Your request is missing a required header: ' +
        'send x-amz-acl, an x-amz-grant-* header or an AccessControlPolicy body.',
    );
  }
  return requested;
}
