import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { adminPathSegment } from '../admin-api/admin-request.js';
import { authorizeRequest } from '../access/authorize.js';
import { sourceAddress } from '../access/source-address.js';
import { auditStateFor, buildAuditRecord, type AuditState } from '../audit/audited-request.js';
import { ByteCounter } from '../audit/byte-counter.js';
import { authenticate, hasNoBody, pipeBody, type Authentication } from '../auth/authenticate.js';
import type { CredentialStore } from '../auth/credential-store.js';
import { collectHeaders, parseQuery } from '../auth/sigv4/canonical-request.js';
import type { ServerConfig } from '../config/server-config.js';
import { S3Error, isS3Error } from '../errors/s3-error.js';
import type { IdentityService } from '../iam/index.js';
import type { Logger } from '../log/logger.js';
import type { AuditStore } from '../metadata/audit-store.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { ShareRecord, ShareStore } from '../metadata/share-store.js';
import { AccountDirectory } from '../s3/common/account-directory.js';
import { actualRequestCorsHeaders, withResponseHeaders } from '../s3/cors/cors-response-headers.js';
import { rejectUnsupportedHeaders } from '../s3/common/unsupported-headers.js';
import { operationHandlers } from '../s3/operation-handlers.js';
import { checkShare, consumeShare, rewordUrlExpiry, signerNotAllowed } from '../share/check-share.js';
import { shareIdParam } from '../share/share-parameter.js';
import type { BlobStore } from '../storage/blob-store.js';
import { serveAdminApi } from './admin-api-route.js';
import { checkKey, resolveAddress } from './addressing.js';
import type { OperationName } from './operations.js';
import type { AuthType, Payload, RequestContext } from './request-context.js';
import { sendError } from './response.js';
import { queryApiService, serveQueryApi } from './query-api-route.js';
import { selectOperation } from './router.js';

export interface ServerDependencies {
  config: ServerConfig;
  metadata: MetadataStore;
  blobs: BlobStore;
  credentials: CredentialStore;
  identities: IdentityService;
  shares: ShareStore;
  audit: AuditStore;
  /** Canonical id of the root user, who owns what it creates but is not in the identity store. */
  rootCanonicalId: string;
  log: Logger;
}

/** Creates the `request` listener: one S3 request from parsing to the log line. */
export function createRequestHandler(deps: ServerDependencies) {
  const accounts = new AccountDirectory(deps.identities.store, { canonicalId: deps.rootCanonicalId, displayName: 'root' });
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handleRequest(deps, accounts, req, res);
  };
}

