import type { CompiledProfile, DocumentFormat, ExtractOptions, PageResult, RowSink } from './engine-types.js';
import { extractPage } from './extract/extract-page.js';

export interface PageStart {
  format: DocumentFormat;
  index: number;
  rowIdStart: number;
}

/**
 * The parse worker's side of one page: the body's chunks arrive from the main thread and
 * stream through extractPage as they come.
 */
export class PageSession {
  private readonly chunks: ChunkQueue;
  private readonly extracted: Promise<PageResult>;

  /**
   * `consumed` is called as the parser takes up each chunk; `fail` receives an error of
   * the extraction as soon as it happens.
   */
  constructor(profile: CompiledProfile, start: PageStart, sink: RowSink, options: ExtractOptions, consumed: () => void, fail: (error: unknown) => void) {
    this.chunks = new ChunkQueue(consumed);
    this.extracted = extractPage(profile, start.format, this.chunks, sink, options, { index: start.index, rowIdStart: start.rowIdStart });
    this.extracted.catch(fail);
  }

  chunk(bytes: Uint8Array): void {
    this.chunks.push(bytes);
  }

  /** Resolves once the parser has parsed every chunk pushed so far and waits for more. */
  idle(): Promise<void> {
    return this.chunks.idle();
  }

  /** Resolves with the page's result once every chunk has been parsed. */
  end(): Promise<PageResult> {
    this.chunks.end();
    return this.extracted;
  }
}

/** A page body whose chunks are pushed in by messages and pulled out by the parser. */
class ChunkQueue implements AsyncIterable<Uint8Array> {
  private readonly chunks: Uint8Array[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly consumed: () => void) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.wake?.();
  }

  idle(): Promise<void> {
    if (this.wake !== undefined && this.chunks.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk !== undefined) {
        this.consumed();
        yield chunk;
        continue;
      }
      if (this.ended) return;
      const waiting = new Promise<void>((resolve) => (this.wake = resolve));
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      await waiting;
      this.wake = undefined;
    }
  }
}
