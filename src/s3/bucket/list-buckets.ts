import { isAllowed } from '../../access/authorize.js';
import { S3Error } from '../../errors/s3-error.js';
import { accountResource } from '../../policy/index.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import type { XmlElement } from '../../xml/xml.js';
import { ownerElement, xmlDate } from '../common/owner.js';

/** ListBuckets: the caller's buckets by name, with `prefix`, `max-buckets` and `continuation-token`. */
export async function listBuckets(ctx: RequestContext): Promise<void> {
  const owner = ctx.identity;
  if (owner === undefined) throw new S3Error('AccessDenied');
  const seesAll = await mayListAllBuckets(ctx);
  const prefix = ctx.query.get('prefix') ?? '';
  const maxBuckets = parseMaxBuckets(ctx.query.get('max-buckets'));
  const after = decodeToken(ctx.query.get('continuation-token'));

  const all = (await ctx.metadata.listBuckets()).filter(
    (bucket) => (seesAll || bucket.ownerId === owner.canonicalId) && bucket.name.startsWith(prefix) && bucket.name > after,
  );
  const page = all.slice(0, maxBuckets);
  const truncated = all.length > page.length;

  const content: XmlElement = {
    Owner: ownerElement(ctx, owner.canonicalId),
    Buckets: {
      Bucket: page.map((bucket) => ({
        Name: bucket.name,
        CreationDate: xmlDate(bucket.createdAt),
        BucketRegion: bucket.region,
      })),
    },
  };
  if (truncated) content.ContinuationToken = Buffer.from(page[page.length - 1]!.name).toString('base64url');
  if (ctx.query.has('prefix')) content.Prefix = prefix;
  sendXml(ctx, 'ListAllMyBucketsResult', content);
}

/**
 * Returns true when the caller may list every bucket: the root user and callers allowed
 * s3:ListAllMyBuckets. Other callers get the buckets they own.
 */
async function mayListAllBuckets(ctx: RequestContext): Promise<boolean> {
  if (ctx.identity?.type === 'Account') return true;
  const permission = { action: 's3:ListAllMyBuckets', resource: accountResource };
  return isAllowed(ctx, 'ListBuckets', permission, undefined, undefined);
}

function parseMaxBuckets(value: string | undefined): number {
  if (value === undefined) return 10000;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 10000) {
    throw new S3Error('InvalidArgument', 'max-buckets must be an integer from 1 to 10000.', {
      ArgumentName: 'max-buckets',
      ArgumentValue: value,
    });
  }
  return parsed;
}

function decodeToken(token: string | undefined): string {
  if (token === undefined || token === '') return '';
  return Buffer.from(token, 'base64url').toString('utf8');
}
