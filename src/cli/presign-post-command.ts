import type { Command } from 'commander';

import {
  defaultExpiresIn,
  filenamePlaceholder,
  maxExpiresIn,
  minExpiresIn,
  presignPost,
  type PresignedPost,
  type PresignPostRequest,
} from '../presign/index.js';
import { cannedAclNames, isCannedAclName } from '../acl/canned-acl.js';
import { resolveAwsSettings } from './aws-config.js';

/** Flags of `coffer presign-post`, as commander hands them over. */
export interface PresignPostFlags {
  expiresIn?: string;
  contentLengthRange?: string;
  contentTypePrefix?: string;
  acl?: string;
  successActionStatus?: string;
  endpointUrl?: string;
  region?: string;
  profile?: string;
  html?: boolean;
}

/** Registers `coffer presign-post`. */
export function registerPresignPostCommand(program: Command): void {
  program
    .command('presign-post')
    .description('Print the URL and fields of a browser form that uploads one file, for Coffer or Amazon S3')
    .argument(
      '<s3-uri>',
      's3://BUCKET/PREFIX: a PREFIX that is empty or ends with "/" lets the uploader name the file under it; otherwise it is the key',
    )
    .option('--expires-in <seconds>', `how long the form stays valid, ${minExpiresIn} to ${maxExpiresIn} seconds (default ${defaultExpiresIn})`)
    .option('--content-length-range <min,max>', 'the file sizes allowed, in bytes, both included')
    .option('--content-type-prefix <text>', 'the Content-Type of the file must start with this text')
    .option('--acl <canned-acl>', 'the canned ACL the object gets, e.g. public-read')
    .option('--success-action-status <status>', 'the status of a successful upload: 200, 201 (with an XML body) or 204 (default)')
    .option('--endpoint-url <url>', 'the S3 endpoint, e.g. http://127.0.0.1:9000 (env AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL; default Amazon S3)')
    .option('--region <region>', 'the region in the signature (env AWS_REGION, AWS_DEFAULT_REGION; default us-east-1)')
    .option('--profile <name>', 'the profile in ~/.aws/credentials and ~/.aws/config (env AWS_PROFILE)')
    .option('--html', 'print a minimal HTML page with the upload form instead of JSON')
    .action(async (uri: string, flags: PresignPostFlags) => {
      // Every flag is checked before credentials are looked up, so a usage mistake is
      // reported as such even on a machine without credentials.
      const request = buildRequest(uri, flags);
      const expiresIn = parseExpiresIn(flags.expiresIn);
      const settings = await resolveAwsSettings({
        profile: flags.profile,
        region: flags.region,
        endpointUrl: flags.endpointUrl,
      });
      const post = presignPost(settings.credentials, request, {
        endpoint: settings.endpoint,
        region: settings.region,
        addressing: settings.addressing,
        expiresIn,
      });
      const output = flags.html === true ? uploadPage(post) : `${JSON.stringify({ url: post.url, fields: post.fields }, null, 2)}\n`;
      process.stdout.write(output);
    });
}

/** Parses `s3://BUCKET/PREFIX` and the condition flags into the upload to sign. */
function buildRequest(uri: string, flags: PresignPostFlags): PresignPostRequest {
  if (!uri.startsWith('s3://')) throw new Error(`expected s3://BUCKET/PREFIX, got ${JSON.stringify(uri)}.`);
  const path = uri.slice('s3://'.length);
  const slash = path.indexOf('/');
  const bucket = slash === -1 ? path : path.slice(0, slash);
  if (bucket === '') throw new Error(`${JSON.stringify(uri)} names no bucket: expected s3://BUCKET/PREFIX.`);
  const prefix = slash === -1 ? '' : path.slice(slash + 1);
  const key = prefix === '' || prefix.endsWith('/') ? `${prefix}${filenamePlaceholder}` : prefix;
  const status = flags.successActionStatus;
  if (status !== undefined && status !== '200' && status !== '201' && status !== '204') {
    throw new Error(`--success-action-status must be 200, 201 or 204; got ${JSON.stringify(status)}.`);
  }
  // S3 would reject the upload only when the form is sent, so a typo is reported now.
  if (flags.acl !== undefined && !isCannedAclName(flags.acl)) {
    throw new Error(
      `--acl must be a canned ACL such as private or public-read; got ${JSON.stringify(flags.acl)}. The canned ACLs are ${cannedAclNames.join(', ')}.`,
    );
  }
  return {
    bucket,
    key,
    contentLengthRange: parseRange(flags.contentLengthRange),
    contentTypePrefix: flags.contentTypePrefix,
    acl: flags.acl,
    successActionStatus: status,
  };
}

function parseRange(text: string | undefined): { min: number; max: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(\d{1,15})\s*,\s*(\d{1,15})\s*$/.exec(text);
  const min = Number(match?.[1]);
  const max = Number(match?.[2]);
  if (match === null || min > max) {
    throw new Error(`--content-length-range must be MIN,MAX in bytes with MIN <= MAX, e.g. 1,10485760; got ${JSON.stringify(text)}.`);
  }
  return { min, max };
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

/**
 * Renders a page with the upload form. The file input comes last because S3 ignores every
 * field that follows the file.
 */
function uploadPage(post: PresignedPost): string {
  const hidden = Object.entries(post.fields)
    .map(([name, value]) => `    <input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">\n`)
    .join('');
  return (
    '<!DOCTYPE html>\n' +
    '<html>\n<head>\n  <meta charset="utf-8">\n  <title>Upload</title>\n</head>\n<body>\n' +
    `  <form action="${escapeHtml(post.url)}" method="post" enctype="multipart/form-data">\n` +
    hidden +
    '    <input type="file" name="file">\n' +
    '    <button type="submit">Upload</button>\n' +
    '  </form>\n</body>\n</html>\n'
  );
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
