/** Milliseconds of work before the progress line appears; shorter runs stay silent. */
const showAfterMs = 1000;
const refreshMs = 250;

/**
 * A progress line on a terminal's stderr: bytes fetched, rows loaded and the transfer
 * rate, rewritten in place. It appears only when the work takes over a second, and ends
 * with a final line so the shell prompt starts below it.
 */
export class Progress {
  private bytes = 0;
  private rows = 0;
  private shown = false;
  private finished = false;
  private readonly started = Date.now();
  private readonly timer: NodeJS.Timeout | undefined;

  /** `stream` undefined disables the line. */
  constructor(private readonly stream: NodeJS.WritableStream | undefined) {
    if (stream !== undefined) {
      this.timer = setInterval(() => this.render(), refreshMs);
      this.timer.unref();
    }
  }

  addBytes(count: number): void {
    this.bytes += count;
  }

  addRows(count: number): void {
    this.rows += count;
  }

  /** Ends the line with its final counts. Later calls write nothing, so the line never follows the result. */
  finish(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.shown && !this.finished) {
      this.render(true);
      this.stream!.write('\n');
    }
    this.finished = true;
  }

  private render(force = false): void {
    const elapsed = Date.now() - this.started;
    if (!force && elapsed < showAfterMs) return;
    this.shown = true;
    const rate = this.bytes / Math.max(elapsed / 1000, 0.001);
    this.stream!.write(
      `\r\x1b[Kfetched ${formatBytes(this.bytes)}, ${this.rows.toLocaleString('en-US')} rows loaded, ${formatBytes(rate)}/s`,
    );
  }
}

/** Formats a byte count with binary units: 512 B, 1.5 KiB, 12.3 MiB. */
export function formatBytes(count: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}
