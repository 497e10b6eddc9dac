import type { RequestContext } from '../../http/request-context.js';
import { sendXml } from '../../http/response.js';
import type { PartRecord } from '../../metadata/metadata-store.js';
import type { XmlElement } from '../../xml/xml.js';
import { ownerElement, xmlDate } from '../common/owner.js';
import { requireBucket } from '../common/require.js';
import { readEncodingType } from '../list/list-parameters.js';
import { checksumElements } from './checksum-elements.js';
import { readMaxEntries, readPartNumberMarker } from './list-arguments.js';
import { requireUpload } from './require-upload.js';

/**
 * ListParts: the parts of an upload in part-number order, a page of up to `max-parts`
 * after `part-number-marker`, with NextPartNumberMarker to resume from.
 */
export async function listParts(ctx: RequestContext): Promise<void> {
  await requireBucket(ctx);
  const upload = await requireUpload(ctx);
  const { requested, pageSize } = readMaxEntries('max-parts', ctx.query.get('max-parts'));
  const marker = readPartNumberMarker(ctx.query.get('part-number-marker'));
  const { encodingType, encode } = readEncodingType(ctx.query.get('encoding-type'));

  const remaining = (await ctx.metadata.listParts(upload.uploadId)).filter((part) => part.partNumber > marker);
  const page = remaining.slice(0, pageSize);
  const owner = ownerElement(ctx, upload.ownerId);
  sendXml(ctx, 'ListPartsResult', {
    Bucket: upload.bucket,
    Key: encode(upload.key),
    UploadId: upload.uploadId,
    Initiator: owner,
    Owner: owner,
    StorageClass: 'STANDARD',
    ChecksumAlgorithm: upload.checksumAlgorithm,
    ChecksumType: upload.checksumType,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length > 0 ? page[page.length - 1]!.partNumber : marker,
    MaxParts: requested,
    IsTruncated: remaining.length > page.length,
    Part: page.map(partElement),
    EncodingType: encodingType,
  });
}

function partElement(part: PartRecord): XmlElement {
  return {
    PartNumber: part.partNumber,
    LastModified: xmlDate(part.lastModified),
    ETag: part.etag,
    Size: part.size,
    ...checksumElements(part.checksum),
  };
}
