/**
 * The public entry of the `coffer` package: what a program may import. The server itself
 * is started with the `coffer serve` command, not from here.
 */
export {
  defaultExpiresIn,
  maxExpiresIn,
  minExpiresIn,
  filenamePlaceholder,
  presignPost,
  presignUrl,
  responseOverrideParams,
  type PresignCredentials,
  type PresignedPost,
  type PresignedUrl,
  type PresignPostOptions,
  type PresignPostRequest,
  type PresignFormat,
  type PresignMethod,
  type PresignOptions,
  type PresignRequest,
} from './presign/index.js';
