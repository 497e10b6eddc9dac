import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';

import { S3Error } from '../errors/s3-error.js';
import { sessionTokenMatches } from '../iam/session-token.js';
import type { AuthType, Identity, Payload } from '../http/request-context.js';
import { PayloadHashVerifier } from './payload-hash-verifier.js';
import type { SignedRequest } from './signed-request.js';
import { verifySigV2Header, verifySigV2Presigned } from './sigv2/verify.js';
import { ChunkedPayloadDecoder } from './sigv4/chunked-payload.js';
import {
  algorithm,
  decodedContentLengthHeader,
  emptySha256,
  securityTokenHeader,
  securityTokenParam,
  streamingSignedPayload,
  streamingSignedPayloadTrailer,
  streamingUnsignedPayloadTrailer,
  trailerHeader,
  unsignedPayload,
} from './sigv4/constants.js';
import { parseAmzDate } from './sigv4/credential-scope.js';
import { verifyHeaderSignature, type VerifiedSignature } from './sigv4/header-auth.js';
import { verifyPresignedSignature } from './sigv4/presigned-auth.js';

export interface Authentication {
  authType: AuthType;
  /** SigV4 or SigV2; undefined for anonymous requests. */
  signatureVersion: 'SigV4' | 'SigV2' | undefined;
  /** When the request was signed, for the s3:signatureAge condition; SigV2 URLs carry none. */
  signedAt: Date | undefined;
  identity: Identity | undefined;
  payload: Payload;
}

/**
 * Finds how a request is signed, verifies the signature and returns the caller with the
 * decoded body. Header auth, SigV4 and SigV2 query auth, and anonymous requests are
 * distinguished as S3 does: by the Authorization scheme, then by the query parameters.
 */
export async function authenticate(request: SignedRequest, req: IncomingMessage): Promise<Authentication> {
  const authorization = request.headers.get('authorization');
  const query = new Map(request.query);
  const authentication = await verifyRequest(request, req, authorization, query);
  // SigV4 URLs carry X-Amz-Security-Token; SigV2 URLs carry the header's lower-case name.
  const token = request.headers.get(securityTokenHeader) ?? query.get(securityTokenParam) ?? query.get(securityTokenHeader);
  checkSessionToken(authentication.identity, token);
  return authentication;
}

async function verifyRequest(
  request: SignedRequest,
  req: IncomingMessage,
  authorization: string | undefined,
  query: Map<string, string>,
): Promise<Authentication> {

  if (authorization !== undefined) {
    if (query.has('X-Amz-Algorithm') || query.has('AWSAccessKeyId')) {
      throw new S3Error('InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified', {
        ArgumentName: 'Authorization',
      });
    }
    if (authorization.startsWith(`${algorithm} `)) {
      const verified = await verifyHeaderSignature(request, authorization);
      return {
        authType: 'header',
        signatureVersion: 'SigV4',
        signedAt: parseAmzDate(verified.amzDate),
        identity: verified.identity,
        payload: decodeSigV4Body(req, request.headers, verified),
      };
    }
    if (authorization.startsWith('AWS ')) {
      const identity = await verifySigV2Header(request, authorization);
      return {
        authType: 'header',
        signatureVersion: 'SigV2',
        signedAt: signedAtFromDateHeader(request.headers),
        identity,
        payload: plainPayload(req, request.headers),
      };
    }
    throw new S3Error('InvalidArgument', 'Unsupported Authorization Type', { ArgumentName: 'Authorization' });
  }

  if (query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential') || query.has('X-Amz-Signature')) {
    const verified = await verifyPresignedSignature(request);
    return {
      authType: 'presigned',
      signatureVersion: 'SigV4',
      signedAt: parseAmzDate(verified.amzDate),
      identity: verified.identity,
      payload: plainPayload(req, request.headers),
    };
  }
  if (query.has('AWSAccessKeyId') || query.has('Signature')) {
    const identity = await verifySigV2Presigned(request);
    return {
      authType: 'presigned',
      signatureVersion: 'SigV2',
      signedAt: undefined,
      identity,
      payload: plainPayload(req, request.headers),
    };
  }
  return {
    authType: 'anonymous',
    signatureVersion: undefined,
    signedAt: undefined,
    identity: undefined,
    payload: plainPayload(req, request.headers),
  };
}

/**
 * Temporary credentials sign only together with their session token, sent (and signed) as
 * `x-amz-security-token` or `X-Amz-Security-Token`; a token with long-term keys is invalid.
 */
