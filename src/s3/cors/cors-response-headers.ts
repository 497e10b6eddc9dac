import type { IncomingMessage } from 'node:http';

import { S3Error } from '../../errors/s3-error.js';
import type { OperationName } from '../../http/operations.js';
import type { Logger } from '../../log/logger.js';
import type { MetadataStore } from '../../metadata/metadata-store.js';
import { corsResponseHeaders, findCorsRule, readCorsRequest } from './cors-match.js';
import { loadCorsRules } from './cors-store.js';

/**
 * The CORS headers of an actual (non-preflight) request to a bucket or object: those of the
 * first rule that allows its origin and method, or none. They go on every response, errors
 * included, so a page can read why its request failed. A fault reading the rules costs the
 * headers, never the request.
 */
export async function actualRequestCorsHeaders(
  metadata: MetadataStore,
  log: Logger,
  requestId: string,
  operation: OperationName,
  bucket: string | undefined,
  req: IncomingMessage,
): Promise<Record<string, string>> {
  if (bucket === undefined || operation === 'PreflightCors') return {};
  const request = readCorsRequest(req.headers, req.method ?? 'GET');
  if (request === undefined) return {};
  try {
    const rules = await loadCorsRules(metadata, bucket);
    const match = rules === undefined ? undefined : findCorsRule(rules, request);
    return match === undefined ? {} : corsResponseHeaders(match, request, false);
  } catch (error) {
    log.warn({ requestId, err: error }, 'could not read the bucket CORS configuration');
    return {};
  }
}

/** The same error with extra response headers, for headers that must survive `sendError`. */
export function withResponseHeaders(error: S3Error, headers: Record<string, string>): S3Error {
  if (Object.keys(headers).length === 0) return error;
  return new S3Error(error.code, error.message, error.details, { ...headers, ...error.headers });
}
