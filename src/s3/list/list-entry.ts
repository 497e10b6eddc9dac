import type { RequestContext } from '../../http/request-context.js';
import type { ObjectRecord } from '../../metadata/metadata-store.js';
import type { XmlElement } from '../../xml/xml.js';
import { ownerElement, xmlDate } from '../common/owner.js';

/** Every object here is kept in the one storage class S3 calls STANDARD. */
export const storageClass = 'STANDARD';

/**
 * Builds the `Contents` element of ListObjects and ListObjectsV2 in S3's element order.
 * The checksum elements appear only for an object stored with a checksum.
 */
export function contentsElement(
  ctx: RequestContext,
  object: ObjectRecord,
  encode: (text: string) => string,
  withOwner: boolean,
): XmlElement {
  return {
    Key: encode(object.key),
    LastModified: xmlDate(object.lastModified),
    ETag: object.etag,
    ChecksumAlgorithm: object.checksum?.algorithm,
    ChecksumType: object.checksum?.type,
    Size: object.size,
    Owner: withOwner ? ownerElement(ctx, object.ownerId) : undefined,
    StorageClass: storageClass,
  };
}

/** Builds one `CommonPrefixes` element per prefix. */
export function commonPrefixesElements(prefixes: string[], encode: (text: string) => string): XmlElement[] {
  return prefixes.map((prefix) => ({ Prefix: encode(prefix) }));
}
