import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { SignatureV4 } from '@smithy/signature-v4';
import type { Command } from 'commander';
import { XMLParser } from 'fast-xml-parser';

import { NodeSha256 } from './admin-client.js';
import { resolveAwsSettings, type AwsFlags, type AwsSettings } from './aws-config.js';

/** An S3 error document returned by the admin API. */
export class CofferApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(`${code}: ${message}`);
    this.name = 'CofferApiError';
  }
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

/**
 * Calls the admin API of a Coffer server (`/_coffer/...`): JSON bodies, signed with SigV4
 * for service `s3` in the Authorization header, as the server requires.
 */
export class CofferApiClient {
  private readonly signer: SignatureV4;

  constructor(readonly settings: AwsSettings & { endpoint: string }) {
    this.signer = new SignatureV4({
      service: 's3',
      region: settings.region,
      credentials: settings.credentials,
      sha256: NodeSha256,
      uriEscapePath: false,
    });
  }

  /** Sends one request and returns its parsed JSON body; an error document becomes a CofferApiError. */
  async call(method: 'GET' | 'POST', path: string, query: Record<string, string | undefined> = {}, body?: unknown): Promise<any> {
    const url = new URL(this.settings.endpoint);
    const basePath = url.pathname.replace(/\/+$/, '');
    const definedQuery = Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = { host: url.host };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const signed = await this.signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${basePath}${path}`,
      query: definedQuery,
      headers,
      body: text,
    });
    const search = Object.entries(definedQuery)
      .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
      .join('&');
    const target = `${basePath}${path}${search === '' ? '' : `?${search}`}`;

    let response: { status: number; text: string };
    try {
      response = await send(url, method, target, signed.headers, text);
    } catch (error) {
      throw new Error(
        `cannot reach Coffer at ${this.settings.endpoint}: ${(error as Error).message}. Is the server running? Set --endpoint-url or AWS_ENDPOINT_URL to its address.`,
      );
    }
    if (response.status >= 200 && response.status <= 299) return JSON.parse(response.text) as unknown;
    const error = parseError(response.text);
    if (error !== undefined) throw new CofferApiError(error.code, error.message, response.status);
    throw new Error(`the server at ${this.settings.endpoint} returned ${response.status} without an S3 error document`);
  }
}

/** Options every command that calls the admin API accepts. */
export interface ConnectionFlags extends AwsFlags {
  json?: boolean;
}

/**
 * Resolves credentials, region and endpoint as `coffer presign` does. The admin API exists
 * only on Coffer, so an endpoint is required.
 */
export async function connectToCoffer(flags: ConnectionFlags): Promise<CofferApiClient> {
  const settings = await resolveAwsSettings({ profile: flags.profile, region: flags.region, endpointUrl: flags.endpointUrl });
  if (settings.endpoint === undefined) {
    throw new Error('no Coffer endpoint: set --endpoint-url or AWS_ENDPOINT_URL to the server, such as http://127.0.0.1:9000.');
  }
  return new CofferApiClient({ ...settings, endpoint: settings.endpoint });
}

/** Adds the options with which a command finds and signs for the server. */
export function withConnection(command: Command): Command {
  return command
    .option('--endpoint-url <url>', 'the Coffer server, e.g. http://127.0.0.1:9000 (env AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL)')
    .option('--region <region>', "the server's region (env AWS_REGION, AWS_DEFAULT_REGION; default us-east-1)")
    .option('--profile <name>', 'the profile in ~/.aws/credentials and ~/.aws/config (env AWS_PROFILE)')
    .option('--json', 'print JSON for scripts');
}

/** Percent-encodes all but the RFC 3986 unreserved characters, as SigV4 canonical queries do. */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function parseError(text: string): { code: string; message: string } | undefined {
  try {
    const error = (parser.parse(text) as { Error?: { Code?: unknown; Message?: unknown } }).Error;
    if (error?.Code === undefined) return undefined;
    return { code: String(error.Code), message: String(error.Message ?? '') };
  } catch {
    return undefined;
  }
}

/** Sends the signed request with exactly the signed headers (fetch would replace Host). */
function send(
  url: URL,
  method: string,
  target: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port,
        method,
        path: target,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
