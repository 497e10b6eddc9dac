import type { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { buildXml, type XmlElement } from '../../xml/xml.js';

/** Size from which a copy sends its 200 status at once and keeps the connection busy. */
export const keepAliveThresholdBytes = 64 * 1024 * 1024;

/** Milliseconds between the spaces sent while a long copy runs. */
const keepAliveIntervalMs = 5_000;

const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * Response of a long copy, sent as S3 sends it. Status 200 and the XML declaration go out at
 * once, then a space every few seconds so that clients' read timeouts do not fire. The
 * result document follows, or an Error document inside the 200 response when the copy
 * failed. The CopyObject API reference describes this, and the SDKs read an Error body in a
 * 200 response as a failure.
 */
export class KeepAliveResponse {
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly ctx: RequestContext) {
    ctx.res.statusCode = 200;
    ctx.res.setHeader('Content-Type', 'application/xml');
    ctx.res.write(xmlDeclaration);
    ctx.bytesSent += xmlDeclaration.length;
    this.timer = setInterval(() => {
      ctx.res.write(' ');
      ctx.bytesSent += 1;
    }, keepAliveIntervalMs);
    ctx.res.once('close', () => clearInterval(this.timer));
  }

  static start(ctx: RequestContext): KeepAliveResponse {
    return new KeepAliveResponse(ctx);
  }

  /** Sends the result document and ends the response. */
  finish(root: string, content: XmlElement): void {
    this.end(buildXml(root, content));
  }

  /** Sends an S3 Error document inside the 200 response and ends it. */
  fail(error: S3Error): void {
    this.end(
      buildXml(
        'Error',
        { Code: error.code, Message: error.message, ...error.details, RequestId: this.ctx.requestId, HostId: this.ctx.requestId },
        null,
      ),
    );
  }

  private end(document: string): void {
    clearInterval(this.timer);
    const body = document.startsWith(xmlDeclaration) ? document.slice(xmlDeclaration.length) : document;
    this.ctx.res.end(body);
    this.ctx.bytesSent += Buffer.byteLength(body);
  }
}
