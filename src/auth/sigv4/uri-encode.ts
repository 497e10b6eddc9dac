/**
 * Percent-encodes a string the way SigV4 requires: every byte except the unreserved
 * characters A-Z, a-z, 0-9, '-', '_', '.' and '~', with upper-case hex. Slashes are kept
 * when `keepSlash` is set, for the canonical URI of S3.
 */
export function uriEncode(value: string, keepSlash = false): string {
  // Most keys and parameters need no encoding; checking first saves building the result
  // byte by byte.
  if ((keepSlash ? unreservedOrSlash : unreserved).test(value)) return value;
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      (byte >= 0x30 && byte <= 0x39) ||
      byte === 0x2d ||
      byte === 0x5f ||
      byte === 0x2e ||
      byte === 0x7e ||
      (keepSlash && byte === 0x2f)
    ) {
      encoded += String.fromCharCode(byte);
    } else {
      encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return encoded;
}

const unreserved = /^[A-Za-z0-9\-_.~]*$/;
const unreservedOrSlash = /^[A-Za-z0-9\-_.~/]*$/;
