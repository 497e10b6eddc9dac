import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

import type { Principal } from '../iam/principal.js';
import type { AccountDirectory } from '../s3/common/account-directory.js';
import type { CredentialStore } from '../auth/credential-store.js';
import type { MetadataStore } from '../metadata/metadata-store.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { ServerConfig } from '../config/server-config.js';
import type { Logger } from '../log/logger.js';
import type { OperationName } from './operations.js';

/**
 * How a request proved who sent it; logged on every request line. `form` is a browser upload
 * signed by its POST policy (S3's `POST` auth type).
 */
export type AuthType = 'header' | 'presigned' | 'form' | 'anonymous';

/**
 * The caller of a request, once its signature has been checked: the root user, a user, or
 * a session, with the identity policies that apply to it.
 */
export type Identity = Principal;

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
  /** Secrets behind access keys, for operations that check a signature themselves (POST forms). */
  readonly credentials: CredentialStore;
  /** Display names of owners and grantees, and the accounts ACL grants may name. */
  readonly accounts: AccountDirectory;
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
  /** SigV4 or SigV2 for signed requests. */
  signatureVersion: 'SigV4' | 'SigV2' | undefined;
  /** When the request was signed, for the s3:signatureAge condition. */
  signedAt: Date | undefined;
  identity: Identity | undefined;
  payload: Payload;
  /** Bytes of response body written, for the request log line. */
  bytesSent: number;
}
