import type { Command } from 'commander';

import {
  defaultExpiresIn,
  maxExpiresIn,
  minExpiresIn,
  presignUrl,
  type PresignMethod,
  type PresignRequest,
} from '../presign/index.js';
import { resolveAwsSettings } from './aws-config.js';

/** Flags of `coffer presign`, as commander hands them over. */
export interface PresignFlags {
  expiresIn?: string;
  method?: string;
  contentType?: string;
  responseContentDisposition?: string;
  responseContentType?: string;
  versionId?: string;
  endpointUrl?: string;
  region?: string;
  profile?: string;
  json?: boolean;
}

const methods: readonly PresignMethod[] = ['GET', 'PUT', 'HEAD', 'DELETE'];

/** Registers `coffer presign`. */
export function registerPresignCommand(program: Command): void {
  program
    .command('presign')
    .description('Print a presigned URL that lends one request on one object, for Coffer or Amazon S3')
    .argument('<s3-uri>', 'the object, as s3://BUCKET/KEY (the key is taken literally, no percent-decoding)')
    .option('--expires-in <seconds>', `how long the URL stays valid, ${minExpiresIn} to ${maxExpiresIn} seconds (default ${defaultExpiresIn})`)
    .option('--method <method>', 'the request the URL allows: GET, PUT, HEAD or DELETE (default GET)')
    .option('--content-type <type>', 'PUT only: sign this Content-Type; the uploader must send exactly it')
    .option('--response-content-disposition <value>', 'GET or HEAD: the Content-Disposition the response carries')
    .option('--response-content-type <type>', 'GET or HEAD: the Content-Type the response carries')
    .option('--version-id <id>', 'GET, HEAD or DELETE: one version of the object')
    .option('--endpoint-url <url>', 'the S3 endpoint, e.g. http://127.0.0.1:9000 (env AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL; default Amazon S3)')
    .option('--region <region>', 'the region in the signature (env AWS_REGION, AWS_DEFAULT_REGION; default us-east-1)')
    .option('--profile <name>', 'the profile in ~/.aws/credentials and ~/.aws/config (env AWS_PROFILE)')
    .option('--json', 'print the URL, method, headers to send and expiry time as JSON')
    .action(async (uri: string, flags: PresignFlags) => {
      // Every flag is checked before credentials are looked up, so a usage mistake is
      // reported as such even on a machine without credentials.
      const request = buildRequest(uri, flags);
      const expiresIn = parseExpiresIn(flags.expiresIn);
      const settings = await resolveAwsSettings({
        profile: flags.profile,
        region: flags.region,
        endpointUrl: flags.endpointUrl,
      });
      const presigned = presignUrl(settings.credentials, request, {
        endpoint: settings.endpoint,
        region: settings.region,
        addressing: settings.addressing,
        expiresIn,
      });
      if (hasDotSegment(request.key)) {
        process.stderr.write(
          'coffer: note: the key has a "." or ".." path segment. Browsers and fetch() remove such segments before ' +
            'sending, so use a client that sends the path as it is, such as curl --path-as-is.\n',
        );
      }
      if (flags.json === true) {
        const output = {
          url: presigned.url,
          method: presigned.method,
          signedHeaders: presigned.signedHeaders,
          expiresAt: presigned.expiresAt.toISOString(),
        };
        process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      } else {
        process.stdout.write(`${presigned.url}\n`);
      }
    });
}

/** Parses `s3://BUCKET/KEY` and the request flags into the request to sign. */
function buildRequest(uri: string, flags: PresignFlags): PresignRequest {
  if (!uri.startsWith('s3://')) throw new Error(`expected s3://BUCKET/KEY, got ${JSON.stringify(uri)}.`);
  const path = uri.slice('s3://'.length);
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw new Error(`${JSON.stringify(uri)} names no object: expected s3://BUCKET/KEY with a non-empty bucket and key.`);
  }
  const method = (flags.method ?? 'GET').toUpperCase() as PresignMethod;
  if (!methods.includes(method)) {
    throw new Error(`--method must be GET, PUT, HEAD or DELETE; got ${JSON.stringify(flags.method)}.`);
  }
  if (flags.contentType !== undefined && method !== 'PUT') {
    throw new Error('--content-type signs the Content-Type of an upload, so it needs --method PUT.');
  }
  for (const [flag, value] of [
    ['--response-content-disposition', flags.responseContentDisposition],
    ['--response-content-type', flags.responseContentType],
  ] as const) {
    if (value !== undefined && method !== 'GET' && method !== 'HEAD') {
      throw new Error(`${flag} overrides a header of the response to GET or HEAD; it does not apply to ${method}.`);
    }
  }
  if (flags.versionId !== undefined && method === 'PUT') {
    throw new Error('--version-id does not apply to PUT: S3 assigns the version of a new object.');
  }
  return {
    method,
    bucket: path.slice(0, slash),
    key: path.slice(slash + 1),
    versionId: flags.versionId,
    query: {
      'response-content-disposition': flags.responseContentDisposition,
      'response-content-type': flags.responseContentType,
    },
    headers: { 'content-type': flags.contentType },
  };
}

function parseExpiresIn(text: string | undefined): number {
  if (text === undefined) return defaultExpiresIn;
  const seconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < minExpiresIn || seconds > maxExpiresIn) {
    throw new Error(
      `--expires-in must be a whole number of seconds from ${minExpiresIn} to ${maxExpiresIn} (7 days); got ${JSON.stringify(text)}.`,
    );
  }
  return seconds;
}

function hasDotSegment(key: string): boolean {
  return key.split('/').some((segment) => segment === '.' || segment === '..');
}
