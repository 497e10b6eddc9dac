import { createHash } from 'node:crypto';
import { request } from 'node:http';

import type { Target } from '../targets/target.js';
import { signHeaders } from './sigv4.js';

export interface PlainRequest {
  method: string;
  /** URI-encoded path, optionally with a query string. */
  path: string;
  body?: Buffer;
  headers?: Record<string, string>;
}

/** Response status and body text of a setup or listing request. */
export interface PlainResponse {
  status: number;
  body: string;
}

/**
 * Sends one request to a target, signed with SigV4 headers when the target is an S3
 * server. Used for setup and for ListObjectsV2, never for the measured small-object load.
 */
export function sendRequest(target: Target, plain: PlainRequest): Promise<PlainResponse> {
  const body = plain.body ?? Buffer.alloc(0);
  let headers: Record<string, string> = { ...plain.headers, 'content-length': String(body.length) };
  if (target.s3 !== undefined) {
    const [path, query] = splitQuery(plain.path);
    headers = signHeaders(target.s3, {
      method: plain.method,
      host: target.host,
      path,
      query,
      payloadHash: createHash('sha256').update(body).digest('hex'),
      headers,
    });
  }
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: target.port, method: plain.method, path: plain.path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function splitQuery(path: string): [string, string] {
  const mark = path.indexOf('?');
  return mark === -1 ? [path, ''] : [path.slice(0, mark), path.slice(mark + 1)];
}
