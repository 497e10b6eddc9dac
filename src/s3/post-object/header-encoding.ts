/**
 * Form fields arrive as UTF-8, but header values go out as bytes; Node refuses characters
 * above U+00FF and every control character but tab. S3 stores such values of a POST upload
 * as RFC 2047 encoded-words, and so does this: "Q" encoding when most characters are
 * printable ASCII, "B" (base64) otherwise. Printable ASCII values are kept as they are.
 */
export function encodeHeaderValue(value: string): string {
  if (/^[\t\x20-\x7e]*$/.test(value)) return value;
  let plain = 0;
  let other = 0;
  for (const character of value) {
    const code = character.codePointAt(0)!;
    if ((code >= 0x20 && code < 0x7f) || code === 0x09 || code === 0x0a || code === 0x0d) plain += 1;
    else other += 1;
  }
  const bytes = Buffer.from(value, 'utf8');
  if (other > plain) return `=?UTF-8?B?${bytes.toString('base64')}?=`;
  let encoded = '';
  for (const byte of bytes) {
    if (byte === 0x20) encoded += '_';
    else if (byte > 0x20 && byte < 0x7f && byte !== 0x3d && byte !== 0x3f && byte !== 0x5f) encoded += String.fromCharCode(byte);
    else encoded += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?UTF-8?Q?${encoded}?=`;
}
