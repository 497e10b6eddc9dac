import { signerIdentity } from '../../auth/credential-store.js';
import { S3Error } from '../../errors/s3-error.js';
import type { Identity, RequestContext } from '../../http/request-context.js';
import { sessionTokenMatches } from '../../iam/session-token.js';
import type { FormFields } from './form-fields.js';
import { verifySigV2Form, type SigV2FormSignature } from './sigv2-form-signature.js';
import { verifySigV4Form, type SigV4FormSignature } from './sigv4-form-signature.js';

/** The signing scheme of a form, with its fields. */
export type FormSignature =
  | { version: 'SigV4'; fields: SigV4FormSignature }
  | { version: 'SigV2'; fields: SigV2FormSignature };

/** Fields a SigV4 form requires, spelled as S3 names them in errors and in the order S3 checks them. */
const sigV4Fields = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature', 'Policy'] as const;

const sigV2Fields = ['AWSAccessKeyId', 'Signature', 'Policy'] as const;

/**
 * Reads the signing fields of a form. A form without any is anonymous (`undefined`). A form
 * with one field of a scheme must have all of them, and the first missing one raises S3's
 * InvalidArgument. SigV4 fields take precedence when both schemes appear.
 */
export function readFormSignature(fields: FormFields): FormSignature | undefined {
  if (sigV4Fields.slice(0, 4).some((name) => fields.has(name))) {
    const [algorithm, credential, amzDate, signature, policy] = sigV4Fields.map((name) => requireField(fields, name));
    return {
      version: 'SigV4',
      fields: { algorithm: algorithm!, credential: credential!, amzDate: amzDate!, signature: signature!, policy: policy! },
    };
  }
  if (fields.has('AWSAccessKeyId') || fields.has('Signature')) {
    const [accessKeyId, signature, policy] = sigV2Fields.map((name) => requireField(fields, name));
    return { version: 'SigV2', fields: { accessKeyId: accessKeyId!, signature: signature!, policy: policy! } };
  }
  return undefined;
}

/**
 * Verifies the signature of a form and returns the caller. Temporary credentials sign only
 * with their session token in `x-amz-security-token`, as in signed requests.
 */
export async function verifyFormSignature(ctx: RequestContext, signature: FormSignature, fields: FormFields): Promise<Identity> {
  const credential =
    signature.version === 'SigV4' ? await verifySigV4Form(ctx, signature.fields) : await verifySigV2Form(ctx, signature.fields);
  const identity = signerIdentity(credential);
  checkSessionToken(identity, fields.get('x-amz-security-token'));
  return identity;
}

/** Returns a required field. A missing one raises S3's InvalidArgument, which suggests misplaced fields. */
export function requireField(fields: FormFields, name: string): string {
  const value = fields.get(name);
  if (value === undefined) {
    throw new S3Error(
      'InvalidArgument',
      `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
      { ArgumentName: name, ArgumentValue: '' },
    );
  }
  return value;
}

function checkSessionToken(identity: Identity, token: string | undefined): void {
  const expected = identity.sessionTokenDigest;
  if (expected === undefined) {
    if (token !== undefined) {
      throw new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid: the access key is not a temporary credential.');
    }
    return;
  }
  if (token === undefined) {
    throw new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid: temporary credentials need their session token.');
  }
  if (!sessionTokenMatches(token, expected)) throw new S3Error('InvalidToken');
}
