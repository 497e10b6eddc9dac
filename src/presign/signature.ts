import { buildCanonicalRequest } from '../auth/sigv4/canonical-request.js';
import { scopeTerminator, serviceName, unsignedPayload } from '../auth/sigv4/constants.js';
import { hmacSha256 } from '../auth/sigv4/signing-key.js';
import { buildStringToSign } from '../auth/sigv4/string-to-sign.js';
import { signingKeyFor } from './signing-key.js';
import type { PresignCredentials } from './types.js';

/** `DATE/REGION/s3/aws4_request`. */
export function credentialScope(shortDate: string, region: string): string {
  return `${shortDate}/${region}/${serviceName}/${scopeTerminator}`;
}

/**
 * Signs a presigned request: canonical request, string to sign, then HMAC with the signing
 * key, which is derived once per access key, day and region and then cached. A presigned
 * URL never signs its payload, hence `UNSIGNED-PAYLOAD`.
 */
export function calculateSignature(parts: {
  credentials: PresignCredentials;
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  canonicalHeaders: string;
  signedHeaders: string;
  amzDate: string;
  shortDate: string;
  region: string;
  scope: string;
}): string {
  const canonicalRequest = buildCanonicalRequest({
    method: parts.method,
    canonicalUri: parts.canonicalUri,
    canonicalQuery: parts.canonicalQuery,
    canonicalHeaders: parts.canonicalHeaders,
    // Already joined with ';'; a one-element list joins to itself.
    signedHeaders: [parts.signedHeaders],
    payloadHash: unsignedPayload,
  });
  const signingKey = signingKeyFor(parts.credentials, parts.shortDate, parts.region);
  return hmacSha256(signingKey, buildStringToSign(parts.amzDate, parts.scope, canonicalRequest)).toString('hex');
}
