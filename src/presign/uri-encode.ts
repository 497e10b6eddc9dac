import { uriEncode } from '../auth/sigv4/uri-encode.js';

const unreserved = /^[A-Za-z0-9\-._~]*$/;
const unreservedPath = /^[A-Za-z0-9\-._~/]*$/;
const leftByEncodeUriComponent = /[!'()*]/g;

function hexEscape(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase()}`;
}

/**
 * `uriEncode` of the SigV4 rules, faster: text of unreserved characters only is returned
 * as it is, and other text goes through the engine's `encodeURIComponent`, which encodes
 * the same bytes in the same upper-case hex except for `!'()*`, escaped here. Text with a
 * lone surrogate, which `encodeURIComponent` refuses, takes the byte-by-byte path.
 */
export function encodeComponent(text: string): string {
  if (unreserved.test(text)) return text;
  try {
    return encodeURIComponent(text).replace(leftByEncodeUriComponent, hexEscape);
  } catch {
    return uriEncode(text);
  }
}

/**
 * Encodes an object key for the URL path like `encodeComponent`, keeping `/`. S3 signs the
 * path exactly as sent, without normalising it, so this is also the key's part of the
 * canonical URI: `//`, a leading `/` and `..` stay as they are.
 */
export function encodeKeyPath(key: string): string {
  if (unreservedPath.test(key)) return key;
  return encodeComponent(key).replace(/%2F/g, '/');
}
