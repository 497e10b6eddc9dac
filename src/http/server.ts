import { createServer, type Server } from 'node:http';
import { Server as NetServer } from 'node:net';

import { CofferCredentialStore } from '../auth/credential-store.js';
import type { ServerConfig } from '../config/server-config.js';
import type { Logger } from '../log/logger.js';
import { describeMetadataLocation } from '../metadata/metadata-location.js';
import { startAuditPruning } from '../audit/audit-retention.js';
import { buildXml } from '../xml/xml.js';
import { openDataDirectory, prepareDataDirectory } from './data-directory.js';
import { createRequestHandler } from './request-handler.js';

const netServerClose = NetServer.prototype.close;

/** Largest request header section accepted, in bytes; S3 allows 8 KB of headers. */
export const maxHeaderBytes = 16 * 1024;

export interface RunningServer {
  server: Server;
  /** Address and port actually bound, useful when the port was 0. */
  address: { address: string; port: number };
  /** Stops accepting connections, lets in-flight requests finish, then closes the stores. */
  close(): Promise<void>;
}

export interface StartOptions {
  /**
   * False in a cluster worker, whose primary already prepared the data directory and logs the
   * listen address once for all workers. Default true.
   */
  prepare?: boolean;
}

/**
 * Opens the data directory, sweeps what a crash left behind, and starts listening.
 */
export async function startServer(config: ServerConfig, log: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const prepare = options.prepare ?? true;
  const data = prepare ? await prepareDataDirectory(config, log) : await openDataDirectory(config, log);
  const { root, metadata, blobs, identities, shares, audit } = data;
  const stopPruning = startAuditPruning(audit, config.auditRetentionMs, log);
  const credentials = new CofferCredentialStore(
    { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey, canonicalId: root.canonicalId },
    identities,
  );
  const server = createServer(
    { maxHeaderSize: maxHeaderBytes, requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 5_000 },
    createRequestHandler({ config, metadata, blobs, credentials, identities, shares, audit, rootCanonicalId: root.canonicalId, log }),
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
  const listening = {
    address: address.address,
    port: address.port,
    dataDir: config.dataDir,
    metadata: describeMetadataLocation(config.metadata),
    region: config.region,
  };
  if (prepare) log.info(listening, 'listening');
  else log.debug(listening, 'worker listening');

  // Responses still in progress. Node counts a connection as idle once its response has
  // called end(), although its last bytes may still wait in the socket's buffer, so idle
  // connections are closed only while this is zero.
  let responding = 0;
  server.on('request', (_request, response) => {
    responding += 1;
    response.once('close', () => {
      responding -= 1;
    });
  });

  return {
    server,
    address,
    close: async () => {
      await new Promise<void>((resolve) => {
        // net.Server's close stops listening without http.Server's own closing of idle
        // connections, which would cut off a download whose last bytes are still buffered.
        netServerClose.call(server, () => resolve());
        // Keep-alive connections would otherwise stay open until their timer fires.
        const sweep = (): void => {
          if (responding === 0) server.closeIdleConnections();
        };
        sweep();
        const timer = setInterval(sweep, 250);
        server.once('close', () => clearInterval(timer));
      });
      stopPruning();
      await data.close();
    },
  };
}
