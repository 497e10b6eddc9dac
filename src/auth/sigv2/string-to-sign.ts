/**
 * Sub-resources and response overrides that enter the SigV2 canonicalized resource, from
 * the Amazon S3 "Signing and authenticating REST requests" page.
 */
const signedSubresources = new Set([
  'acl',
  'cors',
  'delete',
  'lifecycle',
  'location',
  'logging',
  'notification',
  'partNumber',
  'policy',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'restore',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
]);

/**
 * Builds the SigV2 string to sign:
 *
 *   METHOD \n Content-MD5 \n Content-Type \n DATE-OR-EXPIRES \n
 *   CanonicalizedAmzHeaders CanonicalizedResource
 *
 * With an `x-amz-date` header the date line is empty, because that header is signed
 * among the amz headers instead.
 */
export function buildSigV2StringToSign(parts: {
  method: string;
  headers: Map<string, string>;
  /** The Expires parameter of a presigned URL; the Date header is used when absent. */
  expires: string | undefined;
  rawPath: string;
  hostBucket: string | undefined;
  query: Array<[string, string]>;
}): string {
  const { headers } = parts;
  let dateLine = parts.expires ?? headers.get('date') ?? '';
  if (parts.expires === undefined && headers.has('x-amz-date')) dateLine = '';
  return [
    parts.method,
    headers.get('content-md5') ?? '',
    headers.get('content-type') ?? '',
    dateLine,
    canonicalizedAmzHeaders(headers) + canonicalizedResource(parts.rawPath, parts.hostBucket, parts.query),
  ].join('\n');
}

function canonicalizedAmzHeaders(headers: Map<string, string>): string {
  return [...headers.entries()]
    .filter(([name]) => name.startsWith('x-amz-'))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');
}

function canonicalizedResource(
  rawPath: string,
  hostBucket: string | undefined,
  query: Array<[string, string]>,
): string {
  const path = hostBucket === undefined ? rawPath : `/${hostBucket}${rawPath}`;
  const subresources = query
    .filter(([name]) => signedSubresources.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`));
  return subresources.length === 0 ? path : `${path}?${subresources.join('&')}`;
}
