import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { readSmallBody } from '../common/body.js';
import { requireBodyIntegrity, verifyBodyIntegrity } from '../common/body-integrity.js';
import { requireBucket } from '../common/require.js';
import { parseCorsConfiguration } from './cors-configuration.js';
import { saveCorsRules } from './cors-store.js';

/** Largest configuration document S3 accepts: 64 KB. */
const maxCorsDocumentBytes = 64 * 1024;

/** PutBucketCors (PUT `?cors`): replaces the bucket's CORS rules with a validated document. */
export async function putBucketCors(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const integrity = requireBodyIntegrity(ctx.req.headers);
  const body = await readSmallBody(ctx, maxCorsDocumentBytes);
  await verifyBodyIntegrity(ctx, Buffer.from(body, 'utf8'), integrity);
  const rules = parseCorsConfiguration(body);
  await saveCorsRules(ctx.metadata, bucket.name, rules);
  sendEmpty(ctx);
}
