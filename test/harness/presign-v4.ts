import { createHash, createHmac } from 'node:crypto';

/**
 * A small SigV4 query signer, written from the AWS Signature Version 4 documentation, for
 * URLs the SDK presigners refuse to build (X-Amz-Expires 0 or over seven days). Normal
 * URLs in the tests come from the SDK presigners, boto3 and aws-cli.
 */
export interface PresignInput {
  method: string;
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  /** Path with each segment already percent-encoded, as S3 canonical URIs are. */
  path: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  signingDate: Date;
  expiresSeconds: number;
}

export function presignV4(input: PresignInput): string {
  const amzDate = input.signingDate.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${input.region}/s3/aws4_request`;
  const host = input.endpoint.replace(/^http:\/\//, '');
  const params: Array<[string, string]> = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${input.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(input.expiresSeconds)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  const query = params
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalRequest = [input.method, input.path, query, `host:${host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  let key: Buffer = hmac(`AWS4${input.secretAccessKey}`, day);
  key = hmac(key, input.region);
  key = hmac(key, 's3');
  key = hmac(key, 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return `${input.endpoint}${input.path}?${query}&X-Amz-Signature=${signature}`;
}

/** Orders strings by UTF-16 code units, which for encoded ASCII names is byte order. */
function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** Encodes a query component per RFC 3986, as SigV4 canonical queries require. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
