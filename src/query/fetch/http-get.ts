import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { QueryError } from '../engine-types.js';
import { parseRawUrl } from './raw-url.js';
import { redactSecrets } from './redact.js';
import { parseS3ErrorBody } from './s3-error-body.js';

export interface FetchOptions {
  /** Milliseconds for the whole exchange, from connecting to the last body byte. */
  timeoutMs: number;
  /** Maximum bytes of this body plus `earlierBytes`. More is an error. */
  maxBytes: number;
  /** Bytes of earlier pages that count against `maxBytes`. Default 0. */
  earlierBytes?: number;
  /** Called with the size of each body chunk as it arrives. */
  onBytes?: (count: number) => void;
  /** Names of the two limits in error messages; default the `coffer query` flags. */
  limitNames?: LimitNames | undefined;
}

/** Names of the size and time limits as the user sets them: CLI flags, or a job step's fields. */
export interface LimitNames {
  maxBytes: string;
  timeout: string;
}

const flagNames: LimitNames = { maxBytes: '--max-bytes', timeout: '--timeout' };

/** A response with a 2xx status whose body has not been read yet. */
export interface FetchedDocument {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body, read once; it throws on the size limit, the timeout and a broken connection. */
  body: AsyncIterable<Uint8Array>;
  /** Ends the exchange early; a no-op once the body has been read to the end. */
  close(): void;
}

/** A non-2xx response, with S3's error code and message when the body carries them. */
export class HttpStatusError extends QueryError {
  override name = 'HttpStatusError';

  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly s3Message: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const errorBodyLimit = 64 * 1024;

/**
 * Sends one GET for `url` and returns once the response headers arrive. The path and query
 * go on the request line exactly as written in `url`: a presigned URL's signature covers
 * them byte for byte. No HEAD is sent first (a URL presigned for GET does not allow one),
 * redirects are not followed (that would be a second request) and no compression is asked
 * for, so the size limit counts the bytes the server stores.
 */
export function fetchDocument(url: string, options: FetchOptions): Promise<FetchedDocument> {
  const target = parseRawUrl(url);
  const shown = redactSecrets(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    };
    let request: ReturnType<typeof httpRequest>;
    try {
      request = send({
        method: 'GET',
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        headers: { host: target.host, 'user-agent': 'coffer-query', accept: '*/*' },
      });
    } catch (error) {
      // Node rejects a request line with spaces or control characters.
      throw new QueryError(`cannot send GET ${shown}: ${(error as Error).message}`);
    }
    // Destroying the request also aborts a body that is being read, which then fails with
    // Node's bare "aborted". The body reader raises this error instead, so it names the cause.
    let timeoutError: QueryError | undefined;
    const timer = setTimeout(() => {
      const name = (options.limitNames ?? flagNames).timeout;
      timeoutError = new QueryError(`GET ${shown} timed out after ${options.timeoutMs / 1000} s (raise ${name}).`);
      request.destroy(timeoutError);
    }, options.timeoutMs);
    request.on('close', () => clearTimeout(timer));
    request.on('error', (error) => {
      fail(error instanceof QueryError ? error : new QueryError(`GET ${shown} failed: ${error.message}`));
    });
    request.on('response', (response) => {
      if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode > 299) {
        readErrorBody(response).then(
          (body) => fail(statusError(response, body, shown)),
          (error: Error) => fail(new QueryError(`GET ${shown} failed: ${error.message}`)),
        );
        return;
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && (options.earlierBytes ?? 0) + declared > options.maxBytes) {
        request.destroy();
        fail(tooLarge(shown, options, declared));
        return;
      }
      settled = true;
      resolve({
        status: response.statusCode,
        headers: response.headers,
        body: limitedBody(response, options, shown, () => timeoutError),
        close: () => request.destroy(),
      });
    });
    request.end();
  });
}

async function* limitedBody(
  response: IncomingMessage,
  options: FetchOptions,
  shown: string,
  timeoutError: () => QueryError | undefined,
): AsyncIterable<Uint8Array> {
  let received = options.earlierBytes ?? 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > options.maxBytes) throw tooLarge(shown, options);
      options.onBytes?.(chunk.length);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof QueryError) throw error;
    throw timeoutError() ?? new QueryError(`reading the body of GET ${shown} failed: ${(error as Error).message}`);
  } finally {
    response.destroy();
  }
  if (!response.complete) throw timeoutError() ?? new QueryError(`the connection closed before the body of GET ${shown} was complete.`);
}

/**
 * Builds the error for a body over the size limit: one that declares `declared` bytes, or
 * one that grew past the limit while it was read.
 */
function tooLarge(shown: string, options: FetchOptions, declared?: number): QueryError {
  const earlier = options.earlierBytes ?? 0;
  const limit = earlier === 0
    ? `the ${options.maxBytes}-byte limit`
    : `the ${options.maxBytes - earlier} bytes that remain of the ${options.maxBytes}-byte limit after the earlier pages`;
  const detail = declared === undefined ? `the body is larger than ${limit}` : `the response declares ${declared} bytes, more than ${limit}`;
  return new QueryError(`GET ${shown}: ${detail} (raise ${(options.limitNames ?? flagNames).maxBytes}).`);
}

async function readErrorBody(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (size < errorBodyLimit) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, errorBodyLimit).toString('utf8');
}

/** Builds `HTTP 403 AccessDenied: Request has expired` from an S3 error body, or status and reason otherwise. */
function statusError(response: IncomingMessage, body: string, shown: string): HttpStatusError {
  const status = response.statusCode ?? 0;
  const fields = parseS3ErrorBody(body);
  let summary: string;
  if (fields.code !== undefined) {
    summary = `HTTP ${status} ${fields.code}${fields.message === undefined ? '' : `: ${fields.message}`}`;
  } else {
    // A short plain-text body usually states what failed, but an HTML error page adds only noise.
    const excerpt = body.includes('<') ? '' : body.replace(/\s+/g, ' ').trim().slice(0, 200);
    summary = `HTTP ${status} ${response.statusMessage ?? ''}`.trimEnd() + (excerpt === '' ? '' : `: ${excerpt}`);
  }
  return new HttpStatusError(status, fields.code, fields.message, redactSecrets(`${summary} (GET ${shown})`));
}
