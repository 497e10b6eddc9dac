/** The HTTP methods a presigned URL can be made for. */
export type PresignMethod = 'GET' | 'PUT' | 'HEAD' | 'DELETE';

/**
 * Which SDK's URL layout to reproduce byte for byte. Both sign the same request; they differ
 * in parameter order, in two extra signed parameters and in the Amazon S3 host name:
 *
 * - `aws-sdk-js`: the layout of `getSignedUrl` from `@aws-sdk/s3-request-presigner`: query
 *   parameters sorted by name, with `X-Amz-Content-Sha256=UNSIGNED-PAYLOAD` and the SDK's
 *   `x-id` operation marker; `x-amz-*` headers travel as signed query parameters; Amazon S3
 *   hosts are regional (`BUCKET.s3.REGION.amazonaws.com`).
 * - `boto3`: the layout of boto3's `generate_presigned_url` and of `aws s3 presign`: the
 *   request's own parameters first, then the authentication parameters in SigV4
 *   documentation order with `X-Amz-Signature` last; when addressing is left to the default,
 *   virtual-hosted Amazon S3 URLs use the global host `BUCKET.s3.amazonaws.com`.
 */
export type PresignFormat = 'aws-sdk-js' | 'boto3';

/** Credentials that sign the URL. They never appear in it, except the access key id. */
export interface PresignCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials' session token; sent in the URL as `X-Amz-Security-Token`. */
  sessionToken?: string | undefined;
}

/** The one object request that the URL allows. */
export interface PresignRequest {
  method: PresignMethod;
  bucket: string;
  /** The object key exactly as stored: no character is special, `/` included. */
  key: string;
  /** Addresses one version of the object (GET, HEAD and DELETE). */
  versionId?: string | undefined;
  /**
   * Response header overrides for GET and HEAD, signed into the URL:
   * `response-cache-control`, `response-content-disposition`, `response-content-encoding`,
   * `response-content-language`, `response-content-type` and `response-expires`. An
   * undefined value counts as absent.
   */
  query?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Further query parameters signed into the URL that S3 itself does not read, such as the
   * share id a Coffer share carries. The signature covers them, so the URL fails when one
   * is changed or removed. Names are letters, digits and `-._~`, and may not start with
   * `x-amz-` or repeat a parameter the URL already has. An undefined value counts as absent.
   */
  extraQuery?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * Headers the URL is signed for, such as `content-type` for a PUT. The URL's user must
   * send each of them with this value; `signedHeaders` of the result lists them. An
   * undefined value counts as absent.
   */
  headers?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Signing options: endpoint, region, expiry, addressing, time and URL layout. */
export interface PresignOptions {
  /**
   * Base URL of an S3-compatible server such as Coffer, e.g. `http://127.0.0.1:9000`; a
   * path in it prefixes every object path. Leave it out for Amazon S3.
   */
  endpoint?: string | undefined;
  /** Region in the credential scope; it must be the server's region (Coffer: `--region`). */
  region: string;
  /** Seconds the URL stays valid: a whole number from 1 to 604800 (7 days). Default 3600. */
  expiresIn?: number | undefined;
  /**
   * `path` puts the bucket in the path (`ENDPOINT/BUCKET/KEY`), `virtual` in the host name
   * (`BUCKET.HOST/KEY`). Default: path-style for a custom endpoint; for Amazon S3
   * virtual-hosted when the bucket name is a DNS label without dots, as aws-cli does.
   */
  addressing?: 'path' | 'virtual' | undefined;
  /** The signing time, the start of the validity; default now. Milliseconds are dropped. */
  signingDate?: Date | undefined;
  /** The SDK whose URL layout to reproduce; default `aws-sdk-js`. */
  format?: PresignFormat | undefined;
}

/** A presigned URL and what its user needs to know to send it. */
export interface PresignedUrl {
  url: string;
  method: PresignMethod;
  /**
   * Headers the request must carry with exactly these values, names in lower case. `host`
   * is signed as well but comes from the URL, so it is not listed.
   */
  signedHeaders: Record<string, string>;
  /** The first moment the URL is refused. */
  expiresAt: Date;
}
