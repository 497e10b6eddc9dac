import { forgetBucketAccess } from '../../access/bucket-access.js';
import { parsePublicAccessBlock } from '../../acl/index.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { readConfigurationBody } from '../common/configuration-body.js';
import { requireBucket } from '../common/require.js';

const maxDocumentBytes = 64 * 1024;

/**
 * PutPublicAccessBlock: replaces the bucket's Block Public Access settings; a setting the
 * document leaves out is off. ACLs and policies already stored are kept: IgnorePublicAcls
 * and RestrictPublicBuckets take effect on them at once.
 */
export async function putPublicAccessBlock(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const configuration = parsePublicAccessBlock(await readConfigurationBody(ctx, maxDocumentBytes));
  await ctx.metadata.putBucketSetting(bucket.name, 'public-access-block', JSON.stringify(configuration));
  forgetBucketAccess(ctx, bucket.name);
  sendEmpty(ctx);
}
