import { buildXml, type XmlElement } from '../xml/xml.js';
import { queryNamespaces, type QueryService } from './errors.js';
import type { Tag } from './identity-store.js';

/**
 * Renders a Query API response: `<ActionResponse xmlns=…><ActionResult>…</ActionResult>
 * <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></ActionResponse>`. Actions
 * that return nothing (DeleteUser and the like) have no Result element, as in IAM.
 */
export function queryResponse(
  service: QueryService,
  action: string,
  requestId: string,
  result: XmlElement | undefined,
): string {
  const content: XmlElement = {};
  if (result !== undefined) content[`${action}Result`] = result;
  content.ResponseMetadata = { RequestId: requestId };
  return buildXml(`${action}Response`, content, queryNamespaces[service]);
}

/** Builds a list in Query API form: one `<member>` element per item. */
export function memberList(items: XmlValueList): XmlElement | string {
  return items.length === 0 ? '' : { member: items };
}

type XmlValueList = Array<XmlElement | string>;

/** Formats a date as IAM and STS do in responses: ISO 8601 in UTC to the second. */
export function queryDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Builds the Tags element; undefined, so left out, when there are none, as IAM leaves it out. */
export function tagsElement(tags: Tag[]): XmlElement | undefined {
  if (tags.length === 0) return undefined;
  return { member: tags.map((tag) => ({ Key: tag.Key, Value: tag.Value })) };
}

/** Policy documents travel URL-encoded in IAM responses; aws-cli and boto3 decode them. */
export function encodePolicyDocument(document: string): string {
  return encodeURIComponent(document);
}
