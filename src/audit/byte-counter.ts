import { Transform, type TransformCallback } from 'node:stream';

/** Passes a request body through unchanged and counts its bytes for the audit record. */
export class ByteCounter extends Transform {
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}
