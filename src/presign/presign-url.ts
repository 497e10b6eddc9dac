import { checkCredentials } from './check-credentials.js';
import {
  algorithm,
  algorithmParam,
  contentSha256Param,
  credentialParam,
  dateParam,
  expiresParam,
  securityTokenParam,
  signedHeadersParam,
  unsignedPayload,
} from '../auth/sigv4/constants.js';
import { resolveAddressing } from './addressing.js';
import { formatAmzDate } from './amz-date.js';
import { prepareHeaders } from './canonical-headers.js';
import {
  boto3QueryString,
  canonicalQueryString,
  queryParameter,
  sdkJsQueryString,
  sortCanonically,
  type QueryParameter,
} from './canonical-query.js';
import { parseEndpoint } from './endpoint.js';
import { checkExpiresIn } from './expiry.js';
import { calculateSignature, credentialScope } from './signature.js';
import { encodeKeyPath } from './uri-encode.js';
import type { PresignCredentials, PresignedUrl, PresignMethod, PresignOptions, PresignRequest } from './types.js';

/** The response header overrides S3 accepts on GET and HEAD. */
export const responseOverrideParams: readonly string[] = [
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
];
const responseOverrides = new Set(responseOverrideParams);

/** The JavaScript SDK marks each operation with `x-id`; HeadObject needs no marker. */
const sdkJsOperationIds: Record<PresignMethod, string | undefined> = {
  GET: 'GetObject',
  PUT: 'PutObject',
  HEAD: undefined,
  DELETE: 'DeleteObject',
};

/** Maximum key length S3 accepts, in bytes of UTF-8. */
const maxKeyBytes = 1024;
const bucketName = /^[A-Za-z0-9._-]{1,255}$/;
const regionName = /^[a-z0-9-]+$/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Creates a presigned URL (SigV4 query authentication) for one object request. It is a
 * pure function of its arguments and the clock: it makes no network call. The holder of
 * the URL can make exactly this request, with the headers in `signedHeaders`, until
 * `expiresAt`.
 *
 * The URL is byte for byte what `getSignedUrl` of `@aws-sdk/s3-request-presigner` gives
 * (format `aws-sdk-js`, the default) or what boto3's `generate_presigned_url` gives (format
 * `boto3`) for the same request, credentials and signing time.
 *
 * @throws RangeError when `expiresIn` is not a whole number from 1 to 604800.
 * @throws TypeError when an argument cannot form a valid S3 request; the message names it.
 */
export function presignUrl(
  credentials: PresignCredentials,
  request: PresignRequest,
  options: PresignOptions,
): PresignedUrl {
  const expiresIn = checkExpiresIn(options.expiresIn);
  const format = options.format ?? 'aws-sdk-js';
  if (format !== 'aws-sdk-js' && format !== 'boto3') {
    throw new TypeError(`format must be "aws-sdk-js" or "boto3"; got ${JSON.stringify(format)}.`);
  }
  checkCredentials(credentials);
  checkRequest(request);
  const region = options.region;
  if (typeof region !== 'string' || !regionName.test(region)) {
    throw new TypeError(`region ${JSON.stringify(region)} is not valid: expected lower-case letters, digits and '-', e.g. us-east-1.`);
  }
  const addressing = options.addressing;
  if (addressing !== undefined && addressing !== 'path' && addressing !== 'virtual') {
    throw new TypeError(`addressing must be "path" or "virtual"; got ${JSON.stringify(addressing)}.`);
  }

  const date = formatAmzDate(options.signingDate ?? new Date());
  const endpoint = options.endpoint === undefined ? undefined : parseEndpoint(options.endpoint);
  const addressed = resolveAddressing(request.bucket, endpoint, region, addressing, format);
  const canonicalUri = `${addressed.pathPrefix}/${encodeKeyPath(request.key)}`;
  const headers = prepareHeaders(addressed.host, request.headers, format === 'aws-sdk-js');
  const scope = credentialScope(date.shortDate, region);

  // The request's own parameters: overrides, version, and in the SDK's layout its
  // operation marker and the x-amz-* headers it moves into the query.
  const requestParams: QueryParameter[] = [];
  if (request.query !== undefined) {
    for (const [name, value] of Object.entries(request.query)) {
      if (value !== undefined) requestParams.push(queryParameter(name, value));
    }
  }
  if (request.versionId !== undefined) requestParams.push(queryParameter('versionId', request.versionId));
  if (request.extraQuery !== undefined) {
    for (const [name, value] of Object.entries(request.extraQuery)) {
      if (value !== undefined) requestParams.push(queryParameter(name, value));
    }
  }
  const authParams: QueryParameter[] = [queryParameter(algorithmParam, algorithm)];
  if (format === 'aws-sdk-js') {
    const operationId = sdkJsOperationIds[request.method];
    if (operationId !== undefined) requestParams.push(queryParameter('x-id', operationId));
    for (const [name, value] of headers.hoisted) requestParams.push(queryParameter(name, value));
    authParams.push(queryParameter(contentSha256Param, unsignedPayload));
  }
  authParams.push(
    queryParameter(credentialParam, `${credentials.accessKeyId}/${scope}`),
    queryParameter(dateParam, date.amzDate),
    queryParameter(expiresParam, String(expiresIn)),
    queryParameter(signedHeadersParam, headers.signedHeaders),
  );
  if (credentials.sessionToken !== undefined) {
    authParams.push(queryParameter(securityTokenParam, credentials.sessionToken));
  }

  const sorted = sortCanonically([...requestParams, ...authParams]);
  const signature = calculateSignature({
    credentials,
    method: request.method,
    canonicalUri,
    canonicalQuery: canonicalQueryString(sorted),
    canonicalHeaders: headers.canonicalHeaders,
    signedHeaders: headers.signedHeaders,
    amzDate: date.amzDate,
    shortDate: date.shortDate,
    region,
    scope,
  });
  const query =
    format === 'aws-sdk-js'
      ? sdkJsQueryString(sorted, signature)
      : boto3QueryString(requestParams, authParams, signature);

  return {
    url: `${addressed.origin}${canonicalUri}?${query}`,
    method: request.method,
    signedHeaders: headers.sendHeaders,
    expiresAt: new Date(date.signedAtMs + expiresIn * 1000),
  };
}

