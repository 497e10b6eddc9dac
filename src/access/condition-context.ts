import { headerValue } from '../http/header-value.js';
import type { RequestContext } from '../http/request-context.js';
import { secureTransport, sourceAddress } from './source-address.js';

/** Operations whose query parameters feed s3:prefix, s3:delimiter and s3:max-keys. */
const listOperations = new Set(['ListObjects', 'ListObjectsV2', 'ListObjectVersions', 'ListMultipartUploads']);

/**
 * The condition keys of a request, as "Actions, resources, and condition keys for Amazon S3"
 * and "AWS global condition context keys" define them. A key the request does not have is
 * left out, so that conditions on it behave as AWS documents for a missing key. The keys
 * that describe the principal come from the policy module.
 */
export function conditionContext(ctx: RequestContext): Record<string, string | string[]> {
  const now = new Date();
  const { req, config } = ctx;
  const context: Record<string, string | string[]> = {
    'aws:SourceIp': sourceAddress(req, config.trustedProxies),
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:SecureTransport': String(secureTransport(req, config.trustedProxies)),
    's3:authType': authType(ctx),
  };
  setHeader(context, 'aws:UserAgent', headerValue(req.headers, 'user-agent'));
  setHeader(context, 'aws:Referer', headerValue(req.headers, 'referer'));
  if (ctx.signatureVersion !== undefined) {
    context['s3:signatureversion'] = ctx.signatureVersion === 'SigV4' ? 'AWS4-HMAC-SHA256' : 'AWS';
  }
  if (ctx.signedAt !== undefined) {
    context['s3:signatureAge'] = String(Math.max(0, now.getTime() - ctx.signedAt.getTime()));
  }
  if (listOperations.has(ctx.operation)) {
    context['s3:prefix'] = ctx.query.get('prefix') ?? '';
    setHeader(context, 's3:delimiter', ctx.query.get('delimiter'));
    setHeader(context, 's3:max-keys', ctx.query.get(ctx.operation === 'ListMultipartUploads' ? 'max-uploads' : 'max-keys'));
  }
  for (const name of [
    'x-amz-acl',
    'x-amz-content-sha256',
    'x-amz-copy-source',
    'x-amz-metadata-directive',
    'x-amz-storage-class',
    'x-amz-server-side-encryption',
    'x-amz-grant-read',
    'x-amz-grant-write',
    'x-amz-grant-read-acp',
    'x-amz-grant-write-acp',
    'x-amz-grant-full-control',
    'x-amz-object-ownership',
  ]) {
    setHeader(context, `s3:${name}`, headerValue(req.headers, name));
  }
  setHeader(context, 's3:VersionId', ctx.query.get('versionId'));
  return context;
}

/** REST-HEADER, REST-QUERY-STRING or POST, the values of s3:authType. */
function authType(ctx: RequestContext): string {
  if (ctx.operation === 'PostObject') return 'POST';
  return ctx.authType === 'presigned' ? 'REST-QUERY-STRING' : 'REST-HEADER';
}

function setHeader(context: Record<string, string | string[]>, key: string, value: string | undefined): void {
  if (value !== undefined) context[key] = value;
}
