/**
 * The public entry of the `coffer` package: what a program may import. The server itself
 * is started with the `coffer serve` command, not from here.
 */
export {
  defaultExpiresIn,
  maxExpiresIn,
  minExpiresIn,
  presignUrl,
  responseOverrideParams,
  type PresignCredentials,
  type PresignedUrl,
  type PresignFormat,
  type PresignMethod,
  type PresignOptions,
  type PresignRequest,
} from './presign/index.js';
