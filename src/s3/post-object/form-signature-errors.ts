import { unknownAccessKey, type SigningCredential } from '../../auth/credential-store.js';
import { S3Error } from '../../errors/s3-error.js';
import type { RequestContext } from '../../http/request-context.js';

/** S3's InvalidArgument for a faulty signing field of a form, naming the field as S3 spells it. */
export function formArgumentError(
  name: string,
  value: string,
  message: string,
  extra: Record<string, string> = {},
): S3Error {
  return new S3Error('InvalidArgument', message, { ArgumentName: name, ArgumentValue: value, ...extra });
}

/** The secret behind the form's access key; an unknown key is InvalidAccessKeyId. */
export async function lookUpFormCredential(ctx: RequestContext, accessKeyId: string): Promise<SigningCredential> {
  const credential = await ctx.credentials.lookup(accessKeyId);
  if (credential === undefined) throw unknownAccessKey(accessKeyId);
  return credential;
}

/**
 * SignatureDoesNotMatch for a form: the string to sign is the policy as sent, also given as
 * bytes (two hex digits each, space-separated), as S3 shows it.
 */
export function signatureMismatch(accessKeyId: string, policy: string, provided: string): S3Error {
  const bytes = [...Buffer.from(policy, 'utf8')].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return new S3Error('SignatureDoesNotMatch', undefined, {
    AWSAccessKeyId: accessKeyId,
    StringToSign: policy,
    SignatureProvided: provided,
    StringToSignBytes: bytes,
  });
}