export function checkSessionToken(identity: Identity | undefined, token: string | undefined): void {
  const expected = identity?.sessionTokenDigest;
  if (expected === undefined) {
    if (token !== undefined && identity !== undefined) {
      throw new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid: the access key is not a temporary credential.');
    }
    return;
  }
  if (token === undefined) {
    throw new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid: temporary credentials need their session token.');
  }
  if (!sessionTokenMatches(token, expected)) {
    throw new S3Error('InvalidToken', 'The provided token is malformed or otherwise invalid.');
  }
}

function decodeSigV4Body(
  req: IncomingMessage,
  headers: Map<string, string>,
  verified: VerifiedSignature,
): Payload {
  const hash = verified.payloadHash;
  if (hash === unsignedPayload) return plainPayload(req, headers);
  if (/^[0-9a-fA-F]{64}$/.test(hash)) {
    // A request without a body, such as most GETs, is checked here rather than through a
    // hashing stream that nothing would read to its end.
    if (hasNoBody(headers)) {
      if (hash.toLowerCase() !== emptySha256) {
        throw new S3Error('XAmzContentSHA256Mismatch', undefined, {
          ClientComputedContentSHA256: hash,
          S3ComputedContentSHA256: emptySha256,
        });
      }
      return plainPayload(req, headers);
    }
    return { ...plainPayload(req, headers), stream: pipeBody(req, new PayloadHashVerifier(hash)) };
  }
  if (
    hash === streamingSignedPayload ||
    hash === streamingSignedPayloadTrailer ||
    hash === streamingUnsignedPayloadTrailer
  ) {
    const decodedLength = parseLength(headers.get(decodedContentLengthHeader), decodedContentLengthHeader);
    if (decodedLength === undefined && hash !== streamingUnsignedPayloadTrailer) {
      throw new S3Error('MissingContentLength', 'You must provide the x-amz-decoded-content-length header for an aws-chunked body.');
    }
    const expectedTrailers = (headers.get(trailerHeader) ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== '');
    const decoder = new ChunkedPayloadDecoder({
      signing:
        hash === streamingUnsignedPayloadTrailer
          ? undefined
          : {
              signingKey: verified.signingKey,
              amzDate: verified.amzDate,
              scope: verified.scope.scope,
              seedSignature: verified.signature,
            },
      expectedTrailers,
      decodedLength,
    });
    return { stream: pipeBody(req, decoder), length: decodedLength, trailers: decoder.trailers };
  }
  throw new S3Error('InvalidArgument', `Invalid x-amz-content-sha256 value ${JSON.stringify(hash.slice(0, 80))}.`, {
    ArgumentName: 'x-amz-content-sha256',
  });
}

/** True when the request declares no body: no transfer coding and no or a zero Content-Length. */
export function hasNoBody(headers: Map<string, string>): boolean {
  if (headers.has('transfer-encoding')) return false;
  const length = headers.get('content-length');
  return length === undefined || /^0+$/.test(length);
}

function plainPayload(req: IncomingMessage, headers: Map<string, string>): Payload {
  return {
    stream: req as Readable,
    length: parseLength(headers.get('content-length'), 'Content-Length'),
    trailers: new Map(),
  };
}

function parseLength(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,16}$/.test(value)) {
    throw new S3Error('InvalidArgument', `${name} must be a non-negative integer.`, { ArgumentName: name });
  }
  return Number(value);
}

/**
 * Pipes the request into a decoding stream. Unlike `pipeline`, a decoding error leaves the
 * socket open so the error response can still be sent, and a client that disconnects
 * mid-body fails the decoder instead of leaving it waiting for an end that never comes.
 */
export function pipeBody(req: IncomingMessage, decoder: Transform): Readable {
  // A small body can fail verification before an operation starts reading it. The error
  // stays on the stream (`errored`) and reaches the next reader. Without a listener here
  // the emitter would throw it and end the process.
  decoder.on('error', () => undefined);
  req.pipe(decoder);
  req.on('error', (error) => decoder.destroy(error));
  req.on('close', () => {
    if (!req.complete) decoder.destroy(new Error('the client closed the connection before the body ended'));
  });
  return decoder;
}

function signedAtFromDateHeader(headers: Map<string, string>): Date | undefined {
  const text = headers.get('x-amz-date') ?? headers.get('date');
  const time = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}
