import type { Endpoint } from './endpoint.js';
import type { PresignFormat } from './types.js';

/** The target of a request: the URL up to the key, and the Host header it signs. */
export interface Addressed {
  /** `scheme://host[:port]`. */
  origin: string;
  /** The Host header value, which every presigned URL signs. */
  host: string;
  /** Path before the encoded key, without the `/` that precedes the key: `/bucket` or ``. */
  pathPrefix: string;
}

/**
 * A bucket that can be the first label of a TLS host name: 3 to 63 lower-case letters,
 * digits and hyphens, starting and ending with a letter or digit. A dotted name is valid
 * DNS but would not match the wildcard certificate of `*.s3.amazonaws.com`, so the SDKs and
 * aws-cli use path-style for it.
 */
const virtualHostableBucket = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** A bucket that forms valid DNS labels, dots allowed: enough when virtual is asked for. */
const dnsBucket = /^(?=.{3,63}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
const ipv4Like = /^\d+\.\d+\.\d+\.\d+$/;

/**
 * Chooses path-style or virtual-hosted addressing and builds the origin and Host header,
 * for a custom endpoint or for Amazon S3 in the host layout of the chosen SDK.
 */
export function resolveAddressing(
  bucket: string,
  endpoint: Endpoint | undefined,
  region: string,
  addressing: 'path' | 'virtual' | undefined,
  format: PresignFormat,
): Addressed {
  if (addressing === 'virtual' && (!dnsBucket.test(bucket) || ipv4Like.test(bucket))) {
    throw new TypeError(
      `bucket ${JSON.stringify(bucket)} cannot be a host name label, so virtual-hosted addressing cannot reach it; use path-style.`,
    );
  }
  if (endpoint !== undefined) return customEndpoint(bucket, endpoint, addressing === 'virtual');

  const virtual = addressing === 'virtual' || (addressing === undefined && virtualHostableBucket.test(bucket));
  const host = format === 'boto3' ? boto3AmazonS3Host(bucket, region, virtual, addressing === undefined) : sdkJsAmazonS3Host(bucket, region, virtual);
  return { origin: `https://${host}`, host, pathPrefix: virtual ? '' : `/${bucket}` };
}

function customEndpoint(bucket: string, endpoint: Endpoint, virtual: boolean): Addressed {
  if (!virtual) {
    return {
      origin: `${endpoint.protocol}//${endpoint.host}`,
      host: endpoint.host,
      pathPrefix: `${endpoint.pathPrefix}/${bucket}`,
    };
  }
  if (endpoint.isIpAddress) {
    throw new TypeError(`endpoint host ${endpoint.host} is an IP address, which cannot carry a bucket name; use path-style.`);
  }
  const host = `${bucket}.${endpoint.host}`;
  return { origin: `${endpoint.protocol}//${host}`, host, pathPrefix: endpoint.pathPrefix };
}

/** Returns the DNS suffix of Amazon S3 in the region's partition. */
function amazonS3Suffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** Builds the JavaScript SDK's host, which always names the region: `BUCKET.s3.REGION.amazonaws.com`. */
function sdkJsAmazonS3Host(bucket: string, region: string, virtual: boolean): string {
  const service = `s3.${region}.${amazonS3Suffix(region)}`;
  return virtual ? `${bucket}.${service}` : service;
}

/**
 * Builds boto3's host. boto3 uses the global endpoint `s3.amazonaws.com` for us-east-1, and
 * for virtual-hosted URLs whose addressing it chose itself in the commercial partition,
 * where DNS sends each bucket's host name to the bucket's own region.
 *
 * NOTE: with addressing 'virtual' boto3 still falls back to path-style for a dotted bucket.
 * This signer follows the explicit choice, so that one case differs from boto3's URL.
 */
function boto3AmazonS3Host(bucket: string, region: string, virtual: boolean, automatic: boolean): string {
  const suffix = amazonS3Suffix(region);
  const globalPartition = suffix === 'amazonaws.com' && !region.startsWith('us-gov-');
  const useGlobal = region === 'us-east-1' || (virtual && automatic && globalPartition);
  const service = useGlobal ? 's3.amazonaws.com' : `s3.${region}.${suffix}`;
  return virtual ? `${bucket}.${service}` : service;
}
