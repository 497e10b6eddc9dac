import { compareText } from './compare-text.js';

/** The headers part of a presigned request. */
export interface PreparedHeaders {
  /** `name:value\n` for each signed header, sorted by name, `host` included. */
  canonicalHeaders: string;
  /** The `X-Amz-SignedHeaders` value: names joined with `;`. */
  signedHeaders: string;
  /** Headers the URL's user must send: every signed header but `host`. */
  sendHeaders: Record<string, string>;
  /** `x-amz-*` headers moved into the query as signed parameters: [name, value]. */
  hoisted: Array<[string, string]>;
}

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Printable ASCII, space and tab: what every HTTP client sends unchanged. */
const headerValue = /^[\t\x20-\x7e]*$/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Headers the signer itself writes (they would contradict the URL's own parameters) and
 * headers that proxies and HTTP clients add, drop or rewrite, so that a signature over them
 * would break on the way.
 */
const unsignableHeaders = new Set([
  'host',
  'authorization',
  'x-amz-date',
  'x-amz-content-sha256',
  'x-amz-security-token',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

/**
 * Validates and canonicalises the headers to sign. With `hoistAmzHeaders` (the JavaScript
 * SDK's layout) `x-amz-*` headers become signed query parameters, so the URL's user need
 * not send them, except `x-amz-server-side-encryption*`, which S3 reads only as headers.
 * Values are trimmed and inner runs of spaces and tabs collapse to one space, as SigV4
 * canonicalises them.
 */
export function prepareHeaders(
  host: string,
  headers: Readonly<Record<string, string | undefined>> | undefined,
  hoistAmzHeaders: boolean,
): PreparedHeaders {
  if (headers === undefined || Object.keys(headers).length === 0) {
    return { canonicalHeaders: `host:${host}\n`, signedHeaders: 'host', sendHeaders: {}, hoisted: [] };
  }
  const signed: Array<[string, string]> = [['host', host]];
  const sendHeaders: Record<string, string> = {};
  const hoisted: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined) continue;
    const name = rawName.toLowerCase();
    if (!headerName.test(rawName)) throw new TypeError(`${JSON.stringify(rawName)} is not a valid header name.`);
    if (unsignableHeaders.has(name) || name.startsWith('proxy-')) {
      throw new TypeError(`the header ${name} cannot be signed into a presigned URL.`);
    }
    if (seen.has(name)) throw new TypeError(`the header ${name} is given twice.`);
    seen.add(name);
    if (typeof rawValue !== 'string') throw new TypeError(`the value of header ${name} must be a string.`);
    if (hoistAmzHeaders && name.startsWith('x-amz-') && !name.startsWith('x-amz-server-side-encryption')) {
      // A query parameter carries any text, percent-encoded as UTF-8.
      if (loneSurrogate.test(rawValue)) throw new TypeError(`the value of header ${name} contains a lone UTF-16 surrogate.`);
      hoisted.push([name, rawValue]);
      continue;
    }
    if (!headerValue.test(rawValue)) {
      throw new TypeError(`the value of header ${name} must be printable ASCII: HTTP clients do not all send other characters the same way.`);
    }
    const value = rawValue.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
    signed.push([name, value]);
    sendHeaders[name] = value;
  }
  signed.sort(([a], [b]) => compareText(a, b));
  let canonicalHeaders = '';
  let signedHeaders = '';
  for (const [name, value] of signed) {
    canonicalHeaders += `${name}:${value}\n`;
    signedHeaders += signedHeaders === '' ? name : `;${name}`;
  }
  return { canonicalHeaders, signedHeaders, sendHeaders, hoisted };
}
