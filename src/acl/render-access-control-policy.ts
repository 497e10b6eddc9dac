import { buildXml, type XmlElement } from '../xml/xml.js';
import { xmlSchemaInstanceNamespace } from './parse-access-control-policy.js';
import type { AccessControlList, Grant, Grantee } from './types.js';

/** Root element of the GetBucketAcl and GetObjectAcl response bodies. */
export const accessControlPolicyRoot = 'AccessControlPolicy';

/** Returns the display name of an account, or `undefined` to leave DisplayName out. */
export type DisplayNameOf = (canonicalId: string) => string | undefined;

/**
 * Renders an ACL as the content of the GetBucketAcl / GetObjectAcl `AccessControlPolicy`
 * element: Owner, then AccessControlList with one Grant per grant. Each Grantee carries
 * `xmlns:xsi` and `xsi:type` as in S3's responses, and the caller passes the result to
 * `buildXml(accessControlPolicyRoot, …)`.
 */
export function renderAccessControlPolicy(acl: AccessControlList, displayNameOf: DisplayNameOf): XmlElement {
  return {
    Owner: { ID: acl.ownerId, DisplayName: displayNameOf(acl.ownerId) },
    AccessControlList: { Grant: acl.grants.map((grant) => renderGrant(grant, displayNameOf)) },
  };
}

/** Serialises an ACL as a complete GetBucketAcl / GetObjectAcl response body. */
export function buildAccessControlPolicyXml(acl: AccessControlList, displayNameOf: DisplayNameOf): string {
  return buildXml(accessControlPolicyRoot, renderAccessControlPolicy(acl, displayNameOf));
}

function renderGrant(grant: Grant, displayNameOf: DisplayNameOf): XmlElement {
  return { Grantee: renderGrantee(grant.grantee, displayNameOf), Permission: grant.permission };
}

function renderGrantee(grantee: Grantee, displayNameOf: DisplayNameOf): XmlElement {
  const attributes = { '@_xmlns:xsi': xmlSchemaInstanceNamespace, '@_xsi:type': grantee.type };
  if (grantee.type === 'Group') return { ...attributes, URI: grantee.uri };
  return { ...attributes, ID: grantee.id, DisplayName: displayNameOf(grantee.id) ?? grantee.displayName };
}
