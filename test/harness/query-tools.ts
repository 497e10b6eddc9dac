import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { run, type RunResult } from './clients.js';
import { repoRoot } from './paths.js';

/** Runs the built `coffer` CLI in a child process, with stdout and stderr as pipes. */
export function coffer(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return run(process.execPath, [join(repoRoot, 'bin', 'coffer.js'), ...args], {
    env: options.env,
    cwd: options.cwd,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
}

/** A request as a document server saw it: the method and the request target as sent. */
export interface SeenRequest {
  method: string;
  target: string;
  headers: IncomingMessage['headers'];
}

export interface DocumentServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Starts a node:http server on 127.0.0.1 that records every request line and responds with
 * `handler`. It plays the server a document comes from: S3, or a paged API.
 */
export async function startDocumentServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<DocumentServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', target: request.url ?? '', headers: request.headers });
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
