import { S3Error } from '../errors/s3-error.js';
import { parseXml, type XmlElement } from '../xml/xml.js';
import { isPublicAcl } from './public-acl.js';
import { isPublicPolicy } from './public-policy.js';
import type { AccessControlList, Requester } from './types.js';

/**
 * The four S3 Block Public Access settings of a bucket ("Blocking public access to your
 * Amazon S3 storage"). They are independent and each defaults to false.
 */
export interface PublicAccessBlockConfiguration {
  /** Reject PutBucketAcl, PutObjectAcl, PutObject and CreateBucket requests that set a public ACL. */
  blockPublicAcls: boolean;
  /** Ignore public grants of the bucket's and its objects' ACLs, while still accepting them. */
  ignorePublicAcls: boolean;
  /** Reject PutBucketPolicy with a public policy. */
  blockPublicPolicy: boolean;
  /** Limit a bucket with a public policy to requesters of the bucket owner's account. */
  restrictPublicBuckets: boolean;
}

/** Root element of the PutPublicAccessBlock body and GetPublicAccessBlock response. */
export const publicAccessBlockRoot = 'PublicAccessBlockConfiguration';

/** Every setting off: how a bucket without a configuration behaves. */
export const noPublicAccessBlock: PublicAccessBlockConfiguration = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

/** Every setting on: no public access through ACLs or the bucket policy. */
export const blockAllPublicAccess: PublicAccessBlockConfiguration = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

const elementNames = {
  blockPublicAcls: 'BlockPublicAcls',
  ignorePublicAcls: 'IgnorePublicAcls',
  blockPublicPolicy: 'BlockPublicPolicy',
  restrictPublicBuckets: 'RestrictPublicBuckets',
} as const satisfies Record<keyof PublicAccessBlockConfiguration, string>;

/**
 * Parses a PublicAccessBlockConfiguration document. Each element is optional and is `true`
 * or `false` in any case (the reference writes `TRUE`); a missing element means false. Any
 * other value or a different root gets MalformedXML.
 * NOTE: S3 does not document whether an element with no settings at all is rejected; this
 * parser accepts it as every setting off.
 */
export function parsePublicAccessBlock(xml: string): PublicAccessBlockConfiguration {
  const document = parseXml(xml);
  const root = document[publicAccessBlockRoot];
  if (root === '') return { ...noPublicAccessBlock };
  if (typeof root !== 'object' || root === null) {
    throw malformedConfiguration('the root element must be PublicAccessBlockConfiguration');
  }
  const element = root as Record<string, unknown>;
  const configuration = { ...noPublicAccessBlock };
  for (const [field, name] of Object.entries(elementNames) as Array<[keyof PublicAccessBlockConfiguration, string]>) {
    const value = element[name];
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    if (text !== 'true' && text !== 'false') throw malformedConfiguration(`${name} must be true or false`);
    configuration[field] = text === 'true';
  }
  return configuration;
}

function malformedConfiguration(reason: string): S3Error {
  return new S3Error(
    'MalformedXML',
    `The XML you provided was not well-formed or did not validate against our published schema: ${reason}.`,
  );
}

/** Renders the content of a PublicAccessBlockConfiguration element with all four settings. */
export function renderPublicAccessBlock(configuration: PublicAccessBlockConfiguration): XmlElement {
  return {
    BlockPublicAcls: String(configuration.blockPublicAcls),
    IgnorePublicAcls: String(configuration.ignorePublicAcls),
    BlockPublicPolicy: String(configuration.blockPublicPolicy),
    RestrictPublicBuckets: String(configuration.restrictPublicBuckets),
  };
}

/**
 * Combines configurations that apply together, such as the account's and the bucket's: S3
 * "applies the most restrictive combination", so each setting is on when any of them has it on.
 */
export function combinePublicAccessBlocks(
  ...configurations: Array<PublicAccessBlockConfiguration | undefined>
): PublicAccessBlockConfiguration {
  const combined = { ...noPublicAccessBlock };
  for (const configuration of configurations) {
    if (configuration === undefined) continue;
    for (const field of Object.keys(elementNames) as Array<keyof PublicAccessBlockConfiguration>) {
      combined[field] ||= configuration[field];
    }
  }
  return combined;
}

/**
 * Rejects a public ACL that a request sets while BlockPublicAcls is on: "PUT Bucket ACL and
 * PUT Object ACL calls fail if the specified ACL is public", and so do PutObject and
 * CreateBucket requests that include one. S3 returns AccessDenied.
 */
export function checkPublicAclAllowed(configuration: PublicAccessBlockConfiguration, acl: AccessControlList): void {
  if (configuration.blockPublicAcls && isPublicAcl(acl)) {
    throw new S3Error(
      'AccessDenied',
      'Access Denied: BlockPublicAcls is on for this bucket, so it rejects public ACLs.',
    );
  }
}

/**
 * Rejects a public bucket policy while BlockPublicPolicy is on: S3 rejects "calls to PUT
 * Bucket policy if the specified bucket policy allows public access" with AccessDenied.
 */
export function checkPublicPolicyAllowed(configuration: PublicAccessBlockConfiguration, policy: unknown): void {
  if (configuration.blockPublicPolicy && isPublicPolicy(policy)) {
    throw new S3Error(
      'AccessDenied',
      'Access Denied: BlockPublicPolicy is on for this bucket, so it rejects public bucket policies.',
    );
  }
}

/**
 * Returns whether the bucket policy may grant access to a requester. With RestrictPublicBuckets
 * on and a public policy, S3 restricts access "to only AWS service principals and authorized
 * users within the bucket owner's account": anonymous and cross-account requesters lose every
 * grant of the policy, including grants to specific accounts. Coffer has no service
 * principals, so only the owner account's requesters remain.
 */
export function policyAppliesToRequester(
  configuration: PublicAccessBlockConfiguration,
  policyIsPublic: boolean,
  requester: Requester,
  bucketOwnerId: string,
): boolean {
  if (!configuration.restrictPublicBuckets || !policyIsPublic) return true;
  return requester !== 'anonymous' && requester.canonicalId === bucketOwnerId;
}
