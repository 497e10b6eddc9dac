/** Presigned URLs for S3 object requests, for Coffer and Amazon S3 alike. */
export { presignUrl, responseOverrideParams } from './presign-url.js';
export { filenamePlaceholder, presignPost } from './presign-post.js';
export type { PresignedPost, PresignPostOptions, PresignPostRequest } from './presign-post.js';
export { defaultExpiresIn, maxExpiresIn, minExpiresIn } from './expiry.js';
export type {
  PresignCredentials,
  PresignedUrl,
  PresignFormat,
  PresignMethod,
  PresignOptions,
  PresignRequest,
} from './types.js';
