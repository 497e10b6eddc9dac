import { hasGrantHeaders } from '../acl/index.js';
import { headerValue } from '../http/header-value.js';
import type { RequestContext } from '../http/request-context.js';
import type { OperationTarget } from '../policy/index.js';
import { readCopySource } from '../s3/common/copy-source.js';

const copyOperations = new Set(['CopyObject', 'UploadPartCopy']);

/** Collects the facts of a request that decide which permissions it needs. */
export function describeTarget(ctx: RequestContext): OperationTarget {
  const headers = ctx.req.headers;
  const cannedAcl = headerValue(headers, 'x-amz-acl');
  const setsAcl =
    hasGrantHeaders(headers) ||
    (cannedAcl !== undefined && (ctx.operation !== 'CreateBucket' || cannedAcl !== 'private'));
  const versionId = ctx.query.get('versionId');
  return {
    bucket: ctx.bucket,
    key: ctx.key,
    ...(versionId !== undefined && versionId !== 'null' ? { versionId } : {}),
    ...(copyOperations.has(ctx.operation) ? { copySource: copySourceTarget(ctx) } : {}),
    setsAcl,
    setsTagging: headerValue(headers, 'x-amz-tagging') !== undefined,
    setsObjectOwnership: headerValue(headers, 'x-amz-object-ownership') !== undefined,
  };
}

function copySourceTarget(ctx: RequestContext): NonNullable<OperationTarget['copySource']> {
  const source = readCopySource(ctx);
  const versioned = source.versionId !== undefined && source.versionId !== 'null';
  return { bucket: source.bucket, key: source.key, ...(versioned ? { versionId: source.versionId } : {}) };
}
