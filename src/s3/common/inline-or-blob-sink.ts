import type { BlobStore, BlobWriter } from '../../storage/blob-store.js';
import { WriteBehind } from '../../storage/write-behind.js';

/**
 * Largest body kept in the object's metadata record instead of a blob file. Up to this
 * size the file, its fsync and its directory's fsync cost more than the bytes in the
 * record, and a read needs no file either.
 */
export const inlineMaxBytes = 16 * 1024;

/** The destination of a body: an uncommitted blob, or memory when it fits in the record. */
export type SinkResult = { writer: BlobWriter } | { writer: undefined; inline: Buffer };

/**
 * Receives an object's body chunk by chunk. It keeps the body in memory while the body is
 * at most `inlineMaxBytes`, and moves it to a new blob as soon as it grows past that. A
 * body of unknown length is therefore inlined exactly when it is small enough.
 */
export class InlineOrBlobSink {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private writer: BlobWriter | undefined;
  private writes: WriteBehind | undefined;

  constructor(private readonly blobs: BlobStore) {}

  /** Takes a chunk, which must not be modified afterwards. */
  async add(chunk: Buffer): Promise<void> {
    if (this.writes !== undefined) return this.writes.add(chunk);
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    if (this.bufferedBytes <= inlineMaxBytes) return;

    this.writer = await this.blobs.create();
    this.writes = new WriteBehind(this.writer);
    const buffered = this.buffered;
    this.buffered = [];
    for (const data of buffered) await this.writes.add(data);
  }

  /** Writes what is queued for the blob and returns where the body is. The caller commits a blob. */
  async finish(): Promise<SinkResult> {
    if (this.writes === undefined) return { writer: undefined, inline: Buffer.concat(this.buffered) };
    await this.writes.flush();
    return { writer: this.writer! };
  }

  /** Drops the body: removes the blob's temporary file, if one was started. */
  async discard(): Promise<void> {
    await this.writes?.settle();
    await this.writer?.discard();
  }
}