async function handleRequest(
  deps: ServerDependencies,
  accounts: AccountDirectory,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = process.hrtime.bigint();
  const requestId = nextRequestId();
  res.setHeader('x-amz-request-id', requestId);
  res.setHeader('x-amz-id-2', requestId);
  res.setHeader('Server', 'Coffer');

  const url = req.url ?? '/';
  const questionMark = url.indexOf('?');
  const rawPath = questionMark === -1 ? url : url.slice(0, questionMark);
  const rawQuery = questionMark === -1 ? '' : url.slice(questionMark + 1);
  const state: RequestLogState = {
    req,
    res,
    requestId,
    rawPath,
    bucket: undefined,
    key: undefined,
    operation: undefined,
    bytesSent: 0,
    audit: undefined,
  };
  let ctx: RequestContext | undefined;
  let corsHeaders: Record<string, string> = {};

  // 'close' fires for every response, also when the client disconnects before the end.
  res.on('close', () => {
    logRequest(deps.log, state, ctx, started);
    recordAudit(deps, state);
  });
  try {
    if (!rawPath.startsWith('/')) throw new S3Error('InvalidURI');
    const queryPairs = parseQuery(rawQuery);
    const headers = collectHeaders(req.rawHeaders);
    state.audit = auditStateFor(queryPairs, headers.has('authorization'));
    const queryService = queryApiService(req.method, rawPath, headers.get('authorization'));
    if (queryService !== undefined) {
      state.operation = queryService === 'iam' ? 'IamQuery' : 'StsQuery';
      state.accessKeyId = await serveQueryApi(deps, req, res, {
        service: queryService,
        requestId,
        rawPath,
        queryPairs,
        headers,
        authorization: headers.get('authorization')!,
      });
      // IAM calls create and delete the users whose display names S3 responses show.
      accounts.invalidate();
      return;
    }
    const address = resolveAddress(rawPath, headers.get('host'), deps.config.domain);
    if (!address.virtualHosted && address.bucket === adminPathSegment) {
      state.operation = 'CofferAdmin';
      state.audit = undefined;
      state.bytesSent += await serveAdminApi(deps, req, res, { rawPath, queryPairs, headers }, (accessKeyId) => {
        state.accessKeyId = accessKeyId;
      });
      return;
    }
    state.bucket = address.bucket;
    state.key = address.key;
    if (address.key !== undefined) checkKey(address.key);
    const query = new Map(queryPairs);
    const shareId = query.get(shareIdParam);
    // A request for a sub-resource or method Coffer lacks gets its error only after its
    // signature is checked, so an anonymous caller learns nothing but AccessDenied.
    let operation: OperationName = 'Unsupported';
    let routeError: unknown;
    try {
      operation = selectOperation({
        method: req.method ?? 'GET',
        bucket: address.bucket,
        key: address.key,
        query,
        headers: req.headers,
      });
    } catch (error) {
      routeError = error;
    }
    state.operation = operation;
    corsHeaders = await actualRequestCorsHeaders(deps.metadata, deps.log, requestId, operation, address.bucket, req);
    for (const [name, value] of Object.entries(corsHeaders)) res.setHeader(name, value);

    const auth =
      operation === 'PreflightCors'
        ? preflightAuthentication(req)
        : await authenticate(
            {
              method: req.method ?? 'GET',
              rawPath,
              hostBucket: address.virtualHosted ? address.bucket : undefined,
              query: queryPairs,
              headers,
              now: new Date(),
              region: deps.config.region,
              maxClockSkewMs: deps.config.maxClockSkewMs,
              credentials: shareId === undefined ? deps.credentials : shareSignerCredentials(deps.credentials, shareId),
            },
            req,
          ).catch((error: unknown) => {
            throw shareId === undefined ? error : rewordUrlExpiry(shareId, error);
          });
    if (state.audit !== undefined) {
      state.audit.signerArn = auth.identity?.arn;
      auth.payload = countBody(req, auth.payload, state.audit);
    }
    if (routeError !== undefined) throw auth.identity === undefined ? new S3Error('AccessDenied') : routeError;

    ctx = {
      req,
      res,
      requestId,
      receivedAt: new Date(),
      config: deps.config,
      metadata: deps.metadata,
      blobs: deps.blobs,
      log: deps.log,
      credentials: deps.credentials,
      accounts,
      rawPath,
      rawQuery,
      query,
      bucket: address.bucket,
      key: address.key,
      virtualHosted: address.virtualHosted,
      operation,
      authType: auth.authType,
      signatureVersion: auth.signatureVersion,
      signedAt: auth.signedAt,
      identity: auth.identity,
      payload: auth.payload,
      get bytesSent() {
        return state.bytesSent;
      },
      set bytesSent(value: number) {
        state.bytesSent = value;
      },
    };

    if (auth.authType === 'presigned') hoistSignedQueryHeaders(req, queryPairs);
    const share = shareId === undefined ? undefined : await loadShare(deps, ctx, shareId, state);
    await authorizeAs(ctx, share);
    rejectUnsupportedHeaders(ctx);
    const handler = operationHandlers[operation];
    if (handler === undefined) {
      throw new S3Error('NotImplemented', `${operation} is not implemented by this server.`);
    }
    if (!operationsWithoutAccountNames.has(operation)) await accounts.ready();
    // The use counts once the request is accepted, so a transfer that starts before the
    // share runs out finishes.
    if (share !== undefined) await consumeShare(deps.shares, share, new Date());
    // An operation that takes no body never reads one. A body sent anyway is read here, so
    // that its signed hash or chunk signatures are checked before the operation runs.
    if (!operationsReadingBody.has(operation) && !hasNoBody(headers)) await discardBody(ctx.payload.stream);
    await handler(ctx);
  } catch (error) {
    const s3Error = toS3Error(error, deps.log, requestId);
    if (!req.complete) res.setHeader('Connection', 'close');
    sendError(state, withResponseHeaders(s3Error, corsHeaders));
  }
}

/** Operations that read the request body; every other one gets its body checked and discarded. */
const operationsReadingBody = new Set<OperationName>([
  'PutObject',
  'UploadPart',
  'PostObject',
  'CompleteMultipartUpload',
  'DeleteObjects',
  'CreateBucket',
  'PutBucketAcl',
  'PutObjectAcl',
  'PutBucketPolicy',
  'PutBucketCors',
  'PutBucketOwnershipControls',
  'PutPublicAccessBlock',
]);

