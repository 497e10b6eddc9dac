import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';

/**
 * Reads a small request body (an XML document) into memory, rejecting bodies over
 * `maxBytes` with MaxMessageLengthExceeded before buffering them.
 */
export async function readSmallBody(ctx: RequestContext, maxBytes: number): Promise<string> {
  if (ctx.payload.length !== undefined && ctx.payload.length > maxBytes) {
    throw new S3Error('MaxMessageLengthExceeded', `Your request was too big: the limit is ${maxBytes} bytes.`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of ctx.payload.stream) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      throw new S3Error('MaxMessageLengthExceeded', `Your request was too big: the limit is ${maxBytes} bytes.`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
