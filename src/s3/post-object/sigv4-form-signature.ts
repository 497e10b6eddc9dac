import { isS3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';
import { signatureError, type SigningCredential } from '../../auth/credential-store.js';
import { signaturesEqual } from '../../auth/constant-time.js';
import { algorithm } from '../../auth/sigv4/constants.js';
import { parseAmzDate, parseCredentialScope, type CredentialScope } from '../../auth/sigv4/credential-scope.js';
import { deriveSigningKey, hmacSha256 } from '../../auth/sigv4/signing-key.js';
import { formArgumentError, lookUpFormCredential, signatureMismatch } from './form-signature-errors.js';

/** The SigV4 fields of a form: `x-amz-algorithm`, `-credential`, `-date` and `-signature`. */
export interface SigV4FormSignature {
  algorithm: string;
  credential: string;
  amzDate: string;
  signature: string;
  policy: string;
}

/**
 * Verifies a SigV4 form: the signature is the hex HMAC-SHA256 of the base64 policy, exactly as
 * sent, under the signing key of the credential's scope. The scope must name this server's
 * region and `s3`. The policy's own expiration, not x-amz-date, bounds its validity.
 */
export async function verifySigV4Form(ctx: RequestContext, form: SigV4FormSignature): Promise<SigningCredential> {
  if (form.algorithm !== algorithm) {
    throw formArgumentError('X-Amz-Algorithm', form.algorithm, `X-Amz-Algorithm only supports "${algorithm}"`);
  }
  if (parseAmzDate(form.amzDate) === undefined) {
    throw formArgumentError('X-Amz-Date', form.amzDate, 'X-Amz-Date must be formated via ISO8601 Long format');
  }
  const scope = parseFormCredential(form.credential, form.amzDate, ctx.config.region);
  const credential = await lookUpFormCredential(ctx, scope.accessKeyId);
  const key = deriveSigningKey(credential.secretAccessKey, scope.accessKeyId, scope.date, scope.region, scope.service);
  const expected = hmacSha256(key, form.policy).toString('hex');
  if (!signaturesEqual(expected, form.signature)) {
    throw signatureError(credential, scope.accessKeyId, () => signatureMismatch(scope.accessKeyId, form.policy, form.signature));
  }
  return credential;
}

/**
 * Parses `AKID/DATE/REGION/s3/aws4_request`. S3 reports a faulty credential of a form with
 * InvalidArgument naming X-Amz-Credential, with the messages it gives presigned URLs.
 */
function parseFormCredential(credential: string, amzDate: string, region: string): CredentialScope {
  const fields = credential.split('/');
  if (fields.length === 5 && fields[0] === '') {
    throw formArgumentError('X-Amz-Credential', credential, 'a non-empty Access Key (AKID) must be provided in the credential.');
  }
  if (fields.length === 5 && fields[2] !== '' && fields[2] !== region) {
    throw formArgumentError('X-Amz-Credential', credential, `the region '${fields[2]}' is wrong; expecting '${region}'`, {
      Region: region,
    });
  }
  try {
    return parseCredentialScope(credential, amzDate, region, 'AuthorizationQueryParametersError');
  } catch (error) {
    if (!isS3Error(error)) throw error;
    throw formArgumentError('X-Amz-Credential', credential, error.message);
  }
}
