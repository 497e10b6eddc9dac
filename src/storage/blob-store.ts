import type { Readable } from 'node:stream';

/**
 * Object data, kept as immutable blobs named by random ids. Keys never become file names,
 * so no key can reach outside the data directory. A blob is written under a temporary
 * name and only `commit` makes it durable and addressable.
 */
export interface BlobStore {
  /** Starts a new blob. Nothing is visible until `commit` resolves. */
  create(): Promise<BlobWriter>;
  /** Opens a blob for reading from `start` to `end` inclusive. */
  read(blobId: string, start: number, end: number): Promise<Readable>;
  /**
   * Opens a blob for reading `start` to `end` inclusive into buffers the caller owns, so
   * that a large download can reuse two buffers instead of allocating one per chunk.
   */
  openRange(blobId: string, start: number, end: number): Promise<BlobRange>;
  /**
   * Reads bytes `start` to `end` inclusive into memory, for ranges small enough that a
   * stream costs more than the copy.
   */
  readBytes(blobId: string, start: number, end: number): Promise<Buffer>;
  /** Removes blobs; a missing blob is not an error. */
  remove(blobIds: Iterable<string>): Promise<void>;
  /**
   * Removes what crashed writes left: temporary files of nodes that stopped, and blobs not
   * in `keep` that are at least `unreferencedMinAgeMs` old.
   */
  sweep(keep: Set<string>, options: SweepOptions): Promise<{ removedBlobs: number; removedTemporary: number }>;
}

/** An open stretch of a blob, read from its start to its end in order. */
export interface BlobRange {
  /** Bytes not read yet. */
  readonly remaining: number;
  /** Reads the next bytes into `into`, up to its length; resolves with how many. */
  read(into: Buffer): Promise<number>;
  /** Closes the blob; safe to call twice. */
  close(): Promise<void>;
}

export interface SweepOptions {
  /** False when the node with this id has stopped, so its temporary files can go. */
  isAlive(nodeId: string): Promise<boolean>;
  /**
   * Minimum age, in milliseconds, of a blob no record names before it is removed. Zero
   * when no other node can be between writing a blob and committing its record.
   */
  unreferencedMinAgeMs: number;
}

export interface BlobWriter {
  readonly blobId: string;
  write(chunk: Buffer): Promise<void>;
  /** Appends the chunks in order with as few system calls as the platform allows. */
  writev(chunks: Buffer[]): Promise<void>;
  /** Flushes the data to disk (fsync) and moves it into place. */
  commit(): Promise<void>;
  /** Removes the temporary file; safe to call after a failure or twice. */
  discard(): Promise<void>;
}

/** Raised by `read` when the blob is gone, as after a concurrent overwrite. */
export class BlobNotFoundError extends Error {
  constructor(blobId: string) {
    super(`blob ${blobId} not found`);
    this.name = 'BlobNotFoundError';
  }
}
