/** Names and sentinels of AWS Signature Version 4 as S3 uses them. */
export const algorithm = 'AWS4-HMAC-SHA256';
export const chunkAlgorithm = 'AWS4-HMAC-SHA256-PAYLOAD';
export const trailerAlgorithm = 'AWS4-HMAC-SHA256-TRAILER';
export const scopeTerminator = 'aws4_request';
export const serviceName = 's3';

export const unsignedPayload = 'UNSIGNED-PAYLOAD';
export const streamingSignedPayload = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const streamingSignedPayloadTrailer = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const streamingUnsignedPayloadTrailer = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

/** SHA-256 of the empty string, hex. */
export const emptySha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export const amzDateHeader = 'x-amz-date';
export const contentSha256Header = 'x-amz-content-sha256';
export const securityTokenHeader = 'x-amz-security-token';
export const decodedContentLengthHeader = 'x-amz-decoded-content-length';
export const trailerHeader = 'x-amz-trailer';

export const algorithmParam = 'X-Amz-Algorithm';
export const credentialParam = 'X-Amz-Credential';
export const dateParam = 'X-Amz-Date';
export const expiresParam = 'X-Amz-Expires';
export const signedHeadersParam = 'X-Amz-SignedHeaders';
export const signatureParam = 'X-Amz-Signature';
export const securityTokenParam = 'X-Amz-Security-Token';
export const contentSha256Param = 'X-Amz-Content-Sha256';

/** Longest validity of a presigned URL: seven days, in seconds. */
export const maxPresignedExpirySeconds = 604800;
