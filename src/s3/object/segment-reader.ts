import { Readable } from 'node:stream';

import type { Segment } from '../../metadata/metadata-store.js';
import type { BlobStore } from '../../storage/blob-store.js';
import type { ByteRange } from './range.js';

/**
 * Opens the blobs that hold `range` of an object made of `segments` and returns one
 * stream of those bytes. All blobs are opened before this resolves.
 */
export async function openSegments(blobs: BlobStore, segments: Segment[], range: ByteRange): Promise<Readable> {
  const streams: Readable[] = [];
  let offset = 0;
  try {
    for (const segment of segments) {
      const segmentStart = offset;
      const segmentEnd = offset + segment.size - 1;
      offset += segment.size;
      if (segment.size === 0 || segmentEnd < range.start || segmentStart > range.end) continue;
      const start = Math.max(range.start, segmentStart) - segmentStart;
      const end = Math.min(range.end, segmentEnd) - segmentStart;
      streams.push(await blobs.read(segment.blobId, start, end));
    }
  } catch (error) {
    for (const stream of streams) stream.destroy();
    throw error;
  }
  if (streams.length === 1) return streams[0]!;
  const combined = Readable.from(concatenate(streams));
  // A generator destroyed before its first read never enters its body, so the blobs are
  // closed here, when the combined stream closes for any reason.
  combined.once('close', () => {
    for (const stream of streams) stream.destroy();
  });
  return combined;
}

async function* concatenate(streams: Readable[]): AsyncGenerator<Buffer> {
  for (const stream of streams) {
    for await (const chunk of stream) yield chunk as Buffer;
  }
}
