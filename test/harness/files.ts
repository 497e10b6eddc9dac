import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Directories made by `tempDir`, removed when the test process exits. */
const madeDirs: string[] = [];
process.on('exit', () => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** Creates a fresh directory under the system temp dir, removed when the test process exits. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `coffer-${prefix}-`));
  madeDirs.push(dir);
  return dir;
}

/** Writes `size` random bytes to `path` in 1 MiB pieces. */
export async function writeRandomFile(path: string, size: number): Promise<void> {
  const piece = 1024 * 1024;
  async function* chunks() {
    for (let written = 0; written < size; written += piece) yield randomBytes(Math.min(piece, size - written));
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
}

/** MD5 hex and byte count of a stream, read piece by piece. */
export async function digestStream(stream: AsyncIterable<Uint8Array | string>): Promise<{ md5: string; size: number }> {
  const hash = createHash('md5');
  let size = 0;
  for await (const chunk of stream) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    hash.update(data);
    size += data.length;
  }
  return { md5: hash.digest('hex'), size };
}

/** MD5 hex and size of a file, read as a stream. */
export function digestFile(path: string): Promise<{ md5: string; size: number }> {
  return digestStream(createReadStream(path, { highWaterMark: 1024 * 1024 }));
}

export function md5Hex(data: Buffer | string): string {
  return createHash('md5').update(data).digest('hex');
}

/** Lists every path under `root`, relative to it, directories included. Symlinks are not followed. */
export async function listTree(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(relative: string): Promise<void> {
    for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      found.push(path);
      if (entry.isDirectory()) await walk(path);
    }
  }
  await walk('');
  return found.sort();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** VmRSS and VmHWM of a process in bytes, from /proc/PID/status. */
export async function readMemory(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (match === null) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Drains a stream and returns its bytes. */
export async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Lists the blob files under a server's data directory, as `shard/name`, sorted. */
export async function listBlobFiles(dataDir: string): Promise<string[]> {
  const root = join(dataDir, 'blobs');
  const shards = await readdir(root).catch(() => [] as string[]);
  const files: string[] = [];
  for (const shard of shards) files.push(...(await readdir(join(root, shard))).map((name) => `${shard}/${name}`));
  return files.sort();
}
