import { S3Error } from '../errors/s3-error.js';
import { groupUris, isGroupUri, type Grantee, type GranteeResolution } from './types.js';

/** A grantee as a request names it, before validation and email resolution. */
export type RequestedGrantee =
  | { type: 'id'; value: string }
  | { type: 'uri'; value: string }
  | { type: 'emailAddress'; value: string };

/** Canonical user ids are 64 lowercase hexadecimal digits, like the ids Coffer generates. */
const canonicalIdPattern = /^[0-9a-f]{64}$/;

/**
 * Checks a grantee named in a grant header or an AccessControlPolicy body and turns it into
 * a stored grantee. S3 returns InvalidArgument "Invalid id" or "Invalid group uri" for an
 * unknown account or group, and UnresolvableGrantByEmailAddress for an unknown address.
 */
export async function resolveGrantee(requested: RequestedGrantee, resolution: GranteeResolution): Promise<Grantee> {
  switch (requested.type) {
    case 'id':
      await checkCanonicalId(requested.value, resolution);
      return { type: 'CanonicalUser', id: requested.value };
    case 'uri':
      if (!isGroupUri(requested.value)) {
        throw new S3Error(
          'InvalidArgument',
          `Invalid group uri: use one of ${groupUris.join(', ')}.`,
          { ArgumentName: 'uri', ArgumentValue: requested.value },
        );
      }
      return { type: 'Group', uri: requested.value };
    case 'emailAddress':
      return { type: 'CanonicalUser', id: await resolveEmailAddress(requested.value, resolution) };
  }
}

async function checkCanonicalId(id: string, resolution: GranteeResolution): Promise<void> {
  const wellFormed = canonicalIdPattern.test(id);
  const known = wellFormed && (resolution.canonicalIdExists === undefined || (await resolution.canonicalIdExists(id)));
  if (!known) {
    throw new S3Error('InvalidArgument', 'Invalid id: no account has this canonical user id.', {
      ArgumentName: 'id',
      ArgumentValue: id,
    });
  }
}

// NOTE: since October 2025 Amazon S3 rejects email grantees with 405 MethodNotAllowed in the
// Regions that used to accept them (PutBucketAcl reference, end of support notice). Coffer
// still resolves them through its account store.
async function resolveEmailAddress(emailAddress: string, resolution: GranteeResolution): Promise<string> {
  const canonicalId = await resolution.resolveEmail(emailAddress);
  if (canonicalId === undefined) {
    throw new S3Error(
      'UnresolvableGrantByEmailAddress',
      `The e-mail address you provided does not match any account on record: ${emailAddress}.`,
    );
  }
  return canonicalId;
}
