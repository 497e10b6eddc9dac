import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

import type { MetadataStore } from '../metadata/metadata-store.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { ServerConfig } from '../config/server-config.js';
import type { Logger } from '../log/logger.js';
import type { OperationName } from './operations.js';

/** How a request proved who sent it; logged on every request line. */
export type AuthType = 'header' | 'presigned' | 'anonymous';

/** The caller of a request, once its signature has been checked. */
export interface Identity {
  accessKeyId: string;
  /** 64-hex canonical user id, as S3 shows in Owner elements. */
  canonicalId: string;
  displayName: string;
  isRoot: boolean;
}

/** The decoded request body: aws-chunked framing removed and payload hashes checked. */
export interface Payload {
  stream: Readable;
  /** Length of the decoded body when the client declared it. */
  length: number | undefined;
  /** Trailing headers of an aws-chunked body, complete once `stream` has ended. */
  trailers: Map<string, string>;
}

/** Everything an operation needs, shared by every layer of one request. */
export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly config: ServerConfig;
  readonly metadata: MetadataStore;
  readonly blobs: BlobStore;
  readonly log: Logger;
  /** Path exactly as sent, still percent-encoded. */
  readonly rawPath: string;
  /** Query string exactly as sent, without the `?`. */
  readonly rawQuery: string;
  /** Decoded query parameters; a `+` stays a `+`, as S3 clients percent-encode spaces. */
  readonly query: Map<string, string>;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  /** True when the bucket came from the Host header rather than the path. */
  readonly virtualHosted: boolean;
  operation: OperationName;
  authType: AuthType;
  identity: Identity | undefined;
  payload: Payload;
  /** Bytes of response body written, for the request log line. */
  bytesSent: number;
}
