import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

import { S3Error } from '../errors/s3-error.js';

/**
 * Passes a body through while hashing it, and fails the stream at the end when its
 * SHA-256 differs from the signed `x-amz-content-sha256`. Nothing commits a failed stream.
 */
export class PayloadHashVerifier extends Transform {
  private readonly hash: Hash = createHash('sha256');

  constructor(private readonly expectedHex: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.hash.digest('hex');
    if (actual !== this.expectedHex.toLowerCase()) {
      callback(
        new S3Error('XAmzContentSHA256Mismatch', undefined, {
          ClientComputedContentSHA256: this.expectedHex,
          S3ComputedContentSHA256: actual,
        }),
      );
      return;
    }
    callback();
  }
}
