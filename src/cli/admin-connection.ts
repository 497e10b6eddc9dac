import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { resolveAwsSettings, defaultRegion } from './aws-config.js';

/** Options every `coffer admin` command accepts. */
export interface AdminOptions {
  endpointUrl?: string;
  profile?: string;
  region?: string;
  data?: string;
  json?: boolean;
}

/** Endpoint, region and credentials with which `coffer admin` calls the IAM API. */
export interface AdminConnection {
  endpoint: string;
  region: string;
  accessKeyId: string;
  /** Not enumerable, so printing the connection leaves it out. */
  readonly secretAccessKey: string;
  sessionToken: string | undefined;
  /** Origin of the credentials, for messages; never the secret. */
  credentialSource: string;
}

/**
 * Resolves the endpoint, region and credentials of `coffer admin`:
 *
 * - credentials as aws-cli finds them (`--profile`, `AWS_ACCESS_KEY_ID` and
 *   `AWS_SECRET_ACCESS_KEY`, the shared credentials and config files), else the root
 *   credentials of a server on this machine: `COFFER_ROOT_ACCESS_KEY_ID` and
 *   `COFFER_ROOT_SECRET_ACCESS_KEY`, then `root-credentials.json` in `--data`, `COFFER_DATA`
 *   or `./data`;
 * - endpoint: `--endpoint-url`, `AWS_ENDPOINT_URL_IAM`, the endpoint aws-cli would use for
 *   S3 (IAM is served at the same address), then `http://127.0.0.1:COFFER_PORT` (port 9000
 *   by default);
 * - region: `--region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, `COFFER_REGION`, the profile's
 *   region, then us-east-1. It must be the server's region, which checks the credential
 *   scope.
 */
export async function resolveAdminConnection(options: AdminOptions, env: NodeJS.ProcessEnv = process.env): Promise<AdminConnection> {
  let settings: Awaited<ReturnType<typeof resolveAwsSettings>> | undefined;
  let awsError: Error | undefined;
  try {
    settings = await resolveAwsSettings({ profile: options.profile, region: options.region, endpointUrl: options.endpointUrl }, env);
  } catch (error) {
    awsError = error as Error;
  }

  const profileNamed = nonEmpty(options.profile) !== undefined || nonEmpty(env.AWS_PROFILE) !== undefined;
  let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string | undefined; source: string } | undefined;
  if (settings !== undefined) {
    credentials = { ...settings.credentials, sessionToken: settings.credentials.sessionToken, source: settings.credentialSource };
  } else if (!profileNamed) {
    credentials = await cofferRootCredentials(options, env);
  }
  if (credentials === undefined) {
    throw new Error(
      `${awsError?.message ?? 'no credentials found'}\n` +
        'coffer admin also looks for COFFER_ROOT_ACCESS_KEY_ID and COFFER_ROOT_SECRET_ACCESS_KEY, and for ' +
        'root-credentials.json in --data, COFFER_DATA or ./data; none was found.',
    );
  }

  const region =
    nonEmpty(options.region) ??
    nonEmpty(env.AWS_REGION) ??
    nonEmpty(env.AWS_DEFAULT_REGION) ??
    nonEmpty(env.COFFER_REGION) ??
    settings?.region ??
    defaultRegion;
  const endpoint =
    nonEmpty(options.endpointUrl) ??
    nonEmpty(env.AWS_ENDPOINT_URL_IAM) ??
    settings?.endpoint ??
    nonEmpty(env.AWS_ENDPOINT_URL) ??
    `http://127.0.0.1:${nonEmpty(env.COFFER_PORT) ?? '9000'}`;
  checkEndpoint(endpoint);

  const connection = {
    endpoint,
    region,
    accessKeyId: credentials.accessKeyId,
    sessionToken: credentials.sessionToken,
    credentialSource: credentials.source,
  } as AdminConnection;
  Object.defineProperty(connection, 'secretAccessKey', { value: credentials.secretAccessKey, enumerable: false });
  return connection;
}

async function cofferRootCredentials(
  options: AdminOptions,
  env: NodeJS.ProcessEnv,
): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: undefined; source: string } | undefined> {
  const accessKeyId = nonEmpty(env.COFFER_ROOT_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.COFFER_ROOT_SECRET_ACCESS_KEY);
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    return { accessKeyId, secretAccessKey, sessionToken: undefined, source: 'COFFER_ROOT_ACCESS_KEY_ID and COFFER_ROOT_SECRET_ACCESS_KEY' };
  }
  const file = join(resolve(nonEmpty(options.data) ?? nonEmpty(env.COFFER_DATA) ?? './data'), 'root-credentials.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const stored = JSON.parse(text) as { accessKeyId?: unknown; secretAccessKey?: unknown };
  if (typeof stored.accessKeyId !== 'string' || typeof stored.secretAccessKey !== 'string') {
    throw new Error(`${file} has no accessKeyId and secretAccessKey strings`);
  }
  return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey, sessionToken: undefined, source: file };
}

function checkEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`invalid endpoint URL ${JSON.stringify(endpoint)}: expected http://HOST:PORT or https://HOST:PORT`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`invalid endpoint URL ${JSON.stringify(endpoint)}: the scheme must be http or https`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
