import { checkCredentials } from './check-credentials.js';
import { algorithm } from '../auth/sigv4/constants.js';
import { hmacSha256 } from '../auth/sigv4/signing-key.js';
import { resolveAddressing } from './addressing.js';
import { formatAmzDate } from './amz-date.js';
import { parseEndpoint } from './endpoint.js';
import { checkExpiresIn } from './expiry.js';
import { credentialScope } from './signature.js';
import { signingKeyFor } from './signing-key.js';
import type { PresignCredentials } from './types.js';

/** The placeholder a browser form replaces with the name of the chosen file. */
export const filenamePlaceholder = '${filename}';

/** The upload a presigned POST form allows. */
export interface PresignPostRequest {
  bucket: string;
  /**
   * The object key. A key ending in `${filename}` lets the uploader choose the rest: the policy
   * then requires only that the key start with the text before the placeholder.
   */
  key: string;
  /** File sizes the policy allows, in bytes, both bounds included. */
  contentLengthRange?: { min: number; max: number } | undefined;
  /**
   * The Content-Type must start with this text. The form gets a `Content-Type` field with this
   * value, which the uploader may replace with any type that starts with it.
   */
  contentTypePrefix?: string | undefined;
  /** A canned ACL for the object, e.g. `public-read`. The form must send exactly this value. */
  acl?: string | undefined;
  /** The status of a successful upload: 200, 201 (with an XML body) or 204 (the default). */
  successActionStatus?: '200' | '201' | '204' | undefined;
}

/** Signing options: endpoint, region, expiry, addressing and time. */
export interface PresignPostOptions {
  /** Base URL of an S3-compatible server such as Coffer; leave it out for Amazon S3. */
  endpoint?: string | undefined;
  /** Region in the credential scope; it must be the server's region. */
  region: string;
  /** Seconds the policy stays valid: a whole number from 1 to 604800 (7 days). Default 3600. */
  expiresIn?: number | undefined;
  /** `path` or `virtual`; the default is that of `presignUrl`. */
  addressing?: 'path' | 'virtual' | undefined;
  /** The signing time, the start of the validity; default now. Milliseconds are dropped. */
  signingDate?: Date | undefined;
}

/** The target and fields of a browser form: the URL to POST to, and the fields to send before the file. */
export interface PresignedPost {
  url: string;
  /** Form fields in the order to send them; the file field, named `file`, goes last. */
  fields: Record<string, string>;
}

const bucketName = /^[A-Za-z0-9._-]{1,255}$/;
const regionName = /^[a-z0-9-]+$/;
const maxKeyBytes = 1024;
const successStatuses = new Set(['200', '201', '204']);

/**
 * Creates the URL and fields of a browser form upload (POST Object with a SigV4 policy), as
 * boto3's `generate_presigned_post` does. It is a pure function of its arguments and the
 * clock. The policy lists a condition for every field it returns, so the form works as given.
 * S3 rejects a form with a field that the policy does not name.
 *
 * @throws RangeError when `expiresIn` is not a whole number from 1 to 604800.
 * @throws TypeError when an argument cannot form a valid upload; the message names it.
 */
export function presignPost(
  credentials: PresignCredentials,
  request: PresignPostRequest,
  options: PresignPostOptions,
): PresignedPost {
  const expiresIn = checkExpiresIn(options.expiresIn);
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
  const addressed = resolveAddressing(request.bucket, endpoint, region, addressing, 'boto3');
  const url = `${addressed.origin}${addressed.pathPrefix === '' ? '/' : addressed.pathPrefix}`;

  const fields: Record<string, string> = { key: request.key };
  const conditions: unknown[] = [];
  if (request.contentLengthRange !== undefined) {
    conditions.push(['content-length-range', request.contentLengthRange.min, request.contentLengthRange.max]);
  }
  conditions.push({ bucket: request.bucket });
  if (request.key.endsWith(filenamePlaceholder)) {
    conditions.push(['starts-with', '$key', request.key.slice(0, -filenamePlaceholder.length)]);
  } else {
    conditions.push({ key: request.key });
  }
  if (request.contentTypePrefix !== undefined) {
    fields['Content-Type'] = request.contentTypePrefix;
    conditions.push(['starts-with', '$Content-Type', request.contentTypePrefix]);
  }
  if (request.acl !== undefined) {
    fields.acl = request.acl;
    conditions.push({ acl: request.acl });
  }
  if (request.successActionStatus !== undefined) {
    fields.success_action_status = request.successActionStatus;
    conditions.push({ success_action_status: request.successActionStatus });
  }
  const signingFields: Array<[string, string]> = [
    ['x-amz-algorithm', algorithm],
    ['x-amz-credential', `${credentials.accessKeyId}/${credentialScope(date.shortDate, region)}`],
    ['x-amz-date', date.amzDate],
  ];
  if (credentials.sessionToken !== undefined) signingFields.push(['x-amz-security-token', credentials.sessionToken]);
  for (const [name, value] of signingFields) {
    fields[name] = value;
    conditions.push({ [name]: value });
  }

  // boto3 writes the expiration without milliseconds; the signing time has none anyway.
  const expiration = new Date(date.signedAtMs + expiresIn * 1000).toISOString().replace('.000Z', 'Z');
  const policy = Buffer.from(JSON.stringify({ expiration, conditions }), 'utf8').toString('base64');
  fields.policy = policy;
  fields['x-amz-signature'] = hmacSha256(signingKeyFor(credentials, date.shortDate, region), policy).toString('hex');
  return { url, fields };
}

function checkRequest(request: PresignPostRequest): void {
  if (typeof request?.bucket !== 'string' || !bucketName.test(request.bucket)) {
    throw new TypeError(
      `bucket ${JSON.stringify(request?.bucket)} is not a bucket name: expected letters, digits, '.', '-' and '_'.`,
    );
  }
  const key = request.key;
  if (typeof key !== 'string' || key === '') {
    throw new TypeError('key must be a non-empty string; end it with ${filename} to let the uploader name the file.');
  }
  const keyBytes = Buffer.byteLength(key, 'utf8');
  if (keyBytes > maxKeyBytes) {
    throw new TypeError(`key is ${keyBytes} bytes of UTF-8; S3 keys are at most ${maxKeyBytes} bytes.`);
  }
  const range = request.contentLengthRange;
  if (range !== undefined) {
    if (!Number.isSafeInteger(range.min) || !Number.isSafeInteger(range.max) || range.min < 0 || range.min > range.max) {
      throw new TypeError(
        `contentLengthRange must be whole numbers of bytes with 0 <= min <= max; got ${JSON.stringify(range)}.`,
      );
    }
  }
  for (const [name, value] of [
    ['contentTypePrefix', request.contentTypePrefix],
    ['acl', request.acl],
  ] as const) {
    if (value !== undefined && typeof value !== 'string') throw new TypeError(`${name} must be a string when given.`);
  }
  if (request.acl === '') throw new TypeError('acl must be a canned ACL name such as private or public-read.');
  const status = request.successActionStatus;
  if (status !== undefined && !successStatuses.has(status)) {
    throw new TypeError(`successActionStatus must be "200", "201" or "204"; got ${JSON.stringify(status)}.`);
  }
}
