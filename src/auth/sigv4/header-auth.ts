import { S3Error } from '../../errors/s3-error.js';
import type { Identity } from '../../http/request-context.js';
import { signaturesEqual } from '../constant-time.js';
import { signatureError, signerIdentity, unknownAccessKey } from '../credential-store.js';
import type { SignedRequest } from '../signed-request.js';
import {
  buildCanonicalRequest,
  canonicalHeaders,
  canonicalQuery,
  canonicalUri,
} from './canonical-request.js';
import { algorithm, amzDateHeader, contentSha256Header } from './constants.js';
import {
  formatAmzDate,
  parseAmzDate,
  parseCredentialScope,
  type CredentialScope,
} from './credential-scope.js';
import { deriveSigningKey, hmacSha256 } from './signing-key.js';
import { buildStringToSign } from './string-to-sign.js';
import { signatureMismatch } from './signature-mismatch.js';

/** Result of a verified SigV4 signature, kept for checking the body that follows. */
export interface VerifiedSignature {
  identity: Identity;
  scope: CredentialScope;
  amzDate: string;
  signingKey: Buffer;
  /** The seed signature: the first chunk of a signed aws-chunked body chains from it. */
  signature: string;
  /** `x-amz-content-sha256` as signed: a hex hash or one of the payload sentinels. */
  payloadHash: string;
}

interface AuthorizationFields {
  credential: string;
  signedHeaders: string[];
  signature: string;
}

/** Options for services other than S3, whose payload hash is not sent as a header. */
export interface HeaderSignatureOptions {
  /** Service name expected in the credential scope; `s3` unless set. */
  service?: string;
  /** Hex SHA-256 of a body the server has already read (IAM and STS form bodies). */
  payloadHash?: string;
}

/** Verifies an `Authorization: AWS4-HMAC-SHA256 ...` request. */
export async function verifyHeaderSignature(
  request: SignedRequest,
  authorization: string,
  options: HeaderSignatureOptions = {},
): Promise<VerifiedSignature> {
  const fields = parseAuthorization(authorization);
  const amzDate = request.headers.get(amzDateHeader) ?? '';
  const requestDate = parseAmzDate(amzDate) ?? parseHttpDate(request.headers.get('date'));
  if (requestDate === undefined) {
    throw new S3Error(
      'AccessDenied',
      'AWS authentication requires a valid Date or x-amz-date header',
    );
  }
  const signedDate = amzDate !== '' ? amzDate : formatAmzDate(requestDate);
  const scope = parseCredentialScope(
    fields.credential,
    signedDate,
    request.region,
    'AuthorizationHeaderMalformed',
    options.service,
  );

  const skew = Math.abs(request.now.getTime() - requestDate.getTime());
  if (skew > request.maxClockSkewMs) {
    throw new S3Error('RequestTimeTooSkewed', undefined, {
      RequestTime: amzDate !== '' ? amzDate : (request.headers.get('date') ?? ''),
      ServerTime: request.now.toISOString(),
      MaxAllowedSkewMilliseconds: request.maxClockSkewMs,
    });
  }

  const payloadHash = options.payloadHash ?? request.headers.get(contentSha256Header);
  if (payloadHash === undefined) {
    throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  if (!fields.signedHeaders.includes('host')) {
    throw new S3Error('AuthorizationHeaderMalformed', 'The authorization header is malformed; the host header must be signed.');
  }

  if (options.service === undefined) rejectUnsignedAmzHeaders(request.headers, fields.signedHeaders);

  const credential = await request.credentials.lookup(scope.accessKeyId);
  if (credential === undefined) throw unknownAccessKey(scope.accessKeyId);

  const canonicalRequest = buildCanonicalRequest({
    method: request.method,
    canonicalUri: canonicalUri(request.rawPath),
    canonicalQuery: canonicalQuery(request.query),
    canonicalHeaders: canonicalHeaders(request.headers, fields.signedHeaders),
    signedHeaders: fields.signedHeaders,
    payloadHash,
  });
  const stringToSign = buildStringToSign(signedDate, scope.scope, canonicalRequest);
  const signingKey = deriveSigningKey(
    credential.secretAccessKey,
    scope.accessKeyId,
    scope.date,
    scope.region,
    scope.service,
  );
  const expected = hmacSha256(signingKey, stringToSign).toString('hex');
  if (!signaturesEqual(expected, fields.signature)) {
    throw signatureError(credential, scope.accessKeyId, () =>
      signatureMismatch(scope.accessKeyId, stringToSign, canonicalRequest, fields.signature),
    );
  }
  return {
    identity: signerIdentity(credential),
    scope,
    amzDate: signedDate,
    signingKey,
    signature: fields.signature,
    payloadHash,
  };
}

/**
 * Parses the value after `AWS4-HMAC-SHA256`: `Credential=..., SignedHeaders=...,
 * Signature=...`, with or without spaces after the commas.
 */
function parseAuthorization(authorization: string): AuthorizationFields {
  const rest = authorization.slice(algorithm.length).trim();
  const values = new Map<string, string>();
  for (const part of rest.split(',')) {
    const trimmed = part.trim();
    const equals = trimmed.indexOf('=');
    if (equals === -1) continue;
    values.set(trimmed.slice(0, equals), trimmed.slice(equals + 1));
  }
  const credential = values.get('Credential');
  const signedHeaders = values.get('SignedHeaders');
  const signature = values.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    throw new S3Error(
      'AuthorizationHeaderMalformed',
      'The authorization header is malformed; it must contain Credential, SignedHeaders and Signature.',
    );
  }
  return {
    credential,
    signedHeaders: signedHeaders.split(';').map((name) => name.trim().toLowerCase()),
    signature,
  };
}

function parseHttpDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * S3 requires every `x-amz-*` header of a header-signed request to be signed, so that no
 * one on the way can add an ACL, a storage class or metadata to a signed request.
 */
function rejectUnsignedAmzHeaders(headers: Map<string, string>, signedHeaders: string[]): void {
  const unsigned = [...headers.keys()].filter((name) => name.startsWith('x-amz-') && !signedHeaders.includes(name));
  if (unsigned.length > 0) {
    throw new S3Error('AccessDenied', 'There were headers present in the request which were not signed', {
      HeadersNotSigned: unsigned.join(', '),
    });
  }
}
