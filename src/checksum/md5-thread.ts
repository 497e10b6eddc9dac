import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

/** An update names a stretch of the shared ring; pieces arrive in the order they were written. */
export type ToMd5Worker =
  | { kind: 'update'; job: number; start: number; length: number }
  | { kind: 'digest'; job: number }
  | { kind: 'discard'; job: number };

export type FromMd5Worker = { kind: 'hashed'; length: number } | { kind: 'digest'; job: number; digest: Uint8Array };

/** The MD5 of a request body, fed chunk by chunk. */
export interface BodyMd5 {
  /** Adds a chunk; a returned promise must settle before the next call. */
  update(data: Buffer): Promise<void> | undefined;
  digest(): Promise<Buffer>;
  /** Drops the hash of a body that failed. */
  discard(): void;
}

/**
 * Bodies of at least this many bytes are hashed in the MD5 thread. MD5 runs at about
 * 700 MB/s on one core, so on the event loop it takes most of a large upload's time.
 * Below this size the messages cost more than the thread saves.
 */
export const offThreadMinBytes = 8 * 1024 * 1024;

/** Size of the ring that carries bytes to the MD5 thread: its memory stays this size whatever the uploads. */
const ringBytes = 8 * 1024 * 1024;

/**
 * Returns the MD5 for a body of `declared` bytes: in the MD5 thread from
 * `offThreadMinBytes` on, else on this thread. A body of unknown length is hashed here.
 */
export function createBodyMd5(declared: number | undefined): BodyMd5 {
  if (declared === undefined || declared < offThreadMinBytes) return new LocalMd5();
  thread ??= new Md5Thread();
  return thread.open();
}

class LocalMd5 implements BodyMd5 {
  private readonly hash = createHash('md5');

  update(data: Buffer): undefined {
    this.hash.update(data);
    return undefined;
  }

  digest(): Promise<Buffer> {
    return Promise.resolve(this.hash.digest());
  }

  discard(): void {}
}

interface Job {
  digest: { resolve: (digest: Buffer) => void; reject: (error: Error) => void } | undefined;
}

/**
 * A worker thread that hashes the large bodies of every request of this process, so that
 * the event loop only copies each chunk into a shared ring. A full ring makes the reader
 * of a body wait, which slows its upload to the hashing rate. A thread that dies fails the
 * jobs it held, and the next large body starts a new one.
 */
class Md5Thread {
  private readonly worker: Worker;
  private readonly ring: Uint8Array<SharedArrayBuffer>;
  /** Bytes written into the ring and bytes hashed, both counted since the thread started. */
  private written = 0;
  private hashed = 0;
  /** Set once the thread has died. */
  failure: Error | undefined;
  private waiters: Array<() => void> = [];
  private readonly jobs = new Map<number, Job>();
  private nextJob = 1;

  constructor() {
    const shared = new SharedArrayBuffer(ringBytes);
    this.ring = new Uint8Array(shared);
    this.worker = new Worker(new URL('./md5-worker.js', import.meta.url), { workerData: shared });
    // The thread never keeps a server from exiting: a request that still waits on it is ending too.
    this.worker.unref();
    this.worker.on('message', (message: FromMd5Worker) => this.receive(message));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`the MD5 thread stopped with exit code ${code}`)));
  }

  open(): BodyMd5 {
    const id = this.nextJob++;
    const job: Job = { digest: undefined };
    this.jobs.set(id, job);
    return {
      update: (data) => this.write(id, data),
      digest: () => {
        if (this.failure !== undefined) return Promise.reject(this.failure);
        const digest = new Promise<Buffer>((resolve, reject) => (job.digest = { resolve, reject }));
        this.post({ kind: 'digest', job: id });
        return digest;
      },
      discard: () => {
        if (this.jobs.delete(id) && this.failure === undefined) this.post({ kind: 'discard', job: id });
      },
    };
  }

  private post(message: ToMd5Worker): void {
    this.worker.postMessage(message);
  }

  /** Copies as much of `data` into the ring as fits, and the rest once the thread frees room. */
  private write(job: number, data: Buffer): Promise<void> | undefined {
    let offset = this.copy(job, data, 0);
    if (offset === data.length) return undefined;
    return (async () => {
      while (offset < data.length) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        offset = this.copy(job, data, offset);
      }
    })();
  }

  /** Copies from `data[offset..]` into the free room, up to the ring's end; returns the new offset. */
  private copy(job: number, data: Buffer, offset: number): number {
    if (this.failure !== undefined) throw this.failure;
    while (offset < data.length) {
      const free = ringBytes - (this.written - this.hashed);
      if (free === 0) return offset;
      const start = this.written % ringBytes;
      const length = Math.min(free, data.length - offset, ringBytes - start);
      this.ring.set(data.subarray(offset, offset + length), start);
      this.post({ kind: 'update', job, start, length });
      this.written += length;
      offset += length;
    }
    return offset;
  }

  private receive(message: FromMd5Worker): void {
    if (message.kind === 'hashed') {
      this.hashed += message.length;
      this.wakeWaiters();
      return;
    }
    const job = this.jobs.get(message.job);
    if (job === undefined) return;
    this.jobs.delete(message.job);
    job.digest?.resolve(Buffer.from(message.digest.buffer, message.digest.byteOffset, message.digest.byteLength));
  }

  private wakeWaiters(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private stop(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    if (thread === this) thread = undefined;
    for (const job of this.jobs.values()) job.digest?.reject(error);
    this.jobs.clear();
    // Waiting writers wake up and find the thread gone, so their uploads fail.
    this.wakeWaiters();
  }
}

let thread: Md5Thread | undefined;
