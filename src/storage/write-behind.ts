import type { BlobWriter } from './blob-store.js';

/** Size of one write to a blob: large enough that thread-pool round trips do not dominate. */
const defaultBatchBytes = 1024 * 1024;

/**
 * Gathers the chunks of a body into writes of about 1 MiB and keeps one write in flight
 * while the next batch fills, so that receiving and hashing the body overlap with the
 * disk. A caller that awaits `add` is held back only when a full batch waits for the
 * write before it, which bounds the memory to about two batches.
 */
export class WriteBehind {
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly writer: BlobWriter,
    private readonly targetBytes = defaultBatchBytes,
  ) {}

  /** Queues a chunk, which must not be modified afterwards. */
  async add(chunk: Buffer): Promise<void> {
    this.batch.push(chunk);
    this.batchBytes += chunk.length;
    if (this.batchBytes >= this.targetBytes) await this.startWrite();
  }

  /** Writes what is queued and waits for every write; raises the first write error. */
  async flush(): Promise<void> {
    if (this.batchBytes > 0) await this.startWrite();
    await this.inFlight;
  }

  /** Waits for the write in flight to end, ignoring its error, so the blob can be discarded. */
  async settle(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  private async startWrite(): Promise<void> {
    await this.inFlight;
    const chunks = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    this.inFlight = this.writer.writev(chunks);
    // The error is raised by the next add or flush; this keeps it from being unhandled meanwhile.
    this.inFlight.catch(() => undefined);
  }
}
