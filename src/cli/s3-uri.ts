/** Parses `s3://BUCKET/KEY`; the key is taken literally, with no percent-decoding. */
export function parseObjectUri(uri: string): { bucket: string; key: string } {
  if (!uri.startsWith('s3://')) throw new Error(`expected s3://BUCKET/KEY, got ${JSON.stringify(uri)}.`);
  const path = uri.slice('s3://'.length);
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw new Error(`${JSON.stringify(uri)} names no object: expected s3://BUCKET/KEY with a non-empty bucket and key.`);
  }
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}