/** Reads a body to its end and drops it; the decoding stream raises on a failed check. */
async function discardBody(stream: NodeJS.ReadableStream): Promise<void> {
  for await (const chunk of stream) void chunk;
}

/**
 * Operations whose responses name no owner or grantee. They skip the check of the display
 * names, which costs a metadata read, on the paths that carry most of the traffic.
 */
const operationsWithoutAccountNames = new Set<OperationName>([
  'GetObject',
  'HeadObject',
  'PutObject',
  'UploadPart',
  'DeleteObject',
  'HeadBucket',
]);

/** Random bytes drawn in one call and handed out 8 at a time, one request id each. */
let requestIdBytes = Buffer.alloc(0);
let requestIdOffset = 0;

/** Returns 16 uppercase hex digits from a CSPRNG, as random as one `randomBytes(8)` per request. */
function nextRequestId(): string {
  if (requestIdOffset + 8 > requestIdBytes.length) {
    requestIdBytes = randomBytes(4096);
    requestIdOffset = 0;
  }
  const id = requestIdBytes.toString('hex', requestIdOffset, requestIdOffset + 8).toUpperCase();
  requestIdOffset += 8;
  return id;
}

/**
 * Checks the share a presigned URL carries before the request is authorized. Only a SigV4
 * presigned URL signs the share id; SigV2 and header signatures leave query parameters
 * they do not know unsigned, and an unsigned request proves nothing.
 */
async function loadShare(
  deps: ServerDependencies,
  ctx: RequestContext,
  shareId: string,
  state: RequestLogState,
): Promise<ShareRecord> {
  if (ctx.authType !== 'presigned' || ctx.signatureVersion !== 'SigV4' || ctx.identity === undefined) {
    throw new S3Error('InvalidArgument', `The ${shareIdParam} parameter is valid only in a SigV4 presigned URL.`, {
      ArgumentName: shareIdParam,
    });
  }
  const share = await checkShare(deps.shares, {
    shareId,
    method: ctx.req.method ?? 'GET',
    bucket: ctx.bucket,
    key: ctx.key,
    identity: ctx.identity,
    clientAddress: sourceAddress(ctx.req, deps.config.trustedProxies),
    now: new Date(),
  });
  if (state.audit !== undefined) state.audit.signerArn = share.creatorArn;
  return share;
}

/** Authorizes the request as its signer. For a share, a denial is reworded to name the share's signer. */
async function authorizeAs(ctx: RequestContext, share: ShareRecord | undefined): Promise<void> {
  try {
    await authorizeRequest(ctx);
  } catch (error) {
    if (share !== undefined && isS3Error(error) && error.code === 'AccessDenied') throw signerNotAllowed(share, error);
    throw error;
  }
}

/**
 * Wraps the credential store for a request that presents a share, so that a key that can
 * no longer sign (inactive, an expired session) is reported as a denial of the share's
 * signer.
 */
function shareSignerCredentials(credentials: CredentialStore, shareId: string): CredentialStore {
  return {
    lookup: async (accessKeyId) => {
      try {
        const credential = await credentials.lookup(accessKeyId);
        if (credential?.rejection === undefined) return credential;
        return { secretAccessKey: credential.secretAccessKey, rejection: signerNotAllowed({ shareId }, credential.rejection) };
      } catch (error) {
        if (isS3Error(error) && (error.code === 'AccessDenied' || error.code === 'ExpiredToken')) {
          throw signerNotAllowed({ shareId }, error);
        }
        throw error;
      }
    },
  };
}

/** Counts the request body's bytes for the audit record as the operation reads it. */
function countBody(req: IncomingMessage, payload: Payload, audit: AuditState): Payload {
  if (payload.stream !== req) return payload;
  const counter = new ByteCounter();
  audit.bodyCounter = counter;
  return { ...payload, stream: pipeBody(req, counter) };
}

/** Writes the audit record of a finished request; a failure is logged, never sent to the client. */
function recordAudit(deps: ServerDependencies, state: RequestLogState): void {
  if (state.audit === undefined) return;
  const record = buildAuditRecord(state.audit, {
    time: new Date(),
    requestId: state.requestId,
    method: state.req.method ?? 'GET',
    bucket: state.bucket,
    key: state.key,
    status: state.res.statusCode,
    completed: state.res.writableFinished,
    bytesSent: state.bytesSent,
    clientAddress: sourceAddress(state.req, deps.config.trustedProxies),
  });
  deps.audit.recordAudit(record).catch((error: unknown) => {
    deps.log.error({ requestId: state.requestId, err: error }, 'writing the audit record failed');
  });
}

