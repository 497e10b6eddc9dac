import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendEmpty } from '../../http/response.js';
import { parseXml } from '../../xml/xml.js';
import { readSmallBody } from '../common/body.js';
import { checkBucketName } from '../common/bucket-name.js';
import { readNewBucketAccess, storeNewBucketAccess } from './new-bucket-access.js';

const maxConfigurationBytes = 64 * 1024;

/**
 * CreateBucket: validates the name, the optional LocationConstraint and the ACL and Object
 * Ownership headers, then records the owner and those settings.
 */
export async function createBucket(ctx: RequestContext): Promise<void> {
  const name = ctx.bucket!;
  checkBucketName(name);
  const constraint = await readLocationConstraint(ctx);
  if (constraint !== undefined && constraint !== '' && constraint !== ctx.config.region) {
    throw new S3Error(
      'IllegalLocationConstraintException',
      `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to (${ctx.config.region}).`,
    );
  }

  const owner = ctx.identity!;
  const access = await readNewBucketAccess(ctx, owner.canonicalId);
  const result = await ctx.metadata.createBucket({
    name,
    region: ctx.config.region,
    ownerId: owner.canonicalId,
    createdAt: new Date(),
  });
  if (result === 'exists') {
    const existing = await ctx.metadata.getBucket(name);
    if (existing?.ownerId === owner.canonicalId) {
      throw new S3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: name });
    }
    throw new S3Error('BucketAlreadyExists', undefined, { BucketName: name });
  }
  await storeNewBucketAccess(ctx, name, access);
  ctx.res.setHeader('Location', `/${name}`);
  sendEmpty(ctx);
}

async function readLocationConstraint(ctx: RequestContext): Promise<string | undefined> {
  const text = await readSmallBody(ctx, maxConfigurationBytes);
  if (text.trim() === '') return undefined;
  const document = parseXml(text);
  const configuration = document.CreateBucketConfiguration as Record<string, unknown> | undefined;
  if (configuration === undefined || typeof configuration !== 'object') {
    if (typeof document.CreateBucketConfiguration === 'string') return undefined;
    throw new S3Error('MalformedXML');
  }
  const constraint = configuration.LocationConstraint;
  if (constraint === undefined) return undefined;
  if (typeof constraint !== 'string') {
    throw new S3Error('InvalidLocationConstraint', undefined, { LocationConstraint: String(constraint) });
  }
  return constraint.trim();
}
