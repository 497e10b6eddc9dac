import type { ServerResponse } from 'node:http';

import type { BlobRange } from '../../storage/blob-store.js';

/** Bytes read from disk per write to the socket. */
const chunkBytes = 1024 * 1024;

/**
 * Sends `pieces` as the response body and ends the response. `onSent` counts the bytes
 * handed to the socket. Two buffers take turns: one is read from disk while the other is
 * written, and a buffer is filled again only once its write has completed. A stream would
 * allocate a new buffer per chunk, and for a large object collecting that garbage cost the
 * event loop more than the reads and writes. Rejects when the client goes away or a read
 * fails. The caller closes the ranges.
 */
export async function sendBody(res: ServerResponse, pieces: Array<BlobRange | Buffer>, onSent: (bytes: number) => void): Promise<void> {
  const total = pieces.reduce((sum, piece) => sum + (Buffer.isBuffer(piece) ? 0 : piece.remaining), 0);
  const size = Math.min(chunkBytes, Math.max(1, total));
  const buffers = [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)];
  const writes: Array<Promise<void> | undefined> = [undefined, undefined];
  const disconnect = closedEarly(res);
  let turn = 0;
  try {
    for (const piece of pieces) {
      if (Buffer.isBuffer(piece)) {
        const slot = turn % 2;
        await writes[slot];
        writes[slot] = write(res, piece, disconnect, onSent);
        turn += 1;
        continue;
      }
      while (piece.remaining > 0) {
        const slot = turn % 2;
        // The buffer's last write must be done before the buffer is filled again.
        await writes[slot];
        const length = await piece.read(buffers[slot]!);
        writes[slot] = write(res, buffers[slot]!.subarray(0, length), disconnect, onSent);
        turn += 1;
      }
    }
    await Promise.all(writes);
    await new Promise<void>((resolve, reject) => {
      res.end(() => resolve());
      disconnect.promise.catch(reject);
    });
  } catch (error) {
    // Settles both writes before the caller closes the files, and ends the exchange as a
    // stream pipeline would.
    await Promise.allSettled(writes);
    res.destroy();
    throw error;
  } finally {
    disconnect.dispose();
  }
}

interface ClosedEarly {
  /** Rejects once the response closes before it finished. */
  promise: Promise<never>;
  dispose(): void;
}

function closedEarly(res: ServerResponse): ClosedEarly {
  let onClose: () => void = () => undefined;
  const promise = new Promise<never>((_, reject) => {
    onClose = () => {
      if (!res.writableFinished) reject(new Error('the client closed the connection before the body was sent'));
    };
    res.once('close', onClose);
  });
  // Unobserved until a write or the end waits on it.
  promise.catch(() => undefined);
  return { promise, dispose: () => res.off('close', onClose) };
}

/**
 * Writes `chunk` and resolves once the socket has taken all of it. The promise counts as
 * handled from the start, because its failure is awaited later, after other awaits.
 */
function write(res: ServerResponse, chunk: Buffer, disconnect: ClosedEarly, onSent: (bytes: number) => void): Promise<void> {
  const written = Promise.race([
    new Promise<void>((resolve, reject) => {
      res.write(chunk, (error) => {
        if (error) {
          reject(error);
          return;
        }
        onSent(chunk.length);
        resolve();
      });
    }),
    disconnect.promise,
  ]);
  written.catch(() => undefined);
  return written;
}
