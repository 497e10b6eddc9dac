import { algorithm } from './constants.js';
import { sha256Hex } from './signing-key.js';

/** Builds the string to sign: algorithm, request date, credential scope, hash of the canonical request. */
export function buildStringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return [algorithm, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
}
