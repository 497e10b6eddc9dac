import { S3Error } from '../../errors/s3-error.js';

/**
 * Builds SignatureDoesNotMatch with the string to sign and canonical request, as S3 does,
 * so a client author can compare them with their own. Neither contains a secret.
 */
export function signatureMismatch(
  accessKeyId: string,
  stringToSign: string,
  canonicalRequest: string,
  providedSignature: string,
): S3Error {
  return new S3Error('SignatureDoesNotMatch', undefined, {
    AWSAccessKeyId: accessKeyId,
    StringToSign: stringToSign,
    SignatureProvided: providedSignature,
    StringToSignBytes: hexBytes(stringToSign),
    CanonicalRequest: canonicalRequest,
    CanonicalRequestBytes: hexBytes(canonicalRequest),
  });
}

function hexBytes(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
