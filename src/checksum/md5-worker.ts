import { createHash, type Hash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

import type { FromMd5Worker, ToMd5Worker } from './md5-thread.js';

/**
 * The MD5 thread: hashes the bodies of large uploads for the event loop, one Hash per job.
 * The bytes arrive in a ring buffer shared with the event loop, and each piece is
 * acknowledged once hashed, which frees its room in the ring.
 */
const port = parentPort!;
const ring = workerData as SharedArrayBuffer;
const hashes = new Map<number, Hash>();

function post(message: FromMd5Worker): void {
  port.postMessage(message);
}

port.on('message', (message: ToMd5Worker) => {
  switch (message.kind) {
    case 'update': {
      let hash = hashes.get(message.job);
      if (hash === undefined) {
        hash = createHash('md5');
        hashes.set(message.job, hash);
      }
      hash.update(new Uint8Array(ring, message.start, message.length));
      post({ kind: 'hashed', length: message.length });
      return;
    }
    case 'digest': {
      const hash = hashes.get(message.job) ?? createHash('md5');
      hashes.delete(message.job);
      post({ kind: 'digest', job: message.job, digest: hash.digest() });
      return;
    }
    case 'discard':
      hashes.delete(message.job);
      return;
  }
});
