import { S3Error } from '../errors/s3-error.js';
import { maxKeyBytes } from '../http/addressing.js';
import type { ShareMethod } from '../metadata/share-store.js';
import { parseCidr } from '../policy/ip-cidr.js';
import { maxExpiresIn, minExpiresIn } from '../presign/index.js';

/** Maximum length of a share's note, in characters. */
export const maxNoteLength = 1024;

/** Largest use limit accepted; SQLite and PostgreSQL integers both hold it. */
const maxUsesLimit = 1_000_000_000;

/** The checked fields of a create-share request. */
export interface ShareInput {
  bucket: string;
  key: string;
  method: ShareMethod;
  expiresIn: number;
  maxUses: number | undefined;
  sourceCidr: string | undefined;
  note: string | undefined;
}

/**
 * Reads the JSON body of a create-share request: `bucket`, `key`, `method` (GET or PUT),
 * `expiresIn` in seconds, and the optional `maxUses`, `sourceIp` (address or CIDR block)
 * and `note`. Throws InvalidArgument naming the first field that is wrong.
 */
export function parseShareInput(body: unknown): ShareInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new S3Error('InvalidRequest', 'The request body must be a JSON object.');
  }
  const fields = body as Record<string, unknown>;
  const bucket = requireString(fields, 'bucket');
  const key = requireString(fields, 'key');
  if (key === '' || Buffer.byteLength(key, 'utf8') > maxKeyBytes) {
    throw invalid('key', `key must be 1 to ${maxKeyBytes} bytes of UTF-8.`);
  }
  const method = fields.method ?? 'GET';
  if (method !== 'GET' && method !== 'PUT') throw invalid('method', `method must be GET or PUT; got ${JSON.stringify(method)}.`);
  const expiresIn = fields.expiresIn;
  if (!Number.isSafeInteger(expiresIn) || (expiresIn as number) < minExpiresIn || (expiresIn as number) > maxExpiresIn) {
    throw invalid('expiresIn', `expiresIn must be a whole number of seconds from ${minExpiresIn} to ${maxExpiresIn}.`);
  }
  return {
    bucket,
    key,
    method,
    expiresIn: expiresIn as number,
    maxUses: optionalMaxUses(fields.maxUses),
    sourceCidr: optionalSourceCidr(fields.sourceIp),
    note: optionalNote(fields.note),
  };
}

function optionalMaxUses(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > maxUsesLimit) {
    throw invalid('maxUses', `maxUses must be a whole number from 1 to ${maxUsesLimit}.`);
  }
  return value as number;
}

function optionalSourceCidr(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || parseCidr(value) === undefined) {
    throw invalid('sourceIp', `sourceIp must be an IPv4 or IPv6 address or CIDR block such as 192.0.2.0/24; got ${JSON.stringify(value)}.`);
  }
  return value.trim();
}

function optionalNote(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > maxNoteLength) {
    throw invalid('note', `note must be a string of at most ${maxNoteLength} characters.`);
  }
  return value;
}

function requireString(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string') throw invalid(name, `${name} is missing or not a string.`);
  return value;
}

function invalid(name: string, message: string): S3Error {
  return new S3Error('InvalidArgument', message, { ArgumentName: name });
}