function checkRequest(request: PresignRequest): void {
  const method = request?.method;
  if (method !== 'GET' && method !== 'PUT' && method !== 'HEAD' && method !== 'DELETE') {
    throw new TypeError(`method must be GET, PUT, HEAD or DELETE; got ${JSON.stringify(method)}.`);
  }
  if (typeof request.bucket !== 'string' || !bucketName.test(request.bucket)) {
    throw new TypeError(
      `bucket ${JSON.stringify(request.bucket)} is not a bucket name: expected letters, digits, '.', '-' and '_'.`,
    );
  }
  const key = request.key;
  if (typeof key !== 'string' || key === '') {
    throw new TypeError('key must be a non-empty string: an empty key addresses the bucket, not an object.');
  }
  if (loneSurrogate.test(key)) {
    throw new TypeError('key contains a lone UTF-16 surrogate, which has no UTF-8 form.');
  }
  const keyBytes = Buffer.byteLength(key, 'utf8');
  if (keyBytes > maxKeyBytes) {
    throw new TypeError(`key is ${keyBytes} bytes of UTF-8; S3 keys are at most ${maxKeyBytes} bytes.`);
  }
  if (request.versionId !== undefined) {
    if (method === 'PUT') throw new TypeError('versionId does not apply to PUT: S3 assigns the version of a new object.');
    if (typeof request.versionId !== 'string' || request.versionId === '') {
      throw new TypeError('versionId must be a non-empty string when given.');
    }
  }
  if (request.query !== undefined) {
    for (const [name, value] of Object.entries(request.query)) {
      if (value === undefined) continue;
      if (!responseOverrides.has(name)) {
        throw new TypeError(
          `the query parameter ${JSON.stringify(name)} cannot be presigned; expected one of ${responseOverrideParams.join(', ')}.`,
        );
      }
      if (method !== 'GET' && method !== 'HEAD') {
        throw new TypeError(`${name} overrides a response header of GET or HEAD; it does not apply to ${method}.`);
      }
      if (typeof value !== 'string') throw new TypeError(`the value of ${name} must be a string.`);
      if (loneSurrogate.test(value)) throw new TypeError(`the value of ${name} contains a lone UTF-16 surrogate.`);
    }
  }
  checkExtraQuery(request.extraQuery);
}

/** Parameter names the URL sets itself, which `extraQuery` may not repeat. */
const reservedParams = new Set(['versionid', 'x-id', ...responseOverrideParams]);

function checkExtraQuery(extraQuery: PresignRequest['extraQuery']): void {
  if (extraQuery === undefined) return;
  for (const [name, value] of Object.entries(extraQuery)) {
    if (value === undefined) continue;
    if (!/^[A-Za-z0-9._~-]+$/.test(name)) {
      throw new TypeError(`the extra query parameter name ${JSON.stringify(name)} must be letters, digits and -._~ only.`);
    }
    const lower = name.toLowerCase();
    if (lower.startsWith('x-amz-') || reservedParams.has(lower)) {
      throw new TypeError(`the extra query parameter ${JSON.stringify(name)} would clash with a parameter S3 reads.`);
    }
    if (typeof value !== 'string') throw new TypeError(`the value of ${name} must be a string.`);
    if (loneSurrogate.test(value)) throw new TypeError(`the value of ${name} contains a lone UTF-16 surrogate.`);
  }
}
