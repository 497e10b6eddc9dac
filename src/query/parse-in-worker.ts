import { Worker } from 'node:worker_threads';

import { QueryError, type CellValue, type ExtractOptions } from './engine-types.js';
import type { ReadLimits, ReadTotals } from './read-pages.js';
import type { QueryRequest } from './run-query.js';

/** The parse worker's input. The worker compiles the profile itself from the same request. */
export interface ParseJob {
  request: QueryRequest;
  extract: ExtractOptions;
  limits: ReadLimits;
  /** Post the size of every body chunk, for the progress line. */
  reportBytes: boolean;
}

export type FromParser =
  | { kind: 'rows'; table: string; values: CellValue[]; rows: number }
  | { kind: 'bytes'; count: number }
  | { kind: 'done'; totals: ReadTotals }
  | { kind: 'error'; name: string; message: string };

export interface ToParser {
  /** Row groups the main thread has inserted so far. */
  acknowledged: number;
}

export interface ParseHooks {
  /** Takes `rows` rows of `table` as one flat array of their values, row after row. */
  onRows(table: string, values: CellValue[], rows: number): void;
  onBytes(count: number): void;
}

/**
 * The worker's young generation in MiB. Parsing allocates fast and keeps little, so a small
 * young generation costs a few more scavenges and keeps the process's memory flat.
 */
const youngGenerationMb = 8;

/** Row groups between acknowledgements. Fewer messages go back, at the cost of a coarser pause. */
const acknowledgeEvery = 4;

/**
 * Starts readPages for `job` in a worker thread at once, so that the worker loads its
 * modules while this thread prepares the tables. `read` then hands the rows to
 * `hooks.onRows` on this thread, and rows that arrive before it wait until then.
 */
export class ParseWorker {
  private readonly worker: Worker;
  private readonly held: FromParser[] = [];
  private hooks: ParseHooks | undefined;
  private inserted = 0;
  private settled = false;
  private resolve: ((totals: ReadTotals) => void) | undefined;
  private reject: ((error: Error) => void) | undefined;
  /** A failure before `read` was called, reported by `read`. */
  private early: { error: Error } | undefined;

  constructor(job: ParseJob) {
    this.worker = new Worker(new URL('./parse-worker.js', import.meta.url), {
      workerData: job,
      resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb },
    });
    this.worker.on('message', (message: FromParser) => {
      if (this.hooks === undefined) this.held.push(message);
      else this.receive(message);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the parse worker stopped early with exit code ${code}`)));
  }

  /**
   * Resolves with the totals once every row has been handed over. Rejects with the worker's
   * error or with the error `onRows` throws. The worker is stopped either way.
   */
  read(hooks: ParseHooks): Promise<ReadTotals> {
    return new Promise<ReadTotals>((resolve, reject) => {
      if (this.early !== undefined) {
        reject(this.early.error);
        return;
      }
      this.resolve = resolve;
      this.reject = reject;
      this.hooks = hooks;
      for (const message of this.held.splice(0)) this.receive(message);
    });
  }

  /** Stops the worker, for a query that fails before reading. */
  stop(): void {
    this.settle(() => undefined);
  }

  private receive(message: FromParser): void {
    if (this.settled) return;
    const hooks = this.hooks!;
    try {
      switch (message.kind) {
        case 'rows':
          hooks.onRows(message.table, message.values, message.rows);
          this.inserted += 1;
          if (this.inserted % acknowledgeEvery === 0) this.worker.postMessage({ acknowledged: this.inserted } satisfies ToParser);
          return;
        case 'bytes':
          hooks.onBytes(message.count);
          return;
        case 'done':
          this.settle(() => this.resolve!(message.totals));
          return;
        case 'error': {
          const known = message.name === 'QueryError' || message.name === 'HttpStatusError';
          this.fail(known ? new QueryError(message.message) : new Error(message.message));
          return;
        }
      }
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private fail(error: Error): void {
    if (this.reject === undefined) {
      if (this.early === undefined && !this.settled) this.early = { error };
      return;
    }
    this.settle(() => this.reject!(error));
  }

  private settle(outcome: () => void): void {
    if (this.settled) return;
    this.settled = true;
    void this.worker.terminate();
    outcome();
  }
}
