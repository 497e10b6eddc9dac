import { Worker } from 'node:worker_threads';

import { QueryError, type CellValue, type DocumentFormat, type ExtractOptions, type PageResult } from './engine-types.js';
import type { PageStart } from './page-session.js';
import type { QuerySource } from './prepare-query.js';
import type { QueryRequest } from './run-query.js';

/** The parse worker's input. The worker compiles the profile itself from the same request and source. */
export interface ParseJob {
  request: QueryRequest;
  extract: ExtractOptions;
}

export type ToParser =
  | { kind: 'profile'; query: QuerySource }
  | ({ kind: 'page' } & PageStart)
  | { kind: 'chunk'; bytes: Uint8Array }
  /** Asks for 'drained' once every chunk sent so far has been parsed. */
  | { kind: 'drain' }
  | { kind: 'end' };

export type FromParser =
  | { kind: 'rows'; table: string; values: CellValue[]; rows: number }
  /** Chunks the parser has taken up so far. */
  | { kind: 'chunk-taken'; count: number }
  | { kind: 'drained' }
  | { kind: 'page'; result: PageResult }
  | { kind: 'error'; name: string; message: string };

/** Takes `rows` rows of `table` as one flat array of their values, row after row. */
export type RowsHook = (table: string, values: CellValue[], rows: number) => void;

/**
 * The worker's young generation in MiB. Parsing allocates fast and keeps little, so a small
 * young generation costs a few more scavenges and keeps the process's memory flat.
 */
const youngGenerationMb = 8;

/**
 * Chunks that may wait for the worker. Reading pauses beyond it until the worker has
 * caught up to half, so memory stays bounded when parsing is the slower side.
 */
const maxInFlight = 16;

/**
 * Parses page bodies in a worker thread. This thread fetches each page and sends the body
 * over chunk by chunk. The worker parses it, converts the values and sends the rows back,
 * and this thread inserts them. The worker starts at once, so that it loads its modules
 * while this thread reads the profile and prepares the tables.
 */
export class ParseWorker {
  private readonly worker: Worker;
  private onRows: RowsHook | undefined;
  private chunksSent = 0;
  private chunksTaken = 0;
  private drained = false;
  private failure: Error | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private pending: { resolve: (result: PageResult) => void; reject: (error: Error) => void } | undefined;

  constructor(job: ParseJob) {
    this.worker = new Worker(new URL('./parse-worker.js', import.meta.url), {
      workerData: job,
      resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
    });
    this.worker.on('message', (message: FromParser) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the parse worker stopped early with exit code ${code}`)));
  }

  /** Sends the profile as this thread read it, so that the worker need not read the file again. */
  prepare(query: QuerySource): void {
    this.worker.postMessage({ kind: 'profile', query } satisfies ToParser);
  }

  /** Sets where the rows go. Call it before the first page. */
  start(onRows: RowsHook): void {
    this.onRows = onRows;
  }

  /**
   * Parses one page: resolves with its result once every row of it has gone to the rows
   * hook. A parse error comes before an error of the body that happens later, such as the
   * size limit, since it is earlier in the document.
   */
  async extractPage(format: DocumentFormat, body: AsyncIterable<Uint8Array>, page: Omit<PageStart, 'format'>): Promise<PageResult> {
    if (this.failure !== undefined) throw this.failure;
    this.worker.postMessage({ kind: 'page', format, ...page } satisfies ToParser);
    try {
      for await (const chunk of body) {
        if (this.chunksSent - this.chunksTaken > maxInFlight) await this.waitUntil(() => this.chunksSent - this.chunksTaken <= maxInFlight / 2);
        if (this.failure !== undefined) throw this.failure;
        // A copy of its own, so that the transfer moves it instead of cloning a pooled buffer.
        const bytes = new Uint8Array(chunk);
        this.chunksSent += 1;
        this.worker.postMessage({ kind: 'chunk', bytes } satisfies ToParser, [bytes.buffer]);
      }
    } catch (error) {
      this.drained = false;
      this.worker.postMessage({ kind: 'drain' } satisfies ToParser);
      await this.waitUntil(() => this.drained);
      throw this.failure ?? error;
    }
    this.worker.postMessage({ kind: 'end' } satisfies ToParser);
    return new Promise<PageResult>((resolve, reject) => {
      if (this.failure !== undefined) reject(this.failure);
      else this.pending = { resolve, reject };
    });
  }

  /** Stops the worker once the query has all its rows or has failed. */
  stop(): void {
    this.stopped = true;
    void this.worker.terminate();
  }

  /** Resolves once `ready` returns true or the worker has failed. */
  private async waitUntil(ready: () => boolean): Promise<void> {
    while (!ready() && this.failure === undefined) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private receive(message: FromParser): void {
    if (this.failure !== undefined) return;
    switch (message.kind) {
      case 'rows':
        try {
          this.onRows!(message.table, message.values, message.rows);
        } catch (error) {
          this.fail(error as Error);
        }
        return;
      case 'chunk-taken':
        this.chunksTaken = message.count;
        this.awaken();
        return;
      case 'drained':
        this.drained = true;
        this.awaken();
        return;
      case 'page': {
        const pending = this.pending;
        this.pending = undefined;
        pending?.resolve(message.result);
        return;
      }
      case 'error': {
        this.fail(message.name === 'QueryError' ? new QueryError(message.message) : new Error(message.message));
        return;
      }
    }
  }

  private fail(error: Error): void {
    if (this.failure !== undefined || this.stopped) return;
    this.failure = error;
    void this.worker.terminate();
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
    this.awaken();
  }

  private awaken(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
