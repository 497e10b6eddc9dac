import { QueryError, type DocumentFormat } from '../engine-types.js';

/** Maps a Content-Type to a format; undefined when it names none of them. */
export function formatFromContentType(contentType: string | undefined): DocumentFormat | undefined {
  if (contentType === undefined) return undefined;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/jsonlines'].includes(type)) {
    return 'ndjson';
  }
  if (type === 'application/json' || type === 'text/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
  return undefined;
}

/** How many leading bytes the first-byte rule looks at, at most. */
const sniffLimit = 64 * 1024;

/**
 * Decides the format from the start of the body: `<` is XML, `[` is JSON, and `{` is
 * NDJSON when a second value starts on a new line after the first one ends within the
 * first 64 KiB, JSON otherwise. Returns the format and a body that still yields every byte.
 */
export async function sniffFormat(
  body: AsyncIterable<Uint8Array>,
): Promise<{ format: DocumentFormat; body: AsyncIterable<Uint8Array> }> {
  const iterator = body[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let size = 0;
  let done = false;
  let format: DocumentFormat | 'undecided' | 'empty' = 'undecided';
  while (format === 'undecided' && size < sniffLimit) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    seen.push(next.value);
    size += next.value.length;
    format = classify(Buffer.concat(seen), false);
  }
  if (format === 'undecided') format = classify(Buffer.concat(seen), true);
  if (format === 'empty') throw new QueryError('the document is empty, so its format cannot be detected; set format in the profile.');
  if (format === 'undecided') format = 'json';
  return { format, body: replay(seen, iterator, done) };
}

function classify(bytes: Buffer, atEnd: boolean): DocumentFormat | 'undecided' | 'empty' {
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  while (start < bytes.length && isSpace(bytes[start]!)) start += 1;
  if (start === bytes.length) return atEnd ? 'empty' : 'undecided';
  const first = String.fromCharCode(bytes[start]!);
  if (first === '<') return 'xml';
  if (first === '[') return 'json';
  if (first !== '{') {
    throw new QueryError(`the document starts with ${JSON.stringify(first)}, which is neither JSON nor XML; set the format in the profile.`);
  }
  const end = endOfFirstValue(bytes, start);
  if (end === undefined) return atEnd ? 'json' : 'undecided';
  let position = end;
  let newline = false;
  while (position < bytes.length && isSpace(bytes[position]!)) {
    if (bytes[position] === 0x0a) newline = true;
    position += 1;
  }
  if (position === bytes.length) return atEnd ? 'json' : 'undecided';
  return newline && bytes[position] === 0x7b ? 'ndjson' : 'json';
}

/** Returns the index after the object that starts at `start`, or undefined if it does not end in `bytes`. */
function endOfFirstValue(bytes: Buffer, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = start; index < bytes.length; index += 1) {
    const byte = bytes[index]!;
    if (inString) {
      if (byte === 0x5c) index += 1;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      depth += 1;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return undefined;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

async function* replay(
  seen: Uint8Array[],
  iterator: AsyncIterator<Uint8Array>,
  done: boolean,
): AsyncIterable<Uint8Array> {
  try {
    yield* seen;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}
