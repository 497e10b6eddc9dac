import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import type { XmlElement } from '../../xml/xml.js';
import { requireBucket } from '../common/require.js';
import { decodeContinuationToken, encodeContinuationToken } from './continuation-token.js';
import { commonPrefixesElements, contentsElement } from './list-entry.js';
import { readListPage } from './list-page.js';
import { readEncodingType, readMaxKeys } from './list-parameters.js';

/**
 * ListObjects (version 1): pages resume after `marker`. NextMarker is sent only with a
 * delimiter, as in S3; without one, clients resume after the last key of the page.
 */
export async function listObjects(ctx: RequestContext): Promise<void> {
  const { prefix, delimiter, maxKeys, encodingType, encode } = readListParameters(ctx);
  const marker = ctx.query.get('marker') ?? '';
  const bucket = await requireBucket(ctx);

  const page = await readListPage(ctx.metadata, bucket.name, {
    prefix,
    delimiter: delimiter ?? '',
    after: marker,
    maxKeys: maxKeys.pageSize,
  });
  const nextMarker = page.truncated && delimiter !== undefined && delimiter !== '' ? page.lastEntry : undefined;
  const content: XmlElement = {
    Name: bucket.name,
    Prefix: encode(prefix),
    Marker: encode(marker),
    NextMarker: nextMarker === undefined ? undefined : encode(nextMarker),
    MaxKeys: maxKeys.requested,
    Delimiter: delimiter === undefined ? undefined : encode(delimiter),
    EncodingType: encodingType,
    IsTruncated: page.truncated,
    Contents: page.objects.map((object) => contentsElement(ctx, object, encode, true)),
    CommonPrefixes: commonPrefixesElements(page.commonPrefixes, encode),
  };
  sendXml(ctx, 'ListBucketResult', content);
}

/**
 * ListObjectsV2 (`list-type=2`): pages resume after the key or common prefix named by the
 * continuation token, or after `start-after` on the first page. Owner is sent only with
 * `fetch-owner=true`.
 */
export async function listObjectsV2(ctx: RequestContext): Promise<void> {
  const { prefix, delimiter, maxKeys, encodingType, encode } = readListParameters(ctx);
  const token = ctx.query.get('continuation-token');
  const startAfter = ctx.query.get('start-after');
  const after = token !== undefined ? decodeContinuationToken(token) : (startAfter ?? '');
  const fetchOwner = ctx.query.get('fetch-owner')?.toLowerCase() === 'true';
  const bucket = await requireBucket(ctx);

  const page = await readListPage(ctx.metadata, bucket.name, {
    prefix,
    delimiter: delimiter ?? '',
    after,
    maxKeys: maxKeys.pageSize,
  });
  const content: XmlElement = {
    Name: bucket.name,
    Prefix: encode(prefix),
    StartAfter: startAfter === undefined ? undefined : encode(startAfter),
    ContinuationToken: token,
    NextContinuationToken:
      page.truncated && page.lastEntry !== undefined ? encodeContinuationToken(page.lastEntry) : undefined,
    KeyCount: page.objects.length + page.commonPrefixes.length,
    MaxKeys: maxKeys.requested,
    Delimiter: delimiter === undefined ? undefined : encode(delimiter),
    EncodingType: encodingType,
    IsTruncated: page.truncated,
    Contents: page.objects.map((object) => contentsElement(ctx, object, encode, fetchOwner)),
    CommonPrefixes: commonPrefixesElements(page.commonPrefixes, encode),
  };
  sendXml(ctx, 'ListBucketResult', content);
}

/**
 * Reads the parameters both versions share. Delimiter stays undefined when absent, because
 * S3 echoes a Delimiter element whenever the parameter was sent, even empty.
 */
function readListParameters(ctx: RequestContext) {
  return {
    prefix: ctx.query.get('prefix') ?? '',
    delimiter: ctx.query.get('delimiter'),
    maxKeys: readMaxKeys(ctx.query.get('max-keys')),
    ...readEncodingType(ctx.query.get('encoding-type')),
  };
}
