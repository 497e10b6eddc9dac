import { Readable } from 'node:stream';

import type { Segment } from '../../metadata/metadata-store.js';
import type { BlobRange, BlobStore } from '../../storage/blob-store.js';
import type { ByteRange } from './range.js';

/**
 * Largest range a GET reads into memory instead of streaming: below it, creating and
 * piping a stream costs more CPU than the copy.
 */
export const bufferedReadBytes = 64 * 1024;

/** Reads `range` of an object made of `segments` into memory; for ranges up to `bufferedReadBytes`. */
export async function readSegments(blobs: BlobStore, segments: Segment[], range: ByteRange): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (const piece of segmentPieces(segments, range)) {
    pieces.push(piece.inline === undefined ? await blobs.readBytes(piece.blobId, piece.start, piece.end) : inlineBytes(piece));
  }
  return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
}

/**
 * Opens the blobs that hold `range` of an object made of `segments` and returns one
 * stream of those bytes. All blobs are opened before this resolves.
 */
export async function openSegments(blobs: BlobStore, segments: Segment[], range: ByteRange): Promise<Readable> {
  const streams: Readable[] = [];
  try {
    for (const piece of segmentPieces(segments, range)) {
      streams.push(piece.inline === undefined ? await blobs.read(piece.blobId, piece.start, piece.end) : Readable.from([inlineBytes(piece)]));
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

/**
 * Opens the blobs that hold `range` of an object made of `segments`, as ranges to read in
 * order; inline segments come as their bytes. All blobs are opened before this resolves.
 */
export async function openSegmentRanges(blobs: BlobStore, segments: Segment[], range: ByteRange): Promise<Array<BlobRange | Buffer>> {
  const pieces: Array<BlobRange | Buffer> = [];
  try {
    for (const piece of segmentPieces(segments, range)) {
      pieces.push(piece.inline === undefined ? await blobs.openRange(piece.blobId, piece.start, piece.end) : inlineBytes(piece));
    }
  } catch (error) {
    await closeRanges(pieces);
    throw error;
  }
  return pieces;
}

/** Closes the blob ranges among `pieces`. */
export async function closeRanges(pieces: Array<BlobRange | Buffer>): Promise<void> {
  await Promise.all(pieces.map((piece) => (Buffer.isBuffer(piece) ? undefined : piece.close())));
}

interface SegmentPiece {
  blobId: string;
  /** The segment's data when it is kept inline. */
  inline: Buffer | undefined;
  start: number;
  end: number;
}

function inlineBytes(piece: SegmentPiece): Buffer {
  return piece.inline!.subarray(piece.start, piece.end + 1);
}

/** Yields the part of each segment that `range` covers, with offsets inside that segment's data. */
function* segmentPieces(segments: Segment[], range: ByteRange): Generator<SegmentPiece> {
  let offset = 0;
  for (const segment of segments) {
    const segmentStart = offset;
    const segmentEnd = offset + segment.size - 1;
    offset += segment.size;
    if (segment.size === 0 || segmentEnd < range.start || segmentStart > range.end) continue;
    if (segment.blobId === '' && segment.inline === undefined) {
      throw new Error('the object record names inline data that it does not contain');
    }
    yield {
      blobId: segment.blobId,
      inline: segment.inline,
      start: Math.max(range.start, segmentStart) - segmentStart,
      end: Math.min(range.end, segmentEnd) - segmentStart,
    };
  }
}

async function* concatenate(streams: Readable[]): AsyncGenerator<Buffer> {
  for (const stream of streams) {
    for await (const chunk of stream) yield chunk as Buffer;
  }
}
