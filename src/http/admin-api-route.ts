import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { type AdminStores } from '../admin-api/admin-request.js';
import { dispatchAdminRequest } from '../admin-api/dispatch.js';
import { checkSessionToken } from '../auth/authenticate.js';
import type { QueryPair } from '../auth/sigv4/canonical-request.js';
import { algorithm } from '../auth/sigv4/constants.js';
import { verifyHeaderSignature } from '../auth/sigv4/header-auth.js';
import type { ServerConfig } from '../config/server-config.js';
import type { CredentialStore } from '../auth/credential-store.js';
import { S3Error } from '../errors/s3-error.js';

/** Largest admin API body accepted: a create-share request is well under 4 KB. */
const maxBodyBytes = 64 * 1024;

export interface AdminApiRequest {
  rawPath: string;
  queryPairs: QueryPair[];
  headers: Map<string, string>;
}

export interface AdminApiDependencies extends AdminStores {
  config: ServerConfig;
  credentials: CredentialStore;
}

/**
 * Serves one request to `/_coffer/...`: reads the JSON body, checks the SigV4 header
 * signature (service `s3`, the body's SHA-256 as payload hash), runs the action as the
 * caller and sends its JSON. Errors are thrown as S3 errors for the caller to render.
 * Returns the caller's access key id for the log line.
 */
export async function serveAdminApi(
  deps: AdminApiDependencies,
  req: IncomingMessage,
  res: ServerResponse,
  request: AdminApiRequest,
  onCaller: (accessKeyId: string) => void,
): Promise<number> {
  const authorization = request.headers.get('authorization');
  if (authorization === undefined || !authorization.startsWith(`${algorithm} `)) {
    throw new S3Error('AccessDenied', 'The Coffer admin API accepts only requests signed with an AWS4-HMAC-SHA256 Authorization header.');
  }
  const body = await readBody(req);
  const verified = await verifyHeaderSignature(
    {
      method: req.method ?? 'GET',
      rawPath: request.rawPath,
      hostBucket: undefined,
      query: request.queryPairs,
      headers: request.headers,
      now: new Date(),
      region: deps.config.region,
      maxClockSkewMs: deps.config.maxClockSkewMs,
      credentials: deps.credentials,
    },
    authorization,
    { service: 's3', payloadHash: createHash('sha256').update(body).digest('hex') },
  );
  checkSessionToken(verified.identity, request.headers.get('x-amz-security-token'));
  onCaller(verified.identity.accessKeyId);

  const response = await dispatchAdminRequest(deps, {
    method: req.method ?? 'GET',
    path: pathSegments(request.rawPath),
    query: new Map(request.queryPairs),
    body: parseJson(body),
    identity: verified.identity,
  });
  const json = Buffer.from(`${JSON.stringify(response.body)}\n`, 'utf8');
  res.statusCode = response.status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', json.length);
  res.end(json);
  return json.length;
}

/** Decoded segments after `/_coffer/`, without empty ones from a trailing slash. */
function pathSegments(rawPath: string): string[] {
  return rawPath
    .split('/')
    .slice(2)
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new S3Error('InvalidURI');
      }
    });
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new S3Error('InvalidRequest', 'The request body is not valid JSON.');
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > maxBodyBytes) throw new S3Error('MaxMessageLengthExceeded', `The request body exceeds ${maxBodyBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
