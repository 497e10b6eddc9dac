import { headerValue } from '../../http/header-value.js';
import type { RequestContext } from '../../http/request-context.js';
import { readSmallBody } from './body.js';
import { verifyBodyIntegrity } from './body-integrity.js';
import { readChecksumRequest } from './checksum-request.js';

/**
 * Reads the document of a request that sets a bucket or object sub-resource (an ACL, a
 * policy, ownership controls, Block Public Access) and checks the Content-MD5 or
 * `x-amz-checksum-*` value it declares. The SDKs always send one, but S3 accepts these
 * requests without, so neither is required.
 */
export async function readConfigurationBody(ctx: RequestContext, maxBytes: number): Promise<string> {
  const headers = ctx.req.headers;
  const contentMd5 = headerValue(headers, 'content-md5');
  const checksum = readChecksumRequest(headers);
  const declaresChecksum = checksum !== undefined && (checksum.expected !== undefined || checksum.trailer !== undefined);
  const text = await readSmallBody(ctx, maxBytes);
  if (contentMd5 !== undefined || declaresChecksum) {
    await verifyBodyIntegrity(ctx, Buffer.from(text, 'utf8'), {
      contentMd5,
      checksum: declaresChecksum ? checksum : undefined,
    });
  }
  return text;
}
