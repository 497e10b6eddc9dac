import { createHmac } from 'node:crypto';

import { signatureError, type SigningCredential } from '../../auth/credential-store.js';
import { signaturesEqual } from '../../auth/constant-time.js';
import type { RequestContext } from '../../http/request-context.js';
import { lookUpFormCredential, signatureMismatch } from './form-signature-errors.js';

/** The SigV2 fields of a form: `AWSAccessKeyId` and `signature`. */
export interface SigV2FormSignature {
  accessKeyId: string;
  signature: string;
  policy: string;
}

/** Verifies a SigV2 form: the signature is the base64 HMAC-SHA1 of the base64 policy as sent. */
export async function verifySigV2Form(ctx: RequestContext, form: SigV2FormSignature): Promise<SigningCredential> {
  const credential = await lookUpFormCredential(ctx, form.accessKeyId);
  const expected = createHmac('sha1', credential.secretAccessKey).update(form.policy, 'utf8').digest('base64');
  if (!signaturesEqual(expected, form.signature)) {
    throw signatureError(credential, form.accessKeyId, () => signatureMismatch(form.accessKeyId, form.policy, form.signature));
  }
  return credential;
}
