import { createHmac } from 'node:crypto';

import { S3Error } from '../../errors/s3-error.js';
import type { Identity } from '../../http/request-context.js';
import { signaturesEqual } from '../constant-time.js';
import { signatureError, signerIdentity, unknownAccessKey } from '../credential-store.js';
import type { SignedRequest } from '../signed-request.js';
import { maxPresignedExpirySeconds } from '../sigv4/constants.js';
import { buildSigV2StringToSign } from './string-to-sign.js';

/** Verifies `Authorization: AWS AKID:SIGNATURE` (Signature Version 2). */
export async function verifySigV2Header(request: SignedRequest, authorization: string): Promise<Identity> {
  const match = /^AWS ([^:\s]+):(\S+)$/.exec(authorization.trim());
  if (match === null) {
    throw new S3Error('InvalidArgument', 'Authorization header is invalid -- one and only one \' \' (space) required', {
      ArgumentName: 'Authorization',
    });
  }
  const [, accessKeyId, signature] = match as unknown as [string, string, string];

  const dateText = request.headers.get('x-amz-date') ?? request.headers.get('date');
  const requestTime = dateText === undefined ? Number.NaN : Date.parse(dateText);
  if (Number.isNaN(requestTime)) {
    throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  }
  if (Math.abs(request.now.getTime() - requestTime) > request.maxClockSkewMs) {
    throw new S3Error('RequestTimeTooSkewed', undefined, {
      RequestTime: dateText!,
      ServerTime: request.now.toISOString(),
      MaxAllowedSkewMilliseconds: request.maxClockSkewMs,
    });
  }
  return checkSignature(request, accessKeyId, signature, undefined);
}

/** Verifies a SigV2 presigned URL: `AWSAccessKeyId`, `Expires` (epoch seconds), `Signature`. */
export async function verifySigV2Presigned(request: SignedRequest): Promise<Identity> {
  const params = new Map(request.query);
  const accessKeyId = params.get('AWSAccessKeyId');
  const signature = params.get('Signature');
  const expires = params.get('Expires');
  if (accessKeyId === undefined || signature === undefined || expires === undefined) {
    throw new S3Error(
      'AccessDenied',
      'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters',
    );
  }
  if (!/^\d+$/.test(expires)) {
    throw new S3Error('AccessDenied', 'Invalid date (should be seconds since epoch): ' + expires.slice(0, 40));
  }
  const expiresAt = new Date(Number(expires) * 1000);
  const nowMs = request.now.getTime();
  if (nowMs > expiresAt.getTime()) {
    throw new S3Error('AccessDenied', 'Request has expired', {
      Expires: expiresAt.toISOString(),
      ServerTime: request.now.toISOString(),
    });
  }
  // SigV2 URLs carry no signing time, so the seven-day limit of SigV4 URLs applies to the
  // time left, measured against the server clock.
  if (expiresAt.getTime() - nowMs > maxPresignedExpirySeconds * 1000) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      `Expires must be less than a week (in seconds) that is ${maxPresignedExpirySeconds} from now`,
    );
  }
  return checkSignature({ ...request, headers: withQueryHeaders(request) }, accessKeyId, signature, expires);
}

async function checkSignature(
  request: SignedRequest,
  accessKeyId: string,
  signature: string,
  expires: string | undefined,
): Promise<Identity> {
  const credential = await request.credentials.lookup(accessKeyId);
  if (credential === undefined) throw unknownAccessKey(accessKeyId);
  const sign = (rawPath: string): { stringToSign: string; matches: boolean } => {
    const stringToSign = buildSigV2StringToSign({
      method: request.method,
      headers: request.headers,
      expires,
      rawPath,
      hostBucket: request.hostBucket,
      query: request.query,
    });
    const expected = createHmac('sha1', credential.secretAccessKey).update(stringToSign, 'utf8').digest('base64');
    return { stringToSign, matches: signaturesEqual(expected, signature) };
  };
  const attempt = sign(request.rawPath);
  // botocore signs a path-style bucket request as `/BUCKET/` while sending `/BUCKET`, and S3
  // accepts both forms of the bucket's resource.
  const isBucketPath = request.hostBucket === undefined && /^\/[^/]+$/.test(request.rawPath);
  if (!attempt.matches && !(isBucketPath && sign(`${request.rawPath}/`).matches)) {
    throw signatureError(
      credential,
      accessKeyId,
      () =>
        new S3Error('SignatureDoesNotMatch', undefined, {
          AWSAccessKeyId: accessKeyId,
          StringToSign: attempt.stringToSign,
          SignatureProvided: signature,
        }),
    );
  }
  return signerIdentity(credential);
}

/**
 * Returns the request's headers with the query parameters that a SigV2 presigned URL
 * carries in place of headers: `x-amz-*` (the session token among them), Content-MD5 and
 * Content-Type. Clients sign them as headers and then move them into the query, as
 * botocore does. A header actually sent wins.
 */
function withQueryHeaders(request: SignedRequest): Map<string, string> {
  const headers = new Map(request.headers);
  for (const [name, value] of request.query) {
    const lower = name.toLowerCase();
    const movable = lower.startsWith('x-amz-') || lower === 'content-md5' || lower === 'content-type';
    if (movable && !headers.has(lower)) headers.set(lower, value);
  }
  return headers;
}
