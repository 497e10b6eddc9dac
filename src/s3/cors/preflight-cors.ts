import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { corsResponseHeaders, findCorsRule, readCorsRequest } from './cors-match.js';
import { loadCorsRules } from './cors-store.js';

/**
 * PreflightCors (OPTIONS on a bucket or object): responds to a browser's preflight from the
 * bucket's rules alone. It needs no signature, since browsers send preflights without
 * credentials, and it never looks at the object. Refusals are S3's 403 AccessForbidden with the
 * requested method and the kind of resource; with no rules or no bucket, the resource is
 * reported as the bucket, as S3 does.
 */
export async function preflightCors(ctx: RequestContext): Promise<void> {
  const request = readCorsRequest(ctx.req.headers, 'OPTIONS');
  if (request === undefined) {
    throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.');
  }
  const name = ctx.bucket!;
  const bucketRefusal = { Method: request.method, ResourceType: 'BUCKET' };
  const bucket = await ctx.metadata.getBucket(name);
  if (bucket === undefined) throw new S3Error('AccessForbidden', 'CORSResponse: Bucket not found', bucketRefusal);
  const rules = await loadCorsRules(ctx.metadata, bucket.name);
  if (rules === undefined) {
    throw new S3Error('AccessForbidden', 'CORSResponse: CORS is not enabled for this bucket.', bucketRefusal);
  }
  const match = findCorsRule(rules, request);
  if (match === undefined) {
    throw new S3Error('AccessForbidden', undefined, {
      Method: request.method,
      ResourceType: ctx.key === undefined ? 'BUCKET' : 'OBJECT',
    });
  }
  for (const [header, value] of Object.entries(corsResponseHeaders(match, request, true))) ctx.res.setHeader(header, value);
  sendEmpty(ctx);
}
