import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { queryApiDecider } from '../access/query-api-decider.js';
import { sourceAddress } from '../access/source-address.js';
import { checkSessionToken } from '../auth/authenticate.js';
import type { QueryPair } from '../auth/sigv4/canonical-request.js';
import { verifyHeaderSignature } from '../auth/sigv4/header-auth.js';
import { S3Error, isS3Error } from '../errors/s3-error.js';
import {
  handleIamRequest,
  handleStsRequest,
  isQueryApiError,
  queryNamespaces,
  toQueryApiError,
  type QueryService,
} from '../iam/index.js';
import { buildXml } from '../xml/xml.js';
import type { ServerDependencies } from './request-handler.js';

/** Largest IAM or STS form body accepted: policies are at most a few KB. */
const maxFormBytes = 256 * 1024;

/**
 * Returns the Query API service a request is for: `iam` or `sts` when it is a POST to `/`
 * whose SigV4 credential scope names that service, as aws-cli and boto3 send them.
 */
export function queryApiService(method: string | undefined, rawPath: string, authorization: string | undefined): QueryService | undefined {
  if (method !== 'POST' || rawPath !== '/' || authorization === undefined) return undefined;
  const match = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/(iam|sts)\/aws4_request/.exec(authorization);
  return match === null ? undefined : (match[1] as QueryService);
}

export interface QueryApiRequest {
  service: QueryService;
  requestId: string;
  rawPath: string;
  queryPairs: QueryPair[];
  headers: Map<string, string>;
  authorization: string;
}

/**
 * Serves one IAM or STS request: reads the form body, checks its SigV4 signature with the
 * body's hash, runs the action as the caller, and sends the XML result or the service's
 * error document. Returns the access key id of the caller for the log line.
 */
export async function serveQueryApi(
  deps: ServerDependencies,
  req: IncomingMessage,
  res: ServerResponse,
  request: QueryApiRequest,
): Promise<string | undefined> {
  const { service, requestId } = request;
  let accessKeyId: string | undefined;
  try {
    const body = await readForm(req);
    const scopeRegion = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(request.authorization)?.[1];
    // IAM is a global service that clients sign for us-east-1 whatever the server's region.
    const region = scopeRegion === 'us-east-1' ? 'us-east-1' : deps.config.region;
    const verified = await verifyHeaderSignature(
      {
        method: 'POST',
        rawPath: request.rawPath,
        hostBucket: undefined,
        query: request.queryPairs,
        headers: request.headers,
        now: new Date(),
        region,
        maxClockSkewMs: deps.config.maxClockSkewMs,
        credentials: deps.credentials,
      },
      request.authorization,
      { service, payloadHash: createHash('sha256').update(body).digest('hex') },
    );
    checkSessionToken(verified.identity, request.headers.get('x-amz-security-token'));
    accessKeyId = verified.identity.accessKeyId;

    const params = new Map<string, string>(request.queryPairs);
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.set(name, value);
    const queryDeps = {
      store: deps.identities.store,
      secrets: deps.identities.secrets,
      requestId,
      region: deps.config.region,
      authorize: queryApiDecider(sourceAddress(req, deps.config.trustedProxies)),
    };
    const xml =
      service === 'iam'
        ? await handleIamRequest(params, verified.identity, queryDeps)
        : await handleStsRequest(params, verified.identity, queryDeps);
    send(res, 200, xml);
  } catch (error) {
    if (isS3Error(error)) {
      // IAM and STS name a bad or missing session token InvalidClientTokenId.
      const reported = error.code === 'InvalidToken' ? new S3Error('AccessDenied', error.message) : error;
      const code = error.code === 'InvalidToken' ? 'InvalidClientTokenId' : error.code;
      send(res, reported.status, errorDocument(service, reported, requestId, code));
    } else {
      if (!isQueryApiError(error)) deps.log.error({ requestId, err: error }, `${service} request failed with an internal error`);
      const queryError = toQueryApiError(error, service);
      queryError.service = service;
      send(res, queryError.status, queryError.toXml(requestId));
    }
  }
  return accessKeyId;
}

async function readForm(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > maxFormBytes) throw new S3Error('MaxMessageLengthExceeded', `The request body exceeds ${maxFormBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Signature and request errors, in the error document of the Query API that was called. */
function errorDocument(service: QueryService, error: S3Error, requestId: string, code: string = error.code): string {
  return buildXml(
    'ErrorResponse',
    { Error: { Type: error.status >= 500 ? 'Receiver' : 'Sender', Code: code, Message: error.message }, RequestId: requestId },
    queryNamespaces[service],
  );
}

function send(res: ServerResponse, status: number, xml: string): void {
  const body = Buffer.from(xml, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/xml');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
