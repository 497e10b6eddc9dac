import { forgetBucketAccess } from '../../access/bucket-access.js';
import { checkPublicPolicyAllowed } from '../../acl/index.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { parsePolicy, policySizeLimits } from '../../policy/index.js';
import { readConfigurationBody } from '../common/configuration-body.js';
import { requireBucketAccess } from '../common/require-access.js';

/**
 * Largest request body read. The 20 KB quota of a bucket policy counts bytes without
 * whitespace, so an indented document may be larger; `parsePolicy` applies the quota.
 */
const maxPolicyBodyBytes = 16 * policySizeLimits.bucketPolicy;

/**
 * PutBucketPolicy: validates the document as S3 does (MalformedPolicy naming the fault,
 * Resources outside the bucket included), refuses a public policy while BlockPublicPolicy is
 * on, and stores the text as sent. S3 returns 204.
 */
export async function putBucketPolicy(ctx: RequestContext): Promise<void> {
  const access = await requireBucketAccess(ctx);
  const name = access.bucket.name;
  const text = await readConfigurationBody(ctx, maxPolicyBodyBytes);
  parsePolicy(text, 'resource', { bucket: name });
  checkPublicPolicyAllowed(access.publicAccessBlock, text);
  await ctx.metadata.putBucketSetting(name, 'policy', text);
  forgetBucketAccess(ctx, name);
  sendEmpty(ctx, 204);
}
