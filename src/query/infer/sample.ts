/** Reads at most `limit` bytes of a stream, then stops reading it. */
export async function readSample(source: AsyncIterable<Uint8Array>, limit: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const pieces: Buffer[] = [];
  let total = 0;
  for await (const chunk of source) {
    const piece = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (total + piece.length >= limit) {
      pieces.push(piece.subarray(0, limit - total));
      return { bytes: Buffer.concat(pieces), truncated: true };
    }
    pieces.push(piece);
    total += piece.length;
  }
  return { bytes: Buffer.concat(pieces), truncated: false };
}
