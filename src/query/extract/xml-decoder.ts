import { QueryError } from '../engine-types.js';

/**
 * Picks the text decoder for an XML document from its byte order mark or its XML
 * declaration's encoding, as XML 1.0 appendix F describes; UTF-8 otherwise.
 */
export function xmlDecoderFor(head: Uint8Array): TextDecoder {
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be');
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le');
  const start = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 256)).toString('latin1');
  const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(start)?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8', { fatal: true });
  } catch {
    throw new QueryError(`the XML declaration names the encoding ${JSON.stringify(declared)}, which is not supported`);
  }
}
