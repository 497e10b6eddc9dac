import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

import { XMLParser } from 'fast-xml-parser';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body as text. */
  text: string;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string | number>;
  body?: Buffer | string | Readable;
}

/**
 * Sends one HTTP request to a 127.0.0.1 URL with its path and query exactly as written.
 * Unlike fetch, this keeps `..`, `//` and every percent-escape of the path, which keys
 * such as `../etc/passwd` need.
 */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = openRequest(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
    });
    req.on('error', reject);
  });
}

/** Like `rawRequest`, but hands over the response stream as soon as the headers arrive. */
export function streamRequest(url: string, options: RawRequestOptions = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = openRequest(url, options, resolve);
    req.on('error', reject);
  });
}

function openRequest(url: string, options: RawRequestOptions, onResponse: (res: IncomingMessage) => void) {
  const match = /^http:\/\/(127\.0\.0\.1):(\d+)(\/.*)?$/.exec(url);
  if (match === null) throw new Error(`rawRequest only talks to http://127.0.0.1:PORT, not ${url}`);
  const [, host, port, path] = match as unknown as [string, string, string, string | undefined];
  const req = request(
    {
      host,
      port: Number(port),
      path: path ?? '/',
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    },
    onResponse,
  );
  const body = options.body;
  if (body === undefined) req.end();
  else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
  else body.pipe(req);
  return req;
}

const parser = new XMLParser({ parseTagValue: false, trimValues: false });

/** Parses an S3 `<Error>` document into its child elements, as strings. */
export function parseErrorXml(text: string): Record<string, string> {
  const document = parser.parse(text) as { Error?: Record<string, unknown> };
  if (document.Error === undefined || typeof document.Error !== 'object') {
    throw new Error(`not an S3 error document: ${text.slice(0, 500)}`);
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(document.Error)) fields[name] = String(value);
  return fields;
}

/** Parses any XML document into plain objects, element values kept as strings. */
export function parseXml(text: string): Record<string, unknown> {
  return parser.parse(text) as Record<string, unknown>;
}

/** Returns the `<Code>` of an S3 error body, or a placeholder describing the response received instead. */
export function errorCode(response: RawResponse): string {
  try {
    return parseErrorXml(response.text).Code ?? '<no Code>';
  } catch {
    return `<status ${response.status}, body ${JSON.stringify(response.text.slice(0, 200))}>`;
  }
}
