import type { RequestContext } from '../../http/request-context.js';
import type { XmlElement } from '../../xml/xml.js';

/**
 * The `Owner` element for a stored owner id. Only the caller's display name is known to
 * the request; other owners show their canonical id as display name.
 */
export function ownerElement(ctx: RequestContext, ownerId: string): XmlElement {
  const displayName =
    ctx.identity !== undefined && ctx.identity.canonicalId === ownerId ? ctx.identity.displayName : ownerId;
  return { ID: ownerId, DisplayName: displayName };
}

/** Formats a date as S3 does in XML bodies: ISO 8601 with milliseconds. */
export function xmlDate(date: Date): string {
  return date.toISOString();
}
