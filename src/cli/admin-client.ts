import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { SignatureV4 } from '@smithy/signature-v4';
import { XMLParser } from 'fast-xml-parser';

import type { AdminConnection } from './admin-connection.js';

/** IAM API version sent with every call. */
const iamVersion = '2010-05-08';

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the smithy signer takes. */
export class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.create();
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.create();
  }

  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** An error document returned by the server. */
export class IamApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(`${code}: ${message}`);
    this.name = 'IamApiError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'member',
});

/**
 * Calls the IAM Query API of a Coffer server: `POST /` with a form body signed with SigV4
 * for service `iam`, as aws-cli sends it.
 */
export class IamClient {
  private readonly signer: SignatureV4;

  constructor(private readonly connection: AdminConnection) {
    this.signer = new SignatureV4({
      service: 'iam',
      region: connection.region,
      credentials: {
        accessKeyId: connection.accessKeyId,
        secretAccessKey: connection.secretAccessKey,
        sessionToken: connection.sessionToken,
      },
      sha256: NodeSha256,
    });
  }

  /**
   * Sends one action and returns its Result element parsed into plain objects, with every
   * `member` list as an array; `{}` for actions without a result.
   */
  async call(action: string, parameters: Record<string, string | undefined> = {}): Promise<Record<string, any>> {
    const form = new URLSearchParams({ Action: action, Version: iamVersion });
    for (const [name, value] of Object.entries(parameters)) {
      if (value !== undefined) form.append(name, value);
    }
    const body = form.toString();
    const url = new URL(this.connection.endpoint);
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: '/',
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body,
    });

    let response: { status: number; statusText: string; text: string };
    try {
      response = await post(url, signed.headers, body);
    } catch (error) {
      throw new Error(
        `cannot reach Coffer at ${this.connection.endpoint}: ${(error as Error).message}. Is the server running? Set --endpoint-url or AWS_ENDPOINT_URL to its address.`,
      );
    }
    const document = parseDocument(response.text);
    if (response.status < 200 || response.status > 299) {
      const error = document?.ErrorResponse?.Error ?? document?.Error;
      if (error?.Code !== undefined) throw new IamApiError(String(error.Code), String(error.Message ?? ''), response.status);
      throw new Error(
        `the server at ${this.connection.endpoint} returned ${response.status} ${response.statusText} without an IAM error document`,
      );
    }
    const envelope = document?.[`${action}Response`];
    if (envelope === undefined) {
      throw new Error(`the server at ${this.connection.endpoint} returned no ${action}Response document`);
    }
    return (envelope[`${action}Result`] as Record<string, any> | undefined) ?? {};
  }
}

/** Sends the signed request with exactly the signed headers (fetch would replace Host). */
function post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; statusText: string; text: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      { protocol: url.protocol, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port, method: 'POST', path: '/', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function parseDocument(text: string): Record<string, any> | undefined {
  try {
    return parser.parse(text) as Record<string, any>;
  } catch {
    return undefined;
  }
}
