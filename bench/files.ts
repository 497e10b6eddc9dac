import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Writes `size` random bytes to `path` in 1 MiB pieces. */
export async function writeRandomFile(path: string, size: number): Promise<void> {
  const piece = 1024 * 1024;
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let written = 0; written < size; written += piece) yield randomBytes(Math.min(piece, size - written));
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
}
