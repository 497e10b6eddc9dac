import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import type { ObjectRecord } from '../../metadata/metadata-store.js';
import type { XmlElement } from '../../xml/xml.js';
import { ownerElement, xmlDate } from '../common/owner.js';
import { requireBucket } from '../common/require.js';
import { commonPrefixesElements, storageClass } from './list-entry.js';
import { readListPage } from './list-page.js';
import { readEncodingType, readMaxKeys } from './list-parameters.js';

/** The version id S3 gives every object of a bucket that never had versioning. */
const nullVersionId = 'null';

/**
 * ListObjectVersions (`?versions`). Buckets here never have versioning, so each key has
 * exactly one version, `null`, which is the latest, and there are no delete markers. A
 * page resumes after `key-marker`: the only version a `version-id-marker` can name is that
 * key's `null` version, which the previous page already returned.
 */
export async function listObjectVersions(ctx: RequestContext): Promise<void> {
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter');
  const maxKeys = readMaxKeys(ctx.query.get('max-keys'));
  const { encodingType, encode } = readEncodingType(ctx.query.get('encoding-type'));
  const keyMarker = ctx.query.get('key-marker') ?? '';
  const versionIdMarker = ctx.query.get('version-id-marker') ?? '';
  checkVersionIdMarker(keyMarker, versionIdMarker);
  const bucket = await requireBucket(ctx);

  const page = await readListPage(ctx.metadata, bucket.name, {
    prefix,
    delimiter: delimiter ?? '',
    after: keyMarker,
    maxKeys: maxKeys.pageSize,
  });
  const lastObject = page.objects[page.objects.length - 1];
  const endsOnVersion = page.lastEntry !== undefined && page.lastEntry === lastObject?.key;
  const content: XmlElement = {
    Name: bucket.name,
    Prefix: encode(prefix),
    KeyMarker: encode(keyMarker),
    VersionIdMarker: versionIdMarker,
    NextKeyMarker: page.truncated && page.lastEntry !== undefined ? encode(page.lastEntry) : undefined,
    NextVersionIdMarker: page.truncated && endsOnVersion ? nullVersionId : undefined,
    MaxKeys: maxKeys.requested,
    Delimiter: delimiter === undefined ? undefined : encode(delimiter),
    EncodingType: encodingType,
    IsTruncated: page.truncated,
    Version: page.objects.map((object) => versionElement(ctx, object, encode)),
    CommonPrefixes: commonPrefixesElements(page.commonPrefixes, encode),
  };
  sendXml(ctx, 'ListVersionsResult', content);
}

/** Rejects a version-id marker without a key marker, or naming a version that cannot exist here. */
function checkVersionIdMarker(keyMarker: string, versionIdMarker: string): void {
  if (versionIdMarker === '') return;
  if (keyMarker === '') {
    throw new S3Error('InvalidArgument', 'A version-id marker cannot be specified without a key marker.', {
      ArgumentName: 'version-id-marker',
      ArgumentValue: versionIdMarker,
    });
  }
  if (versionIdMarker !== nullVersionId) {
    throw new S3Error('InvalidArgument', 'Invalid version id specified', {
      ArgumentName: 'version-id-marker',
      ArgumentValue: versionIdMarker,
    });
  }
}

function versionElement(ctx: RequestContext, object: ObjectRecord, encode: (text: string) => string): XmlElement {
  return {
    Key: encode(object.key),
    VersionId: nullVersionId,
    IsLatest: true,
    LastModified: xmlDate(object.lastModified),
    ETag: object.etag,
    ChecksumAlgorithm: object.checksum?.algorithm,
    ChecksumType: object.checksum?.type,
    Size: object.size,
    StorageClass: storageClass,
    Owner: ownerElement(ctx, object.ownerId),
  };
}