/**
 * Makes the `x-amz-*` parameters of a presigned URL act as request headers, as S3 does:
 * the SDKs move signed headers such as `x-amz-acl` or `x-amz-sdk-checksum-algorithm` into
 * the query. They are covered by the signature; a header actually sent wins.
 *
 * Checksum values are the exception. Current JS SDKs sign the checksum of an empty body
 * (`x-amz-checksum-crc32=AAAAAA==`) into every presigned PUT URL by default, because the
 * body is unknown at signing time. Users of those URLs report that Amazon S3 does not
 * hold the upload to that value, so neither does Coffer. The named algorithm is still
 * computed over the real body and stored.
 */
function hoistSignedQueryHeaders(req: IncomingMessage, queryPairs: Array<[string, string]>): void {
  for (const [name, value] of queryPairs) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('x-amz-') || authQueryParameters.has(lower)) continue;
    if (lower.startsWith('x-amz-checksum-') && !checksumSettingParameters.has(lower)) {
      const algorithm = lower.slice('x-amz-checksum-'.length);
      if (req.headers['x-amz-sdk-checksum-algorithm'] === undefined) req.headers['x-amz-sdk-checksum-algorithm'] = algorithm;
      continue;
    }
    if (req.headers[lower] === undefined) req.headers[lower] = value;
  }
}

/** `x-amz-checksum-*` parameters that name a setting rather than carry a checksum value. */
const checksumSettingParameters = new Set(['x-amz-checksum-algorithm', 'x-amz-checksum-type', 'x-amz-checksum-mode']);

const authQueryParameters = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
  'x-amz-security-token',
  'x-amz-content-sha256',
]);

/** Browsers send preflights without credentials, so a preflight's signature is never checked. */
function preflightAuthentication(req: IncomingMessage): Authentication {
  return {
    authType: 'anonymous',
    signatureVersion: undefined,
    signedAt: undefined,
    identity: undefined,
    payload: { stream: req, length: undefined, trailers: new Map() },
  };
}

/** Translates any error into the S3 error sent to the client; unexpected ones are logged. */
function toS3Error(error: unknown, log: Logger, requestId: string): S3Error {
  if (isS3Error(error)) return error;
  if (isClientDisconnect(error)) {
    log.info({ requestId, reason: (error as Error).message }, 'client disconnected before the request finished');
    return new S3Error('RequestTimeout', 'The client closed the connection before the request finished.');
  }
  log.error({ requestId, err: error }, 'request failed with an internal error');
  return new S3Error('InternalError');
}

/** Errors Node raises when the peer goes away mid-request, which are not server faults. */
function isClientDisconnect(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'EPIPE') return true;
  const message = error instanceof Error ? error.message : '';
  return message === 'aborted' || message.startsWith('the client closed the connection');
}

/** Fields of the request log line, filled in as the request is parsed. */
interface RequestLogState {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  rawPath: string;
  bucket: string | undefined;
  key: string | undefined;
  operation: OperationName | undefined;
  /** Caller of an IAM, STS or admin API request, which has no S3 request context. */
  accessKeyId?: string | undefined;
  bytesSent: number;
  /** Set for requests made with a presigned URL or a share, which the audit log records. */
  audit: AuditState | undefined;
}

function logRequest(log: Logger, state: RequestLogState, ctx: RequestContext | undefined, started: bigint): void {
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  log.info(
    {
      requestId: state.requestId,
      operation: state.operation ?? 'Unknown',
      method: state.req.method,
      bucket: state.bucket,
      key: state.key,
      status: state.res.statusCode,
      completed: state.res.writableFinished,
      bytesSent: state.bytesSent,
      durationMs: Math.round(durationMs * 1000) / 1000,
      accessKeyId: ctx?.identity?.accessKeyId ?? state.accessKeyId,
      authType: ctx?.authType ?? guessAuthType(state.req),
      remoteAddress: state.req.socket.remoteAddress,
    },
    'request',
  );
}

/** Returns the auth type a request claimed, for log lines of requests that failed authentication. */
function guessAuthType(req: IncomingMessage): AuthType {
  if (req.headers.authorization !== undefined) return 'header';
  const url = req.url ?? '';
  if (/[?&](X-Amz-Signature|Signature)=/.test(url)) return 'presigned';
  return 'anonymous';
}
