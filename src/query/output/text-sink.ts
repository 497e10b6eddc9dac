import type { Writable } from 'node:stream';

const flushSize = 64 * 1024;

/** Collects output text and writes it in large pieces, waiting whenever the stream is full. */
export class TextSink {
  private buffered: string[] = [];
  private size = 0;

  constructor(private readonly stream: Writable) {}

  async write(text: string): Promise<void> {
    this.buffered.push(text);
    this.size += text.length;
    if (this.size >= flushSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.buffered.join('');
    this.buffered = [];
    this.size = 0;
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        this.stream.once('error', onError);
        this.stream.once('drain', () => {
          this.stream.off('error', onError);
          resolve();
        });
      });
    }
  }
}
