import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';

/** Query parameters that override response headers of GetObject and HeadObject. */
const overrides: ReadonlyArray<[parameter: string, header: string]> = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
];

/**
 * Applies `response-*` overrides. S3 honours them only on signed requests, because they
 * let the caller choose headers the browser acts on.
 */
export function applyResponseOverrides(ctx: RequestContext): void {
  for (const [parameter, header] of overrides) {
    const value = ctx.query.get(parameter);
    if (value === undefined) continue;
    if (ctx.authType === 'anonymous') {
      throw new S3Error('InvalidRequest', 'Request specific response headers cannot be used for anonymous GET requests.');
    }
    try {
      ctx.res.setHeader(header, value);
    } catch {
      throw new S3Error('InvalidArgument', `The value of ${parameter} contains characters not allowed in an HTTP header.`, {
        ArgumentName: parameter,
      });
    }
  }
}
