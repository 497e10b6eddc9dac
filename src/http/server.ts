import { createServer, type Server } from 'node:http';
import { mkdir } from 'node:fs/promises';

import { CofferCredentialStore } from '../auth/credential-store.js';
import { loadRootCredentials } from '../config/root-credentials.js';
import type { ServerConfig } from '../config/server-config.js';
import type { Logger } from '../log/logger.js';
import { describeMetadataLocation } from '../metadata/metadata-location.js';
import { openMetadataStores } from '../metadata/open-metadata.js';
import { openIdentityService } from '../iam/index.js';
import { DiskBlobStore } from '../storage/disk-blob-store.js';
import { buildXml } from '../xml/xml.js';
import { createRequestHandler } from './request-handler.js';

/**
 * Age below which a blob no record names is kept by the start-up sweep when other nodes
 * share the metadata: a node commits a blob's record right after renaming the blob into
 * place, so an hour is far more than any write needs between the two.
 */
const sharedBlobGraceMs = 60 * 60 * 1000;

/** Largest request header section accepted, in bytes; S3 allows 8 KB of headers. */
export const maxHeaderBytes = 16 * 1024;

export interface RunningServer {
  server: Server;
  /** Address and port actually bound, useful when the port was 0. */
  address: { address: string; port: number };
  /** Stops accepting connections, lets in-flight requests finish, then closes the stores. */
  close(): Promise<void>;
}

/**
 * Opens the data directory, sweeps what a crash left behind, and starts listening.
 */
export async function startServer(config: ServerConfig, log: Logger): Promise<RunningServer> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const root = await loadRootCredentials(config.dataDir);
  if (root.generated) {
    log.info(
      { accessKeyId: root.accessKeyId, secretFile: root.file },
      'generated root credentials; the secret access key is in the file named here (mode 0600)',
    );
  } else {
    log.info({ accessKeyId: root.accessKeyId, source: root.file ?? 'environment' }, 'loaded root credentials');
  }

  const stores = await openMetadataStores(config.metadata, log);
  const metadata = stores.metadata;
  const blobs = new DiskBlobStore(config.dataDir, stores.lease.nodeId);
  await blobs.init();
  const swept = await blobs.sweep(await metadata.referencedBlobIds(), {
    isAlive: (nodeId) => stores.lease.isAlive(nodeId),
    // Another node may have renamed a blob into place and not yet committed its record.
    unreferencedMinAgeMs: stores.shared ? sharedBlobGraceMs : 0,
  });
  if (swept.removedBlobs > 0 || swept.removedTemporary > 0) {
    log.info(swept, 'removed data left by an interrupted write');
  }

  const identities = await openIdentityService({ dataDir: config.dataDir, store: stores.identities });
  if (identities.generatedKey) {
    log.info({ keyFile: identities.keyFile }, 'generated the master key that encrypts stored secret keys; back it up apart from the database');
  }
  if (identities.unreadable.length > 0) {
    log.warn({ accessKeyIds: identities.unreadable }, 'no loaded master key opens the secrets of these access keys; they cannot sign requests');
  }
  const credentials = new CofferCredentialStore(
    { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey, canonicalId: root.canonicalId },
    identities,
  );
  const server = createServer(
    { maxHeaderSize: maxHeaderBytes, requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 5_000 },
    createRequestHandler({ config, metadata, blobs, credentials, identities, rootCanonicalId: root.canonicalId, log }),
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    log.debug({ err: error }, 'client error before a request was parsed');
    if (!socket.writable) return;
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = buildXml(
      'Error',
      {
        Code: tooLarge ? 'RequestHeaderSectionTooLarge' : 'BadRequest',
        Message: tooLarge
          ? `Your request header section exceeds the maximum allowed size of ${maxHeaderBytes} bytes.`
          : 'The request could not be parsed as HTTP.',
      },
      null,
    );
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  const address =
    typeof bound === 'object' && bound !== null
      ? { address: bound.address, port: bound.port }
      : { address: config.address, port: config.port };
  log.info(
    {
      address: address.address,
      port: address.port,
      dataDir: config.dataDir,
      metadata: describeMetadataLocation(config.metadata),
      region: config.region,
    },
    'listening',
  );

  return {
    server,
    address,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Connections that finish a response after close() was called stay open until
        // their keep-alive timer fires; closing idle ones again lets shutdown end sooner.
        const sweep = setInterval(() => server.closeIdleConnections(), 250);
        server.once('close', () => clearInterval(sweep));
      });
      await stores.close();
    },
  };
}
