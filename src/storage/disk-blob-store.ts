import { randomBytes } from 'node:crypto';
import { close, closeSync, createReadStream, constants as fsConstants, open as openFd, openSync, read as readFd, readSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { BlobNotFoundError, type BlobRange, type BlobStore, type BlobWriter, type SweepOptions } from './blob-store.js';

/** Read size for object data; large reads cut per-chunk overhead on big GETs. */
const readChunkBytes = 1024 * 1024;

/** Buffers passed to one writev call at most. */
const maxWritevBuffers = 256;

/** Largest range `readBytes` reads with blocking calls on the event loop. */
const syncReadMaxBytes = 64 * 1024;

const blobIdPattern = /^[0-9a-f]{32}$/;

/**
 * Blobs on local disk: `blobs/XX/ID` with XX the first two hex digits of the id, written
 * first to `tmp/NODE.ID.PID`, NODE being the id of the node and PID the process writing
 * it. A blob is fsynced before the rename and the directory after it, so a crash leaves
 * either a whole blob or a temporary file. `sweep` removes those at start, and
 * `removeTemporaryOf` those of one exited process while other processes go on writing.
 */
export class DiskBlobStore implements BlobStore {
  private readonly blobRoot: string;
  private readonly tmpRoot: string;
  /**
   * Open handles of the shard directories, created on first use and kept: each commit
   * fsyncs its shard, and opening it each time would add two file system calls to every
   * upload. There are at most 256 shards.
   */
  private readonly shardHandles = new Map<string, Promise<FileHandle>>();

  /** `nodeId` names this process's temporary files; see `NodeLease`. */
  constructor(
    dataDir: string,
    private readonly nodeId: string,
  ) {
    if (!/^[A-Za-z0-9]+$/.test(nodeId)) throw new Error(`invalid node id ${JSON.stringify(nodeId)}`);
    this.blobRoot = join(dataDir, 'blobs');
    this.tmpRoot = join(dataDir, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.blobRoot, { recursive: true, mode: 0o700 });
    await mkdir(this.tmpRoot, { recursive: true, mode: 0o700 });
  }

  async create(): Promise<BlobWriter> {
    const blobId = randomBytes(16).toString('hex');
    const tmpPath = join(this.tmpRoot, `${this.nodeId}.${blobId}.${process.pid}`);
    const handle = await open(tmpPath, 'wx', 0o600);
    return new DiskBlobWriter(blobId, handle, tmpPath, this.pathOf(blobId), (shardDir) => this.shardHandle(shardDir));
  }

  async read(blobId: string, start: number, end: number): Promise<Readable> {
    const fd = await this.openBlobFd(blobId);
    if (end < start) {
      await closeFd(fd);
      return Readable.from([]);
    }
    // A stream on a plain descriptor: the FileHandle stream reads through promises and
    // measured about half as fast for large objects.
    return createReadStream(this.pathOf(blobId), { fd, start, end, highWaterMark: readChunkBytes, autoClose: true });
  }

  async openRange(blobId: string, start: number, end: number): Promise<BlobRange> {
    const fd = await this.openBlobFd(blobId);
    let position = start;
    let closed = false;
    return {
      get remaining() {
        return Math.max(0, end + 1 - position);
      },
      read: async (into) => {
        const length = Math.min(into.length, end + 1 - position);
        if (length <= 0) return 0;
        const bytesRead = await readInto(fd, into.subarray(0, length), 0, position);
        if (bytesRead === 0) throw blobEnded(blobId, position, end + 1);
        position += bytesRead;
        return bytesRead;
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await closeFd(fd);
      },
    };
  }

  async readBytes(blobId: string, start: number, end: number): Promise<Buffer> {
    const data = Buffer.allocUnsafe(Math.max(0, end - start + 1));
    // Small ranges are read with blocking calls, as nginx reads files when aio is off. Three
    // thread pool round trips cost the event loop far more CPU than the read itself when the
    // file is in the page cache. The trade is that a read from a cold or slow disk stalls the
    // event loop for its duration, so only ranges up to `syncReadMaxBytes` take this path.
    if (data.length <= syncReadMaxBytes) {
      this.readBytesSync(blobId, data, start);
      return data;
    }
    // File descriptors instead of a FileHandle, because the handle object and its promise
    // plumbing cost about a quarter of a small read's CPU.
    const fd = await this.openBlobFd(blobId);
    try {
      let filled = 0;
      while (filled < data.length) {
        const bytesRead = await readInto(fd, data, filled, start + filled);
        if (bytesRead === 0) throw blobEnded(blobId, start + filled, start + data.length);
        filled += bytesRead;
      }
      return data;
    } finally {
      await closeFd(fd);
    }
  }

  private readBytesSync(blobId: string, data: Buffer, start: number): void {
    let fd: number;
    try {
      fd = openSync(this.pathOf(blobId), fsConstants.O_RDONLY);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(blobId);
      throw error;
    }
    try {
      let filled = 0;
      while (filled < data.length) {
        const bytesRead = readSync(fd, data, filled, data.length - filled, start + filled);
        if (bytesRead === 0) throw blobEnded(blobId, start + filled, start + data.length);
        filled += bytesRead;
      }
    } finally {
      closeSync(fd);
    }
  }

  async remove(blobIds: Iterable<string>): Promise<void> {
    for (const blobId of blobIds) {
      await rm(this.pathOf(blobId), { force: true });
    }
  }

  async sweep(keep: Set<string>, options: SweepOptions): Promise<{ removedBlobs: number; removedTemporary: number }> {
    // A temporary file goes only when the node writing it has stopped: another node
    // sharing this directory may be streaming an upload into it right now.
    const alive = new Map<string, boolean>();
    let removedTemporary = 0;
    for (const name of await readdir(this.tmpRoot)) {
      const dot = name.indexOf('.');
      const nodeId = dot === -1 ? '' : name.slice(0, dot);
      if (nodeId !== '') {
        if (!alive.has(nodeId)) alive.set(nodeId, await options.isAlive(nodeId));
        if (alive.get(nodeId) === true) continue;
      }
      await rm(join(this.tmpRoot, name), { force: true, recursive: true });
      removedTemporary += 1;
    }

    const cutoff = Date.now() - options.unreferencedMinAgeMs;
    let removedBlobs = 0;
    for (const shard of await readdir(this.blobRoot)) {
      const shardDir = join(this.blobRoot, shard);
      for (const name of await readdir(shardDir)) {
        if (keep.has(name)) continue;
        const path = join(shardDir, name);
        if (options.unreferencedMinAgeMs > 0) {
          const modified = (await stat(path).catch(() => undefined))?.mtimeMs;
          if (modified === undefined || modified > cutoff) continue;
        }
        await rm(path, { force: true });
        removedBlobs += 1;
      }
    }
    return { removedBlobs, removedTemporary };
  }

  /**
   * Removes the temporary files of a process that has exited, such as a cluster worker that
   * was killed mid-upload. Returns how many it removed.
   */
  async removeTemporaryOf(pid: number): Promise<number> {
    const suffix = `.${pid}`;
    let removed = 0;
    for (const name of await readdir(this.tmpRoot)) {
      if (!name.endsWith(suffix)) continue;
      await rm(join(this.tmpRoot, name), { force: true });
      removed += 1;
    }
    return removed;
  }

  /** Creates a shard directory if needed and returns its kept handle. */
  private shardHandle(shardDir: string): Promise<FileHandle> {
    let handle = this.shardHandles.get(shardDir);
    if (handle === undefined) {
      handle = mkdir(shardDir, { recursive: true, mode: 0o700 }).then(() => open(shardDir, fsConstants.O_RDONLY));
      // A failure is not kept, so the next commit tries again.
      handle.catch(() => this.shardHandles.delete(shardDir));
      this.shardHandles.set(shardDir, handle);
    }
    return handle;
  }

  private openBlobFd(blobId: string): Promise<number> {
    const path = this.pathOf(blobId);
    return new Promise((resolve, reject) => {
      openFd(path, fsConstants.O_RDONLY, (error, fd) => {
        if (!error) resolve(fd);
        else reject(error.code === 'ENOENT' ? new BlobNotFoundError(blobId) : error);
      });
    });
  }

  private pathOf(blobId: string): string {
    // Ids are generated here, but they also come back from the metadata store: checking
    // the shape keeps a damaged record from naming a path outside the blob directory.
    if (!blobIdPattern.test(blobId)) throw new Error(`invalid blob id ${JSON.stringify(blobId)}`);
    return join(this.blobRoot, blobId.slice(0, 2), blobId);
  }
}

function blobEnded(blobId: string, at: number, expected: number): Error {
  return new Error(`blob ${blobId} ended after ${at} bytes; ${expected} expected`);
}

/** Reads into `data` from `filled` on, at file position `position`; resolves to the byte count. */
function readInto(fd: number, data: Buffer, filled: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    readFd(fd, data, filled, data.length - filled, position, (error, bytesRead) => {
      if (!error) resolve(bytesRead);
      else reject(error);
    });
  });
}

function closeFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    close(fd, (error) => {
      if (!error) resolve();
      else reject(error);
    });
  });
}

/**
 * Bytes written between background flushes of a blob. The final fsync then only waits for
 * the last stretch, instead of the whole object reaching the disk after the last byte.
 */
const flushEveryBytes = 32 * 1024 * 1024;

class DiskBlobWriter implements BlobWriter {
  private closed = false;
  private committed = false;
  private unflushedBytes = 0;
  /** The background fdatasync in flight; its error fails the commit. */
  private flushing: Promise<void> | undefined;

  constructor(
    readonly blobId: string,
    private readonly handle: FileHandle,
    private readonly tmpPath: string,
    private readonly finalPath: string,
    private readonly shardHandle: (shardDir: string) => Promise<FileHandle>,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
  }

  async writev(chunks: Buffer[]): Promise<void> {
    // Linux takes at most 1024 buffers per writev; copying many small chunks is cheaper anyway.
    const buffers = chunks.length > maxWritevBuffers ? [Buffer.concat(chunks)] : chunks;
    const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    const { bytesWritten } = await this.handle.writev(buffers);
    if (bytesWritten < total) await this.write(Buffer.concat(buffers).subarray(bytesWritten));
    this.unflushedBytes += total;
    if (this.unflushedBytes >= flushEveryBytes && this.flushing === undefined) {
      this.unflushedBytes = 0;
      const flushing = this.handle.datasync().finally(() => {
        if (this.flushing === flushing) this.flushing = undefined;
      });
      this.flushing = flushing;
      // A failure is raised by commit; this keeps it from being unhandled meanwhile.
      flushing.catch(() => undefined);
    }
  }

  async commit(): Promise<void> {
    await this.flushing;
    await this.handle.sync();
    await this.close();
    const shardDir = join(this.finalPath, '..');
    const shard = await this.shardHandle(shardDir);
    await rename(this.tmpPath, this.finalPath);
    await shard.sync();
    this.committed = true;
  }

  async discard(): Promise<void> {
    await this.flushing?.catch(() => undefined);
    await this.close();
    if (!this.committed) await rm(this.tmpPath, { force: true });
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}
