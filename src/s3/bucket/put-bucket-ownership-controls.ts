import { forgetBucketAccess } from '../../access/bucket-access.js';
import {
  checkBucketAclForEnforcedOwnership,
  parseOwnershipControls,
  privateAcl,
  type AccessControlList,
} from '../../acl/index.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { readConfigurationBody } from '../common/configuration-body.js';
import { requireBucket } from '../common/require.js';

const maxDocumentBytes = 64 * 1024;

/**
 * PutBucketOwnershipControls: sets the bucket's Object Ownership. BucketOwnerEnforced is
 * refused with InvalidBucketAclWithObjectOwnership while the bucket ACL grants anyone but
 * the owner, as S3 requires the ACL to be reset first.
 */
export async function putBucketOwnershipControls(ctx: RequestContext): Promise<void> {
  const bucket = await requireBucket(ctx);
  const ownership = parseOwnershipControls(await readConfigurationBody(ctx, maxDocumentBytes));
  if (ownership === 'BucketOwnerEnforced') {
    const stored = await ctx.metadata.getBucketSetting(bucket.name, 'acl');
    const acl = stored === undefined ? privateAcl(bucket.ownerId) : (JSON.parse(stored) as AccessControlList);
    checkBucketAclForEnforcedOwnership(acl, bucket.ownerId);
  }
  await ctx.metadata.putBucketSetting(bucket.name, 'ownership', ownership);
  forgetBucketAccess(ctx, bucket.name);
  sendEmpty(ctx);
}
