import type { RequestContext } from '../../http/request-context.js';
import type { XmlElement } from '../../xml/xml.js';

/**
 * The `Owner` element for a stored owner id, with the owner's display name from the
 * identity store. An owner that no longer exists (a deleted user) shows its canonical id.
 */
export function ownerElement(ctx: RequestContext, ownerId: string): XmlElement {
  return { ID: ownerId, DisplayName: ctx.accounts.displayName(ownerId) ?? ownerId };
}

/** Formats a date as S3 does in XML bodies: ISO 8601 with milliseconds. */
export function xmlDate(date: Date): string {
  return date.toISOString();
}
