import { S3Error } from '../../errors/s3-error.js';
import { signaturesEqual } from '../constant-time.js';
import { signatureError, signerIdentity, unknownAccessKey } from '../credential-store.js';
import type { SignedRequest } from '../signed-request.js';
import {
  buildCanonicalRequest,
  canonicalHeaders,
  canonicalQuery,
  canonicalUri,
} from './canonical-request.js';
import {
  algorithm,
  algorithmParam,
  contentSha256Param,
  credentialParam,
  dateParam,
  expiresParam,
  maxPresignedExpirySeconds,
  securityTokenParam,
  signatureParam,
  signedHeadersParam,
  unsignedPayload,
} from './constants.js';
import { parseAmzDate, parseCredentialScope } from './credential-scope.js';
import type { VerifiedSignature } from './header-auth.js';
import { signatureMismatch } from './signature-mismatch.js';
import { deriveSigningKey, hmacSha256 } from './signing-key.js';
import { buildStringToSign } from './string-to-sign.js';

const requiredParams = [
  algorithmParam,
  credentialParam,
  signatureParam,
  dateParam,
  signedHeadersParam,
  expiresParam,
];

/**
 * Verifies a SigV4 presigned URL (query authentication). The URL is valid from X-Amz-Date
 * to X-Amz-Date plus X-Amz-Expires; the clock-skew rule of header auth does not apply.
 */
export async function verifyPresignedSignature(request: SignedRequest): Promise<VerifiedSignature> {
  const params = new Map(request.query);
  for (const name of [...requiredParams, securityTokenParam]) {
    if (request.query.filter(([candidate]) => candidate === name).length > 1) {
      throw new S3Error('AuthorizationQueryParametersError', `The query parameter ${name} must appear only once.`);
    }
  }
  const missing = requiredParams.filter((name) => !params.has(name));
  if (missing.length > 0) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  if (params.get(algorithmParam) !== algorithm) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      `X-Amz-Algorithm only supports "${algorithm}"`,
    );
  }

  const amzDate = params.get(dateParam)!;
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`,
    );
  }
  const expiresText = params.get(expiresParam)!;
  const expiresIn = /^\d+$/.test(expiresText) ? Number(expiresText) : Number.NaN;
  if (!Number.isSafeInteger(expiresIn)) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      `X-Amz-Expires must be a whole number of seconds from 1 to ${maxPresignedExpirySeconds}; got ${JSON.stringify(expiresText.slice(0, 40))}`,
    );
  }
  if (expiresIn < 1) {
    throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be non-negative and at least 1 second');
  }
  if (expiresIn > maxPresignedExpirySeconds) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      `X-Amz-Expires must be less than a week (in seconds) that is ${maxPresignedExpirySeconds}`,
    );
  }
  const scope = parseCredentialScope(
    params.get(credentialParam)!,
    amzDate,
    request.region,
    'AuthorizationQueryParametersError',
  );

  const nowMs = request.now.getTime();
  const expiresAt = new Date(signedAt.getTime() + expiresIn * 1000);
  if (nowMs < signedAt.getTime()) {
    throw new S3Error('AccessDenied', 'Request is not yet valid', {
      'X-Amz-Date': amzDate,
      Expires: expiresAt.toISOString(),
      ServerTime: request.now.toISOString(),
    });
  }
  if (nowMs > expiresAt.getTime()) {
    throw new S3Error('AccessDenied', 'Request has expired', {
      'X-Amz-Expires': expiresIn,
      Expires: expiresAt.toISOString(),
      ServerTime: request.now.toISOString(),
    });
  }

  const signedHeaders = params
    .get(signedHeadersParam)!
    .split(';')
    .map((name) => name.trim().toLowerCase());
  if (!signedHeaders.includes('host')) {
    throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-SignedHeaders must contain host');
  }
  rejectUnsignedAmzHeaders(request.headers, signedHeaders);

  const credential = await request.credentials.lookup(scope.accessKeyId);
  if (credential === undefined) throw unknownAccessKey(scope.accessKeyId);

  const payloadHash = params.get(contentSha256Param) ?? unsignedPayload;
  const canonicalRequest = buildCanonicalRequest({
    method: request.method,
    canonicalUri: canonicalUri(request.rawPath),
    canonicalQuery: canonicalQuery(request.query, signatureParam),
    canonicalHeaders: canonicalHeaders(request.headers, signedHeaders),
    signedHeaders,
    payloadHash,
  });
  const stringToSign = buildStringToSign(amzDate, scope.scope, canonicalRequest);
  const signingKey = deriveSigningKey(
    credential.secretAccessKey,
    scope.accessKeyId,
    scope.date,
    scope.region,
    scope.service,
  );
  const expected = hmacSha256(signingKey, stringToSign).toString('hex');
  const provided = params.get(signatureParam)!;
  if (!signaturesEqual(expected, provided)) {
    throw signatureError(credential, scope.accessKeyId, () =>
      signatureMismatch(scope.accessKeyId, stringToSign, canonicalRequest, provided),
    );
  }
  return {
    identity: signerIdentity(credential),
    scope,
    amzDate,
    signingKey,
    signature: provided,
    payloadHash,
  };
}

/**
 * Rejects `x-amz-*` headers that the URL did not sign, because the holder of a presigned URL
 * must not add them (an ACL or a storage class, say). `x-amz-content-sha256` is exempt because
 * presigned payloads are never signed.
 */
function rejectUnsignedAmzHeaders(headers: Map<string, string>, signedHeaders: string[]): void {
  const unsigned = [...headers.keys()].filter(
    (name) =>
      name.startsWith('x-amz-') && name !== 'x-amz-content-sha256' && !signedHeaders.includes(name),
  );
  if (unsigned.length > 0) {
    throw new S3Error('AccessDenied', 'There were headers present in the request which were not signed', {
      HeadersNotSigned: unsigned.join(', '),
    });
  }
}
