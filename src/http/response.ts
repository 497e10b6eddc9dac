import type { RequestContext } from './request-context.js';
import { buildXml, type XmlElement } from '../xml/xml.js';
import type { S3Error } from '../errors/s3-error.js';

/** Sends an XML document with status 200 unless told otherwise. */
export function sendXml(ctx: RequestContext, root: string, content: XmlElement, status = 200): void {
  const body = Buffer.from(buildXml(root, content), 'utf8');
  ctx.res.statusCode = status;
  ctx.res.setHeader('Content-Type', 'application/xml');
  ctx.res.setHeader('Content-Length', body.length);
  ctx.res.end(body);
  ctx.bytesSent += body.length;
}

/** Sends an empty response with the given status. */
export function sendEmpty(ctx: RequestContext, status = 200): void {
  ctx.res.statusCode = status;
  if (status !== 204 && status !== 304) ctx.res.setHeader('Content-Length', 0);
  ctx.res.end();
}

/**
 * Sends an S3 error document: Code, Message, the error's own details, then Resource and
 * RequestId. HEAD responses carry the status and headers only, as HTTP requires.
 */
export function sendError(ctx: Pick<RequestContext, 'req' | 'res' | 'requestId' | 'rawPath' | 'bucket' | 'key'> & { bytesSent: number }, error: S3Error): void {
  const { res } = ctx;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) {
    if (!['x-amz-request-id', 'x-amz-id-2', 'server'].includes(name)) res.removeHeader(name);
  }
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.statusCode = error.status;
  if (ctx.req.method === 'HEAD' || error.status === 304) {
    res.end();
    return;
  }
  const content: XmlElement = { Code: error.code, Message: error.message };
  if (ctx.key !== undefined && ['NoSuchKey', 'InvalidRange'].includes(error.code)) content.Key = ctx.key;
  for (const [name, value] of Object.entries(error.details)) content[name] = value;
  content.Resource = safeResource(ctx.rawPath);
  content.RequestId = ctx.requestId;
  content.HostId = ctx.requestId;
  const body = Buffer.from(buildXml('Error', content, null), 'utf8');
  res.setHeader('Content-Type', 'application/xml');
  res.setHeader('Content-Length', body.length);
  res.end(body);
  ctx.bytesSent += body.length;
}

function safeResource(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}
