import { S3Error, isS3Error } from '../errors/s3-error.js';
import { asArray, parseXmlWithAttributes } from '../xml/xml.js';
import { resolveGrantee, type RequestedGrantee } from './grantee-resolution.js';
import {
  isPermission,
  maxGrants,
  type AccessControlList,
  type Grant,
  type GranteeResolution,
  type Permission,
} from './types.js';

export const xmlSchemaInstanceNamespace = 'http://www.w3.org/2001/XMLSchema-instance';

export interface AccessControlPolicyOptions extends GranteeResolution {
  /** Current owner of the bucket or object; the body's `<Owner><ID>` must name it. */
  expectedOwnerId: string;
}

type XmlObject = Record<string, unknown>;

/**
 * Parses the AccessControlPolicy body of PutBucketAcl or PutObjectAcl into an ACL with
 * exactly the grants of the body. A body that is not well-formed or does not match the
 * schema (unknown grantee type or permission, a missing element, more than 100 grants) gets
 * MalformedACLError. An Owner other than the current owner gets AccessDenied, because an ACL
 * cannot change the owner.
 */
export async function parseAccessControlPolicy(
  xml: string,
  options: AccessControlPolicyOptions,
): Promise<AccessControlList> {
  const policy = readPolicyElement(xml);
  const ownerId = readOwnerId(policy.element);
  const list = policy.element.AccessControlList;
  const grantElements = readGrantElements(list);
  if (grantElements.length > maxGrants) {
    throw malformed(`the AccessControlList has ${grantElements.length} grants; an ACL can have up to ${maxGrants}`);
  }
  const listScope = isXmlObject(list) ? declareNamespaces(policy.namespaces, list) : policy.namespaces;
  const requestedGrants = grantElements.map((grant, index) => readGrant(grant, index + 1, listScope));

  if (ownerId !== options.expectedOwnerId) {
    throw new S3Error('AccessDenied', 'Access Denied: the Owner of an ACL must be the current owner of the resource.');
  }
  const grants: Grant[] = [];
  for (const { grantee, permission } of requestedGrants) {
    grants.push({ grantee: await resolveGrantee(grantee, options), permission });
  }
  return { ownerId, grants };
}

function malformed(reason: string): S3Error {
  return new S3Error(
    'MalformedACLError',
    `The XML you provided was not well-formed or did not validate against our published schema: ${reason}.`,
  );
}

/** Parses the document and returns its AccessControlPolicy element; S3 reports any XML error as MalformedACLError. */
function readPolicyElement(xml: string): { element: XmlObject; namespaces: NamespaceScope } {
  let document: XmlObject;
  try {
    document = parseXmlWithAttributes(xml);
  } catch (error) {
    if (isS3Error(error) && error.code === 'MalformedXML') throw malformed('the document is not well-formed XML');
    throw error;
  }
  const element = document.AccessControlPolicy;
  if (!isXmlObject(element)) throw malformed('the root element must be AccessControlPolicy');
  return { element, namespaces: declareNamespaces(new Map(), element) };
}

function readOwnerId(policy: XmlObject): string {
  const owner = policy.Owner;
  if (!isXmlObject(owner)) throw malformed('the AccessControlPolicy has no Owner element');
  const id = textOf(owner.ID);
  if (id === undefined || id === '') throw malformed('the Owner element has no ID');
  return id;
}

/** Returns the Grant elements; an empty or absent AccessControlList means no grants. */
function readGrantElements(list: unknown): unknown[] {
  if (list === undefined || (typeof list === 'string' && list.trim() === '')) return [];
  if (!isXmlObject(list)) throw malformed('AccessControlList must contain Grant elements');
  return asArray(list.Grant);
}

/** A Grant element checked against the schema, with its grantee not yet resolved. */
interface RequestedGrant {
  grantee: RequestedGrantee;
  permission: Permission;
}

function readGrant(grant: unknown, position: number, scope: NamespaceScope): RequestedGrant {
  if (!isXmlObject(grant)) throw malformed(`Grant ${position} must contain Grantee and Permission`);
  const permission = textOf(grant.Permission);
  if (permission === undefined || !isPermission(permission)) {
    throw malformed(
      `Grant ${position} has permission ${JSON.stringify(permission ?? '')}, ` +
        'which is not one of READ, WRITE, READ_ACP, WRITE_ACP, FULL_CONTROL',
    );
  }
  const grantee = grant.Grantee;
  if (!isXmlObject(grantee)) throw malformed(`Grant ${position} has no Grantee element`);
  const granteeScope = declareNamespaces(declareNamespaces(scope, grant), grantee);
  return { grantee: readRequestedGrantee(grantee, granteeScope, position), permission };
}

/**
 * Reads a Grantee by its `xsi:type`: CanonicalUser with ID, AmazonCustomerByEmail with
 * EmailAddress, or Group with URI (Grantee data type of the API reference). DisplayName is
 * ignored, as S3 ignores it in requests.
 */
function readRequestedGrantee(grantee: XmlObject, scope: NamespaceScope, position: number): RequestedGrantee {
  const type = schemaInstanceType(grantee, scope);
  const field = (name: string): string => {
    const value = textOf(grantee[name]);
    if (value === undefined || value === '') throw malformed(`the ${type} Grantee of Grant ${position} has no ${name}`);
    return value;
  };
  switch (type) {
    case 'CanonicalUser':
      return { type: 'id', value: field('ID') };
    case 'AmazonCustomerByEmail':
      return { type: 'emailAddress', value: field('EmailAddress') };
    case 'Group':
      return { type: 'uri', value: field('URI') };
    case undefined:
      throw malformed(`the Grantee of Grant ${position} has no xsi:type attribute`);
    default:
      throw malformed(
        `the Grantee of Grant ${position} has xsi:type ${JSON.stringify(type)}, ` +
          'which is not one of CanonicalUser, AmazonCustomerByEmail, Group',
      );
  }
}

/** Namespace prefixes in scope, from `xmlns:prefix` declarations of the enclosing elements. */
type NamespaceScope = Map<string, string>;

function declareNamespaces(outer: NamespaceScope, element: XmlObject): NamespaceScope {
  const scope = new Map(outer);
  for (const [key, value] of Object.entries(element)) {
    if (key.startsWith('@_xmlns:') && typeof value === 'string') scope.set(key.slice('@_xmlns:'.length), value);
  }
  return scope;
}

/**
 * Returns the `type` attribute in the XML Schema instance namespace, whatever prefix the
 * document binds to it. An undeclared `xsi:` prefix is accepted too, because clients that
 * write the attribute by hand sometimes leave out the declaration.
 */
function schemaInstanceType(element: XmlObject, scope: NamespaceScope): string | undefined {
  for (const [key, value] of Object.entries(element)) {
    const match = /^@_([^:]+):type$/.exec(key);
    if (match === null || typeof value !== 'string') continue;
    const prefix = match[1]!;
    const namespace = scope.get(prefix);
    if (namespace === xmlSchemaInstanceNamespace || (namespace === undefined && prefix === 'xsi')) return value.trim();
  }
  return undefined;
}

function isXmlObject(value: unknown): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text of a simple element, trimmed; `undefined` when absent, repeated or not text. */
function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}
